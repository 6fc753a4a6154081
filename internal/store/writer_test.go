package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
)

// groupVersion is version v of group k: its name and a word of its
// description (found by search) are the version's own.
func groupVersion(k, v int) string {
	id := fmt.Sprintf("intrusion-set--%08x-0000-4000-8000-000000000000", k)
	return fmt.Sprintf(`{"type":"intrusion-set","spec_version":"2.1","id":"%s","created":"2020-01-01T00:00:00.000Z","modified":"2021-01-01T%02d:%02d:00.000Z","name":"Group %d v%d","description":"Seen as w%dx%d."}`,
		id, v/60, v%60, k, v, k, v)
}

// An import's batches are written by its writer while the next is staged
// (writer.go). Every version lands, numbered in the order of the Puts, and
// each object ends at its latest version with that version's name and
// full-text entry, and Put's outcomes are right, whether the object was
// looked up ahead (Prefetch, a window ahead as the importer asks),
// staged shortly before (in the batch, or the one being written) or
// long before.
func TestPipelinedWritesInOrder(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		put(t, db, sector) // not empty: ids are looked up until the import has its filter
		// The Puts: new groups, and versions of groups put 1–10 Puts
		// before (the same batch), 400–1,200 before (the batch before,
		// or long written), or any: newer, older (history only) or one
		// stored already (unchanged).
		rng := rand.New(rand.NewPCG(17, 2))
		type step struct{ k, v int }
		var steps []step
		stored := map[int][]int{} // group → versions
		var order []int           // groups in the order of their first Put
		for len(steps) < 4000 {
			var k int
			switch r := rng.IntN(100); {
			case r < 55 || len(order) < 50:
				k = len(order)
				order = append(order, k)
				steps = append(steps, step{k, 10})
				stored[k] = []int{10}
				continue
			case r < 70:
				k = steps[len(steps)-1-rng.IntN(min(10, len(steps)))].k
			case r < 85 && len(steps) > 1200:
				k = steps[len(steps)-400-rng.IntN(800)].k
			default:
				k = order[rng.IntN(len(order))]
			}
			vs := stored[k]
			v := slices.Max(vs) + 2
			switch r := rng.IntN(10); {
			case r < 3:
				v = vs[rng.IntN(len(vs))] // unchanged
			case r < 5 && !slices.Contains(vs, slices.Min(vs)-1):
				v = slices.Min(vs) - 1 // older: history only
			}
			if !slices.Contains(vs, v) {
				stored[k] = append(vs, v)
			}
			steps = append(steps, step{k, v})
		}

		tx, err := db.Begin(ctx, "test", "stix")
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		const window = 300 // not the batch's size: windows and batches do not line up
		prefetch := func(from int) {
			var ids []string
			for _, s := range steps[min(from, len(steps)):min(from+window, len(steps))] {
				ids = append(ids, mustParse(t, groupVersion(s.k, s.v)).ID)
			}
			if err := tx.Prefetch(ctx, ids); err != nil {
				t.Fatal(err)
			}
		}
		prefetch(0)
		seen := map[int][]int{}
		var added []string // "id modified" of each version, in the order of the Puts
		for i, s := range steps {
			if i%window == 0 {
				prefetch(i + window)
			}
			o := mustParse(t, groupVersion(s.k, s.v))
			want := store.Updated
			switch {
			case seen[s.k] == nil:
				want = store.Added
			case slices.Contains(seen[s.k], s.v):
				want = store.Unchanged
			}
			got, err := tx.Put(ctx, o)
			if err != nil || got != want {
				t.Fatalf("put %d (group %d v%d): %v, %v; want %v", i, s.k, s.v, got, err, want)
			}
			if want != store.Unchanged {
				seen[s.k] = append(seen[s.k], s.v)
				added = append(added, o.ID+" "+o.Modified)
			}
		}
		if err := tx.Commit(ctx, &telltale.ImportResult{}); err != nil {
			t.Fatal(err)
		}

		versions, err := db.Versions(ctx, store.VersionFilter{Types: []string{"intrusion-set"}, Match: telltale.VersionMatch{All: true}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range versions {
			got = append(got, v.ID+" "+v.Modified)
		}
		if !slices.Equal(got, added) {
			t.Fatalf("%d versions stored, want %d in the order of the Puts", len(got), len(added))
		}
		for _, k := range order {
			last := slices.Max(stored[k])
			o, err := db.Object(ctx, mustParse(t, groupVersion(k, last)).ID)
			if err != nil || o.Modified != mustParse(t, groupVersion(k, last)).Modified || o.Versions != len(stored[k]) || o.Name != fmt.Sprintf("Group %d v%d", k, last) {
				t.Fatalf("group %d: %+v, %v; want v%d of %d versions", k, o, err, last, len(stored[k]))
			}
		}
		for _, k := range order[:40] {
			vs := stored[k]
			last := slices.Max(vs)
			if hits, err := db.Search(ctx, fmt.Sprintf("w%dx%d", k, last), 5); err != nil || len(hits) != 1 || hits[0].Name != fmt.Sprintf("Group %d v%d", k, last) {
				t.Errorf("search for group %d's latest word: %+v, %v", k, hits, err)
			}
			names, err := db.NamesByKey(ctx, telltale.Fold(fmt.Sprintf("Group %d v%d", k, last)))
			if err != nil || len(names) != 1 {
				t.Errorf("names of group %d's latest version: %+v, %v", k, names, err)
			}
			if v := slices.Min(vs); v != last {
				if hits, err := db.Search(ctx, fmt.Sprintf("w%dx%d", k, v), 5); err != nil || len(hits) != 0 {
					t.Errorf("search for group %d's old word: %+v, %v", k, hits, err)
				}
			}
		}
	})
}

// A statement of a batch that fails while the next batches are staged
// ends the import: a later Put or Commit returns the failure, naming the
// versions of the batch, and nothing of the import is kept.
func TestPipelinedWriteFailure(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		// The name of one group is refused by the database.
		key := telltale.Fold("Group 700 v10")
		refuse := map[string][]string{
			"sqlite": {`CREATE TRIGGER refuse BEFORE INSERT ON names WHEN NEW.key = '` + key + `' BEGIN SELECT RAISE(ABORT, 'refused name'); END`},
			"postgres": {`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused name'; END $$`,
				`CREATE TRIGGER refuse BEFORE INSERT ON names FOR EACH ROW WHEN (NEW.key = '` + key + `') EXECUTE FUNCTION refuse()`},
		}[db.Engine()]
		for _, q := range refuse {
			if _, err := db.SQL().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		tx, err := db.Begin(ctx, "test", "stix")
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		// Group 700 is in the second batch (Puts 512 to 1023).
		var failed error
		for k := 0; k < 3000 && failed == nil; k++ {
			_, failed = tx.Put(ctx, mustParse(t, groupVersion(k, 10)))
		}
		if failed == nil {
			failed = tx.Commit(ctx, &telltale.ImportResult{})
		}
		first, last := mustParse(t, groupVersion(512, 10)).ID, mustParse(t, groupVersion(1023, 10)).ID
		if failed == nil || !strings.Contains(failed.Error(), "refused name") || !strings.Contains(failed.Error(), first) || !strings.Contains(failed.Error(), last) {
			t.Fatalf("import: %v; want the refused name, naming the versions from %s to %s", failed, first, last)
		}
		tx.Rollback()
		if s, err := db.Stats(ctx); err != nil || s.Objects != 0 {
			t.Errorf("after the failed import: %+v, %v; want nothing stored", s, err)
		}
	})
}
