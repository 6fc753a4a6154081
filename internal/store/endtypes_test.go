package store_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
)

// The knowledge views read only the relationships and names of the types
// they show (issue 17: a feed's indicators are most of a large store).

const (
	indID        = "indicator--5b0c2a1e-7d44-4c1a-9a4e-2f3d1c0b9a88"
	indicatesID  = "relationship--7a1f0e9c-3b2d-4e5f-8a6b-9c0d1e2f3a4b"
	danglingID   = "relationship--8b2a1f0d-4c3e-4f6a-9b7c-0d1e2f3a4b5c"
	missingMalID = "malware--9c3b2a1e-5d4f-4a7b-8c8d-1e2f3a4b5c6d"
)

const indicator = `{"type":"indicator","spec_version":"2.1","id":"` + indID + `","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"198.51.100.7","pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z"}`

func putEndTypes(t *testing.T, db *store.DB) {
	put(t, db,
		intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater", "Seedworm"),
		sector,
		indicator,
		relationship(relID, "2020-01-01T00:00:00.000Z", isID, "targets", sectorID, false),
		relationship(indicatesID, "2020-01-01T00:00:00.000Z", indID, "indicates", isID, false),
		relationship(danglingID, "2020-01-01T00:00:00.000Z", isID, "uses", missingMalID, false),
	)
}

func TestRelationshipsByEndTypes(t *testing.T) {
	ctx := context.Background()
	views := []string{"intrusion-set", "identity", "malware"}
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		putEndTypes(t, db)
		// Both ways of reading: through the table (a small one) and
		// by the index ranges of the ends' types.
		for _, scan := range []int64{1_000_000, 0} {
			store.SetScanRelationships(t, scan)
			checkEndTypes(ctx, t, db, views)
		}
	})
}

func checkEndTypes(ctx context.Context, t *testing.T, db *store.DB, views []string) {
	for _, c := range []struct {
		name string
		f    telltale.RelationshipFilter
		want []string
	}{
		{"no filter", telltale.RelationshipFilter{}, []string{relID, indicatesID, danglingID}},
		// The type of an end is read from its id, stored or not.
		{"both ends of the views' types", telltale.RelationshipFilter{SourceTypes: views, TargetTypes: views}, []string{relID, danglingID}},
		{"both ends, not malware", telltale.RelationshipFilter{SourceTypes: views, TargetTypes: views[:2]}, []string{relID}},
		{"to malware", telltale.RelationshipFilter{TargetTypes: []string{"malware"}}, []string{danglingID}},
		{"a type that is a prefix of another", telltale.RelationshipFilter{SourceTypes: []string{"intrusion"}}, nil},
		{"from indicators", telltale.RelationshipFilter{SourceTypes: []string{"indicator"}}, []string{indicatesID}},
		{"to intrusion sets", telltale.RelationshipFilter{TargetTypes: []string{"intrusion-set"}}, []string{indicatesID}},
		{"from intrusion sets", telltale.RelationshipFilter{SourceTypes: []string{"intrusion-set"}}, []string{relID, danglingID}},
		{"with a relationship type", telltale.RelationshipFilter{SourceTypes: views, Type: "uses"}, []string{danglingID}},
		{"with an end", telltale.RelationshipFilter{Target: isID, SourceTypes: views}, nil},
	} {
		rels, err := db.Relationships(ctx, c.f)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var got []string
		for _, r := range rels {
			got = append(got, r.ID)
		}
		// In id order, whichever way the rows were read (the knowledge
		// and the bundles rely on it).
		if !sort.StringsAreSorted(got) {
			t.Errorf("%s: %v, not in id order", c.name, got)
		}
		want := append([]string(nil), c.want...)
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: %v, want %v", c.name, got, want)
		}
	}
}

func TestNamesOfTypes(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		putEndTypes(t, db)
		put(t, db, intrusionSet(is2ID, "2021-01-01T00:00:00.000Z", "ATK 51"))
		names, err := db.NamesOfTypes(ctx, []string{"intrusion-set", "identity"})
		if err != nil {
			t.Fatal(err)
		}
		checkNameKeys(t, "names of intrusion sets and identities", names, "muddywater seedworm atk51 communication")
		if names, _ := db.NamesOfTypes(ctx, []string{"indicator"}); len(names) != 1 || names[0].ObjectID != indID {
			t.Errorf("names of indicators: %+v", names)
		}
		if names, _ := db.NamesOfTypes(ctx, nil); len(names) != 0 {
			t.Errorf("names of no type: %+v", names)
		}
	})
}

// checkNameKeys checks that names hold the keys of want (in any order)
// and are ordered by object.
func checkNameKeys(t *testing.T, what string, names []*telltale.Name, want string) {
	t.Helper()
	var keys []string
	for _, n := range names {
		keys = append(keys, n.Key)
	}
	if !sameWords(strings.Join(keys, " "), want) {
		t.Errorf("%s: keys %v, want %s", what, keys, want)
	}
	if !sort.SliceIsSorted(names, func(i, j int) bool { return names[i].ObjectID < names[j].ObjectID }) {
		t.Errorf("%s: not ordered by object", what)
	}
}

// TestChangedSince: a feed's indicators and their relationships change no
// view computed from other types; an object of those types, or a
// relationship between two of them, does. CacheCarry stamps the views
// with the later sequence number; a deletion is a change of every type.
func TestChangedSince(t *testing.T) {
	ctx := context.Background()
	views := []string{"intrusion-set", "identity", "malware"}
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		put(t, db, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater", "Seedworm"), sector)
		at, _ := db.LastSeq(ctx)
		if err := db.CachePut(ctx, at, map[string][]byte{"view": []byte(`1`)}); err != nil {
			t.Fatal(err)
		}
		changed := func(name string, want bool) {
			t.Helper()
			got, err := db.ChangedSince(ctx, at, views)
			if err != nil || got != want {
				t.Errorf("%s: changed %v (%v), want %v", name, got, err, want)
			}
		}
		changed("nothing stored since", false)
		put(t, db, indicator, relationship(indicatesID, "2020-01-01T00:00:00.000Z", indID, "indicates", isID, false))
		changed("an indicator and its indicates relationship", false)
		now, _ := db.LastSeq(ctx)
		if err := db.CacheCarry(ctx, at, now, map[string][]byte{"counts": []byte(`2`)}); err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string]string{"view": "1", "counts": "2"} {
			if seq, body, found, err := db.CacheGet(ctx, key); err != nil || !found || seq != now || string(body) != want {
				t.Errorf("carried %s: seq %d (want %d), %s, %v, %v", key, seq, now, body, found, err)
			}
		}
		put(t, db, relationship(relID, "2020-01-01T00:00:00.000Z", isID, "targets", sectorID, false))
		changed("a relationship between two of the types", true)
		at, _ = db.LastSeq(ctx)
		put(t, db, intrusionSet(isID, "2022-01-01T00:00:00.000Z", "MuddyWater", "Seedworm", "Static Kitten"))
		changed("a new version of an intrusion set", true)
		at, _ = db.LastSeq(ctx)
		changed("nothing stored since", false)
		// The indicator is of no view's type, but what a deletion removed
		// is not there to tell.
		if _, err := db.DeleteVersions(ctx, indID, store.VersionMatch{All: true}, nil); err != nil {
			t.Fatal(err)
		}
		changed("a deletion", true)
	})
}

// Relationships come in id order whichever way they are read, whatever
// order they were stored in.
func TestRelationshipsInIDOrder(t *testing.T) {
	ctx := context.Background()
	const late, early = "relationship--9f000000-0000-4000-8000-000000000001", "relationship--1f000000-0000-4000-8000-000000000001"
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		put(t, db, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"), sector,
			relationship(late, "2020-01-01T00:00:00.000Z", isID, "targets", sectorID, false),
			relationship(early, "2020-01-01T00:00:00.000Z", isID, "targets", sectorID, false))
		for _, scan := range []int64{1_000_000, 0} {
			store.SetScanRelationships(t, scan)
			for _, f := range []telltale.RelationshipFilter{
				{SourceTypes: []string{"intrusion-set"}}, {Source: isID}, {Type: "targets"}, {},
			} {
				rels, err := db.Relationships(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if len(rels) != 2 || rels[0].ID != early || rels[1].ID != late {
					var got []string
					for _, r := range rels {
						got = append(got, r.ID)
					}
					t.Errorf("scan up to %d rows, %+v: %v, want %s then %s", scan, f, got, early, late)
				}
			}
		}
	})
}
