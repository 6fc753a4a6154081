package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/store"
)

// TestRelationshipsSince: the relationships stored after a sequence number
// with an end of the given types, ordered by id, revoked ones apart; a
// feed's relationships from indicators to other indicators are not read.
// DeletedSince reports a deletion after the number only.
func TestRelationshipsSince(t *testing.T) {
	ctx := context.Background()
	views := []string{"intrusion-set", "identity", "malware"}
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		putEndTypes(t, db)
		at, _ := db.LastSeq(ctx)
		since := func(name, wantRels, wantRevoked string) {
			t.Helper()
			rels, revoked, err := db.RelationshipsSince(ctx, at, views)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rels {
				got = append(got, r.ID+" "+r.Source+" "+r.Type+" "+r.Target)
			}
			if g := strings.Join(got, ", "); g != wantRels {
				t.Errorf("%s: relationships %q, want %q", name, g, wantRels)
			}
			if g := strings.Join(revoked, ", "); g != wantRevoked {
				t.Errorf("%s: revoked %q, want %q", name, g, wantRevoked)
			}
		}
		since("nothing stored since", "", "")
		put(t, db,
			relationship(relID, "2021-01-01T00:00:00.000Z", isID, "targets", sectorID, false),
			relationship(danglingID, "2021-01-01T00:00:00.000Z", isID, "uses", missingMalID, true),
			relationship(indicatesID, "2021-01-01T00:00:00.000Z", indID, "indicates", isID, false),
		)
		since("new versions", relID+" "+isID+" targets "+sectorID+", "+indicatesID+" "+indID+" indicates "+isID, danglingID)
		if rels, _, err := db.RelationshipsSince(ctx, at, []string{"indicator"}); err != nil || len(rels) != 1 || rels[0].ID != indicatesID {
			t.Errorf("from indicators: %+v, %v", rels, err)
		}
		if rels, revoked, err := db.RelationshipsSince(ctx, at, nil); err != nil || rels != nil || revoked != nil {
			t.Errorf("of no type: %+v %v %v", rels, revoked, err)
		}
		if deleted, err := db.DeletedSince(ctx, at); err != nil || deleted {
			t.Errorf("deleted before any deletion: %v, %v", deleted, err)
		}
		if _, err := db.DeleteVersions(ctx, indID, store.VersionMatch{All: true}, nil); err != nil {
			t.Fatal(err)
		}
		if deleted, err := db.DeletedSince(ctx, at); err != nil || !deleted {
			t.Errorf("deleted after a deletion: %v, %v", deleted, err)
		}
		now, _ := db.LastSeq(ctx)
		if deleted, err := db.DeletedSince(ctx, now); err != nil || deleted {
			t.Errorf("deleted since the deletion: %v, %v", deleted, err)
		}
	})
}
