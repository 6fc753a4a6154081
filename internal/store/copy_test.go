package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// Copying between any two engines keeps every version with its seq and
// date_added, the indexes, and the sequence position.
func TestCopy(t *testing.T) {
	ctx := context.Background()
	engines := storetest.Engines(t)
	for _, from := range engines {
		for _, to := range engines {
			t.Run(from+"To"+to, func(t *testing.T) {
				src := openDSN(t, storetest.DSN(t, from))
				put(t, src,
					intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater", "Static Kitten"),
					sector,
					relationship(relID, "2020-01-01T00:00:00.000Z", isID, "targets", sectorID, false),
				)
				put(t, src, intrusionSet(isID, "2022-01-01T00:00:00.000Z", "MuddyWater", "Seedworm"), ipv4(7))
				view := []byte(`{"landscape":"` + strings.Repeat("communication ", 100) + `"}`)
				if err := src.CachePut(ctx, 3, map[string][]byte{"view": view}); err != nil {
					t.Fatal(err)
				}
				dst := openDSN(t, storetest.DSN(t, to))
				counts, err := store.Copy(ctx, dst, src)
				if err != nil {
					t.Fatal(err)
				}
				if seq, body, found, err := dst.CacheGet(ctx, "view"); err != nil || !found || seq != 3 || string(body) != string(view) {
					t.Errorf("cached view after copy: %d %q %v %v", seq, body, found, err)
				}
				if len(counts) < 5 {
					t.Errorf("counts = %v", counts)
				}
				want, _ := src.Objects(ctx, telltale.ObjectFilter{IncludeRevoked: true})
				got, _ := dst.Objects(ctx, telltale.ObjectFilter{IncludeRevoked: true})
				if fmt.Sprint(objectRows(got)) != fmt.Sprint(objectRows(want)) {
					t.Errorf("objects differ:\n%v\n%v", objectRows(got), objectRows(want))
				}
				if hits, _ := dst.Search(ctx, "seedwo", 5); len(hits) != 1 {
					t.Errorf("full text not copied: %v", hitNames(hits))
				}
				if hits, _ := dst.Search(ctx, "static kitten", 5); len(hits) != 0 {
					t.Errorf("old alias found after copy: %v", hitNames(hits))
				}
				put(t, dst, intrusionSet(is2ID, "2021-01-01T00:00:00.000Z", "LightBasin"))
				o, _ := dst.Object(ctx, is2ID)
				if last := want[len(want)-1]; o.Seq <= last.Seq || o.DateAdded <= last.DateAdded {
					t.Errorf("new version after copy: seq %d, date %s; want after %d, %s", o.Seq, o.DateAdded, last.Seq, last.DateAdded)
				}
				if _, err := store.Copy(ctx, dst, src); telltale.ErrorCode(err) != telltale.ECONFLICT {
					t.Errorf("copy into a non-empty database: %v, want ECONFLICT", err)
				}
			})
		}
	}
}

func objectRows(objs []*telltale.Object) []string {
	var out []string
	for _, o := range objs {
		out = append(out, fmt.Sprintf("%d %s %s %s %d %s", o.Seq, o.ID, o.Modified, o.DateAdded, o.Versions, o.Raw))
	}
	return out
}
