package store_test

import (
	"context"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
)

// TestImportIDFilter: an import skips looking up the objects its filter of
// the store's ids says the store cannot hold (from the start on an empty
// store, after enough lookups on another). Every object the store holds
// must still be found: those imported before, and those of the same import
// after the filter was rebuilt larger (it is sized here for 64 ids).
func TestImportIDFilter(t *testing.T) {
	store.SetMinFilterIDs(t, 64)
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		const n = 1500
		var first, again []string
		for i := range n {
			first = append(first, ipv4(i))
		}
		for _, oc := range put(t, db, first...) {
			if oc != store.Added {
				t.Fatalf("first import: %v, want Added", oc)
			}
		}
		// One import of n new objects, then each object of both imports
		// again: the first import's (asked about before and after the
		// filter is made), and this one's, after its rebuilds.
		for i := range n {
			again = append(again, ipv4(n+i))
		}
		tx, err := db.Begin(ctx, "test", "stix")
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		want := map[store.Outcome]int{}
		for i, js := range append(append(again, first...), again...) {
			oc, err := tx.Put(ctx, mustParse(t, js))
			if err != nil {
				t.Fatalf("put %d: %v", i, err)
			}
			want[oc]++
		}
		if want[store.Added] != n || want[store.Unchanged] != 2*n {
			t.Fatalf("outcomes %v, want %d added and %d unchanged", want, n, 2*n)
		}
		if err := tx.Commit(ctx, &telltale.ImportResult{}); err != nil {
			t.Fatal(err)
		}
		st, err := db.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Objects != 2*n {
			t.Fatalf("%d objects stored, want %d", st.Objects, 2*n)
		}
	})
}
