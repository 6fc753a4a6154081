package knowledge

import (
	"context"
	"encoding/json"
)

// Cache keeps computed views between processes, stamped with the store
// sequence number they were computed at. The store implements it.
type Cache interface {
	CacheGet(ctx context.Context, key string) (seq int64, body []byte, found bool, err error)
	CachePut(ctx context.Context, seq int64, entries map[string][]byte) error
}

// cacheVersion prefixes every cache key. Bump it whenever what the views
// compute changes (clustering rules, landscape rows), so that a new binary
// on an existing database ignores views an older one cached.
const cacheVersion = "v6:"

// Recompute computes the actor clusters and every sector's landscape for
// the store as it is now, and keeps them in the cache (when the store has
// one), so that a later process answers "who attacks this sector" without
// recomputing. Run it after imports.
func (s *Service) Recompute(ctx context.Context) error {
	snap, err := s.current(ctx)
	if err != nil {
		return err
	}
	cache, ok := s.store.(Cache)
	if !ok || s.opts.Viewer != nil {
		return nil
	}
	entries := map[string][]byte{}
	for _, sec := range Sectors() {
		l, err := s.Landscape(ctx, sec.Key)
		if err != nil {
			return err
		}
		if entries["landscape:"+sec.Key], err = json.Marshal(l); err != nil {
			return err
		}
	}
	sectors, err := s.Sectors(ctx)
	if err != nil {
		return err
	}
	if entries["sectors"], err = json.Marshal(sectors); err != nil {
		return err
	}
	if err := s.actorEntries(ctx, snap, entries); err != nil {
		return err
	}
	if err := s.statsEntry(ctx, entries); err != nil {
		return err
	}
	versioned := make(map[string][]byte, len(entries))
	for k, v := range entries {
		versioned[cacheVersion+k] = v
	}
	entries = versioned
	// Several nodes on one database write the shared cache once.
	if l, ok := s.store.(interface {
		WithLeaderLock(ctx context.Context, name string, fn func() error) (bool, error)
	}); ok {
		_, err := l.WithLeaderLock(ctx, "knowledge-cache", func() error { return cache.CachePut(ctx, snap.seq, entries) })
		return err
	}
	return cache.CachePut(ctx, snap.seq, entries)
}

// cached decodes the cached view key into v when it was computed from the
// store as it is now; it never computes anything.
func (s *Service) cached(ctx context.Context, key string, v any) bool {
	cache, ok := s.store.(Cache)
	if !ok {
		return false
	}
	if s.opts.Viewer != nil {
		return false // the cache holds the unfiltered views only
	}
	s.mu.Lock()
	warm := s.base != nil
	s.mu.Unlock()
	if warm {
		return false // the in-memory snapshot is as cheap and may be fresher
	}
	ctx = s.pinReads(ctx)
	seq, err := s.store.LastSeq(ctx)
	if err != nil {
		return false
	}
	cseq, body, found, err := cache.CacheGet(ctx, cacheVersion+key)
	if err != nil || !found || cseq != seq {
		return false
	}
	return json.Unmarshal(body, v) == nil
}
