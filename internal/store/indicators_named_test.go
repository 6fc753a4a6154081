package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
)

// IndicatorsNamed finds current indicators by a folded value, whether it
// is their name or a value their pattern asks for, first stored first,
// within its bound; revoked ones and other types are left out. Their
// relationships of one type are read for many sources at once.
func TestIndicatorsNamed(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		ind := func(n int, name, value string, revoked bool) string {
			return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--%08x-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":%q,"pattern":"[ipv4-addr:value = '%s']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","revoked":%v}`, n, name, value, revoked)
		}
		// Stored in an order that is not the ids'.
		put(t, db, ind(9, "c2", "198.51.100.7", false), ind(3, "198.51.100.7", "198.51.100.7", false),
			ind(5, "old", "198.51.100.7", true), ind(1, "other", "198.51.100.8", false),
			`{"type":"relationship","spec_version":"2.1","id":"relationship--00000009-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"indicates","source_ref":"indicator--00000009-0000-4000-8000-000000000000","target_ref":"`+isID+`"}`,
			`{"type":"relationship","spec_version":"2.1","id":"relationship--00000008-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"related-to","source_ref":"indicator--00000001-0000-4000-8000-000000000000","target_ref":"`+isID+`"}`,
			`{"type":"note","spec_version":"2.1","id":"note--00000001-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"198.51.100.7","content":"x","object_refs":["indicator--00000009-0000-4000-8000-000000000000"]}`)
		key, other := telltale.Fold("198.51.100.7"), telltale.Fold("198.51.100.8")
		got, err := db.IndicatorsNamed(ctx, []string{key, other, "nothing"}, 10)
		want := map[string][]string{
			key:   {"indicator--00000009-0000-4000-8000-000000000000", "indicator--00000003-0000-4000-8000-000000000000"},
			other: {"indicator--00000001-0000-4000-8000-000000000000"},
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("IndicatorsNamed = %q, %v; want %q", got, err, want)
		}
		if got, err := db.IndicatorsNamed(ctx, []string{key}, 1); err != nil || len(got[key]) != 1 || got[key][0] != "indicator--00000009-0000-4000-8000-000000000000" {
			t.Errorf("IndicatorsNamed with a bound of 1 = %q, %v", got, err)
		}
		rels, err := db.RelationshipsFrom(ctx, []string{"indicator--00000009-0000-4000-8000-000000000000", "indicator--00000001-0000-4000-8000-000000000000"}, "indicates")
		if err != nil || len(rels) != 1 || rels[0].Source != "indicator--00000009-0000-4000-8000-000000000000" || rels[0].ID != "relationship--00000009-0000-4000-8000-000000000000" {
			t.Errorf("RelationshipsFrom = %+v, %v", rels, err)
		}
	})
}
