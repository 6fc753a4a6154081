package store_test

// The contract suite of the store: every test runs on each engine the
// machine offers (SQLite always, PostgreSQL when TELLTALE_TEST_POSTGRES is
// set; see storetest), each on a fresh database.

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// openDSN opens (migrating) the database at dsn as the program does: names
// fold with the root's Fold, which the store uses, with nothing to set.
func openDSN(t testing.TB, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// forEachEngine runs fn as a subtest per engine, on a fresh database.
func forEachEngine(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	storetest.Run(t, func(t *testing.T, dsn string) { fn(t, openDSN(t, dsn)) })
}

func mustParse(t testing.TB, js string) *stix.Object {
	t.Helper()
	o, err := stix.Parse([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	if err := stix.Validate(o); err != nil {
		t.Fatalf("invalid test object: %v", err)
	}
	return o
}

func intrusionSet(id, modified, name string, aliases ...string) string {
	al := ""
	if len(aliases) > 0 {
		al = `,"aliases":["` + strings.Join(aliases, `","`) + `"]`
	}
	return fmt.Sprintf(`{"type":"intrusion-set","spec_version":"2.1","id":"%s","created":"2020-01-01T00:00:00.000Z","modified":"%s","name":"%s","description":"Targets telecommunications carriers."%s}`, id, modified, name, al)
}

func relationship(id, modified, source, typ, target string, revoked bool) string {
	return fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"%s","created":"2020-01-01T00:00:00.000Z","modified":"%s","relationship_type":"%s","source_ref":"%s","target_ref":"%s","revoked":%t}`, id, modified, typ, source, target, revoked)
}

func ipv4(i int) string {
	return fmt.Sprintf(`{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--%08x-0000-4000-8000-000000000000","value":"10.%d.%d.%d"}`, i, i>>16&255, i>>8&255, i&255)
}

const (
	isID     = "intrusion-set--269e8108-68c6-4f99-b911-14b2e765dec2"
	is2ID    = "intrusion-set--0d9e9a03-0bff-5feb-b4bb-0f240933f5e7"
	sectorID = "identity--2b1bd6a3-0f3e-5bd4-9d1a-1f1a2ce0a7f4"
	relID    = "relationship--4e5a5a0c-2f7a-4c1e-9e43-3d1f9b8f2a11"
)

const sector = `{"type":"identity","spec_version":"2.1","id":"` + sectorID + `","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Communication","identity_class":"class"}`

func put(t testing.TB, db *store.DB, objs ...string) []store.Outcome {
	t.Helper()
	out, err := tryPut(db, objs...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func tryPut(db *store.DB, objs ...string) ([]store.Outcome, error) {
	ctx := context.Background()
	tx, err := db.Begin(ctx, "test", "stix")
	if err != nil {
		return nil, err
	}
	var out []store.Outcome
	for _, js := range objs {
		o, err := stix.Parse([]byte(js))
		if err != nil {
			tx.Rollback()
			return nil, err
		}
		oc, err := tx.Put(ctx, o)
		if err != nil {
			tx.Rollback()
			return nil, err
		}
		out = append(out, oc)
	}
	return out, tx.Commit(ctx, &telltale.ImportResult{})
}

func TestPut(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		t.Run("AddedThenUnchanged", func(t *testing.T) {
			v1 := intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater", "Static Kitten")
			if got := put(t, db, v1); got[0] != store.Added {
				t.Fatalf("first put = %v, want Added", got[0])
			}
			if got := put(t, db, v1); got[0] != store.Unchanged {
				t.Fatalf("second put = %v, want Unchanged", got[0])
			}
			// The same JSON with other spacing and key order is the same version.
			respaced := strings.Replace(strings.Replace(v1, `,"name"`, `, "name"`, 1), `"spec_version":"2.1",`, "", 1) + ""
			respaced = strings.Replace(respaced, `{"type"`, `{"spec_version": "2.1", "type"`, 1)
			if got := put(t, db, respaced); got[0] != store.Unchanged {
				t.Fatalf("respaced put = %v, want Unchanged", got[0])
			}
			vs, err := db.ObjectVersions(ctx, isID)
			if err != nil || len(vs) != 1 {
				t.Fatalf("versions = %d, %v; want 1", len(vs), err)
			}
		})
		t.Run("NewerModifiedIsNewVersion", func(t *testing.T) {
			if got := put(t, db, intrusionSet(isID, "2022-01-01T00:00:00.000Z", "MuddyWater", "Seedworm")); got[0] != store.Updated {
				t.Fatalf("put = %v, want Updated", got[0])
			}
			o, err := db.Object(ctx, isID)
			if err != nil {
				t.Fatal(err)
			}
			if o.Modified != "2022-01-01T00:00:00.000Z" || o.Versions != 2 {
				t.Errorf("current = %s with %d versions, want 2022 with 2", o.Modified, o.Versions)
			}
			if names, _ := db.NamesByKey(ctx, "seedworm"); len(names) != 1 {
				t.Errorf("alias of the new version not indexed: %v", names)
			}
			if names, _ := db.NamesByKey(ctx, "statickitten"); len(names) != 0 {
				t.Errorf("alias dropped by the new version still indexed: %v", names)
			}
			if hits, _ := db.Search(ctx, "seedworm", 10); len(hits) != 1 || hits[0].ID != isID {
				t.Errorf("Search(seedworm) = %v, want the new version's alias", hits)
			}
		})
		t.Run("OlderVersionKeptAsHistory", func(t *testing.T) {
			if got := put(t, db, intrusionSet(isID, "2020-06-01T00:00:00.000Z", "MuddyWater", "Old Name")); got[0] != store.Updated {
				t.Fatalf("put = %v, want Updated", got[0])
			}
			o, _ := db.Object(ctx, isID)
			if o.Modified != "2022-01-01T00:00:00.000Z" || o.Versions != 3 {
				t.Errorf("current = %s with %d versions, want the 2022 version of 3", o.Modified, o.Versions)
			}
			vs, _ := db.ObjectVersions(ctx, isID)
			var mods []string
			for _, v := range vs {
				mods = append(mods, v.Modified)
			}
			if want := "2020-06-01T00:00:00.000Z 2021-01-01T00:00:00.000Z 2022-01-01T00:00:00.000Z"; strings.Join(mods, " ") != want {
				t.Errorf("versions = %v, want oldest modified first: %s", mods, want)
			}
			if names, _ := db.NamesByKey(ctx, "oldname"); len(names) != 0 {
				t.Errorf("alias of an older version indexed: %v", names)
			}
		})
		t.Run("ErrInvalidSameModifiedOtherContent", func(t *testing.T) {
			tx, err := db.Begin(ctx, "test", "stix")
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			_, err = tx.Put(ctx, mustParse(t, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater", "Other")))
			if telltale.ErrorCode(err) != telltale.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
		})
		t.Run("RollbackKeepsNothing", func(t *testing.T) {
			before, _ := db.Stats(ctx)
			tx, err := db.Begin(ctx, "test", "stix")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Put(ctx, mustParse(t, intrusionSet(is2ID, "2021-01-01T00:00:00.000Z", "LightBasin"))); err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Put(ctx, mustParse(t, intrusionSet(isID, "2023-01-01T00:00:00.000Z", "MuddyWater"))); err != nil {
				t.Fatal(err)
			}
			tx.Rollback()
			if _, err := db.Object(ctx, is2ID); telltale.ErrorCode(err) != telltale.ENOTFOUND {
				t.Fatalf("after rollback: err = %v, want ENOTFOUND", err)
			}
			after, _ := db.Stats(ctx)
			if fmt.Sprint(before) != fmt.Sprint(after) {
				t.Errorf("stats after rollback = %+v, want %+v", after, before)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			if _, err := db.Object(ctx, is2ID); telltale.ErrorCode(err) != telltale.ENOTFOUND {
				t.Errorf("Object: err = %v, want ENOTFOUND", err)
			}
			if _, err := db.ObjectVersions(ctx, is2ID); telltale.ErrorCode(err) != telltale.ENOTFOUND {
				t.Errorf("ObjectVersions: err = %v, want ENOTFOUND", err)
			}
		})
	})
}

// Several versions of one object in one import, in any order, end as if
// imported one by one.
func TestPutVersionsInOneImport(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		var objs []string
		for i := range 1200 { // more than one write batch between the versions
			objs = append(objs, ipv4(i))
			switch i {
			case 10:
				objs = append(objs, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater", "Static Kitten"))
			case 600:
				objs = append(objs, intrusionSet(isID, "2023-01-01T00:00:00.000Z", "MuddyWater", "Seedworm"))
			case 601:
				objs = append(objs, intrusionSet(isID, "2022-01-01T00:00:00.000Z", "MuddyWater", "Mercury"))
			case 602:
				objs = append(objs, intrusionSet(isID, "2023-01-01T00:00:00.000Z", "MuddyWater", "Seedworm"))
			}
		}
		objs = append(objs, ipv4(5)) // a repeat in the same import
		got := put(t, db, objs...)
		var counts [3]int
		for _, o := range got {
			counts[o]++
		}
		if counts != [3]int{1201, 2, 2} {
			t.Errorf("added, updated, unchanged = %v, want [1201 2 2]", counts)
		}
		o, err := db.Object(ctx, isID)
		if err != nil {
			t.Fatal(err)
		}
		if o.Modified != "2023-01-01T00:00:00.000Z" || o.Versions != 3 {
			t.Errorf("current = %s with %d versions, want 2023 of 3", o.Modified, o.Versions)
		}
		names, _ := db.NamesByKey(ctx, "seedworm")
		old, _ := db.NamesByKey(ctx, "mercury")
		if len(names) != 1 || len(old) != 0 {
			t.Errorf("names: seedworm %v, mercury %v; want only the current version's", names, old)
		}
		s, _ := db.Stats(ctx)
		if s.Objects != 1201 || s.Versions != 1203 || s.Names != 2 {
			t.Errorf("stats = %+v, want 1201 objects, 1203 versions, 2 names", s)
		}
	})
}

// TestPrefetch: answers looked up ahead serve each id's next Put only; a
// repeat, or an id written since, is asked again. The outcomes are those
// of Puts without Prefetch.
func TestPrefetch(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		v1 := intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater", "Static Kitten")
		v2 := intrusionSet(isID, "2022-01-01T00:00:00.000Z", "MuddyWater", "Mercury")
		v3 := intrusionSet(isID, "2023-01-01T00:00:00.000Z", "MuddyWater", "Seedworm")
		put(t, db, sector, v1)
		tx, err := db.Begin(ctx, "test", "stix")
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		step := func(js string, want store.Outcome) {
			t.Helper()
			o, err := stix.Parse([]byte(js))
			if err != nil {
				t.Fatal(err)
			}
			if got, err := tx.Put(ctx, o); err != nil || got != want {
				t.Fatalf("put %s: %v, %v; want %v", o.Modified, got, err, want)
			}
		}
		if err := tx.Prefetch(ctx, []string{isID, is2ID, isID, sectorID}); err != nil {
			t.Fatal(err)
		}
		step(v1, store.Unchanged)
		step(v2, store.Updated)
		step(intrusionSet(is2ID, "2021-01-01T00:00:00.000Z", "OilRig"), store.Added)
		step(v2, store.Unchanged) // written since the prefetch
		step(sector, store.Unchanged)
		if err := tx.Prefetch(ctx, []string{isID}); err != nil { // in the batch: asked at Put
			t.Fatal(err)
		}
		step(v3, store.Updated)
		if err := tx.Commit(ctx, &telltale.ImportResult{}); err != nil {
			t.Fatal(err)
		}
		o, err := db.Object(ctx, isID)
		if err != nil || o.Modified != "2023-01-01T00:00:00.000Z" || o.Versions != 3 {
			t.Fatalf("current = %+v, %v; want 2023 of 3 versions", o, err)
		}
	})
}

func TestDateAddedStrictlyIncreasing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dsn string) {
		db := openDSN(t, dsn)
		fixed := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return fixed } // a clock that never moves
		var objs []string
		for i := range 10000 {
			objs = append(objs, ipv4(i))
		}
		put(t, db, objs...)
		got, err := db.Objects(context.Background(), telltale.ObjectFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 10000 {
			t.Fatalf("got %d objects, want 10000", len(got))
		}
		for i := 1; i < len(got); i++ {
			if got[i].DateAdded <= got[i-1].DateAdded || got[i].Seq <= got[i-1].Seq {
				t.Fatalf("object %d: date_added %s not after %s", i, got[i].DateAdded, got[i-1].DateAdded)
			}
		}
		if len(got[0].DateAdded) != len("2026-01-01T00:00:00.000000Z") {
			t.Errorf("date_added %q is not in the fixed-width layout", got[0].DateAdded)
		}
		// And across a reopen, with a clock running behind (another node's).
		db.Close()
		db2, err := store.Open(context.Background(), dsn, false)
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		db2.Now = func() time.Time { return fixed.Add(-time.Hour) }
		put(t, db2, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"))
		o, _ := db2.Object(context.Background(), isID)
		if o.DateAdded <= got[len(got)-1].DateAdded || o.Seq <= got[len(got)-1].Seq {
			t.Fatalf("after reopen: %s (seq %d) not after %s (seq %d)", o.DateAdded, o.Seq, got[len(got)-1].DateAdded, got[len(got)-1].Seq)
		}
	})
}

// Paging by seq: a reader that asks for what follows the last seq it saw
// gets every object once, also when imports come between the pages.
func TestObjectsPaging(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		var objs []string
		for i := range 250 {
			objs = append(objs, ipv4(i))
		}
		put(t, db, objs...)
		seen := map[string]int{}
		var after int64
		for page := 0; ; page++ {
			got, err := db.Objects(ctx, telltale.ObjectFilter{AfterSeq: after, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				break
			}
			for _, o := range got {
				seen[o.ID]++
				if o.Seq <= after {
					t.Fatalf("page %d: seq %d not after cursor %d", page, o.Seq, after)
				}
				after = o.Seq
			}
			if page == 0 {
				put(t, db, ipv4(1000), intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"))
			}
		}
		if len(seen) != 252 {
			t.Errorf("paged %d objects, want 252", len(seen))
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("%s seen %d times", id, n)
			}
		}
		// A new version moves the object to the end of the order.
		put(t, db, intrusionSet(isID, "2022-01-01T00:00:00.000Z", "MuddyWater"))
		got, _ := db.Objects(ctx, telltale.ObjectFilter{AfterSeq: after})
		if len(got) != 1 || got[0].ID != isID || got[0].Modified != "2022-01-01T00:00:00.000Z" {
			t.Errorf("after the last cursor: %v, want the new version", got)
		}
		typed, _ := db.Objects(ctx, telltale.ObjectFilter{Types: []string{"intrusion-set"}, IDs: []string{isID, is2ID}})
		if len(typed) != 1 {
			t.Errorf("filter by type and ids: %d objects, want 1", len(typed))
		}
	})
}

func TestNames(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		put(t, db,
			`{"type":"intrusion-set","spec_version":"2.1","id":"`+isID+`","created":"2020-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"MuddyWater","aliases":["MuddyWater","Static Kitten","TEMP.Zagros"],
			"x_mitre_aliases":["Seedworm"],"x_telltale_alias_claims":[{"name":"Mercury","named_by":"Microsoft"},{"name":"TEMP.Zagros","named_by":"Mandiant"}],
			"external_references":[{"source_name":"mitre-attack","external_id":"G0069","url":"https://attack.mitre.org/groups/G0069"}]}`,
			intrusionSet(is2ID, "2021-01-01T00:00:00.000Z", "ATK 51", "TEMP Zagros"),
		)
		got, err := db.NamesByKey(ctx, "tempzagros")
		if err != nil {
			t.Fatal(err)
		}
		var desc []string
		for _, n := range got {
			desc = append(desc, n.ObjectID[:17]+" "+n.Name+" "+n.Kind+" "+n.NamedBy)
		}
		want := []string{
			"intrusion-set--0d TEMP Zagros alias ",
			"intrusion-set--26 TEMP.Zagros alias Mandiant",
		}
		if strings.Join(desc, "\n") != strings.Join(want, "\n") {
			t.Errorf("NamesByKey(tempzagros) =\n%s\nwant\n%s", strings.Join(desc, "\n"), strings.Join(want, "\n"))
		}
		if got, _ := db.NamesByKey(ctx, "g0069"); len(got) != 1 || got[0].Kind != "external_id" || got[0].NamedBy != "MITRE" {
			t.Errorf("ATT&CK id: %+v", got)
		}
		if got, _ := db.NamesByKey(ctx, "mercury"); len(got) != 1 || got[0].NamedBy != "Microsoft" {
			t.Errorf("alias claim: %+v", got)
		}
		all, err := db.AllNames(ctx)
		if err != nil {
			t.Fatal(err)
		}
		checkNameKeys(t, "AllNames", all, "seedworm mercury tempzagros statickitten g0069 muddywater tempzagros atk51")
	})
}

func sameWords(a, b string) bool {
	x, y := strings.Fields(a), strings.Fields(b)
	sort.Strings(x)
	sort.Strings(y)
	return strings.Join(x, " ") == strings.Join(y, " ")
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		put(t, db,
			intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater", "Static Kitten", "TEMP.Zagros"),
			intrusionSet(is2ID, "2021-01-01T00:00:00.000Z", "LightBasin", "UNC1945"),
			`{"type":"malware","spec_version":"2.1","id":"malware--3c8e5a6e-0e1a-4a3b-9d5e-2f1b1c9e6f01","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Équipe Backdoor","is_family":true,"description":"Used by the group tracked as apt-c-23 against Android users of messaging apps."}`,
			`{"type":"malware","spec_version":"2.1","id":"malware--3c8e5a6e-0e1a-4a3b-9d5e-2f1b1c9e6f02","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Static Kitten Loader","is_family":true,"revoked":true}`,
			`{"type":"tool","spec_version":"2.1","id":"tool--3c8e5a6e-0e1a-4a3b-9d5e-2f1b1c9e6f03","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Kitten Scanner","description":"Scans for static routes."}`,
		)
		for _, tt := range []struct{ query, want string }{
			{"Static Kitten", "MuddyWater"}, // alias key first, before full-text matches
			{"temp zagros", "MuddyWater"},
			{"TEMP.Zagros", "MuddyWater"},
			{"zagros", "MuddyWater"}, // full text splits on punctuation
			{"unc1945", "LightBasin"},
			{"lightba", "LightBasin"}, // prefix, full text
			{"equipe", "Équipe Backdoor"},
			{"équipe backd", "Équipe Backdoor"},
			{"APT-C-23", "Équipe Backdoor"},
			{"android messag", "Équipe Backdoor"},
		} {
			hits, err := db.Search(ctx, tt.query, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) == 0 || hits[0].Name != tt.want {
				t.Errorf("Search(%q) = %v, want %s first", tt.query, hitNames(hits), tt.want)
			}
		}
		if hits, _ := db.Search(ctx, "Static Kitten", 10); len(hits) != 2 || hits[0].Matched != "Static Kitten" || hits[1].Name != "Kitten Scanner" {
			t.Errorf("Search(Static Kitten) = %v, want MuddyWater by alias then Kitten Scanner, without the revoked malware", hitNames(hits))
		}
		if hits, _ := db.Search(ctx, "android", 10); len(hits) != 1 || !strings.Contains(hits[0].Snippet, "Android") {
			t.Errorf("Search(android) = %+v, want a snippet of the description", hits)
		}
		for _, q := range []string{`"); DROP TABLE current; --`, `'); DROP TABLE current; --`, `a:* | b`, `*`, `&&`, `NEAR(a b)`} {
			if _, err := db.Search(ctx, q, 10); err != nil {
				t.Errorf("Search(%q): %v", q, err)
			}
		}
		if hits, _ := db.Search(ctx, `"); DROP TABLE current; --`, 10); len(hits) != 0 {
			t.Errorf("hostile query matched %v", hitNames(hits))
		}
		if hits, _ := db.Search(ctx, "telecommunications", 10); len(hits) != 2 {
			t.Errorf("description search found %v, want 2", hitNames(hits))
		}
		if hits, _ := db.Search(ctx, "telecommunications", 1); len(hits) != 1 {
			t.Errorf("limit 1: %d hits", len(hits))
		}
		// A new version replaces the full-text entry.
		put(t, db, intrusionSet(is2ID, "2022-01-01T00:00:00.000Z", "Liminal Panda"))
		if hits, _ := db.Search(ctx, "lightba", 10); len(hits) != 0 {
			t.Errorf("old name still found: %v", hitNames(hits))
		}
		if hits, _ := db.Search(ctx, "limin", 10); len(hits) != 1 {
			t.Errorf("new name not found: %v", hitNames(hits))
		}
	})
}

func hitNames(hits []*telltale.SearchHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Name)
	}
	return out
}

func TestRelationshipsAndStats(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		put(t, db,
			intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"),
			sector,
			relationship(relID, "2020-01-01T00:00:00.000Z", isID, "targets", sectorID, false),
		)
		rels, err := db.Relationships(ctx, telltale.RelationshipFilter{Target: sectorID, Type: "targets"})
		if err != nil || len(rels) != 1 || rels[0].Source != isID {
			t.Fatalf("relationships = %v, %v", rels, err)
		}
		if rels, _ := db.Relationships(ctx, telltale.RelationshipFilter{Source: isID, Types: []string{"uses", "targets"}}); len(rels) != 1 {
			t.Errorf("by source and types: %v", rels)
		}
		if rels, _ := db.Relationships(ctx, telltale.RelationshipFilter{Source: sectorID}); len(rels) != 0 {
			t.Errorf("by the wrong end: %v", rels)
		}
		s, err := db.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Objects != 3 || s.Versions != 3 || s.Relationships != 1 || s.ByType["intrusion-set"] != 1 || s.Revoked != 0 {
			t.Errorf("stats = %+v", s)
		}
		// Revoking the relationship takes it out of the index.
		put(t, db, relationship(relID, "2021-01-01T00:00:00.000Z", isID, "targets", sectorID, true))
		if rels, _ := db.Relationships(ctx, telltale.RelationshipFilter{Target: sectorID}); len(rels) != 0 {
			t.Errorf("revoked relationship listed: %v", rels)
		}
		s, _ = db.Stats(ctx)
		if s.Objects != 3 || s.Versions != 4 || s.Revoked != 1 {
			t.Errorf("stats after revoking = %+v", s)
		}
		if objs, _ := db.Objects(ctx, telltale.ObjectFilter{}); len(objs) != 2 {
			t.Errorf("Objects lists %d, want 2 without the revoked one", len(objs))
		}
		if objs, _ := db.Objects(ctx, telltale.ObjectFilter{IncludeRevoked: true}); len(objs) != 3 {
			t.Errorf("Objects with revoked lists %d, want 3", len(objs))
		}
	})
}

// New objects' rows go in with INSERT OR IGNORE on SQLite (no statement
// journal): a relationship row left over from an object no longer stored
// is overwritten, not kept, and versions are numbered in order across
// batches and chunks.
func TestNewRowsOverLeftovers(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		objs := []string{intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"), sector}
		for i := range 1500 {
			objs = append(objs, ipv4(i))
		}
		objs = append(objs, relationship(relID, "2020-01-01T00:00:00.000Z", isID, "targets", sectorID, false))
		// A left-over row under the rid the relationship will get (the
		// sequence number of its first version).
		if _, err := db.SQL().ExecContext(ctx, `INSERT INTO relationships (rid, source_ref, relationship_type, target_ref, revoked)
			VALUES ($1, $2, 'uses', $3, 0)`, len(objs), is2ID, sectorID); err != nil {
			t.Fatal(err)
		}
		put(t, db, objs...)
		rels, err := db.Relationships(ctx, telltale.RelationshipFilter{Target: sectorID})
		if err != nil || len(rels) != 1 || rels[0].Source != isID || rels[0].Type != "targets" {
			t.Fatalf("relationships = %v, %v", rels, err)
		}
		all, err := db.Objects(ctx, telltale.ObjectFilter{})
		if err != nil || len(all) != len(objs) {
			t.Fatalf("%d objects, %v", len(all), err)
		}
		for i, o := range all {
			if o.Seq != int64(i+1) {
				t.Fatalf("object %d (%s) numbered %d", i, o.ID, o.Seq)
			}
		}
		last, err := db.LastSeq(ctx)
		if err != nil || last != int64(len(objs)) {
			t.Fatalf("last seq %d, %v", last, err)
		}
	})
}

// Markings and other properties the store does not index survive exactly.
func TestLossless(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		js := `{"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z",` +
			`"name":"C2 \u00e9\u0000","pattern":"[ipv4-addr:value = '198.51.100.1']","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z",` +
			`"object_marking_refs":["marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"],"x_custom":{"deep":[1,2.50,"ü"]}}`
		put(t, db, js)
		o, err := db.Object(ctx, "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")
		if err != nil {
			t.Fatal(err)
		}
		if string(o.Raw) != js {
			t.Errorf("raw =\n%s\nwant\n%s", o.Raw, js)
		}
	})
}

func TestOpenOutdatedSchema(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dsn string) {
		_, err := store.Open(context.Background(), dsn, false)
		if err == nil || !strings.Contains(telltale.ErrorMessage(err), "telltale migrate") {
			t.Fatalf("err = %v, want advice to run telltale migrate", err)
		}
		db, err := store.Open(context.Background(), dsn, true)
		if err != nil {
			t.Fatal(err)
		}
		pending, err := db.Pending(context.Background())
		db.Close()
		if err != nil || len(pending) != 0 {
			t.Fatalf("after migrating: pending %v, %v", pending, err)
		}
		db, err = store.Open(context.Background(), dsn, false)
		if err != nil {
			t.Fatalf("up-to-date schema refused: %v", err)
		}
		db.Close()
	})
}

// Two handles on one database stand for two nodes (or two processes on one
// SQLite file).
// Every pass of ObjectPasses reads the state the first one read, while
// imports change the store between passes; once it returns, reads see
// the imports.
func TestObjectPasses(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		put(t, db, ipv4(1), ipv4(2), intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"))
		var passes [][]string
		err := db.ObjectPasses(ctx, telltale.ObjectFilter{}, func(each func(yield func(*telltale.Object) error) error) error {
			for pass := range 3 {
				var got []string
				if err := each(func(o *telltale.Object) error {
					got = append(got, o.ID+" "+o.Modified)
					return nil
				}); err != nil {
					return err
				}
				passes = append(passes, got)
				if pass == 0 {
					// A new object and a new version of one read.
					put(t, db, ipv4(3), intrusionSet(isID, "2022-01-01T00:00:00.000Z", "MuddyWater"))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(passes[0]) != 3 || !slices.Equal(passes[0], passes[1]) || !slices.Equal(passes[0], passes[2]) {
			t.Errorf("passes read %q", passes)
		}
		after, err := db.Objects(ctx, telltale.ObjectFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != 4 || after[3].ID != isID || after[3].Modified != "2022-01-01T00:00:00.000Z" {
			t.Errorf("after the passes: %d objects, the last %s %s", len(after), after[len(after)-1].ID, after[len(after)-1].Modified)
		}
		stop := errors.New("stop")
		if err := db.ObjectPasses(ctx, telltale.ObjectFilter{}, func(each func(yield func(*telltale.Object) error) error) error {
			return each(func(*telltale.Object) error { return stop })
		}); !errors.Is(err, stop) {
			t.Errorf("a pass's error gave %v", err)
		}
	})
}

func openTwo(t *testing.T, dsn string) (*store.DB, *store.DB) {
	a := openDSN(t, dsn)
	b, err := store.Open(context.Background(), dsn, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return a, b
}

func TestTwoNodes(t *testing.T) {
	ctx := context.Background()
	storetest.Run(t, func(t *testing.T, dsn string) {
		a, b := openTwo(t, dsn)
		t.Run("ImportVisibleAtOnce", func(t *testing.T) {
			put(t, a, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater", "Static Kitten"))
			if o, err := b.Object(ctx, isID); err != nil || o.Name != "MuddyWater" {
				t.Fatalf("through the other node: %v, %v", o, err)
			}
			if hits, _ := b.Search(ctx, "static kitten", 5); len(hits) != 1 {
				t.Errorf("search through the other node: %v", hitNames(hits))
			}
		})
		t.Run("ConcurrentOverlappingImports", func(t *testing.T) {
			// Four bundles sharing most objects, two versions of one object,
			// imported at once through both nodes, several times over.
			bundle := func(k int) []string {
				var objs []string
				for i := range 600 {
					objs = append(objs, ipv4(k*100+i))
				}
				return append(objs, intrusionSet(is2ID, fmt.Sprintf("202%d-01-01T00:00:00.000Z", k), "LightBasin"))
			}
			var wg sync.WaitGroup
			errs := make(chan error, 16)
			for round := range 2 {
				for k := range 4 {
					node := a
					if k%2 == 1 {
						node = b
					}
					wg.Add(1)
					go func() {
						defer wg.Done()
						if _, err := tryPut(node, bundle(k)...); err != nil {
							errs <- fmt.Errorf("round %d bundle %d: %w", round, k, err)
						}
					}()
				}
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			s, _ := a.Stats(ctx)
			// 900 addresses, 2 intrusion sets; versions: 900 + 1 + 4.
			if s.Objects != 902 || s.Versions != 905 {
				t.Errorf("stats = %+v, want 902 objects, 905 versions (as imported one after the other)", s)
			}
			o, _ := b.Object(ctx, is2ID)
			if o == nil || o.Modified != "2023-01-01T00:00:00.000Z" || o.Versions != 4 {
				t.Errorf("current LightBasin = %+v, want the 2023 version of 4", o)
			}
			all, _ := b.Objects(ctx, telltale.ObjectFilter{IncludeRevoked: true})
			for i := 1; i < len(all); i++ {
				if all[i].Seq <= all[i-1].Seq || all[i].DateAdded <= all[i-1].DateAdded {
					t.Fatalf("order broken at %d: seq %d after %d, date_added %s after %s", i, all[i].Seq, all[i-1].Seq, all[i].DateAdded, all[i-1].DateAdded)
				}
			}
		})
		t.Run("CursorValidAcrossNodes", func(t *testing.T) {
			page, err := a.Objects(ctx, telltale.ObjectFilter{Limit: 500})
			if err != nil || len(page) != 500 {
				t.Fatalf("first page: %d, %v", len(page), err)
			}
			rest, err := b.Objects(ctx, telltale.ObjectFilter{AfterSeq: page[len(page)-1].Seq})
			if err != nil {
				t.Fatal(err)
			}
			if len(page)+len(rest) != 902 || rest[0].Seq <= page[len(page)-1].Seq {
				t.Errorf("pages through two nodes: %d + %d, want 902", len(page), len(rest))
			}
		})
		t.Run("LeaderLockRunsOnce", func(t *testing.T) {
			started, release := make(chan struct{}), make(chan struct{})
			var ran1 bool
			var err1 error
			done := make(chan struct{})
			go func() {
				defer close(done)
				ran1, err1 = a.WithLeaderLock(ctx, "clusters", func() error { close(started); <-release; return nil })
			}()
			<-started
			other := b
			if a.Engine() == "sqlite" {
				other = a // the SQLite lock holds within one process
			}
			ran2, err2 := other.WithLeaderLock(ctx, "clusters", func() error { return nil })
			ran3, err3 := other.WithLeaderLock(ctx, "feeds", func() error { return nil })
			close(release)
			<-done
			if !ran1 || err1 != nil || ran2 || err2 != nil || !ran3 || err3 != nil {
				t.Errorf("ran = %v %v %v, errs = %v %v %v; want the second call on the same name skipped", ran1, ran2, ran3, err1, err2, err3)
			}
			if ran, err := b.WithLeaderLock(ctx, "clusters", func() error { return nil }); !ran || err != nil {
				t.Errorf("after release: ran %v, %v", ran, err)
			}
		})
	})
}

func TestPostgresUnreachableIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := store.Open(ctx, "postgres://postgres@127.0.0.1:1/telltale?sslmode=disable&connect_timeout=2", true)
	if telltale.ErrorCode(err) != telltale.EUNAVAILABLE {
		t.Fatalf("err = %v (%s), want EUNAVAILABLE", err, telltale.ErrorCode(err))
	}
}

func TestOpenSQLitePrefix(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x", "t.db")
	db, err := store.Open(context.Background(), "sqlite:"+path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Path() != path || db.Engine() != "sqlite" {
		t.Errorf("path %s engine %s", db.Path(), db.Engine())
	}
}

// A connection lost in the middle of an import (here the server ends it,
// as a restart does) fails the import with EUNAVAILABLE, keeps nothing of
// it, and the next import works without reopening the store.
func TestImportConnectionLost(t *testing.T) {
	ctx := context.Background()
	storetest.Run(t, func(t *testing.T, dsn string) {
		a, b := openTwo(t, dsn)
		if a.Engine() != "postgres" {
			t.Skip("a server ending connections is PostgreSQL's fault")
		}
		put(t, a, ipv4(1))
		tx, err := a.Begin(ctx, "test", "stix")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Put(ctx, mustParse(t, ipv4(2))); err != nil {
			t.Fatal(err)
		}
		if _, err := b.SQL().ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
			t.Fatal(err)
		}
		_, err = tx.Put(ctx, mustParse(t, ipv4(3)))
		if telltale.ErrorCode(err) != telltale.EUNAVAILABLE {
			t.Errorf("Put after the connection was lost: %v, want EUNAVAILABLE", err)
		}
		if err := tx.Commit(ctx, nil); telltale.ErrorCode(err) != telltale.EUNAVAILABLE {
			t.Errorf("Commit: %v, want EUNAVAILABLE", err)
		}
		if _, err := b.Object(ctx, "ipv4-addr--00000002-0000-4000-8000-000000000000"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
			t.Errorf("object of the lost import: %v, want ENOTFOUND", err)
		}
		put(t, a, ipv4(2), ipv4(3))
		if s, err := a.Stats(ctx); err != nil || s.Objects != 3 {
			t.Errorf("after recovery: %+v, %v", s, err)
		}
	})
}

func TestLease(t *testing.T) {
	ctx := context.Background()
	storetest.Run(t, func(t *testing.T, dsn string) {
		a, b := openTwo(t, dsn)
		clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		a.Now = func() time.Time { return clock }
		b.Now = a.Now
		take := func(db *store.DB, holder string) bool {
			t.Helper()
			ok, err := db.Lease(ctx, "feeds", holder, 10*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !take(a, "node-a") || take(b, "node-b") {
			t.Fatal("first taker should hold the lease, the second not")
		}
		clock = clock.Add(5 * time.Minute)
		if !take(a, "node-a") || take(b, "node-b") {
			t.Fatal("the holder renews; the other still waits")
		}
		clock = clock.Add(11 * time.Minute) // node-a stopped renewing
		if !take(b, "node-b") || take(a, "node-a") {
			t.Fatal("after the lease ran out the other node takes it")
		}
		if err := b.ReleaseLease(ctx, "feeds", "node-b"); err != nil {
			t.Fatal(err)
		}
		if !take(a, "node-a") {
			t.Fatal("a released lease is free at once")
		}
	})
}
