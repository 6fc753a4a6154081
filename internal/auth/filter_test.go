package auth_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
)

// TestVisibleObjects proves the object service every read path goes
// through hides what the viewer's clearance does not cover: single
// objects, versions, lists (also when paged), relationships whose end is
// hidden, names and search.
func TestVisibleObjects(t *testing.T) {
	ctx := context.Background()
	built := openApp(t)
	db := built.DB
	actor := func(n int, name string, marking string) string {
		m := ""
		if marking != "" {
			m = `,"object_marking_refs":["` + marking + `"]`
		}
		return fmt.Sprintf(`{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--%08d-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":%q,"aliases":[%q]%s}`, n, name, name+" Alias", m)
	}
	sector := `{"type":"identity","spec_version":"2.1","id":"identity--00000000-0000-4000-8000-000000000009","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Telecoms","identity_class":"class"}`
	targets := func(n int) string {
		return fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--%08d-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--%08d-0000-4000-8000-000000000000","target_ref":"identity--00000000-0000-4000-8000-000000000009"}`, n, n)
	}
	objs := []string{sector, actor(1, "Open Panda", ""), actor(2, "Green Panda", auth.TLPGreen), actor(3, "Amber Panda", auth.TLPAmber), targets(1), targets(2), targets(3)}
	bundle := `{"type":"bundle","id":"bundle--0d6c6a8a-5f4b-4e6e-9d3c-5b2f0c1a7e11","objects":[` + strings.Join(objs, ",") + `]}`
	if _, err := built.Importer.Import(ctx, strings.NewReader(bundle), "t", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	// A later version of the green actor raises it to TLP:AMBER.
	upd := strings.Replace(actor(2, "Renamed Panda", auth.TLPAmber), `"modified":"2024-01-01T00:00:00.000Z"`, `"modified":"2024-02-01T00:00:00.000Z"`, 1)
	if _, err := built.Importer.Import(ctx, strings.NewReader(`[`+upd+`]`), "t", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}

	var viewer *auth.User
	v := &auth.VisibleObjects{ObjectService: db, Viewer: func(context.Context) *auth.User { return viewer }}
	id := func(n int) string { return fmt.Sprintf("intrusion-set--%08d-0000-4000-8000-000000000000", n) }
	for _, tc := range []struct {
		name      string
		u         *auth.User
		actors    []int
		greenVers int // versions of actor 2 seen
	}{
		{"Nobody", nil, nil, 0},
		{"Anonymous", auth.Anonymous(), []int{1}, 0},
		{"Green", &auth.User{Name: "g", Role: auth.RoleReader, Clearance: auth.Green}, []int{1}, 1},
		{"Amber", &auth.User{Name: "a", Role: auth.RoleReader, Clearance: auth.Amber}, []int{1, 2, 3}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			viewer = tc.u
			want := map[string]bool{}
			for _, n := range tc.actors {
				want[id(n)] = true
			}
			for n := 1; n <= 3; n++ {
				_, err := v.Object(ctx, id(n))
				if got := err == nil; got != want[id(n)] {
					t.Errorf("Object(%d): visible %v, want %v (%v)", n, got, want[id(n)], err)
				} else if err != nil && telltale.ErrorCode(err) != telltale.ENOTFOUND {
					t.Errorf("Object(%d): hidden as %v, want not found", n, err)
				}
			}
			vs, _ := v.ObjectVersions(ctx, id(2))
			if len(vs) != tc.greenVers {
				t.Errorf("versions of actor 2: %d, want %d", len(vs), tc.greenVers)
			}
			// What the versions say comes from the versions given, never
			// from a newer one the viewer may not see.
			if len(vs) > 0 {
				last := vs[len(vs)-1]
				wantName := map[int]string{1: "Green Panda", 2: "Renamed Panda"}[len(vs)]
				if last.Name != wantName || last.Versions != len(vs) {
					t.Errorf("versions of actor 2: last named %q, counting %d; want %q, %d", last.Name, last.Versions, wantName, len(vs))
				}
				if b, _ := json.Marshal(vs); strings.Contains(string(b), "Renamed") != (len(vs) == 2) {
					t.Errorf("versions of actor 2 shown as %s", b)
				}
			}
			for _, limit := range []int{0, 1} {
				list, err := v.Objects(ctx, telltale.ObjectFilter{Types: []string{"intrusion-set"}, Limit: limit})
				if err != nil {
					t.Fatal(err)
				}
				if limit == 0 && len(list) != len(tc.actors) {
					t.Errorf("Objects: %d, want %d", len(list), len(tc.actors))
				}
				if limit == 1 && len(list) != min(1, len(tc.actors)) {
					t.Errorf("Objects limit 1: %d", len(list))
				}
			}
			rels, err := v.Relationships(ctx, telltale.RelationshipFilter{Target: "identity--00000000-0000-4000-8000-000000000009", Type: "targets"})
			if err != nil {
				t.Fatal(err)
			}
			if len(rels) != len(tc.actors) {
				t.Errorf("targets relationships: %d, want %d (an attacker count must not reveal hidden actors)", len(rels), len(tc.actors))
			}
			// A page and its count tell no more than the list: the
			// Amber reader sees every marking the store holds and is
			// paged by the store, the others here.
			for _, limit := range []int{1, 2, 10} {
				page, total, err := v.RelationshipPage(ctx, telltale.RelationshipFilter{Target: "identity--00000000-0000-4000-8000-000000000009"}, 0, limit)
				if err != nil {
					t.Fatal(err)
				}
				if total != len(tc.actors) || len(page) != min(limit, len(tc.actors)) {
					t.Errorf("a page of %d relationships: %d of %d, want %d of %d", limit, len(page), total, min(limit, len(tc.actors)), len(tc.actors))
				}
				for _, r := range page {
					if !want[r.Source] {
						t.Errorf("a page of %d relationships shows one from %s", limit, r.Source)
					}
				}
			}
			for _, n := range []int{1, 3} {
				name := map[int]string{1: "Open Panda", 3: "Amber Panda"}[n]
				hits, _ := v.Search(ctx, name, 10)
				found := false
				for _, h := range hits {
					found = found || h.ID == id(n)
				}
				if found != want[id(n)] {
					t.Errorf("search %q: found %v, want %v", name, found, want[id(n)])
				}
				names, _ := v.NamesByKey(ctx, telltale.Fold(name+" alias"))
				if (len(names) > 0) != want[id(n)] {
					t.Errorf("names of %q: %d", name, len(names))
				}
			}
		})
	}
}

// TestUnmarkedRelationshipToHiddenObject: a relationship without markings
// must not reveal the hidden object it connects, alone or in lists.
func TestUnmarkedRelationshipToHiddenObject(t *testing.T) {
	ctx := context.Background()
	built := openApp(t)
	db := built.DB
	bundle := `[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--00000007-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Red Panda","object_marking_refs":["` + auth.TLPRed + `"]},
		{"type":"identity","spec_version":"2.1","id":"identity--00000000-0000-4000-8000-000000000009","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Telecoms","identity_class":"class"},
		{"type":"relationship","spec_version":"2.1","id":"relationship--00000007-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--00000007-0000-4000-8000-000000000000","target_ref":"identity--00000000-0000-4000-8000-000000000009"}]`
	if _, err := built.Importer.Import(ctx, strings.NewReader(bundle), "t", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	v := &auth.VisibleObjects{ObjectService: db, Viewer: func(context.Context) *auth.User { return auth.Anonymous() }}
	if _, err := v.Object(ctx, "relationship--00000007-0000-4000-8000-000000000000"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
		t.Errorf("relationship to a hidden actor: err = %v, want not found", err)
	}
	for _, limit := range []int{0, 1} {
		objs, err := v.Objects(ctx, telltale.ObjectFilter{Types: []string{"relationship", "identity"}, Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range objs {
			if o.Type == "relationship" {
				t.Errorf("limit %d: relationship to a hidden actor listed", limit)
			}
		}
		if len(objs) == 0 {
			t.Errorf("limit %d: the visible identity is missing", limit)
		}
	}
}

// TestVersionCountOfVisibleVersions: an object whose older version is
// marked counts, for a viewer who may not see that version, only the
// versions the viewer may see.
func TestVersionCountOfVisibleVersions(t *testing.T) {
	ctx := context.Background()
	built := openApp(t)
	db := built.DB
	v1 := `{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--00000004-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Turned Panda","object_marking_refs":["` + auth.TLPAmber + `"]}`
	v2 := `{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--00000004-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-06-01T00:00:00.000Z","name":"Turned Panda"}`
	if _, err := built.Importer.Import(ctx, strings.NewReader(`[`+v1+`,`+v2+`]`), "t", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		u    *auth.User
		want int
	}{
		{&auth.User{Name: "g", Role: auth.RoleReader, Clearance: auth.Green}, 1},
		{&auth.User{Name: "a", Role: auth.RoleReader, Clearance: auth.Amber}, 2},
	} {
		v := &auth.VisibleObjects{ObjectService: db, Viewer: func(context.Context) *auth.User { return tc.u }}
		o, err := v.Object(ctx, "intrusion-set--00000004-0000-4000-8000-000000000000")
		if err != nil || o.Versions != tc.want {
			t.Errorf("%s: %v versions, want %d (%v)", tc.u.Clearance, o, tc.want, err)
		}
	}
}

// TestRefToHiddenObjectInAnotherCase: a UUID is the same in any letter
// case (RFC 4122 reads hex case-insensitively), so a relationship or
// sighting naming a hidden object with upper-case hex is hidden with it.
// It was shown, hidden id and all, in the object API, exports and TAXII
// (found by the re-run of issue #14).
func TestRefToHiddenObjectInAnotherCase(t *testing.T) {
	ctx := context.Background()
	built := openApp(t)
	db := built.DB
	const ts = `"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"`
	bundle := `[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--abcdef07-0000-4000-8000-00000000000a",` + ts + `,"name":"Amber Panda","object_marking_refs":["` + auth.TLPAmber + `"]},
		{"type":"identity","spec_version":"2.1","id":"identity--00000000-0000-4000-8000-000000000009",` + ts + `,"name":"Telecoms","identity_class":"class"},
		{"type":"relationship","spec_version":"2.1","id":"relationship--00000007-0000-4000-8000-000000000000",` + ts + `,"relationship_type":"targets","source_ref":"intrusion-set--ABCDEF07-0000-4000-8000-00000000000A","target_ref":"identity--00000000-0000-4000-8000-000000000009"},
		{"type":"sighting","spec_version":"2.1","id":"sighting--00000007-0000-4000-8000-000000000000",` + ts + `,"sighting_of_ref":"intrusion-set--AbCdEf07-0000-4000-8000-00000000000a"}]`
	if _, err := built.Importer.Import(ctx, strings.NewReader(bundle), "t", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	clear := &auth.User{Name: "c", Role: auth.RoleReader, Clearance: auth.Clear}
	v := &auth.VisibleObjects{ObjectService: db, Viewer: func(context.Context) *auth.User { return clear }}
	for _, id := range []string{"relationship--00000007-0000-4000-8000-000000000000", "sighting--00000007-0000-4000-8000-000000000000"} {
		if _, err := v.Object(ctx, id); telltale.ErrorCode(err) != telltale.ENOTFOUND {
			t.Errorf("%s names a hidden actor in upper case: err = %v, want not found", id, err)
		}
	}
	all, err := db.Objects(ctx, telltale.ObjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	kept, err := v.Shown(ctx, clear, all)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range kept {
		got = append(got, o.ID)
	}
	if len(got) != 1 || got[0] != "identity--00000000-0000-4000-8000-000000000009" {
		t.Errorf("visible with ends = %v, want only the identity", got)
	}
	amber := &auth.User{Name: "a", Role: auth.RoleReader, Clearance: auth.Amber}
	if kept, _ = v.Shown(ctx, amber, all); len(kept) != 4 {
		t.Errorf("a reader cleared for AMBER sees %d objects, want 4", len(kept))
	}
}

// TestShownAfterWrites: what Shown looked up is kept for the state of
// the store it read, per viewer: a report names an AMBER actor, which a
// CLEAR reader is not shown; once the actor is made CLEAR (a new version)
// the reader is shown the reference, and an AMBER reader was shown it
// all along.
func TestShownAfterWrites(t *testing.T) {
	ctx := context.Background()
	built := openApp(t)
	db := built.DB
	const actor = "intrusion-set--0b0b0b0b-0000-4000-8000-000000000001"
	put := func(modified, marking string) {
		t.Helper()
		bundle := `[{"type":"intrusion-set","spec_version":"2.1","id":"` + actor + `","created":"2024-01-01T00:00:00.000Z","modified":"` + modified + `","name":"Turning Panda","object_marking_refs":["` + marking + `"]},
			{"type":"report","spec_version":"2.1","id":"report--0b0b0b0b-0000-4000-8000-000000000002","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"R","published":"2024-01-01T00:00:00Z","object_refs":["` + actor + `"]}]`
		if _, err := built.Importer.Import(ctx, strings.NewReader(bundle), "t", importer.Options{Strict: true}); err != nil {
			t.Fatal(err)
		}
	}
	v := &auth.VisibleObjects{ObjectService: db}
	clear := &auth.User{Name: "c", Role: auth.RoleReader, Clearance: auth.Clear}
	amber := &auth.User{Name: "a", Role: auth.RoleReader, Clearance: auth.Amber}
	names := func(u *auth.User) bool {
		t.Helper()
		reports, err := db.Objects(ctx, telltale.ObjectFilter{Types: []string{"report"}})
		if err != nil {
			t.Fatal(err)
		}
		shown, err := v.Shown(ctx, u, reports)
		if err != nil || len(shown) > 1 {
			t.Fatalf("%v, %d shown", err, len(shown))
		}
		// A report all of whose objects are hidden is not shown: with
		// no object_refs left it would not be a STIX report.
		return len(shown) == 1 && strings.Contains(string(shown[0].Raw), actor)
	}
	put("2024-01-01T00:00:00.000Z", auth.TLPAmber)
	for range 2 {
		if names(clear) || !names(amber) {
			t.Fatalf("AMBER actor: named to CLEAR %v, to AMBER %v", names(clear), names(amber))
		}
	}
	put("2024-02-01T00:00:00.000Z", auth.TLPClear)
	if !names(clear) {
		t.Error("the actor is CLEAR now, and the CLEAR reader is not shown it")
	}
}

// TestReportOfHiddenObjectsNotShown: a CLEAR report that names only an
// AMBER actor is not shown to a CLEAR reader (shown without object_refs it
// would not be STIX 2.1), while a report that also names a visible object
// is shown with that one only.
func TestReportOfHiddenObjectsNotShown(t *testing.T) {
	ctx := context.Background()
	built := openApp(t)
	db := built.DB
	const ts = `"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"`
	const amberActor, clearActor = "intrusion-set--0c0c0c0c-0000-4000-8000-000000000001", "intrusion-set--0c0c0c0c-0000-4000-8000-000000000002"
	bundle := `[{"type":"intrusion-set","spec_version":"2.1","id":"` + amberActor + `",` + ts + `,"name":"Amber Panda","object_marking_refs":["` + auth.TLPAmber + `"]},
		{"type":"intrusion-set","spec_version":"2.1","id":"` + clearActor + `",` + ts + `,"name":"Clear Panda"},
		{"type":"report","spec_version":"2.1","id":"report--0c0c0c0c-0000-4000-8000-000000000003",` + ts + `,"name":"Only hidden","published":"2024-01-01T00:00:00Z","object_refs":["` + amberActor + `"]},
		{"type":"grouping","spec_version":"2.1","id":"grouping--0c0c0c0c-0000-4000-8000-000000000004",` + ts + `,"context":"suspicious-activity","object_refs":["` + amberActor + `","` + clearActor + `"]}]`
	if _, err := built.Importer.Import(ctx, strings.NewReader(bundle), "t", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	all, err := db.Objects(ctx, telltale.ObjectFilter{Types: []string{"report", "grouping"}})
	if err != nil {
		t.Fatal(err)
	}
	clear := &auth.User{Name: "c", Role: auth.RoleReader, Clearance: auth.Clear}
	shown, err := (&auth.VisibleObjects{ObjectService: db}).Shown(ctx, clear, all)
	if err != nil {
		t.Fatal(err)
	}
	if len(shown) != 1 || shown[0].Type != "grouping" {
		t.Fatalf("CLEAR reader shown %d objects, want the grouping only", len(shown))
	}
	if raw := string(shown[0].Raw); strings.Contains(raw, amberActor) || !strings.Contains(raw, clearActor) {
		t.Errorf("grouping shown as %s, want only the CLEAR actor among its refs", raw)
	}
}
