package store

import (
	"context"
	"fmt"
)

// LastSeq returns the sequence number of the newest stored version (0 for
// an empty store). It changes whenever an import adds anything, so readers
// can cache what they compute from the store until it moves.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := db.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `-- last seq
			SELECT COALESCE(MAX(seq), 0) FROM objects`).Scan(&seq)
	}); err != nil {
		return 0, fmt.Errorf("last seq: %w", unavailable(err))
	}
	return seq, nil
}
