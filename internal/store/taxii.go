package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
)

// VersionMatch and VersionFilter are telltale.VersionMatch and
// telltale.VersionFilter, kept under these names for the store's callers.
type (
	VersionMatch  = telltale.VersionMatch
	VersionFilter = telltale.VersionFilter
)

// onlyLast says whether m selects only the latest version of each object.
func onlyLast(m VersionMatch) bool {
	return !m.All && !m.First && len(m.Versions) == 0
}

// Versions returns the versions f selects, ordered by their position in the
// store's sequence (Object.Seq). Every returned version has a DateAdded
// greater than those before it, so a reader that remembers the last Seq it
// saw and asks again with AfterSeq never misses a version and never sees
// one twice.
func (db *DB) Versions(ctx context.Context, f VersionFilter) ([]*telltale.Object, error) {
	a := &sqlArgs{}
	var q string
	if onlyLast(f.Match) || (f.Match.Last && !f.Match.All && !f.Match.First && len(f.Match.Versions) == 0) {
		// The current table's own index on seq walks the latest versions.
		q = `-- latest versions
			SELECT ` + objectColumns + ` FROM current c JOIN objects o ON o.seq = c.seq
			WHERE ` + strings.Join(versionConds("c", f, a), " AND ") + ` ORDER BY c.seq`
	} else {
		where := append([]string{"c.rid = o.rid"}, versionConds("o", f, a)...)
		if !f.Match.All {
			where = append(where, matchCond(f.Match, a))
		}
		// SQLite joins a CROSS JOIN in the order written: the versions in
		// the order of the sequence, stopping at the limit, each with its
		// object by rid; for given ids, the objects first. Left to itself
		// it would read every object of a type filtered on (current_type)
		// and sort their versions. PostgreSQL plans either as a join.
		tables := "objects o CROSS JOIN current c"
		if len(f.IDs) > 0 {
			tables = "current c CROSS JOIN objects o"
		}
		q = `-- versions
			SELECT c.id, c.type, c.name, COALESCE(o.created, o.modified), o.modified, o.date_added, o.seq, c.revoked, c.deprecated, c.versions, o.raw
			FROM ` + tables + `
			WHERE ` + strings.Join(where, " AND ") + ` ORDER BY o.seq`
	}
	if f.Limit > 0 {
		q += " LIMIT " + a.add(f.Limit)
	}
	rows, err := db.query(ctx, q, a.args...)
	if err != nil {
		return nil, fmt.Errorf("versions: %w", unavailable(err))
	}
	return collect(rows, scanObject)
}

// sqlArgs collects the arguments of a query as its placeholders are
// written.
type sqlArgs struct{ args []any }

// add takes one argument and returns its placeholder.
func (a *sqlArgs) add(v any) string {
	a.args = append(a.args, v)
	return fmt.Sprintf("$%d", len(a.args))
}

// inList takes vals and returns their placeholders for IN (...); NULL, which
// matches nothing, when there are none.
func inList[T any](a *sqlArgs, vals []T) string {
	if len(vals) == 0 {
		return "NULL"
	}
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = a.add(v)
	}
	return strings.Join(ph, ", ")
}

// versionConds are the conditions of f but its match, the positions on the
// seq of the table named t (objects o or current c), types and ids on
// current c (the same for every version of an object; versions name their
// object by its rid only).
func versionConds(t string, f VersionFilter, a *sqlArgs) []string {
	where := []string{t + ".seq > " + a.add(f.AfterSeq)}
	if len(f.Types) > 0 {
		where = append(where, "c.type IN ("+inList(a, f.Types)+")")
	}
	if len(f.IDs) > 0 {
		where = append(where, "c.id IN ("+inList(a, f.IDs)+")")
	}
	if f.Seqs != nil {
		where = append(where, t+".seq IN ("+inList(a, f.Seqs)+")")
	}
	if len(f.SpecVersions) > 0 {
		where = append(where, specVersionCond(f.SpecVersions, a.add))
	}
	return where
}

// matchCond is the condition of a match that is not "all" on objects o
// joined with current c.
func matchCond(m VersionMatch, a *sqlArgs) string {
	var or []string
	if m.Last {
		or = append(or, "o.seq = c.seq")
	}
	if m.First {
		or = append(or, "o.seq = (SELECT f.seq FROM objects f WHERE f.rid = o.rid ORDER BY f.modified, f.seq LIMIT 1)")
	}
	if len(m.Versions) > 0 {
		or = append(or, "(CASE WHEN o.modified <> '' THEN o.modified ELSE COALESCE(o.created, '') END) IN ("+inList(a, m.Versions)+")")
	}
	return "(" + strings.Join(or, " OR ") + ")"
}

// VersionSeqs returns the positions in the sequence (Object.Seq) of every
// stored version of the objects ids name, ascending: what a reader that
// pages over a known set of objects asks Versions for (VersionFilter.Seqs),
// a page at a time, instead of walking the whole sequence.
func (db *DB) VersionSeqs(ctx context.Context, ids []string) ([]int64, error) {
	var out []int64
	for i := 0; i < len(ids); i += 500 {
		chunk := ids[i:min(i+500, len(ids))]
		ph, args := make([]string, len(chunk)), make([]any, len(chunk))
		for j, id := range chunk {
			var b strings.Builder
			db.dialect.param(&b, j+1)
			ph[j], args[j] = b.String(), id
		}
		var got []int64
		if err := db.read(ctx, func(q querier) error {
			got = got[:0]
			rows, err := q.QueryContext(ctx, `-- version seqs
				SELECT o.seq FROM current c JOIN objects o ON o.rid = c.rid WHERE c.id IN (`+strings.Join(ph, ", ")+`)`, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var seq int64
				if err := rows.Scan(&seq); err != nil {
					return err
				}
				got = append(got, seq)
			}
			return rows.Err()
		}); err != nil {
			return nil, fmt.Errorf("version seqs: %w", unavailable(err))
		}
		out = append(out, got...)
	}
	slices.Sort(out)
	return out, nil
}

// searchDeleteRow removes one object's full-text entry ($1 is current.rid),
// per dialect; a dialect without an entry keeps it until the next rebuild.
var searchDeleteRow = map[string]string{
	"sqlite":   `DELETE FROM search WHERE rowid = $1`,
	"postgres": `DELETE FROM search WHERE rid = $1`,
}

func specVersionCond(versions []string, arg func(any) string) string {
	var or []string
	for _, v := range versions {
		if v == "2.0" {
			or = append(or, "o.spec_version IN ('', "+arg(v)+")")
		} else {
			or = append(or, "COALESCE(o.spec_version, '2.1') = "+arg(v))
		}
	}
	return "(" + strings.Join(or, " OR ") + ")"
}

// SeqAddedBy returns the position in the sequence of the last version added
// at or before t (0 when none was), so that "added after t" is "after that
// position". date_added grows with seq, so the position is found by
// bisection over seq (lo is a version added by t or 0, every version after
// hi was added after t), each step a seek by seq: no index of date_added.
func (db *DB) SeqAddedBy(ctx context.Context, t time.Time) (int64, error) {
	var seq int64
	if err := db.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `-- seq added by
			WITH RECURSIVE b (lo, hi) AS (
				SELECT CAST(0 AS BIGINT), (SELECT COALESCE(MAX(seq), 0) FROM objects)
				UNION ALL
				SELECT CASE WHEN f.date_added <= $1 THEN f.seq ELSE b.lo END,
					CASE WHEN f.date_added <= $1 THEN b.hi ELSE (b.lo + b.hi + 1) / 2 - 1 END
				FROM b JOIN objects f ON f.seq = (SELECT MIN(seq) FROM objects WHERE seq >= (b.lo + b.hi + 1) / 2)
				WHERE b.lo < b.hi
			)
			SELECT MAX(lo) FROM b`,
			addedMicros(t)).Scan(&seq)
	}); err != nil {
		return 0, fmt.Errorf("seq added by: %w", unavailable(err))
	}
	return seq, nil
}

// DeleteVersions removes the versions of one object that m selects, with
// the indexes of the object when no version is left; when the current
// version goes and others remain, the latest remaining one becomes current.
// It returns how many versions were removed (ENOTFOUND when none matched).
func (db *DB) DeleteVersions(ctx context.Context, id string, m VersionMatch, specVersions []string) (int, error) {
	// What to delete is read where it is deleted, not on a replica.
	vs, err := db.Versions(PrimaryReads(ctx), VersionFilter{IDs: []string{id}, Match: m, SpecVersions: specVersions})
	if err != nil {
		return 0, err
	}
	if len(vs) == 0 {
		return 0, telltale.Errorf(telltale.ENOTFOUND, "no version of %s matches", id)
	}
	// The write lock: a delete waits for imports on any node, like them.
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return 0, fmt.Errorf("delete %s: %w", id, unavailable(err))
	}
	defer tx.Rollback()
	for _, v := range vs {
		if _, err := tx.ExecContext(ctx, `-- delete version
			DELETE FROM objects WHERE seq = $1`, v.Seq); err != nil {
			return 0, fmt.Errorf("delete %s: %w", id, unavailable(err))
		}
	}
	// A deletion leaves no version with a sequence number behind: it
	// takes one of its own, so that the store's change marker moves on
	// every node (LastSeq, ChangedSince).
	if err := db.markDeletion(ctx, tx); err != nil {
		return 0, fmt.Errorf("delete %s: %w", id, unavailable(err))
	}
	var seq, rid int64
	var raw string
	if err := tx.QueryRowContext(ctx, `-- current rid
		SELECT rid FROM current WHERE id = $1`, id).Scan(&rid); err != nil {
		return 0, fmt.Errorf("delete %s: %w", id, unavailable(err))
	}
	err = tx.QueryRowContext(ctx, `-- latest remaining version
		SELECT seq, raw FROM objects WHERE rid = $1 ORDER BY modified DESC, seq DESC LIMIT 1`, rid).Scan(&seq, &raw)
	switch {
	case err == sql.ErrNoRows:
		for _, q := range []struct {
			sql string
			arg any
		}{
			{`DELETE FROM current WHERE id = $1`, id},
			{`DELETE FROM relationships WHERE rid = $1`, rid},
			{`DELETE FROM names WHERE rid = $1`, rid},
			{searchDeleteRow[db.dialect.name], rid},
		} {
			if q.sql == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, "-- delete object indexes\n"+q.sql, q.arg); err != nil {
				return 0, fmt.Errorf("delete %s: %w", id, unavailable(err))
			}
		}
	case err != nil:
		return 0, fmt.Errorf("delete %s: %w", id, unavailable(err))
	default:
		// Some versions remain: the latest becomes (or stays) current. Its
		// name and revocation may differ; the name and search indexes
		// follow on the next import of the object.
		revoked := strings.Contains(raw, `"revoked":true`)
		if _, err := tx.ExecContext(ctx, `-- current after delete
			UPDATE current SET seq = $2, revoked = $3, versions = (SELECT COUNT(*) FROM objects WHERE rid = $1),
				marks = $4
			WHERE rid = $1`, rid, seq, boolInt(revoked), telltale.MarkSummary([]byte(raw))); err != nil {
			return 0, fmt.Errorf("delete %s: %w", id, unavailable(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("delete %s: %w", id, unavailable(err))
	}
	db.wrote(ctx)
	return len(vs), nil
}
