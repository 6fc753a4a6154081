package store_test

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// A database whose names were keyed with another name folding than the
// program's (its recorded fold version differs, or none is recorded) gets
// its keys rebuilt when opened with migrations, and lookups by name work
// again; opened without, it is refused. A database at the program's
// version is not rewritten.
func TestRefold(t *testing.T) {
	ctx := context.Background()
	const set = "intrusion-set--0f0f0f0f-0000-4000-8000-000000000001"
	for _, tc := range []struct {
		name    string
		version string // the fold version recorded before the reopen; "-" none
		rebuilt bool
	}{
		{"OtherVersion", "0", true},
		{"NoVersion", "-", true},
		// The program's folding, older name rules (no pattern values).
		{"OlderRules", strconv.Itoa(telltale.FoldVersion), true},
		{"CurrentVersion", store.NamesVersion, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, dsn string) {
				db, err := store.Open(ctx, dsn, true)
				if err != nil {
					t.Fatal(err)
				}
				put(t, db, intrusionSet(set, "2020-01-01T00:00:00.000Z", "APT-C-23", "Désert Falcons", "ATK 51"), ipv4(1), refoldIndicator)
				want, err := db.AllNames(ctx)
				if err != nil || len(want) != 5 {
					t.Fatalf("names: %+v, %v", want, err)
				}
				if err := db.CachePut(ctx, 1, map[string][]byte{"view": []byte("{}")}); err != nil {
					t.Fatal(err)
				}
				// Keys as another folding would have written them.
				exec(t, db, `UPDATE names SET key = 'old:' || key`)
				if tc.version == "-" {
					exec(t, db, `DELETE FROM settings`)
				} else {
					exec(t, db, `UPDATE settings SET value = $1 WHERE name = 'fold_version'`, tc.version)
				}
				db.Close()

				if old, err := store.Open(ctx, dsn, false); err == nil {
					old.Close()
					if tc.rebuilt {
						t.Fatal("opened without migrations, with stale name keys")
					}
				} else if tc.rebuilt != (telltale.ErrorCode(err) == telltale.EINVALID) {
					t.Fatalf("open without migrations: %v", err)
				}

				db = openDSN(t, dsn)
				if db.Refolded() != tc.rebuilt {
					t.Errorf("Refolded() = %v, want %v", db.Refolded(), tc.rebuilt)
				}
				got, err := db.AllNames(ctx)
				if err != nil {
					t.Fatal(err)
				}
				_, _, cached, err := db.CacheGet(ctx, "view")
				if err != nil {
					t.Fatal(err)
				}
				if !tc.rebuilt {
					if got[0].Key != "old:"+want[0].Key || !cached {
						t.Fatalf("a database at the program's fold version was rewritten: names %+v, cache kept %v", got, cached)
					}
					return
				}
				if !reflect.DeepEqual(got, want) || cached {
					t.Fatalf("names after the rebuild:\n got %+v\nwant %+v\ncache kept %v", got, want, cached)
				}
				for _, q := range []string{"APT C 23", "desert falcons", "atk51"} {
					names, err := db.NamesByKey(ctx, telltale.Fold(q))
					if err != nil || len(names) != 1 || names[0].ObjectID != set {
						t.Errorf("NamesByKey(Fold(%q)): %+v, %v", q, names, err)
					}
					hits, err := db.Search(ctx, q, 5)
					if err != nil || len(hits) == 0 || hits[0].ID != set {
						t.Errorf("Search(%q): %+v, %v", q, hits, err)
					}
				}
				names, err := db.NamesByKey(ctx, telltale.Fold("c2.refold.example"))
				if err != nil || len(names) != 1 || names[0].Kind != "pattern" || names[0].Name != "c2.refold.example" {
					t.Errorf("an indicator's pattern value after the rebuild: %+v, %v", names, err)
				}
				var v string
				if err := db.SQL().QueryRowContext(ctx, `SELECT value FROM settings WHERE name = 'fold_version'`).Scan(&v); err != nil || v != store.NamesVersion {
					t.Fatalf("recorded fold version %q, %v", v, err)
				}
			})
		})
	}
}

// refoldIndicator is named otherwise than the value its pattern asks for.
const refoldIndicator = `{"type":"indicator","spec_version":"2.1","id":"indicator--0f0f0f0f-0000-4000-8000-000000000002","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"C2 of the refold test","pattern":"[domain-name:value = 'c2.refold.example']","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z"}`

func exec(t *testing.T, db *store.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.SQL().ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
