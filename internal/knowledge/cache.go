package knowledge

import (
	"context"
	"encoding/json"
	"errors"
	"slices"

	"github.com/telltale-cti/telltale"
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
const cacheVersion = "v7:"

// Recompute computes the actor clusters and every sector's landscape for
// the store as it is now, and keeps them in the cache (when the store has
// one), so that a later process answers "who attacks this sector" without
// recomputing. Run it after imports.
func (s *Service) Recompute(ctx context.Context) error {
	cache, ok := s.store.(Cache)
	// The cached views are those of a caller who sees everything: a
	// service that filters by viewer keeps them only when ctx's does
	// (a server's own work).
	_, sees := s.viewer(ctx)
	ok = ok && sees == nil
	if ok {
		if carried, err := s.carryForward(ctx, cache); carried || err != nil {
			return err
		}
	}
	snap, err := s.current(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return nil
	}
	entries, err := s.viewEntries(ctx, snap)
	if err != nil {
		return err
	}
	entries = versioned(entries)
	return s.leading(ctx, func() error { return cache.CachePut(ctx, snap.seq, entries) })
}

// viewEntries computes the views Recompute keeps from snap: every
// sector's landscape, the sector list, every actor's view and the index
// that finds them, the store's counts and, when the service marks
// objects, the marks entry. The views are computed and encoded on as many
// goroutines as there are processors (a snapshot is read concurrently,
// as a server's requests do).
func (s *Service) viewEntries(ctx context.Context, snap *snapshot) (map[string][]byte, error) {
	secs := Sectors()
	jobs := make([]func() (string, any), 0, len(secs)+len(snap.clusters)+2)
	for _, sec := range secs {
		jobs = append(jobs, func() (string, any) {
			return "landscape:" + sec.Key, snap.landscapeMemo(sec, telltale.LandscapeFilter{})
		})
	}
	jobs = append(jobs,
		func() (string, any) { return "sectors", slices.Clone(snap.sectorSummaries()) },
		func() (string, any) { return actorIndexKey, snap.actorIndex() })
	for _, c := range snap.clusters {
		jobs = append(jobs, func() (string, any) { return actorKey(c.id), snap.cachedActor(c) })
	}
	keys, bodies, errs := make([]string, len(jobs)), make([][]byte, len(jobs)), make([]error, len(jobs))
	parallel(len(jobs), func(i int) {
		var v any
		keys[i], v = jobs[i]()
		bodies[i], errs[i] = json.Marshal(v)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	entries := make(map[string][]byte, len(jobs)+2)
	for i, k := range keys {
		entries[k] = bodies[i]
	}
	if err := s.statsEntry(ctx, entries); err != nil {
		return nil, err
	}
	if err := s.marksEntry(ctx, entries); err != nil {
		return nil, err
	}
	return entries, nil
}

// versioned returns entries under their keys prefixed by cacheVersion.
func versioned(entries map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(entries))
	for k, v := range entries {
		out[cacheVersion+k] = v
	}
	return out
}

// leading runs write once for several nodes on one database (under their
// leader lock, when the store has one).
func (s *Service) leading(ctx context.Context, write func() error) error {
	if l, ok := s.store.(interface {
		WithLeaderLock(ctx context.Context, name string, fn func() error) (bool, error)
	}); ok {
		_, err := l.WithLeaderLock(ctx, "knowledge-cache", write)
		return err
	}
	return write()
}

// CarryForward stamps the cached views with the store's sequence number
// when nothing they are computed from changed since they were computed,
// as Recompute does before computing; it never computes the views. A
// server runs it after each import it makes, so that the first page after
// a feed's import is answered from the cache. It reports whether it did.
func (s *Service) CarryForward(ctx context.Context) (bool, error) {
	cache, ok := s.store.(Cache)
	if !ok {
		return false, nil
	}
	return s.carryForward(ctx, cache)
}

// carrier is a cache that can tell whether views computed at a sequence
// number still hold, and carry them over to a later one (the store).
type carrier interface {
	ChangedSince(ctx context.Context, seq int64, types []string) (bool, error)
	CacheCarry(ctx context.Context, from, seq int64, entries map[string][]byte) error
}

// carryForward stamps the cached views with the store's sequence number,
// recounting only the store's counts, when nothing they are computed from
// changed since they were: no object of the views' types, no relationship
// between such objects, no marking definition (which can change marks).
// An import of a feed's indicators and their relationships then costs no
// recomputation (issue 17: seconds of CPU at 1,000,000 objects). It
// reports whether it did.
func (s *Service) carryForward(ctx context.Context, cache Cache) (bool, error) {
	cc, ok := s.store.(carrier)
	if !ok {
		return false, nil
	}
	seq, err := s.store.LastSeq(ctx)
	if err != nil {
		return false, err
	}
	cseq, _, found, err := cache.CacheGet(ctx, cacheVersion+"sectors")
	if err != nil || !found || cseq >= seq {
		return false, err
	}
	if s.opts.Mark != nil {
		// Views cached without their marks are computed again, with them.
		mseq, _, found, err := cache.CacheGet(ctx, cacheVersion+marksKey)
		if err != nil || !found || mseq != cseq {
			return false, err
		}
	}
	changed, err := cc.ChangedSince(ctx, cseq, append(slices.Clip(snapshotTypes), "marking-definition"))
	if err != nil || changed {
		return false, err
	}
	entries := map[string][]byte{}
	if err := s.statsEntry(ctx, entries); err != nil {
		return false, err
	}
	entries = versioned(entries)
	return true, s.leading(ctx, func() error { return cc.CacheCarry(ctx, cseq, seq, entries) })
}

// cached decodes the cached view key into v when it was computed from the
// store as it is now and shows what the caller sees; it never computes
// anything.
func (s *Service) cached(ctx context.Context, key string, v any) bool {
	cache, ok := s.store.(Cache)
	if !ok {
		return false
	}
	ctx = s.pinReads(ctx) // one server for the sequence and the entries (serve --read-db)
	seq, err := s.store.LastSeq(ctx)
	if err != nil {
		return false
	}
	vkey, sees := s.viewer(ctx)
	if s.warm(seq, vkey, sees) != nil {
		return false // the snapshot in memory is as cheap
	}
	if sees != nil && !s.seesStored(ctx, cache, seq, sees) {
		return false // the cache holds the unfiltered views only
	}
	cseq, body, found, err := cache.CacheGet(ctx, cacheVersion+key)
	if err != nil || !found || cseq != seq {
		return false
	}
	return json.Unmarshal(body, v) == nil
}

// marksKey names the cache entry that lists, for each distinct mark of
// the objects and relationships the cached views were computed from, the
// id of one object bearing it. A server that filters by viewer reads those
// few objects, marks them as it marks everything (Options.Mark), and
// answers a viewer who sees every mark from the cached views: that
// viewer's snapshot would be the unfiltered one (base.seesAll). Without
// it, the first page after an import loaded and clustered the whole
// knowledge: seconds at a million objects.
const marksKey = "marks"

// marksEntry adds the marks entry when the service marks objects; without
// Options.Mark there is nothing to tell viewers apart by, and no entry.
func (s *Service) marksEntry(ctx context.Context, entries map[string][]byte) error {
	if s.opts.Mark == nil {
		return nil
	}
	snap, err := s.snapshotFor(ctx, allKey, nil)
	if err != nil {
		return err
	}
	s.mu.Lock()
	b := s.base
	s.mu.Unlock()
	if b == nil || b.seq != snap.seq {
		return nil // the store changed meanwhile: the entry would be stale anyway
	}
	ids := slices.Sorted(slices.Values(b.markIDs))
	entries[marksKey], err = json.Marshal(ids)
	return err
}

// storedMarks are the marks of the cached views of the store at seq, as
// this service marks them; ok is false when the cache has no such entry.
type storedMarks struct {
	seq   int64
	marks []telltale.Mark
	ok    bool
}

// seesStored reports whether the viewer sees every mark of the cached
// views of the store at seq.
func (s *Service) seesStored(ctx context.Context, cache Cache, seq int64, sees func(telltale.Mark) bool) bool {
	s.mu.Lock()
	sm := s.stored
	s.mu.Unlock()
	if sm == nil || sm.seq != seq {
		var err error
		if sm, err = s.readStoredMarks(ctx, cache, seq); err != nil || sm == nil {
			return false // not cached yet: a recomputation may be writing it
		}
		s.mu.Lock()
		s.stored = sm
		s.mu.Unlock()
	}
	if !sm.ok {
		return false
	}
	for _, m := range sm.marks {
		if !sees(m) {
			return false
		}
	}
	return true
}

// readStoredMarks reads the marks entry of the store at seq and marks the
// objects it names; nil when the cache holds no entry for seq (yet).
func (s *Service) readStoredMarks(ctx context.Context, cache Cache, seq int64) (*storedMarks, error) {
	sm := &storedMarks{seq: seq}
	if s.opts.Mark == nil {
		return sm, nil
	}
	cseq, body, found, err := cache.CacheGet(ctx, cacheVersion+marksKey)
	if err != nil || !found || cseq != seq {
		return nil, err
	}
	var ids []string
	if json.Unmarshal(body, &ids) != nil {
		return sm, nil
	}
	got := 0
	err = eachObjectOf(ctx, s.store, ids, true, func(o *telltale.Object) {
		sm.marks = append(sm.marks, s.opts.Mark(o.Raw))
		got++
	})
	if err != nil {
		return nil, err
	}
	sm.ok = got == len(ids)
	return sm, nil
}
