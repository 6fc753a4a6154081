package knowledge

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/telltale-cti/telltale"
)

// Actor views are kept in the cache as landscapes are, so that a process
// that starts, shows one actor and ends (`telltale actor APT28`) reads two
// cache rows instead of loading and clustering the whole knowledge (a
// second of CPU with ATT&CK; issue 17 asks ≤ 200 ms for the whole
// process).

// actorIndexKey names the cache entry that resolves names and ids to the
// cluster whose view is cached under actorKey.
const actorIndexKey = "actors"

func actorKey(clusterID string) string { return "actor:" + clusterID }

// actorIndex maps every member id ("id:" + id) and every folded name
// ("key:" + key) that resolveActor resolves to one cluster to that
// cluster's id. Names it refuses (several clusters at one level) are left
// out: looking them up computes, and gives resolveActor's own answer.
func (snap *snapshot) actorIndex() map[string]string {
	idx := make(map[string]string, len(snap.clusterOf)+len(snap.byKey))
	for id, c := range snap.clusterOf {
		idx["id:"+id] = c.id
	}
	add := func(key string) {
		if c, err := snap.resolveActor(key); err == nil {
			idx["key:"+key] = c.id
		}
	}
	for k := range snap.byKey {
		add(k)
	}
	for k := range snap.attackKey {
		add(k)
	}
	for k := range snap.primaryKey {
		add(k)
	}
	return idx
}

// cachedActor returns the cached view of the actor nameOrID designates,
// when the cache holds views computed from the store as it is now and the
// name resolves to one cluster; nil otherwise (the caller computes).
func (s *Service) cachedActor(ctx context.Context, nameOrID string) *telltale.Actor {
	var idx map[string]string
	if !s.cached(ctx, actorIndexKey, &idx) {
		return nil
	}
	id, ok := idx["id:"+strings.TrimSpace(nameOrID)]
	if !ok {
		if id, ok = idx["key:"+Fold(nameOrID)]; !ok {
			return nil
		}
	}
	var a telltale.Actor
	if !s.cached(ctx, actorKey(id), &a) {
		return nil
	}
	return &a
}

// statsKey names the cached counts of the store (telltale.Stats), which
// Recompute keeps with the views: counting millions of rows takes a
// second, which `telltale stats` need not spend after every import.
const statsKey = "stats"

// statsEntry adds the store's counts to the cache entries.
func (s *Service) statsEntry(ctx context.Context, entries map[string][]byte) error {
	st, err := s.store.Stats(ctx)
	if err != nil {
		return err
	}
	entries[statsKey], err = json.Marshal(st)
	return err
}

// Stats returns the store's counts, from the cache when Recompute kept
// them for the store as it is now.
func (s *Service) Stats(ctx context.Context) (*telltale.Stats, error) {
	var st telltale.Stats
	if s.cached(ctx, statsKey, &st) {
		return &st, nil
	}
	return s.store.Stats(ctx)
}
