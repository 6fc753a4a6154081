package auth

import (
	"context"
	"sync"

	"github.com/telltale-cti/telltale"
)

// seenMemoIDs bounds the ids a seenMemo keeps (about 100 bytes each): the
// ids ATT&CK's three domains and the MISP galaxies name fit many times.
// Lookups past it are answered, not kept.
const seenMemoIDs = 250_000

// seenMemo keeps what lookups of ids found (whether a viewer may see the
// object an id names) for one state of the store, per viewer key: the
// pages of a TAXII crawl, the exports and the object views ask about the
// same creators, relationship ends and collection contents again and
// again, and each lookup reads the objects themselves. It is dropped
// whole when the store's change marker moves, as the object views are.
type seenMemo struct {
	mu  sync.Mutex
	seq int64
	by  map[string]map[string]bool // viewer key → id → seen
	n   int
}

// visibleIDs returns the test of whether an id of ids names an object u
// may see (telltale.VisibleIDs): true for every id when u may see every
// marking the store holds (telltale.SeesEveryMarking), else from the memo
// when the store has not changed since the ids were looked up for a viewer
// with u's key.
func (v *VisibleObjects) visibleIDs(ctx context.Context, u *User, ids []string) (func(id string) bool, error) {
	if len(ids) == 0 {
		return func(string) bool { return true }, nil
	}
	if all, err := telltale.SeesEveryMarking(ctx, v.ObjectService, u); err != nil {
		return nil, err
	} else if all {
		return func(string) bool { return true }, nil
	}
	seen, err := v.visibleIDMap(ctx, u, ids)
	if err != nil {
		return nil, err
	}
	return func(id string) bool { return seen[id] }, nil
}

// visibleIDMap returns which of ids name objects u may see, from the
// memo where it can.
func (v *VisibleObjects) visibleIDMap(ctx context.Context, u *User, ids []string) (map[string]bool, error) {
	seq, err := v.LastSeq(ctx)
	if err != nil {
		// No change marker: nothing can be kept.
		return telltale.VisibleIDs(ctx, v.ObjectService, u, ids)
	}
	key := u.Key()
	out := make(map[string]bool, len(ids))
	var missing []string
	v.seen.mu.Lock()
	known := v.seen.viewer(seq, key) // nil: the memo has moved on
	for _, id := range ids {
		if s, ok := known[id]; ok {
			out[id] = s
		} else {
			missing = append(missing, id)
		}
	}
	v.seen.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	found, err := telltale.VisibleIDs(ctx, v.ObjectService, u, missing)
	if err != nil {
		return nil, err
	}
	v.seen.mu.Lock()
	defer v.seen.mu.Unlock()
	known = v.seen.viewer(seq, key)
	for _, id := range missing {
		out[id] = found[id]
		if _, ok := known[id]; !ok && known != nil && v.seen.n < seenMemoIDs {
			known[id] = found[id]
			v.seen.n++
		}
	}
	return out, nil
}

// viewer returns the memo of the viewer key at seq, starting over when
// the store has moved on, nil when the memo is of a later state than seq
// (a caller that read the change marker before a write). The caller holds
// mu.
func (m *seenMemo) viewer(seq int64, key string) map[string]bool {
	if m.by != nil && seq < m.seq {
		return nil
	}
	if m.by == nil || m.seq != seq {
		m.seq, m.by, m.n = seq, map[string]map[string]bool{}, 0
	}
	known := m.by[key]
	if known == nil {
		known = map[string]bool{}
		m.by[key] = known
	}
	return known
}
