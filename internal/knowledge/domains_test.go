package knowledge_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/testutil"
)

var (
	domainsOnce sync.Once
	domainsDir  string
)

// openDomains returns a database with the starter knowledge, the three
// ATT&CK 18.1 domains (Enterprise, Mobile, ICS) and every MISP galaxy
// cluster file, built once per test run and copied for each caller.
func openDomains(t testing.TB) (*store.DB, *knowledge.Service) {
	t.Helper()
	shared := testutil.SharedDir(t)
	domainsOnce.Do(func() {
		dir, err := os.MkdirTemp("", "telltale-domains")
		if err != nil {
			t.Fatal(err)
		}
		db := buildApp(t, filepath.Join(dir, "domains.db")).DB
		importBytes(t, db, "starter", knowledge.StarterBundle())
		for _, d := range []string{"enterprise", "mobile", "ics"} {
			importLenient(t, db, filepath.Join(shared, "data/attack", d+"-attack-18.1.json"))
		}
		files, _ := filepath.Glob(filepath.Join(shared, "data/misp-galaxy/clusters/*.json"))
		for _, f := range files {
			importLenient(t, db, f)
		}
		if _, err := db.SQL().Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			t.Fatal(err)
		}
		db.Close()
		domainsDir = dir
	})
	if domainsDir == "" {
		t.Fatal("building the three-domain database failed earlier")
	}
	src, err := os.ReadFile(filepath.Join(domainsDir, "domains.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "domains.db")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	a := openApp(t, path)
	return a.DB, a.Knowledge
}

// importLenient imports a file, keeping what is valid (rejections are
// the business of the importer's TestAttackDomainsImportInAnyOrder).
func importLenient(t testing.TB, db *store.DB, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := (&importer.Importer{Store: db}).Import(context.Background(), f, path, importer.Options{}); err != nil {
		t.Fatal(err)
	}
}

// TestNavigatorLayerPerDomain: a layer names the Navigator application's
// version, holds only its domain's techniques (the Navigator drops the
// others) and shows sub-techniques only under techniques that have some.
func TestNavigatorLayerPerDomain(t *testing.T) {
	ctx := context.Background()
	_, k := openDomains(t)
	l, err := k.Landscape(ctx, "communication")
	if err != nil {
		t.Fatal(err)
	}
	hasSubtechniques := attackParents(t)
	inDomain := map[string]int{}
	for _, tech := range l.Techniques {
		inDomain[tech.Domain]++
	}
	// The sector's attackers use techniques of more than one domain, so
	// the layers below are a real test.
	if inDomain["enterprise-attack"] == 0 || inDomain["mobile-attack"]+inDomain["ics-attack"] == 0 {
		t.Fatalf("techniques per domain = %v, want Enterprise and some other", inDomain)
	}
	for _, domain := range knowledge.NavigatorDomains {
		layer, err := k.SectorNavigatorDomainLayer(ctx, "communication", domain)
		if err != nil {
			t.Fatal(err)
		}
		if layer.Domain != domain || layer.Versions["layer"] != "4.5" || !versionAtLeast(layer.Versions["navigator"], 4, 9) {
			t.Errorf("%s: domain %q, versions %v", domain, layer.Domain, layer.Versions)
		}
		if len(layer.Techniques) != inDomain[domain] {
			t.Errorf("%s layer: %d techniques, the landscape has %d of that domain", domain, len(layer.Techniques), inDomain[domain])
		}
		for _, tech := range layer.Techniques {
			obj := techniqueDomain(l.Techniques, tech.TechniqueID)
			if obj != domain {
				t.Errorf("%s layer holds %s of %q", domain, tech.TechniqueID, obj)
			}
			if tech.Score < 1 {
				t.Errorf("%s: %+v", domain, tech)
			}
			if tech.ShowSubtechniques != hasSubtechniques[tech.TechniqueID] {
				t.Errorf("%s: %s showSubtechniques = %v", domain, tech.TechniqueID, tech.ShowSubtechniques)
			}
		}
	}
	if _, err := k.SectorNavigatorDomainLayer(ctx, "communication", "pre-attack"); err == nil {
		t.Error("a layer of an unknown domain was built")
	}
	// The default layer is Enterprise's.
	if layer, err := k.SectorNavigatorLayer(ctx, "communication"); err != nil || layer.Domain != "enterprise-attack" {
		t.Errorf("default layer: %v, %v", layer, err)
	}
}

// attackParents reads the shared ATT&CK bundles: the ids of the
// techniques that have current (neither revoked nor deprecated)
// sub-techniques.
func attackParents(t testing.TB) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, d := range []string{"enterprise", "mobile", "ics"} {
		raw, err := os.ReadFile(filepath.Join(testutil.SharedDir(t), "data/attack", d+"-attack-18.1.json"))
		if err != nil {
			t.Fatal(err)
		}
		var b struct {
			Objects []struct {
				Type       string `json:"type"`
				Revoked    bool   `json:"revoked"`
				Deprecated bool   `json:"x_mitre_deprecated"`
				Sub        bool   `json:"x_mitre_is_subtechnique"`
				Refs       []struct {
					ExternalID string `json:"external_id"`
				} `json:"external_references"`
			} `json:"objects"`
		}
		if err := json.Unmarshal(raw, &b); err != nil {
			t.Fatal(err)
		}
		for _, o := range b.Objects {
			if o.Type != "attack-pattern" || !o.Sub || o.Revoked || o.Deprecated || len(o.Refs) == 0 {
				continue
			}
			if parent, _, ok := strings.Cut(o.Refs[0].ExternalID, "."); ok {
				out[parent] = true
			}
		}
	}
	return out
}

func techniqueDomain(ts []telltale.Technique, id string) string {
	for _, t := range ts {
		if t.ID == id {
			return t.Domain
		}
	}
	return "(not in the landscape)"
}

func versionAtLeast(v string, major, minor int) bool {
	var a, b int
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return false
	}
	for _, c := range parts[0] {
		a = a*10 + int(c-'0')
	}
	for _, c := range parts[1] {
		b = b*10 + int(c-'0')
	}
	return a > major || a == major && b >= minor
}
