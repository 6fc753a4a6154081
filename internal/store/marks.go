package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/telltale-cti/telltale"
)

// The current table keeps, in marks, the telltale.MarkSummary of each
// object's current version: who may see an object is then decided
// without reading its JSON (ObjectMarks), which matters where a page
// checks every object another names (the ATT&CK collection object names
// tens of thousands). NULL means not known: the JSON is read instead.

var _ telltale.MarkSource = (*DB)(nil)

// ObjectMarks returns the marking summary (telltale.MarkSummary) of the
// current version of each of ids the store holds, revoked ones included.
func (db *DB) ObjectMarks(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	var unknown []string
	// In order, the lookups of a chunk read neighbouring index pages.
	ids = slices.Clone(ids)
	slices.Sort(ids)
	err := db.eachIDChunk(ctx, `-- marks by ids
		SELECT id, marks FROM current WHERE id IN (...)`, ids, func(rows *sql.Rows) error {
		var id string
		var marks sql.NullString
		if err := rows.Scan(&id, &marks); err != nil {
			return err
		}
		if marks.Valid {
			out[id] = marks.String
		} else {
			unknown = append(unknown, id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("marks: %w", unavailable(err))
	}
	// Rows written by a program that did not keep marks: read the JSON.
	err = db.eachIDChunk(ctx, `-- current raw by ids
		SELECT c.id, o.raw FROM current c JOIN objects o ON o.seq = c.seq WHERE c.id IN (...)`, unknown, func(rows *sql.Rows) error {
		var id, raw string
		if err := rows.Scan(&id, &raw); err != nil {
			return err
		}
		out[id] = telltale.MarkSummary([]byte(raw))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("marks: %w", unavailable(err))
	}
	return out, nil
}

// MarkSummaries lists the distinct marking summaries of current objects
// but "" (no marking). It reads one index entry per summary, however many
// objects carry it: each step seeks past the summary before. SQLite bounds
// the range by the first of two lower bounds, so the step's own bound comes
// first: the other (marks above the empty string) is there so that the
// partial index of marked rows serves the query, and first it made each
// step read the whole index (99,161 steps of SQLite's machine against 78
// for ATT&CK's one summary).
func (db *DB) MarkSummaries(ctx context.Context) ([]string, error) {
	var out []string
	err := db.read(ctx, func(q querier) error {
		var err error
		out, err = queryStrings(ctx, q, `-- distinct marks
			WITH RECURSIVE d(m) AS (
				SELECT (SELECT marks FROM current WHERE marks > '' ORDER BY marks LIMIT 1)
				UNION ALL
				SELECT (SELECT marks FROM current WHERE marks > d.m AND marks > '' ORDER BY marks LIMIT 1) FROM d WHERE d.m IS NOT NULL
			)
			SELECT m FROM d WHERE m IS NOT NULL`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("marks: %w", unavailable(err))
	}
	unknown, err := db.unknownMarks(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range unknown {
		if m != "" && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out, nil
}

// MarkedIDs returns the ids of the current objects whose marking summary
// is one of summaries; ok is false, and ids nil, when there are more than
// limit.
func (db *DB) MarkedIDs(ctx context.Context, summaries []string, limit int) (ids []string, ok bool, err error) {
	want := map[string]bool{}
	var args []any
	var ph strings.Builder
	for _, m := range summaries {
		if m == "" || want[m] {
			continue // unmarked objects are not indexed: never asked for
		}
		want[m] = true
		args = append(args, m)
		if len(args) > 1 {
			ph.WriteString(", ")
		}
		db.dialect.param(&ph, len(args))
	}
	unknown, err := db.unknownMarks(ctx)
	if err != nil {
		return nil, false, err
	}
	for id, m := range unknown {
		if want[m] {
			ids = append(ids, id)
		}
	}
	if len(args) > 0 {
		args = append(args, limit+1)
		ph.WriteString(") LIMIT ")
		db.dialect.param(&ph, len(args))
		err = db.read(ctx, func(q querier) error {
			got, err := queryStrings(ctx, q, `-- ids by marks
				SELECT id FROM current WHERE marks > '' AND marks IN (`+ph.String(), args...)
			ids = append(ids[:len(ids):len(ids)], got...)
			return err
		})
		if err != nil {
			return nil, false, fmt.Errorf("marked ids: %w", unavailable(err))
		}
	}
	if len(ids) > limit {
		return nil, false, nil
	}
	return ids, true, nil
}

// unknownMarks returns the marking summaries of the current objects whose
// row has none (written by a program that kept none), read from their
// JSON, by id.
func (db *DB) unknownMarks(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := db.read(ctx, func(q querier) error {
		clear(out)
		rows, err := q.QueryContext(ctx, `-- current without marks
			SELECT c.id, o.raw FROM current c JOIN objects o ON o.seq = c.seq WHERE c.marks IS NULL`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, raw string
			if err := rows.Scan(&id, &raw); err != nil {
				return err
			}
			out[id] = telltale.MarkSummary([]byte(raw))
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("marks: %w", unavailable(err))
	}
	return out, nil
}

// queryStrings runs a query of one text column and returns its values.
func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// eachIDChunk runs query, whose "(...)" is replaced by a list of
// placeholders, on the read connection for chunks of ids, and calls scan
// for each row. A chunk that fails in a way that may pass is read again
// whole, so scan must not keep anything of a failed attempt: it is only
// retried before its first row.
func (db *DB) eachIDChunk(ctx context.Context, query string, ids []string, scan func(*sql.Rows) error) error {
	for i := 0; i < len(ids); i += 500 {
		chunk := ids[i:min(i+500, len(ids))]
		var ph strings.Builder
		args := make([]any, len(chunk))
		for j, id := range chunk {
			if j > 0 {
				ph.WriteString(", ")
			}
			db.dialect.param(&ph, j+1)
			args[j] = id
		}
		q := strings.Replace(query, "(...)", "("+ph.String()+")", 1)
		rows, err := db.query(ctx, q, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// migrationSteps are the work of migrations that SQL cannot do, run in the
// migration's transaction after its SQL.
var migrationSteps = map[string]func(ctx context.Context, tx *sql.Tx, d *dialect) error{
	"0314_current_marks.sql": fillMarks,
}

// fillMarks writes the marks of the current versions that have none, a
// thousand at a time, by the order of their row ids.
func fillMarks(ctx context.Context, tx *sql.Tx, d *dialect) error {
	after := int64(-1)
	for {
		byMarks := map[string][]any{}
		n := 0
		rows, err := tx.QueryContext(ctx, `-- current without marks
			SELECT c.rid, o.raw FROM current c JOIN objects o ON o.seq = c.seq
			WHERE c.rid > $1 AND c.marks IS NULL ORDER BY c.rid LIMIT 1000`, after)
		if err != nil {
			return err
		}
		for rows.Next() {
			var raw string
			if err := rows.Scan(&after, &raw); err != nil {
				rows.Close()
				return err
			}
			m := telltale.MarkSummary([]byte(raw))
			byMarks[m] = append(byMarks[m], after)
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for m, rids := range byMarks {
			var q strings.Builder
			q.WriteString("-- fill marks\nUPDATE current SET marks = ")
			d.param(&q, 1)
			q.WriteString(" WHERE rid IN (")
			for i := range rids {
				if i > 0 {
					q.WriteString(", ")
				}
				d.param(&q, i+2)
			}
			q.WriteString(")")
			if _, err := tx.ExecContext(ctx, q.String(), append([]any{m}, rids...)...); err != nil {
				return err
			}
		}
		if n < 1000 {
			return nil
		}
	}
}
