package store_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/store/storetest"
	"github.com/telltale-cti/telltale/internal/testutil"
)

const enterprise = "data/attack/enterprise-attack-18.1.json"

func importFile(tb testing.TB, db *store.DB, path string) *telltale.ImportResult {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	res, err := (&importer.Importer{Store: db}).Import(context.Background(), f, path, importer.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// The same import gives the same counts on every engine, and importing it
// again changes nothing.
func TestAttackSameStatsOnEveryEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("imports ATT&CK Enterprise")
	}
	path := testutil.SharedFile(t, enterprise)
	var first *telltale.Stats
	var firstEngine string
	storetest.Run(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := openDSN(t, dsn)
		res := importFile(t, db, path)
		if res.Added != 24772 || res.Rejected != 0 {
			t.Fatalf("import: %+v", res)
		}
		s, err := db.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		again := importFile(t, db, path)
		if again.Unchanged != 24772 || again.Added+again.Updated+again.Rejected != 0 {
			t.Errorf("re-import: %+v, want all unchanged", again)
		}
		s2, _ := db.Stats(ctx)
		if fmt.Sprint(s) != fmt.Sprint(s2) {
			t.Errorf("re-import changed the stats:\n%+v\n%+v", s, s2)
		}
		hits, err := db.Search(ctx, "muddywat", 5)
		if err != nil || len(hits) == 0 || hits[0].Name != "MuddyWater" {
			t.Errorf("Search(muddywat) = %v, %v", hitNames(hits), err)
		}
		if first == nil {
			first, firstEngine = s, db.Engine()
		} else if fmt.Sprint(s) != fmt.Sprint(first) {
			t.Errorf("stats differ:\n%s: %+v\n%s: %+v", firstEngine, first, db.Engine(), s)
		}
	})
}

// BenchmarkImportEnterprise imports ATT&CK Enterprise into an empty
// database on each engine (issue 8: PostgreSQL at most twice SQLite).
func BenchmarkImportEnterprise(b *testing.B) {
	path := testutil.SharedFile(b, enterprise)
	st, _ := os.Stat(path)
	for _, engine := range storetest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			b.SetBytes(st.Size())
			var took time.Duration
			for b.Loop() {
				b.StopTimer()
				db, err := store.Open(context.Background(), storetest.DSN(b, engine), true)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				importFile(b, db, path)
				took += time.Since(start)
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
		})
	}
}
