package misp_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// files in the order an operator would import them: the names of vendors
// first, then what refers to them.
var files = []string{"producer.json", "country.json", "sector.json", "malpedia.json", "threat-actor.json", "360net.json", "mitre-intrusion-set.json"}

func importAll(tb testing.TB, im *importer.Importer) []*telltale.ImportResult {
	tb.Helper()
	var out []*telltale.ImportResult
	for _, name := range files {
		path := testutil.SharedFile(tb, "data/misp-galaxy/clusters/"+name)
		f, err := os.Open(path)
		if err != nil {
			tb.Fatal(err)
		}
		res, err := im.Import(context.Background(), f, name, importer.Options{})
		f.Close()
		if err != nil {
			tb.Fatalf("import %s: %v", name, err)
		}
		out = append(out, res)
	}
	return out
}

// TestImport stores every cluster file through the importer: nothing is
// rejected, and importing them all again changes nothing.
func TestImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports every cluster file twice into SQLite")
	}
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	im := &importer.Importer{Store: db}
	for _, res := range importAll(t, im) {
		if res.Rejected != 0 || res.Updated != 0 || res.Format != importer.FormatMISPCluster {
			t.Errorf("%s: %+v, want nothing rejected or updated", res.Source, res)
		}
		t.Logf("%s: %d added, %d unchanged", res.Source, res.Added, res.Unchanged)
	}
	for _, res := range importAll(t, im) {
		if res.Added+res.Updated+res.Rejected != 0 {
			t.Errorf("re-import %s: %+v, want every object unchanged", res.Source, res)
		}
	}

	// Static Kitten is named by CrowdStrike: the claim points at the
	// identity the producer galaxy made.
	ctx := context.Background()
	names, err := db.NamesByKey(ctx, telltale.Fold("Static Kitten"))
	if err != nil || len(names) == 0 {
		t.Fatalf("NamesByKey(statickitten) = %v, %v", names, err)
	}
	mw, err := db.Object(ctx, "intrusion-set--a29af069-03c3-4534-b78b-7d1a77ea085b")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mw.Raw), `{"name":"Static Kitten","named_by_ref":"identity--f9eb432f-2293-48b7-bca4-cc78beb50df0"}`) {
		t.Errorf("MuddyWater lacks the Static Kitten claim: %s", mw.Raw)
	}
	cs, err := db.Object(ctx, "identity--f9eb432f-2293-48b7-bca4-cc78beb50df0")
	if err != nil || cs.Name != "CrowdStrike" {
		t.Errorf("named_by_ref identity = %+v, %v; want CrowdStrike", cs, err)
	}
}

// TestImportRejectsBadValue: a malformed value is counted and described in
// the import result; the rest of the file is stored.
func TestImportRejectsBadValue(t *testing.T) {
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	data := `{"type":"threat-actor","uuid":"7cdff317-a673-4474-84ec-4f1754947823","values":[
		{"uuid":"11111111-1111-4111-8111-111111111111","value":"Alpha"},
		{"meta":{"synonyms":"x"},"uuid":"22222222-2222-4222-8222-222222222222","value":"Beta"}]}`
	res, err := (&importer.Importer{Store: db}).Import(context.Background(), strings.NewReader(data), "bad.json", importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 2 || res.Rejected != 1 || len(res.Problems) != 1 {
		t.Fatalf("result %+v, want 2 added (MISP identity, Alpha) and 1 rejected", res)
	}
	p := res.Problems[0]
	if p.Index != 1 || p.ID != "22222222-2222-4222-8222-222222222222" || !strings.Contains(p.Reason, `meta "synonyms": must be a list of strings`) {
		t.Errorf("problem %+v", p)
	}
}

// BenchmarkImportAll imports every cluster file into an empty database
// (target: at most 3 s).
func BenchmarkImportAll(b *testing.B) {
	for i := 0; i < b.N; i++ {
		db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "t.db"), true)
		if err != nil {
			b.Fatal(err)
		}
		importAll(b, &importer.Importer{Store: db})
		db.Close()
	}
}
