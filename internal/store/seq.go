package store

import (
	"context"
	"database/sql"
	"fmt"
)

// LastSeq returns the store's change marker: the sequence number of the
// newest stored version or of the last deletion, whichever is later (0 for
// an empty store). An import and a deletion (DeleteVersions) each move it
// forward, in the transaction that makes the change, so readers on any node
// sharing the database can cache what they compute from the store until it
// moves.
//
// Pages ask for it on every request, so its statement is prepared once
// per handle: SQLite's driver otherwise parses it each time, which cost
// more than running it.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := db.read(ctx, func(q querier) error {
		row, err := db.stmts.queryRow(ctx, q, lastSeqQuery)
		if err != nil {
			return err
		}
		return row.Scan(&seq)
	}); err != nil {
		return 0, fmt.Errorf("last seq: %w", unavailable(err))
	}
	return seq, nil
}

const lastSeqQuery = `-- last seq
	SELECT COALESCE(MAX(seq), 0) FROM (SELECT MAX(seq) AS seq FROM objects UNION ALL SELECT seq FROM deletions) s`

// markDeletion takes the next sequence number for a deletion in tx (which
// holds the write lock) and records it as the last deletion's, so that
// LastSeq moves with the deletion, and ChangedSince reports it; versions
// imported after it are numbered after it.
func (db *DB) markDeletion(ctx context.Context, tx *sql.Tx) error {
	var last int64
	if err := tx.QueryRowContext(ctx, db.dialect.lastSeq).Scan(&last); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, db.dialect.setLastSeq, last+1); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `-- mark deletion
		INSERT INTO deletions (id, seq) VALUES (1, $1)
		ON CONFLICT (id) DO UPDATE SET seq = excluded.seq`, last+1)
	return err
}
