package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
)

// An object page reads one page of an object's relationships and their
// count, never all of them (issue 17: an actor a feed's indicators
// indicate has hundreds of thousands). The store's pages are the pages of
// every relationship the filter selects, sorted by type and then by the
// order they were stored, as telltale.PageRelationships sorts them for a
// viewer who may not see everything.
func TestRelationshipPage(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		objs := []string{intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater")}
		// Stored in an order that is neither the ids' nor the types'.
		for i := range 23 {
			typ, revoked := "indicates", false
			if i%3 == 1 {
				typ = "attributed-to"
			}
			if i == 7 {
				revoked = true // never listed nor counted
			}
			id := fmt.Sprintf("relationship--%08x-0000-4000-8000-%012x", (i*7919)%23, i)
			src := fmt.Sprintf("indicator--%08x-1111-4111-8111-%012x", i, i)
			objs = append(objs, relationship(id, "2020-01-01T00:00:00.000Z", src, typ, isID, revoked))
		}
		objs = append(objs, relationship(relID, "2020-01-01T00:00:00.000Z", isID, "targets", sectorID, false))
		put(t, db, objs...)
		for _, f := range []telltale.RelationshipFilter{
			{Target: isID},
			{Target: isID, Type: "indicates"},
			{Target: isID, SourceTypes: []string{"indicator"}},
			{Target: isID, SourceTypes: []string{"campaign"}},
			{Source: isID},
		} {
			all, err := db.Relationships(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			want := telltale.PageRelationships(slices.Clone(all), 0, 0)
			for _, c := range [][2]int{{0, 5}, {5, 5}, {20, 5}, {0, 100}, {21, 1}, {22, 3}, {100, 5}} {
				page, total, err := db.RelationshipPage(ctx, f, c[0], c[1])
				if err != nil {
					t.Fatalf("%+v %v: %v", f, c, err)
				}
				if total != len(all) {
					t.Errorf("%+v: total %d, want %d", f, total, len(all))
				}
				lo, hi := min(c[0], len(want)), min(c[0]+c[1], len(want))
				if got, exp := ids(page), ids(want[lo:hi]); !slices.Equal(got, exp) {
					t.Errorf("%+v offset %d limit %d:\n got %v\nwant %v", f, c[0], c[1], got, exp)
				}
			}
		}
		if n := len(telltale.PageRelationships(mustRels(t, db, telltale.RelationshipFilter{Target: isID}), 0, 0)); n != 22 {
			t.Errorf("%d relationships to the intrusion set, want 22 (23 less the revoked one)", n)
		}
		if _, _, err := db.RelationshipPage(ctx, telltale.RelationshipFilter{Type: "indicates"}, 0, 5); telltale.ErrorCode(err) != telltale.EINVALID {
			t.Errorf("a page without an end: %v, want EINVALID", err)
		}
	})
}

func mustRels(t *testing.T, db *store.DB, f telltale.RelationshipFilter) []*telltale.Relationship {
	t.Helper()
	rels, err := db.Relationships(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return rels
}

func ids(rels []*telltale.Relationship) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = r.Type + " " + r.ID
	}
	return out
}
