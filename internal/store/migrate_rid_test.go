package store

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// Migrations 0310, 0312 and 0313 move the versions, names and
// relationships from their STIX ids to their objects' rids (versions lose
// their type too and keep date_added as microseconds), 0311 drops current's copies of created and modified: a
// database written before them keeps every version, its reads, its
// sequence's high-water mark (deleted versions count), and takes new
// versions after them; 0314 then fills their marking summaries.
func TestMigrateIdsToRids(t *testing.T) {
	ctx := context.Background()
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := openBefore(t, storetest.DSN(t, engine), "0310")
			d, sdb := db.dialect, db.db
			a, b := "indicator--00000000-0000-4000-8000-000000000001", "malware--00000000-0000-4000-8000-000000000002"
			r := "relationship--00000000-0000-4000-8000-000000000003"
			raw := func(id, typ, modified string) string {
				return `{"type":"` + typ + `","spec_version":"2.1","id":"` + id + `","created":"2024-01-01T00:00:00.000Z","modified":"` + modified + `","name":"x","pattern":"[ipv4-addr:value = '1.2.3.4']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","is_family":false}`
			}
			m1, m2 := "2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z"
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{`INSERT INTO objects (seq, id, type, spec_version, created, modified, date_added, raw) VALUES
					(1, $1, 'indicator', '2.1', $3, $3, '2026-01-01T00:00:00.000001Z', $4),
					(2, $2, 'malware', '2.1', $3, $3, '2026-01-01T00:00:00.000002Z', $5),
					(3, $1, 'indicator', '2.1', $3, $6, '2026-01-01T00:00:00.000003Z', $7)`,
					[]any{a, b, m1, raw(a, "indicator", m1), raw(b, "malware", m1), m2, raw(a, "indicator", m2)}},
				{`INSERT INTO current (rid, id, type, seq, name, created, modified, versions) VALUES
					(1, $1, 'indicator', 3, 'x', $3, $4, 2), (2, $2, 'malware', 2, 'x', $3, $3, 1)`, []any{a, b, m1, m2}},
				{`INSERT INTO objects (seq, id, type, spec_version, created, modified, date_added, raw) VALUES
					(4, $1, 'relationship', '2.1', $2, $2, '2026-01-01T00:00:00.000004Z', '{}')`, []any{r, m1}},
				{`INSERT INTO current (rid, id, type, seq, created, modified) VALUES (4, $1, 'relationship', 4, $2, $2)`, []any{r, m1}},
				{`INSERT INTO relationships (id, source_ref, relationship_type, target_ref) VALUES ($1, $2, 'indicates', $3)`, []any{r, a, b}},
				{`INSERT INTO names (object_id, name, key, kind) VALUES ($1, 'X', 'x', 'name')`, []any{b}},
				{d.setLastSeq, []any{7}}, // versions 5 to 7 were deleted
			} {
				if _, err := sdb.ExecContext(ctx, q.sql, q.args...); err != nil {
					t.Fatal(err)
				}
			}
			// The migrations alone: MigrateNames would then rebuild the
			// names from the objects (refold), hiding what 0312 carried.
			if applied, err := db.migrateBefore(ctx, ""); err != nil || len(applied) < 4 || applied[0] != "0310_objects_by_rid.sql" || applied[3] != "0313_relationships_by_rid.sql" {
				t.Fatalf("migrate: %v, %v", applied, err)
			}
			// 0314, after the rid migrations, fills the marking summaries
			// of the rows written before them.
			for _, id := range []string{a, b, r} {
				var marks sql.NullString
				if err := sdb.QueryRowContext(ctx, `SELECT marks FROM current WHERE id = $1`, id).Scan(&marks); err != nil || !marks.Valid || marks.String != "" {
					t.Fatalf("marks of %s after the migration: %+v, %v", id, marks, err)
				}
			}
			vs, err := db.ObjectVersions(ctx, a)
			if err != nil || len(vs) != 2 || vs[0].Seq != 1 || vs[1].Seq != 3 || vs[1].ID != a || vs[1].Type != "indicator" || string(vs[1].Raw) != raw(a, "indicator", m2) {
				t.Fatalf("versions of %s after the migration: %+v, %v", a, vs, err)
			}
			if vs[0].DateAdded != "2026-01-01T00:00:00.000001Z" || vs[1].DateAdded != "2026-01-01T00:00:00.000003Z" {
				t.Fatalf("date_added after the migration: %s, %s", vs[0].DateAdded, vs[1].DateAdded)
			}
			if o, err := db.Object(ctx, a); err != nil || o.Seq != 3 || o.Created != m1 || o.Modified != m2 || o.Versions != 2 {
				t.Fatalf("%s after the migration: %+v, %v", a, o, err)
			}
			if rels, err := db.Relationships(ctx, telltale.RelationshipFilter{Source: a}); err != nil || len(rels) != 1 || rels[0].ID != r || rels[0].Target != b {
				t.Fatalf("relationships after the migration: %+v, %v", rels, err)
			}
			if names, err := db.NamesByKey(ctx, "x"); err != nil || len(names) != 1 || names[0].ObjectID != b || names[0].Name != "X" {
				t.Fatalf("names after the migration: %+v, %v", names, err)
			}
			all, err := db.Versions(ctx, VersionFilter{Types: []string{"malware"}, Match: VersionMatch{All: true}})
			if err != nil || len(all) != 1 || all[0].ID != b || all[0].Modified != m1 {
				t.Fatalf("malware versions: %+v, %v", all, err)
			}
			tx, err := db.Begin(ctx, "test", "stix")
			if err != nil {
				t.Fatal(err)
			}
			o, err := stix.Parse([]byte(strings.Replace(raw(b, "malware", m2), `"pattern"`, `"x_note":"v2","pattern"`, 1)))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Put(ctx, o); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(ctx, nil); err != nil {
				t.Fatal(err)
			}
			cur, err := db.Object(ctx, b)
			if err != nil || cur.Seq != 8 || cur.Versions != 2 || cur.Modified != m2 {
				t.Fatalf("new version of %s: %+v, %v", b, cur, err)
			}
		})
	}
}
