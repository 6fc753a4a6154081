package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
)

// CacheGet returns a cached view and the store sequence number it was
// computed at, or found false.
func (db *DB) CacheGet(ctx context.Context, key string) (seq int64, body []byte, found bool, err error) {
	var s string
	err = db.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `-- cache get
			SELECT seq, body FROM knowledge_cache WHERE key = $1`, key).Scan(&seq, &s)
	})
	switch err {
	case nil:
		return seq, []byte(s), true, nil
	case sql.ErrNoRows:
		return 0, nil, false, nil
	}
	return 0, nil, false, fmt.Errorf("cache %s: %w", key, unavailable(err))
}

// CachePut replaces cached views, all computed at store sequence seq, in
// one transaction, and drops views computed at other sequence numbers.
func (db *DB) CachePut(ctx context.Context, seq int64, entries map[string][]byte) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cache: %w", unavailable(err))
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `-- cache drop stale
		DELETE FROM knowledge_cache WHERE seq <> $1`, seq); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `-- cache put
			INSERT INTO knowledge_cache (key, seq, body) VALUES ($1, $2, $3)
			ON CONFLICT (key) DO UPDATE SET seq = excluded.seq, body = excluded.body`, k, seq, string(entries[k])); err != nil {
			return fmt.Errorf("cache %s: %w", k, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cache: %w", unavailable(err))
	}
	return nil
}
