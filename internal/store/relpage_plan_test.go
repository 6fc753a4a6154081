package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// The count of a page of an end's relationships reads the end's index
// alone, which holds the revoked flag (migration 0352): it read every row
// of the end from the table for the flag, 35,108 of them for the
// intrusion set a feed indicates most at 1,000,000 objects, and the
// object page's first request took 239 ms (issue 17). On SQLite the page
// itself keeps the index's order (type, then row id: no sort of the
// end's rows). PostgreSQL is asked with sequential and bitmap scans off,
// after a VACUUM, so that a table this small shows the index it would
// use on a large one.
func TestRelationshipCountReadsTheIndexAlone(t *testing.T) {
	ctx := context.Background()
	const obj = "intrusion-set--269e8108-68c6-4f99-b911-14b2e765dec2"
	filters := []struct {
		f     telltale.RelationshipFilter
		index string
	}{
		{telltale.RelationshipFilter{Target: obj}, "relationships_target"},
		{telltale.RelationshipFilter{Target: obj, Type: "indicates"}, "relationships_target"},
		{telltale.RelationshipFilter{Target: obj, Types: []string{"indicates", "uses"}}, "relationships_target"},
		{telltale.RelationshipFilter{Source: obj}, "relationships_source"},
		{telltale.RelationshipFilter{Source: obj, Type: "uses"}, "relationships_source"},
	}
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db, err := Open(ctx, storetest.DSN(t, engine), true)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			conn, err := db.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			// Rows of many ends, for PostgreSQL's statistics.
			for i := range 2000 {
				end := fmt.Sprintf("intrusion-set--%08x-0000-4000-8000-000000000000", i%400)
				if _, err := conn.ExecContext(ctx, `INSERT INTO relationships (rid, source_ref, relationship_type, target_ref, revoked) VALUES ($1, $2, $3, $4, $5)`,
					i+1, fmt.Sprintf("indicator--%08x-0000-4000-8000-000000000000", i), []string{"indicates", "uses"}[i%2], end, i%7/6); err != nil {
					t.Fatal(err)
				}
			}
			explain := "EXPLAIN QUERY PLAN "
			if engine == "postgres" {
				explain = "EXPLAIN "
				for _, q := range []string{"VACUUM ANALYZE relationships", "SET enable_seqscan = off", "SET enable_bitmapscan = off"} {
					if _, err := conn.ExecContext(ctx, q); err != nil {
						t.Fatal(err)
					}
				}
			}
			for _, c := range filters {
				var a sqlArgs
				cond := relationshipPageCond(c.f, &a)
				plan := queryPlan(t, conn, explain+countRelationshipsQuery(cond), a.args)
				covering := "COVERING INDEX " + c.index
				if engine == "postgres" {
					covering = "Index Only Scan using " + c.index
				}
				if !strings.Contains(plan, covering) {
					t.Errorf("count of %+v:\n%s\nwant %q", c.f, plan, covering)
				}
				page := queryPlan(t, conn, explain+db.relationshipPageQuery(cond, &a, 100, 20), a.args)
				if engine == "sqlite" && (!strings.Contains(page, "INDEX "+c.index) || strings.Contains(page, "RIGHT PART OF ORDER BY")) {
					t.Errorf("page of %+v:\n%s\nwant the order of %s", c.f, page, c.index)
				}
			}
		})
	}
}

// queryPlan returns the lines of an EXPLAIN (its last column on SQLite's
// EXPLAIN QUERY PLAN), one a line.
func queryPlan(t *testing.T, conn *sql.Conn, q string, args []any) string {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmtPlanCell(vals[len(vals)-1]))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

func fmtPlanCell(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	s, _ := v.(string)
	return s
}
