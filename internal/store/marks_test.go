package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// marked returns an ipv4-addr with the given markings (a JSON list, or ""
// for none) and extra properties.
func marked(i int, markings, extra string) string {
	m := ""
	if markings != "" {
		m = `,"object_marking_refs":` + markings
	}
	return fmt.Sprintf(`{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--%08x-0000-4000-8000-000000000000","value":"10.%d.%d.%d"%s%s}`, i, i>>16&255, i>>8&255, i&255, m, extra)
}

func ipv4ID(i int) string { return fmt.Sprintf("ipv4-addr--%08x-0000-4000-8000-000000000000", i) }

// checkMarks checks that the store's marking summaries of ids are those
// of their current versions' JSON, read from the column itself (NULL
// would mean not kept) and through ObjectMarks.
func checkMarks(t *testing.T, db *store.DB, ids ...string) {
	t.Helper()
	ctx := context.Background()
	got, err := db.ObjectMarks(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		o, err := db.Object(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want := telltale.MarkSummary(o.Raw)
		var col sql.NullString
		if err := db.SQL().QueryRowContext(ctx, `SELECT marks FROM current WHERE id = $1`, id).Scan(&col); err != nil {
			t.Fatal(err)
		}
		if !col.Valid || col.String != want {
			t.Errorf("%s: marks column %q (kept %v), want %q", id, col.String, col.Valid, want)
		}
		if m, ok := got[id]; !ok || m != want {
			t.Errorf("%s: ObjectMarks %q (found %v), want %q", id, m, ok, want)
		}
	}
}

// TestMarksKeptOnEveryWrite: the current table keeps the marking summary
// of each object's current version through new versions, older versions,
// merges and deletions, and ObjectMarks answers from it (and from the
// JSON for rows that have none).
func TestMarksKeptOnEveryWrite(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		red := `["` + telltale.TLPRed + `"]`
		put(t, db,
			marked(1, "", ""),
			marked(2, `["`+telltale.TLPGreen+`"]`, ""),
			marked(3, red, `,"x_telltale_recipients":["soc","user:ann"]`),
			marked(4, `"`+telltale.TLPAmber+`"`, ""), // unreadable: only admins see it
			intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"),
		)
		ids := []string{ipv4ID(1), ipv4ID(2), ipv4ID(3), ipv4ID(4), isID}
		checkMarks(t, db, ids...)
		if m, _ := db.ObjectMarks(ctx, []string{ipv4ID(1)}); m[ipv4ID(1)] != "" {
			t.Errorf("an unmarked object has summary %q", m[ipv4ID(1)])
		}
		if m, _ := db.ObjectMarks(ctx, []string{ipv4ID(4)}); !(&telltale.User{Role: telltale.RoleAdmin}).CanSeeSummary(m[ipv4ID(4)]) ||
			(&telltale.User{Role: telltale.RoleReader, Clearance: telltale.AmberStrict}).CanSeeSummary(m[ipv4ID(4)]) {
			t.Errorf("unreadable markings: summary %q is not for administrators only", m[ipv4ID(4)])
		}

		// A newer version marks the intrusion set; an older one, which
		// stays history, does not change it.
		amberSet := intrusionSet(isID, "2022-01-01T00:00:00.000Z", "MuddyWater")
		amberSet = amberSet[:len(amberSet)-1] + `,"object_marking_refs":["` + telltale.TLPAmber + `"]}`
		put(t, db, amberSet, intrusionSet(isID, "2020-01-01T00:00:00.000Z", "MuddyWater"))
		checkMarks(t, db, isID)
		if m, _ := db.ObjectMarks(ctx, []string{isID}); telltale.Anonymous().CanSeeSummary(m[isID]) {
			t.Errorf("after a TLP:AMBER version: summary %q shows it to the anonymous reader", m[isID])
		}
		// Deleting the newest version makes the unmarked one current.
		if _, err := db.DeleteVersions(ctx, isID, store.VersionMatch{Versions: []string{"2022-01-01T00:00:00.000Z"}}, nil); err != nil {
			t.Fatal(err)
		}
		checkMarks(t, db, isID)

		// Rows without a summary (written by a program that kept none)
		// are answered from the JSON; ids the store lacks are left out.
		if _, err := db.SQL().ExecContext(ctx, `UPDATE current SET marks = NULL`); err != nil {
			t.Fatal(err)
		}
		got, err := db.ObjectMarks(ctx, append(ids, "ipv4-addr--ffffffff-0000-4000-8000-000000000000"))
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			o, _ := db.Object(ctx, id)
			if want := telltale.MarkSummary(o.Raw); got[id] != want {
				t.Errorf("%s without a kept summary: %q, want %q", id, got[id], want)
			}
		}
		if len(got) != len(ids) {
			t.Errorf("ObjectMarks answered %d ids, want %d", len(got), len(ids))
		}
	})
}

// TestMarksMigrationFillsExistingRows: a database made before the marks
// column gets it filled for every current object when it is migrated.
func TestMarksMigrationFillsExistingRows(t *testing.T) {
	ctx := context.Background()
	storetest.Run(t, func(t *testing.T, dsn string) {
		db := openDSN(t, dsn)
		var objs, ids []string
		for i := range 2500 { // more than one round of the filling
			switch i % 5 {
			case 0:
				objs = append(objs, marked(i, `["`+telltale.TLPAmber+`"]`, ""))
			case 1:
				objs = append(objs, marked(i, `["`+telltale.TLPRed+`"]`, `,"x_telltale_recipients":["soc"]`))
			default:
				objs = append(objs, marked(i, "", ""))
			}
			ids = append(ids, ipv4ID(i))
		}
		put(t, db, objs...)
		// Back to the schema before the migration.
		for _, q := range []string{
			`DROP INDEX current_marked`,
			`DROP INDEX current_marks_unknown`,
			`ALTER TABLE current DROP COLUMN marks`,
			`DELETE FROM schema_migrations WHERE name = '0314_current_marks.sql'`,
		} {
			if _, err := db.SQL().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()
		db, applied, err := store.OpenMigrate(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if len(applied) != 1 || applied[0] != "0314_current_marks.sql" {
			t.Errorf("applied %v", applied)
		}
		checkMarks(t, db, ids...)
	})
}

// TestMarkSummariesAndMarkedIDs: the distinct summaries of the store and
// the objects of some of them are found from the index, rows without a
// summary from their JSON, and a limit stops a long answer.
func TestMarkSummariesAndMarkedIDs(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		green := `["` + telltale.TLPGreen + `"]`
		amber := `["` + telltale.TLPAmber + `"]`
		put(t, db, marked(1, "", ""), marked(2, green, ""), marked(3, green, ""), marked(4, amber, ""), marked(5, amber, ""), marked(6, amber, ""))
		greenSum := telltale.MarkSummary([]byte(marked(2, green, "")))
		amberSum := telltale.MarkSummary([]byte(marked(4, amber, "")))
		check := func(what string) {
			t.Helper()
			sums, err := db.MarkSummaries(ctx)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(sums)
			if want := []string{amberSum, greenSum}; !slices.Equal(sums, want) {
				t.Errorf("%s: summaries %q, want %q", what, sums, want)
			}
			ids, ok, err := db.MarkedIDs(ctx, []string{amberSum, ""}, 3)
			slices.Sort(ids)
			if want := []string{ipv4ID(4), ipv4ID(5), ipv4ID(6)}; err != nil || !ok || !slices.Equal(ids, want) {
				t.Errorf("%s: amber ids %v (%v, %v), want %v", what, ids, ok, err, want)
			}
			if ids, ok, err := db.MarkedIDs(ctx, []string{amberSum, greenSum}, 4); err != nil || ok || ids != nil {
				t.Errorf("%s: over the limit: %v, %v, %v", what, ids, ok, err)
			}
		}
		check("kept")
		if _, err := db.SQL().ExecContext(ctx, `UPDATE current SET marks = NULL WHERE id IN ($1, $2)`, ipv4ID(3), ipv4ID(5)); err != nil {
			t.Fatal(err)
		}
		check("some not kept")
	})
}
