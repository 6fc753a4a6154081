package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// TestVersionsStoredCompact checks that a version keeps created only when
// it differs from modified, and spec_version only when it is not 2.1, and
// that every read gives both back as imported: the object, its versions,
// and the TAXII filters on spec_version and version.
func TestVersionsStoredCompact(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		same := `{"type":"intrusion-set","spec_version":"2.1","id":"` + isID + `","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Same"}`
		put(t, db, same, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "Later"), ipv4(1),
			`{"type":"ipv4-addr","id":"ipv4-addr--00000002-0000-4000-8000-000000000000","value":"10.0.0.2"}`)
		var stored, noCreated, noSpec int
		if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*), SUM(CASE WHEN created IS NULL THEN 1 ELSE 0 END),
			SUM(CASE WHEN spec_version IS NULL THEN 1 ELSE 0 END) FROM objects`).Scan(&stored, &noCreated, &noSpec); err != nil {
			t.Fatal(err)
		}
		// created: the first version's equals its modified, and both
		// SCOs have neither; spec_version: the SCO without one keeps ''.
		if stored != 4 || noCreated != 3 || noSpec != 3 {
			t.Errorf("versions %d, without created %d, without spec_version %d; want 4, 3, 3", stored, noCreated, noSpec)
		}
		vs, err := db.ObjectVersions(ctx, isID)
		if err != nil || len(vs) != 2 {
			t.Fatalf("versions: %d, %v", len(vs), err)
		}
		for _, v := range vs {
			if v.Created != "2020-01-01T00:00:00.000Z" {
				t.Errorf("version %s: created %q", v.Modified, v.Created)
			}
		}
		if o, err := db.Object(ctx, isID); err != nil || o.Created != "2020-01-01T00:00:00.000Z" {
			t.Errorf("object: %+v, %v", o, err)
		}
		count := func(f telltale.VersionFilter) int {
			t.Helper()
			got, err := db.Versions(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return len(got)
		}
		all := telltale.VersionMatch{All: true}
		if n := count(telltale.VersionFilter{Match: all, SpecVersions: []string{"2.1"}}); n != 3 {
			t.Errorf("spec_version 2.1: %d versions, want 3", n)
		}
		if n := count(telltale.VersionFilter{Match: all, SpecVersions: []string{"2.0"}}); n != 1 {
			t.Errorf("spec_version 2.0: %d versions, want 1 (the SCO without spec_version)", n)
		}
		if n := count(telltale.VersionFilter{Match: telltale.VersionMatch{Versions: []string{"2020-01-01T00:00:00.000Z"}}}); n != 1 {
			t.Errorf("version 2020-01-01: %d versions, want 1", n)
		}
		if n := count(telltale.VersionFilter{Match: telltale.VersionMatch{First: true}, Types: []string{"intrusion-set"}}); n != 1 {
			t.Errorf("first versions: %d, want 1", n)
		}
	})
}

// TestCacheStoredCompact checks that a cached view takes less room than
// its JSON on SQLite (gzipped) and reads back byte for byte on every
// engine.
func TestCacheStoredCompact(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dsn string) {
		db := openDSN(t, dsn)
		ctx := context.Background()
		view := []byte(`{"landscape":[` + strings.Repeat(`{"actor":"APT28","score":0.5},`, 1000) + `{}]}`)
		if err := db.CachePut(ctx, 9, map[string][]byte{"view": view}); err != nil {
			t.Fatal(err)
		}
		if seq, body, found, err := db.CacheGet(ctx, "view"); err != nil || !found || seq != 9 || string(body) != string(view) {
			t.Fatalf("cached view: %d, %d bytes, %v, %v", seq, len(body), found, err)
		}
		var stored int
		if err := db.SQL().QueryRowContext(ctx, `SELECT LENGTH(body) FROM knowledge_cache WHERE key = 'view'`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(dsn, "postgres") {
			return // compressed by the server (TOAST)
		}
		if stored*10 > len(view) {
			t.Errorf("stored %d bytes for a view of %d", stored, len(view))
		}
	})
}

// TestNewSQLiteFilePageSize checks that a new SQLite file gets 8 KB pages
// (set before the journal mode writes its first page) and WAL.
func TestNewSQLiteFilePageSize(t *testing.T) {
	db := openDSN(t, filepath.Join(t.TempDir(), "t.db"))
	var size int
	var mode string
	if err := db.SQL().QueryRow(`PRAGMA page_size`).Scan(&size); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if size != 8192 || mode != "wal" {
		t.Errorf("page size %d, journal mode %q; want 8192, wal", size, mode)
	}
}

// TestNameRowsShareCurrentName checks that an object's name row leaves
// its name to current (NULL) while its aliases keep theirs, and that the
// name reads back from every name read.
func TestNameRowsShareCurrentName(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		put(t, db, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater", "Static Kitten"))
		var null, all int
		if err := db.SQL().QueryRowContext(ctx, `SELECT SUM(CASE WHEN name IS NULL THEN 1 ELSE 0 END), COUNT(*) FROM names`).Scan(&null, &all); err != nil {
			t.Fatal(err)
		}
		if null != 1 || all != 2 {
			t.Errorf("%d of %d name rows without a name; want 1 of 2", null, all)
		}
		got, err := db.NamesByKey(ctx, telltale.Fold("MuddyWater"))
		if err != nil || len(got) != 1 || got[0].Name != "MuddyWater" || got[0].Kind != "name" {
			t.Errorf("names by key: %+v, %v", got, err)
		}
		all2, err := db.AllNames(ctx)
		if err != nil || len(all2) != 2 || all2[1].Name != "MuddyWater" || all2[0].Name != "Static Kitten" {
			t.Errorf("all names: %+v, %v", all2, err)
		}
		for q, matched := range map[string]string{"muddywater": "", "static kitten": "Static Kitten"} {
			hits, err := db.Search(ctx, q, 5)
			if err != nil || len(hits) != 1 || hits[0].Name != "MuddyWater" || hits[0].Matched != matched {
				t.Errorf("search %q: %d hits, %v", q, len(hits), err)
				for _, h := range hits {
					t.Logf("%+v", *h)
				}
			}
		}
	})
}

// TestSQLiteTypeFromID checks that on SQLite current's type is computed
// from the id, not stored, and reads and filters as the stored one did.
func TestSQLiteTypeFromID(t *testing.T) {
	db := openDSN(t, filepath.Join(t.TempDir(), "t.db"))
	ctx := context.Background()
	put(t, db, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"), sector)
	var hidden int
	if err := db.SQL().QueryRowContext(ctx, `SELECT hidden FROM pragma_table_xinfo('current') WHERE name = 'type'`).Scan(&hidden); err != nil || hidden != 2 {
		t.Errorf("current.type: hidden %d (2: a virtual generated column), %v", hidden, err)
	}
	got, err := db.Objects(ctx, telltale.ObjectFilter{Types: []string{"identity"}})
	if err != nil || len(got) != 1 || got[0].ID != sectorID || got[0].Type != "identity" {
		t.Errorf("identities: %d, %v", len(got), err)
	}
}

// TestNameRowsOncePerKeyAndGiver checks that two alias claims differing
// only by a NUL character in who gave the name, which the index drops,
// make one name row (the key of names on SQLite) instead of failing the
// import.
func TestNameRowsOncePerKeyAndGiver(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		o := `{"type":"intrusion-set","spec_version":"2.1","id":"` + isID + `","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"MuddyWater",` +
			`"x_telltale_alias_claims":[{"name":"Seedworm","named_by":"Symantec"},{"name":"Seedworm","named_by":"Syman\u0000tec"}]}`
		put(t, db, o)
		got, err := db.NamesByKey(context.Background(), telltale.Fold("Seedworm"))
		if err != nil || len(got) != 1 || got[0].NamedBy != "Symantec" {
			t.Errorf("names of Seedworm: %d, %v", len(got), err)
		}
	})
}
