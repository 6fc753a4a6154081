package store_test

import (
	"context"
	"testing"

	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// A deletion moves the store's change marker forward, in its transaction,
// as seen through another handle on the same database (another node):
// whatever is cached under the marker read before it goes stale, whether
// the deleted version was the newest one or an older one. ChangedSince
// reports it for every type, and the next import is numbered after it.
func TestDeleteMovesLastSeq(t *testing.T) {
	ctx := context.Background()
	storetest.Run(t, func(t *testing.T, dsn string) {
		a, b := openDSN(t, dsn), openDSN(t, dsn)
		put(t, a, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"), ipv4(1))
		put(t, a, intrusionSet(isID, "2022-01-01T00:00:00.000Z", "MuddyWater"), ipv4(2))
		for _, del := range []struct {
			name, id string
			m        store.VersionMatch
		}{
			{"OlderVersion", isID, store.VersionMatch{Versions: []string{"2021-01-01T00:00:00.000Z"}}},
			{"NewestObject", "ipv4-addr--00000002-0000-4000-8000-000000000000", store.VersionMatch{All: true}},
		} {
			before, err := b.LastSeq(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n, err := a.DeleteVersions(ctx, del.id, del.m, nil); err != nil || n != 1 {
				t.Fatalf("%s: delete: %d, %v", del.name, n, err)
			}
			after, err := b.LastSeq(ctx)
			if err != nil || after <= before {
				t.Errorf("%s: LastSeq %d before the deletion, %d after (%v): want it moved forward", del.name, before, after, err)
			}
			if changed, err := b.ChangedSince(ctx, before, []string{"malware"}); err != nil || !changed {
				t.Errorf("%s: ChangedSince(before the deletion) = %v, %v; want true", del.name, changed, err)
			}
			if changed, err := b.ChangedSince(ctx, after, []string{"malware"}); err != nil || changed {
				t.Errorf("%s: ChangedSince(after the deletion) = %v, %v; want false", del.name, changed, err)
			}
		}
		last, _ := b.LastSeq(ctx)
		put(t, a, ipv4(3))
		if now, _ := b.LastSeq(ctx); now <= last {
			t.Errorf("an import after the deletions left LastSeq at %d (was %d)", now, last)
		}
	})
}
