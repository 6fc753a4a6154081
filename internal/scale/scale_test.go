package scale

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// testActors is a small stand-in for ATT&CK: intrusion sets and malware
// with fixed ids, stored before the generated bundle so every reference
// of the bundle names a stored object.
func testActors() (sets, malware []string, objs string) {
	var parts []string
	for i, typ := range []string{"intrusion-set", "intrusion-set", "intrusion-set", "malware", "malware"} {
		id := typ + "--" + stix.UUIDv5(idNS, []byte{byte(i)})
		extra := ""
		if typ == "malware" {
			malware = append(malware, id)
			extra = `,"is_family":true`
		} else {
			sets = append(sets, id)
		}
		parts = append(parts, `{"type":"`+typ+`","spec_version":"2.1","id":"`+id+`","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Actor `+string(rune('A'+i))+`"`+extra+`}`)
	}
	return sets, malware, `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e","objects":[` + strings.Join(parts, ",") + `]}`
}

func testOptions(n int, seed uint64) Options {
	sets, malware, _ := testActors()
	return Options{N: n, Seed: seed, IntrusionSets: sets, Malware: malware,
		Sectors: []string{stix.IdentityID("Communication", "class"), stix.IdentityID("Energy", "class")}}
}

func TestWriteIsDeterministic(t *testing.T) {
	var a, b, c bytes.Buffer
	if _, err := Write(&a, testOptions(3000, 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(&b, testOptions(3000, 1)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes with the same seed differ")
	}
	if _, err := Write(&c, testOptions(3000, 2)); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("seeds 1 and 2 write the same bundle")
	}
}

// TestBundleValidatesAndImports writes a bundle, checks every object with
// the STIX validator and the pattern parser, imports it with the real
// importer and checks the store holds what the counts say.
func TestBundleValidatesAndImports(t *testing.T) {
	const n = 5000
	var buf bytes.Buffer
	counts, err := Write(&buf, testOptions(n, 7))
	if err != nil {
		t.Fatal(err)
	}
	if counts.Objects != n {
		t.Fatalf("counts.Objects = %d, want %d", counts.Objects, n)
	}
	if counts.LaterVersions == 0 || counts.Sightings == 0 || counts.Targets == 0 || counts.Observables == 0 || counts.Indicates == 0 {
		t.Fatalf("a kind of object is missing: %+v", counts)
	}
	for _, k := range kinds {
		if counts.Indicators[k.name] == 0 {
			t.Errorf("no %s indicator: %+v", k.name, counts.Indicators)
		}
	}

	d := stix.NewDecoder(bytes.NewReader(buf.Bytes()))
	seen, types := 0, map[string]int{}
	for {
		raw, err := d.Next()
		if err != nil {
			if err == io.EOF {
				break
			}
			t.Fatal(err)
		}
		o, err := stix.Parse(raw)
		if err != nil {
			t.Fatalf("object %d: %v", seen, err)
		}
		if err := stix.Validate(o); err != nil {
			t.Fatalf("object %d (%s) invalid: %v\n%s", seen, o.ID, err, raw)
		}
		if o.Type == "indicator" {
			var p struct{ Pattern string }
			if err := json.Unmarshal(raw, &p); err != nil {
				t.Fatal(err)
			}
			if _, err := stix.ParsePattern(p.Pattern); err != nil {
				t.Fatalf("pattern %q: %v", p.Pattern, err)
			}
		}
		types[o.Type]++
		seen++
	}
	if seen != n {
		t.Fatalf("decoded %d objects, want %d", seen, n)
	}

	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "scale.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	im := &importer.Importer{Store: db}
	_, _, actors := testActors()
	if res, err := im.Import(ctx, strings.NewReader(actors), "actors.json", importer.Options{}); err != nil || res.Added != 5 {
		t.Fatalf("actors import = %+v, %v", res, err)
	}
	res, err := im.Import(ctx, bytes.NewReader(buf.Bytes()), "scale.json", importer.Options{Strict: true})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if res.Rejected != 0 || res.Added != n-counts.LaterVersions || res.Updated != counts.LaterVersions || res.Unchanged != 0 {
		t.Fatalf("import = %d added, %d updated, %d unchanged, %d rejected; want %d added, %d updated, none unchanged or rejected: %v",
			res.Added, res.Updated, res.Unchanged, res.Rejected, n-counts.LaterVersions, counts.LaterVersions, res.Problems)
	}
	s, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Versions != n+5 || s.Objects != n+5-counts.LaterVersions {
		t.Errorf("stats: %d objects, %d versions; want %d and %d", s.Objects, s.Versions, n+5-counts.LaterVersions, n+5)
	}
	if s.ByType["sighting"] != counts.Sightings || s.ByType["relationship"] != counts.Indicates+counts.Targets {
		t.Errorf("stats by type %v; counts %+v", s.ByType, counts)
	}
	if res, err := im.Import(ctx, bytes.NewReader(buf.Bytes()), "scale.json", importer.Options{}); err != nil || res.Unchanged != n || res.Rejected != 0 {
		t.Errorf("re-import = %+v, %v; want all %d unchanged", res, err, n)
	}
}

// TestReadAttack reads the real ATT&CK Enterprise bundle: APT28 (G0007)
// is among the first intrusion sets, which the skew favours.
func TestReadAttack(t *testing.T) {
	f, err := os.Open(testutil.SharedFile(t, "data/attack/enterprise-attack-18.1.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sets, malware, err := ReadAttack(f)
	if err != nil {
		t.Fatal(err)
	}
	const apt28 = "intrusion-set--bef4c620-0787-42a8-a96d-b7eb6e85917c"
	if i := slices.Index(sets, apt28); i < 0 || i > 10 {
		t.Errorf("APT28 at %d of %d intrusion sets, want among the first", i, len(sets))
	}
	if len(sets) < 100 || len(malware) < 400 {
		t.Errorf("%d intrusion sets, %d malware: fewer than ATT&CK Enterprise 18.1 holds", len(sets), len(malware))
	}
}
