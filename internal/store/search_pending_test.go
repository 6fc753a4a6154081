package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// TestSearchPendingKeepsNoSpace: on PostgreSQL the full-text rows an
// import stages in search_pending do not pile up from import to import
// (a DELETE left their space to a VACUUM, which a server without
// autovacuum never runs).
func TestSearchPendingKeepsNoSpace(t *testing.T) {
	db := openDSN(t, storetest.DSN(t, "postgres"))
	size := func() int64 {
		var n int64
		if err := db.SQL().QueryRowContext(context.Background(), `SELECT pg_relation_size('search_pending')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var first int64
	for round := range 4 {
		var objs []string
		for i := range 300 {
			objs = append(objs, intrusionSet(fmt.Sprintf("intrusion-set--%08x-0000-4000-8000-000000000000", round*1000+i),
				"2021-01-01T00:00:00.000Z", fmt.Sprintf("Set %d", round*1000+i)))
		}
		put(t, db, objs...)
		if round == 0 {
			first = size()
		}
	}
	if first == 0 {
		t.Fatal("the first import staged no full-text rows")
	}
	if got := size(); got > first {
		t.Fatalf("search_pending after 4 imports of 300 objects: %d bytes, after the first %d", got, first)
	}
}
