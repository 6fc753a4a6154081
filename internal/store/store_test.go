package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/store"
)

// openTest opens an empty database in a temporary directory.
func openTest(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	db.Fold = func(s string) string {
		return strings.NewReplacer(" ", "", "-", "", ".", "").Replace(strings.ToLower(s))
	}
	t.Cleanup(func() { db.Close() })
	return db
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

const isID = "intrusion-set--269e8108-68c6-4f99-b911-14b2e765dec2"

func put(t testing.TB, db *store.DB, objs ...string) []store.Outcome {
	t.Helper()
	ctx := context.Background()
	tx, err := db.Begin(ctx, "test", "stix")
	if err != nil {
		t.Fatal(err)
	}
	var out []store.Outcome
	for _, js := range objs {
		o, err := tx.Put(ctx, mustParse(t, js))
		if err != nil {
			tx.Rollback()
			t.Fatal(err)
		}
		out = append(out, o)
	}
	if err := tx.Commit(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPut(t *testing.T) {
	ctx := context.Background()
	t.Run("AddedThenUnchanged", func(t *testing.T) {
		db := openTest(t)
		v1 := intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater", "Static Kitten")
		if got := put(t, db, v1); got[0] != store.Added {
			t.Fatalf("first put = %v, want Added", got[0])
		}
		if got := put(t, db, v1); got[0] != store.Unchanged {
			t.Fatalf("second put = %v, want Unchanged", got[0])
		}
		vs, err := db.ObjectVersions(ctx, isID)
		if err != nil || len(vs) != 1 {
			t.Fatalf("versions = %d, %v; want 1", len(vs), err)
		}
	})
	t.Run("NewerModifiedIsNewVersion", func(t *testing.T) {
		db := openTest(t)
		put(t, db, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"))
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
	})
	t.Run("OlderVersionKeptAsHistory", func(t *testing.T) {
		db := openTest(t)
		put(t, db, intrusionSet(isID, "2022-01-01T00:00:00.000Z", "MuddyWater", "Seedworm"))
		put(t, db, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"))
		o, _ := db.Object(ctx, isID)
		if o.Modified != "2022-01-01T00:00:00.000Z" {
			t.Errorf("current modified = %s, want the newer 2022 version", o.Modified)
		}
		vs, _ := db.ObjectVersions(ctx, isID)
		if len(vs) != 2 || vs[0].Modified != "2021-01-01T00:00:00.000Z" {
			t.Errorf("versions = %d, want 2, oldest first", len(vs))
		}
	})
	t.Run("ErrConflictSameModifiedOtherContent", func(t *testing.T) {
		db := openTest(t)
		put(t, db, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"))
		tx, _ := db.Begin(ctx, "test", "stix")
		defer tx.Rollback()
		_, err := tx.Put(ctx, mustParse(t, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater", "Other")))
		if telltale.ErrorCode(err) != telltale.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
	})
	t.Run("RollbackKeepsNothing", func(t *testing.T) {
		db := openTest(t)
		tx, _ := db.Begin(ctx, "test", "stix")
		if _, err := tx.Put(ctx, mustParse(t, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"))); err != nil {
			t.Fatal(err)
		}
		tx.Rollback()
		if _, err := db.Object(ctx, isID); telltale.ErrorCode(err) != telltale.ENOTFOUND {
			t.Fatalf("after rollback: err = %v, want ENOTFOUND", err)
		}
	})
}

func TestDateAddedStrictlyIncreasing(t *testing.T) {
	db := openTest(t)
	fixed := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return fixed } // a clock that never moves
	var objs []string
	for i := 0; i < 10000; i++ {
		objs = append(objs, fmt.Sprintf(`{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--%08x-0000-4000-8000-000000000000","value":"10.0.%d.%d"}`, i, i/256, i%256))
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
	// And across a reopen.
	path := db.Path()
	db.Close()
	db2, err := store.Open(context.Background(), path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	db2.Now = db.Now
	put(t, db2, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"))
	o, _ := db2.Object(context.Background(), isID)
	if o.DateAdded <= got[len(got)-1].DateAdded {
		t.Fatalf("after reopen: %s not after %s", o.DateAdded, got[len(got)-1].DateAdded)
	}
}

func TestSearch(t *testing.T) {
	db := openTest(t)
	put(t, db,
		intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater", "Static Kitten", "TEMP.Zagros"),
		intrusionSet("intrusion-set--0d9e9a03-0bff-5feb-b4bb-0f240933f5e7", "2021-01-01T00:00:00.000Z", "LightBasin", "UNC1945"),
	)
	ctx := context.Background()
	for _, tt := range []struct{ query, want string }{
		{"Static Kitten", "MuddyWater"},
		{"temp zagros", "MuddyWater"},
		{"unc1945", "LightBasin"},
		{"lightba", "LightBasin"}, // prefix, full text
	} {
		hits, err := db.Search(ctx, tt.query, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].Name != tt.want {
			t.Errorf("Search(%q) = %v, want %s first", tt.query, hits, tt.want)
		}
	}
	if hits, _ := db.Search(ctx, `"); DROP TABLE current; --`, 10); len(hits) != 0 {
		t.Errorf("hostile query matched %v", hits)
	}
	if hits, _ := db.Search(ctx, "telecommunications", 10); len(hits) != 2 {
		t.Errorf("description search found %d, want 2", len(hits))
	}
}

func TestRelationshipsAndStats(t *testing.T) {
	db := openTest(t)
	put(t, db,
		intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"),
		`{"type":"identity","spec_version":"2.1","id":"identity--2b1bd6a3-0f3e-5bd4-9d1a-1f1a2ce0a7f4","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Communication","identity_class":"class"}`,
		`{"type":"relationship","spec_version":"2.1","id":"relationship--4e5a5a0c-2f7a-4c1e-9e43-3d1f9b8f2a11","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"`+isID+`","target_ref":"identity--2b1bd6a3-0f3e-5bd4-9d1a-1f1a2ce0a7f4"}`,
	)
	ctx := context.Background()
	rels, err := db.Relationships(ctx, telltale.RelationshipFilter{Target: "identity--2b1bd6a3-0f3e-5bd4-9d1a-1f1a2ce0a7f4", Type: "targets"})
	if err != nil || len(rels) != 1 || rels[0].Source != isID {
		t.Fatalf("relationships = %v, %v", rels, err)
	}
	s, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Objects != 3 || s.Versions != 3 || s.Relationships != 1 || s.ByType["intrusion-set"] != 1 {
		t.Errorf("stats = %+v", s)
	}
}

func TestOpenOutdatedSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	_, err := store.Open(context.Background(), path, false)
	if err == nil || !strings.Contains(telltale.ErrorMessage(err), "telltale migrate") {
		t.Fatalf("err = %v, want advice to run telltale migrate", err)
	}
}
