package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
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
// over to seq. An entry whose body is the one stored under its key (the
// same digest) is only re-stamped: a recomputation after an import
// leaves most views as they were, and compressing and writing them again
// cost more than computing them.
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
	stored, err := cacheDigests(ctx, tx)
	if err != nil {
		return err
	}
	var same, changed []string
	digests := make(map[string]string, len(entries))
	for k, body := range entries {
		sum := sha256.Sum256(body)
		digests[k] = hex.EncodeToString(sum[:])
		if stored[k] == digests[k] {
			same = append(same, k)
		} else {
			changed = append(changed, k)
		}
	}
	for len(same) > 0 {
		batch := same[:min(len(same), 500)]
		same = same[len(batch):]
		a := &sqlArgs{}
		stamp := a.add(seq)
		if _, err := tx.ExecContext(ctx, `-- cache restamp
			UPDATE knowledge_cache SET seq = `+stamp+` WHERE key IN (`+inList(a, batch)+`)`, a.args...); err != nil {
			return fmt.Errorf("cache: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `-- cache drop stale
		DELETE FROM knowledge_cache WHERE seq <> $1`, seq); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	sort.Strings(changed)
	bodies, err := db.cacheBodies(changed, entries)
	if err != nil {
		return err
	}
	for i, k := range changed {
		if _, err := tx.ExecContext(ctx, `-- cache put
			INSERT INTO knowledge_cache (key, seq, body, digest) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key) DO UPDATE SET seq = excluded.seq, body = excluded.body, digest = excluded.digest`,
			k, seq, bodies[i], digests[k]); err != nil {
			return fmt.Errorf("cache %s: %w", k, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cache: %w", unavailable(err))
	}
	return nil
}

// cacheDigests reads the digest of every cached view.
func cacheDigests(ctx context.Context, tx *sql.Tx) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, `-- cache digests
		SELECT key, digest FROM knowledge_cache`)
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, d string
		if err := rows.Scan(&k, &d); err != nil {
			return nil, fmt.Errorf("cache: %w", err)
		}
		out[k] = d
	}
	return out, rows.Err()
}

// cacheBodies returns what is stored of the entries of keys, in their
// order: the bodies, gzipped when the engine keeps them so (gzipCache),
// compressed on as many goroutines as there are processors.
func (db *DB) cacheBodies(keys []string, entries map[string][]byte) ([]any, error) {
	out := make([]any, len(keys))
	if !db.dialect.gzipCache {
		for i, k := range keys {
			out[i] = string(entries[k])
		}
		return out, nil
	}
	errs := make([]error, len(keys))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(keys)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
			for i := int(next.Add(1)) - 1; i < len(keys); i = int(next.Add(1)) - 1 {
				buf.Reset()
				zw.Reset(&buf)
				_, err := zw.Write(entries[keys[i]])
				if err == nil {
					err = zw.Close()
				}
				if err != nil {
					errs[i] = fmt.Errorf("cache %s: %w", keys[i], err)
					continue
				}
				out[i] = bytes.Clone(buf.Bytes())
			}
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
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
