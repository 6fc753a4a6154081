package store_test

import (
	"context"
	"testing"

	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// analyses returns how many times PostgreSQL analysed the table current
// by hand (ANALYZE, not autovacuum).
func analyses(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRowContext(context.Background(), `SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'current'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportAnalyzes: on PostgreSQL an import that writes a tenth of the
// versions or more (and over 50) refreshes the planner's statistics, so
// that the queries that follow a bulk import into a new database use the
// indexes; a small import into a larger store does not.
func TestImportAnalyzes(t *testing.T) {
	db := openDSN(t, storetest.DSN(t, "postgres"))
	base := analyses(t, db) // migration 0350 analyses the new, empty tables
	objs := func(from, n int) []string {
		var out []string
		for i := range n {
			out = append(out, ipv4(from+i))
		}
		return out
	}
	put(t, db, objs(0, 200)...)
	if n := analyses(t, db) - base; n != 1 {
		t.Fatalf("after importing 200 objects into an empty store: analysed %d times, want 1", n)
	}
	var tuples float64
	if err := db.SQL().QueryRowContext(context.Background(), `SELECT reltuples FROM pg_class WHERE relname = 'current'`).Scan(&tuples); err != nil {
		t.Fatal(err)
	}
	if tuples != 200 {
		t.Fatalf("current's row estimate after the import: %v, want 200", tuples)
	}
	put(t, db, objs(190, 10)...)  // unchanged: nothing written
	put(t, db, objs(1000, 60)...) // 60 ≤ 50 + 200/10
	if n := analyses(t, db) - base; n != 1 {
		t.Fatalf("after small imports: analysed %d times, want still 1", n)
	}
	put(t, db, objs(2000, 100)...) // 100 > 50 + 200/10 (the last analysis counted 200)
	if n := analyses(t, db) - base; n != 2 {
		t.Fatalf("after importing 100 objects into a store of 260: analysed %d times, want 2", n)
	}
}

// TestCopyAnalyzes: a copy into PostgreSQL leaves the planner statistics
// of what it copied, as a bulk import does.
func TestCopyAnalyzes(t *testing.T) {
	src := openDSN(t, storetest.DSN(t, "sqlite"))
	var objs []string
	for i := range 100 {
		objs = append(objs, ipv4(i))
	}
	put(t, src, objs...)
	dst := openDSN(t, storetest.DSN(t, "postgres"))
	if _, err := store.Copy(context.Background(), dst, src); err != nil {
		t.Fatal(err)
	}
	var tuples float64
	if err := dst.SQL().QueryRowContext(context.Background(), `SELECT reltuples FROM pg_class WHERE relname = 'current'`).Scan(&tuples); err != nil {
		t.Fatal(err)
	}
	if tuples != 100 {
		t.Fatalf("current's row estimate after copying 100 objects: %v, want 100", tuples)
	}
}
