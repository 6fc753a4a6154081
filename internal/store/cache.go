package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// CacheGet returns a cached view and the store sequence number it was
// computed at, or found false.
func (db *DB) CacheGet(ctx context.Context, key string) (seq int64, body []byte, found bool, err error) {
	err = db.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `-- cache get
			SELECT seq, body FROM knowledge_cache WHERE key = $1`, key).Scan(&seq, &body)
	})
	switch err {
	case nil:
		if body, err = cacheBody(body); err != nil {
			return 0, nil, false, fmt.Errorf("cache %s: %w", key, err)
		}
		return seq, body, true, nil
	case sql.ErrNoRows:
		return 0, nil, false, nil
	}
	return 0, nil, false, fmt.Errorf("cache %s: %w", key, unavailable(err))
}

// CachePut replaces cached views, all computed at store sequence seq, in
// one transaction, and drops views computed at other sequence numbers.
func (db *DB) CachePut(ctx context.Context, seq int64, entries map[string][]byte) error {
	return db.cacheWrite(ctx, -1, seq, entries)
}

// CacheCarry stamps the cached views computed at from with seq, as if
// computed at seq (the caller found that nothing they are computed from
// changed in between: ChangedSince), and replaces entries, in one
// transaction; views computed at other sequence numbers go.
func (db *DB) CacheCarry(ctx context.Context, from, seq int64, entries map[string][]byte) error {
	return db.cacheWrite(ctx, from, seq, entries)
}

// cacheWrite is CachePut, first carrying the views of from (-1: none)
// over to seq.
func (db *DB) cacheWrite(ctx context.Context, from, seq int64, entries map[string][]byte) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cache: %w", unavailable(err))
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `-- cache carry
		UPDATE knowledge_cache SET seq = $2 WHERE seq = $1`, from, seq); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `-- cache drop stale
		DELETE FROM knowledge_cache WHERE seq <> $1`, seq); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	var zw *gzip.Writer
	var buf bytes.Buffer
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var body any = string(entries[k])
		if db.dialect.gzipCache {
			buf.Reset()
			if zw == nil {
				zw, _ = gzip.NewWriterLevel(&buf, gzip.BestSpeed)
			} else {
				zw.Reset(&buf)
			}
			if _, err := zw.Write(entries[k]); err != nil {
				return fmt.Errorf("cache %s: %w", k, err)
			}
			if err := zw.Close(); err != nil {
				return fmt.Errorf("cache %s: %w", k, err)
			}
			body = bytes.Clone(buf.Bytes())
		}
		if _, err := tx.ExecContext(ctx, `-- cache put
			INSERT INTO knowledge_cache (key, seq, body) VALUES ($1, $2, $3)
			ON CONFLICT (key) DO UPDATE SET seq = excluded.seq, body = excluded.body`, k, seq, body); err != nil {
			return fmt.Errorf("cache %s: %w", k, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cache: %w", unavailable(err))
	}
	return nil
}

// cacheBody is the view a knowledge cache body holds: the body itself,
// or, when it is gzipped (gzipCache; JSON never starts with gzip's magic
// bytes), the body unzipped.
func cacheBody(body []byte) ([]byte, error) {
	if len(body) < 2 || body[0] != 0x1f || body[1] != 0x8b {
		return body, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// ChangedSince reports whether a current object of one of types, or a
// current relationship from an object of one of types to another (the
// types read from the ids), was stored after seq: whether views computed
// at seq from the objects of those types and the relationships between
// them may differ now. A feed's indicators and their relationships change
// nothing. A deletion of versions (DeleteVersions) since seq is a change
// of every type: what it deleted is no longer there to tell.
func (db *DB) ChangedSince(ctx context.Context, seq int64, types []string) (bool, error) {
	if len(types) == 0 {
		return false, nil
	}
	args := []any{seq}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	ph := make([]string, len(types))
	for i, t := range types {
		ph[i] = arg(t)
	}
	var one int
	err := db.db.QueryRowContext(ctx, `-- changed since: objects or a deletion
		SELECT 1 FROM current WHERE type IN (`+strings.Join(ph, ", ")+`) AND seq > $1
		UNION ALL SELECT 1 FROM deletions WHERE seq > $1 LIMIT 1`, args...).Scan(&one)
	switch {
	case err == nil:
		return true, nil
	case err != sql.ErrNoRows:
		return false, fmt.Errorf("changed since: %w", unavailable(err))
	}
	args = args[:1]
	rows, err := db.query(ctx, `-- changed since: relationships
		SELECT r.target_ref FROM relationships r JOIN current c ON c.rid = r.rid
		WHERE c.seq > $1 AND `+typeRanges("r.source_ref", types, arg), args...)
	if err != nil {
		return false, fmt.Errorf("changed since: %w", unavailable(err))
	}
	defer rows.Close()
	for rows.Next() {
		var target string
		if err := rows.Scan(&target); err != nil {
			return false, err
		}
		if slices.Contains(types, idType(target)) {
			return true, nil
		}
	}
	return false, rows.Err()
}
