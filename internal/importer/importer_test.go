package importer

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/store/storetest"
	"github.com/telltale-cti/telltale/internal/testutil"
)

func openTest(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func importString(t testing.TB, db *store.DB, name, data string, opts Options) (*telltale.ImportResult, error) {
	t.Helper()
	return (&Importer{Store: db}).Import(context.Background(), strings.NewReader(data), name, opts)
}

const goodA = `{"type":"malware","spec_version":"2.1","id":"malware--9b19d6b4-cfcb-492f-8ca8-8449e7331573","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"MESSAGETAP","is_family":true,"x_custom":{"nested":[1,2.50,"é"]}}`
const goodB = `{"type":"x-telltale-test","spec_version":"2.1","id":"x-telltale-test--4c2d1f0e-1b7a-4e8c-9a55-2f3a9f1b6c01","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","extensions":{"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e":{"extension_type":"new-sdo"}}}`
const badID = `{"type":"malware","spec_version":"2.1","id":"malware--not-a-uuid","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"X","is_family":true}`

func bundle(objs ...string) string {
	return `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e","objects":[` + strings.Join(objs, ",") + `]}`
}

func TestImportSTIX(t *testing.T) {
	ctx := context.Background()
	t.Run("AddedThenUnchanged", func(t *testing.T) {
		db := openTest(t)
		res, err := importString(t, db, "a.json", bundle(goodA, goodB), Options{})
		if err != nil || res.Added != 2 || res.Rejected != 0 {
			t.Fatalf("first import = %+v, %v", res, err)
		}
		res, err = importString(t, db, "a.json", bundle(goodA, goodB), Options{})
		if err != nil || res.Unchanged != 2 || res.Added+res.Updated != 0 {
			t.Fatalf("re-import = %+v, %v", res, err)
		}
		s, _ := db.Stats(ctx)
		if s.Versions != 2 {
			t.Errorf("versions = %d, want 2", s.Versions)
		}
	})
	t.Run("LosslessRoundTrip", func(t *testing.T) {
		db := openTest(t)
		spaced := strings.ReplaceAll(goodA, `","`, `", "`)
		if _, err := importString(t, db, "a.json", "[\n"+spaced+",\n"+goodB+"\n]", Options{}); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{goodA, goodB} {
			var id struct{ ID string }
			json.Unmarshal([]byte(want), &id)
			o, err := db.Object(ctx, id.ID)
			if err != nil {
				t.Fatal(err)
			}
			if string(o.Raw) != want {
				t.Errorf("stored\n%s\nwant\n%s", o.Raw, want)
			}
		}
	})
	t.Run("InvalidObjectSkipped", func(t *testing.T) {
		db := openTest(t)
		res, err := importString(t, db, "mixed.json", bundle(goodA, badID, goodB), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Added != 2 || res.Rejected != 1 || len(res.Problems) != 1 {
			t.Fatalf("result = %+v", res)
		}
		p := res.Problems[0]
		if p.Index != 1 || p.ID != "malware--not-a-uuid" || !strings.Contains(p.Reason, "UUID") {
			t.Errorf("problem = %+v, want index 1, the id and a reason about the UUID", p)
		}
	})
	t.Run("ErrStrictRejectsWholeFile", func(t *testing.T) {
		db := openTest(t)
		_, err := importString(t, db, "mixed.json", bundle(goodA, badID, goodB), Options{Strict: true})
		if telltale.ErrorCode(err) != telltale.EINVALID || !strings.Contains(err.Error(), "mixed.json") || !strings.Contains(err.Error(), "malware--not-a-uuid") {
			t.Fatalf("err = %v, want EINVALID naming the file and the object", err)
		}
		if s, _ := db.Stats(ctx); s.Versions != 0 {
			t.Errorf("strict failure stored %d versions", s.Versions)
		}
	})
	t.Run("ErrMalformedJSONKeepsNothing", func(t *testing.T) {
		db := openTest(t)
		_, err := importString(t, db, "broken.json", bundle(goodA, goodB)[:len(bundle(goodA, goodB))-40], Options{})
		if telltale.ErrorCode(err) != telltale.EINVALID || !strings.Contains(err.Error(), "broken.json") || !strings.Contains(err.Error(), "byte") {
			t.Fatalf("err = %v, want EINVALID naming the file and the byte offset", err)
		}
		if s, _ := db.Stats(ctx); s.Versions != 0 {
			t.Errorf("failed import stored %d versions", s.Versions)
		}
	})
	t.Run("ErrInvalidUTF8", func(t *testing.T) {
		db := openTest(t)
		res, err := importString(t, db, "utf8.json", bundle(strings.Replace(goodA, "MESSAGETAP", "MESSAGE\xff\xfeTAP", 1)), Options{})
		if err == nil && (res.Rejected != 1 || res.Added != 0) {
			t.Fatalf("invalid UTF-8 imported: %+v", res)
		}
	})
	t.Run("ErrWrongType", func(t *testing.T) {
		db := openTest(t)
		res, err := importString(t, db, "types.json", bundle(strings.Replace(goodA, `"name":"MESSAGETAP"`, `"name":42`, 1)), Options{})
		if err != nil || res.Rejected != 1 || !strings.Contains(res.Problems[0].Reason, "name") {
			t.Fatalf("result = %+v, %v; want one rejection naming the property", res, err)
		}
	})
}

func TestImportSharedExamples(t *testing.T) {
	ctx := context.Background()
	t.Run("HandwrittenInvalidBundle", func(t *testing.T) {
		db := openTest(t)
		path := testutil.SharedFile(t, "data/stix-examples/handwritten/invalid-bundle.json")
		f, _ := os.Open(path)
		defer f.Close()
		res, err := (&Importer{Store: db}).Import(ctx, f, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Rejected != 2 || res.Added != 0 {
			t.Fatalf("result = %+v, want both objects rejected", res)
		}
		for _, p := range res.Problems {
			if p.Reason == "" {
				t.Errorf("problem without a reason: %+v", p)
			}
		}
	})
	t.Run("AllValidExamplesImport", func(t *testing.T) {
		dir := filepath.Join(testutil.SharedDir(t), "data", "stix-examples")
		f, err := os.Open(filepath.Join(dir, "VALIDATION.tsv"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Scan()
		n := 0
		for sc.Scan() {
			cols := strings.Split(sc.Text(), "\t")
			if len(cols) < 4 || cols[0] != "0" {
				continue
			}
			// A database per file: the examples reuse ids for different
			// objects with the same modified, which one store rejects.
			db := openTest(t)
			in, err := os.Open(filepath.Join(dir, cols[3]))
			if err != nil {
				t.Fatal(err)
			}
			res, err := (&Importer{Store: db}).Import(ctx, in, cols[3], Options{})
			in.Close()
			if err != nil {
				t.Errorf("%s: %v", cols[3], err)
			} else if res.Rejected > 0 {
				t.Errorf("%s: rejected %v", cols[3], res.Problems)
			}
			n++
		}
		if n < 50 {
			t.Fatalf("imported only %d files", n)
		}
	})
}

func TestDetect(t *testing.T) {
	for _, tt := range []struct{ in, want, err string }{
		{bundle(goodA), FormatSTIX, ""},
		{"\ufeff  [" + goodA + "]", FormatSTIX, ""},
		{goodA, FormatSTIX, ""},
		{`{"authors":["x"],"name":"Threat Actor","type":"threat-actor","uuid":"7cdff317-a673-4474-84ec-4f1754947823","values":[]}`, FormatMISPCluster, ""},
		{`{"name":"Threat Actor","namespace":"misp","type":"threat-actor","uuid":"698774c7-8022-42c4-917f-8d6e4f06ada3","version":3}`, "", "galaxy definition"},
		{`hello`, "", "not JSON"},
		{``, "", "empty"},
	} {
		got, err := Detect(bufio.NewReader(strings.NewReader(tt.in)))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Detect(%.40q) err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Detect(%.40q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestImportAttackEnterprise(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 50 MB")
	}
	path := testutil.SharedFile(t, "data/attack/enterprise-attack-18.1.json")
	db := openTest(t)
	ctx := context.Background()
	for i, want := range []func(*telltale.ImportResult) bool{
		func(r *telltale.ImportResult) bool { return r.Added == 24772 && r.Rejected == 0 },
		func(r *telltale.ImportResult) bool { return r.Unchanged == 24772 && r.Added+r.Updated == 0 },
	} {
		f, _ := os.Open(path)
		res, err := (&Importer{Store: db}).Import(ctx, f, path, Options{})
		f.Close()
		if err != nil || !want(res) {
			t.Fatalf("import %d: %+v, %v", i+1, res, err)
		}
	}
	s, _ := db.Stats(ctx)
	if s.Versions != 24772 || s.Relationships != 20048 || s.ByType["intrusion-set"] != 187 {
		t.Errorf("stats = %+v", s)
	}
	// Revoked and deprecated objects are kept and flagged, and left out of
	// default views.
	if s.Revoked == 0 || s.Deprecated == 0 {
		t.Errorf("no revoked or deprecated objects flagged: %+v", s)
	}
	all, _ := db.Objects(ctx, telltale.ObjectFilter{Types: []string{"attack-pattern"}, IncludeRevoked: true})
	def, _ := db.Objects(ctx, telltale.ObjectFilter{Types: []string{"attack-pattern"}})
	if len(all) != 835 || len(def) >= len(all) {
		t.Errorf("attack patterns: %d in all, %d by default", len(all), len(def))
	}
	if hits, _ := db.Search(ctx, "G0069", 5); len(hits) == 0 || hits[0].Name != "MuddyWater" {
		t.Errorf("search G0069 = %v", hits)
	}
	var integrity string
	if err := db.SQL().QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Errorf("integrity_check = %q, %v", integrity, err)
	}
}

func TestDerivedObjectsVersioning(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	v1 := `{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--5e1b1b9e-1c5c-4f7a-9d1e-6f0a2b3c4d5e","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","name":"Derived","aliases":["One"]}`
	v2 := strings.Replace(v1, `"One"`, `"One","Two"`, 1)
	steps := []struct {
		in   string
		want func(*telltale.ImportResult) bool
	}{
		{v1, func(r *telltale.ImportResult) bool { return r.Added == 1 }},
		{v1, func(r *telltale.ImportResult) bool { return r.Unchanged == 1 }},
		{v2, func(r *telltale.ImportResult) bool { return r.Updated == 1 }},   // changed content, same modified: bumped
		{v2, func(r *telltale.ImportResult) bool { return r.Unchanged == 1 }}, // and again: no new version
		{v1, func(r *telltale.ImportResult) bool { return r.Updated == 1 }},
	}
	for i, st := range steps {
		res, err := importString(t, db, "derived", "["+st.in+"]", Options{Derived: true})
		if err != nil || !st.want(res) {
			t.Fatalf("step %d: %+v, %v", i+1, res, err)
		}
	}
	vs, _ := db.ObjectVersions(ctx, "intrusion-set--5e1b1b9e-1c5c-4f7a-9d1e-6f0a2b3c4d5e")
	if len(vs) != 3 {
		t.Fatalf("%d versions, want 3", len(vs))
	}
}

// TestAttackDomainsImportInAnyOrder: ATT&CK ships some objects
// (PROMETHIUM, APT34, ...) in several domains' bundles with the same id
// and modified and a different x_mitre_domains. Importing the three
// official bundles, in any order, rejects nothing and loses nothing: each
// such version is kept once, listing the union of its domains (sorted),
// and the result does not depend on the order.
func TestAttackDomainsImportInAnyOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 60 MB")
	}
	ctx := context.Background()
	domains := []string{"enterprise", "mobile", "ics"}
	paths := map[string]string{}
	// What the bundles hold: every (id, modified) with the union of the
	// domains the bundles give it.
	want := map[string][]string{}
	shared, merged := 0, 0
	for _, d := range domains {
		paths[d] = testutil.SharedFile(t, "data/attack/"+d+"-attack-18.1.json")
		raw, err := os.ReadFile(paths[d])
		if err != nil {
			t.Fatal(err)
		}
		var b struct {
			Objects []struct {
				ID       string   `json:"id"`
				Modified string   `json:"modified"`
				Domains  []string `json:"x_mitre_domains"`
			} `json:"objects"`
		}
		if err := json.Unmarshal(raw, &b); err != nil {
			t.Fatal(err)
		}
		for _, o := range b.Objects {
			k := o.ID + " " + o.Modified
			prev, ok := want[k]
			switch {
			case !ok:
				want[k] = o.Domains // as ATT&CK gives them
			case strings.Join(prev, ",") != strings.Join(o.Domains, ","):
				// Variants: the union, sorted.
				shared++
				merged++
				want[k] = sortedUnion(prev, o.Domains)
			default:
				shared++
			}
		}
	}
	if shared == 0 || merged == 0 {
		t.Fatalf("the bundles share %d versions, %d with different domains: nothing to test", shared, merged)
	}
	stored := map[string]map[string]string{} // order → version → raw
	for _, order := range [][]string{{"enterprise", "mobile", "ics"}, {"ics", "mobile", "enterprise"}} {
		name := strings.Join(order, ",")
		db := openTest(t)
		for _, d := range order {
			f, err := os.Open(paths[d])
			if err != nil {
				t.Fatal(err)
			}
			res, err := (&Importer{Store: db}).Import(ctx, f, paths[d], Options{})
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if res.Rejected != 0 {
				t.Fatalf("%s: %s: %d rejected, first: %+v", name, d, res.Rejected, res.Problems[0])
			}
		}
		vs, err := db.Versions(ctx, store.VersionFilter{Match: store.VersionMatch{All: true}})
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != len(want) {
			t.Errorf("%s: %d versions stored, the bundles hold %d", name, len(vs), len(want))
		}
		stored[name] = map[string]string{}
		for _, v := range vs {
			k := v.ID + " " + v.Modified
			var p struct {
				Domains []string `json:"x_mitre_domains"`
			}
			if err := json.Unmarshal(v.Raw, &p); err != nil {
				t.Fatal(err)
			}
			w, ok := want[k]
			if !ok {
				t.Errorf("%s: %s stored but in no bundle", name, k)
			} else if strings.Join(p.Domains, ",") != strings.Join(w, ",") {
				t.Errorf("%s: %s has domains %v, want %v", name, k, p.Domains, w)
			}
			stored[name][k] = string(v.Raw)
		}
		s, _ := db.Stats(ctx)
		if s.Versions != len(want) {
			t.Errorf("%s: stats count %d versions, want %d", name, s.Versions, len(want))
		}
		var integrity string
		if err := db.SQL().QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
			t.Errorf("integrity_check = %q, %v", integrity, err)
		}
	}
	a, b := stored["enterprise,mobile,ics"], stored["ics,mobile,enterprise"]
	diff := 0
	for k, v := range a {
		if !sameJSON(b[k], v) {
			diff++
			if diff <= 3 {
				t.Errorf("%s differs by import order:\n%.300s\n%.300s", k, v, b[k])
			}
		}
	}
}

func sameJSON(a, b string) bool {
	var va, vb any
	if json.Unmarshal([]byte(a), &va) != nil || json.Unmarshal([]byte(b), &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

func sortedUnion(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string{}, a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// TestDomainVariantsOnlyDifferInDomains: two objects with one id and
// modified are merged only when x_mitre_domains is all that differs.
func TestDomainVariantsOnlyDifferInDomains(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dsn string) { domainVariants(t, dsn) })
}

func domainVariants(t *testing.T, dsn string) {
	const head = `{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--0d6a1e6c-6f0e-4b9e-9a3c-6a2e1f0c0001","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z",`
	db, err := store.Open(context.Background(), dsn, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if res, err := importString(t, db, "e", head+`"name":"X","x_mitre_domains":["enterprise-attack"]}`, Options{}); err != nil || res.Added != 1 {
		t.Fatalf("first: %+v, %v", res, err)
	}
	if res, err := importString(t, db, "m", head+`"name":"X","x_mitre_domains":["mobile-attack"]}`, Options{}); err != nil || res.Updated != 1 || res.Rejected != 0 {
		t.Fatalf("variant: %+v, %v", res, err)
	}
	if res, err := importString(t, db, "e again", head+`"name":"X","x_mitre_domains":["enterprise-attack"]}`, Options{}); err != nil || res.Unchanged != 1 {
		t.Fatalf("variant again: %+v, %v", res, err)
	}
	if res, err := importString(t, db, "other", head+`"name":"Y","x_mitre_domains":["ics-attack"]}`, Options{}); err != nil || res.Rejected != 1 {
		t.Fatalf("a variant that also changes the name: %+v, %v", res, err)
	}
	objs, err := db.Objects(context.Background(), telltale.ObjectFilter{IDs: []string{"intrusion-set--0d6a1e6c-6f0e-4b9e-9a3c-6a2e1f0c0001"}})
	if err != nil || len(objs) != 1 {
		t.Fatalf("objects: %v, %v", objs, err)
	}
	if want := head + `"name":"X","x_mitre_domains":["enterprise-attack","mobile-attack"]}`; string(objs[0].Raw) != want {
		t.Errorf("stored %s\nwant   %s", objs[0].Raw, want)
	}
	if s, _ := db.Stats(context.Background()); s.Versions != 1 {
		t.Errorf("versions = %d, want 1", s.Versions)
	}
}
