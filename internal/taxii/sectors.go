package taxii

import (
	"bytes"
	"context"
	"io"
	"sync"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// BundleSectors gives the sector collections from the knowledge layer: a
// sector's collection holds the objects of its landscape bundle. The ids
// are computed once per sector and store state.
type BundleSectors struct {
	// List lists the sectors (knowledge Service.Sectors).
	List func(ctx context.Context) ([]telltale.SectorSummary, error)
	// Bundle writes a sector's landscape as a STIX bundle (knowledge
	// Service.SectorBundle).
	Bundle func(ctx context.Context, sector string, w io.Writer) error
	// LastSeq moves whenever the store changes (store DB.LastSeq).
	LastSeq func(ctx context.Context) (int64, error)

	mu    sync.Mutex
	seq   int64
	cache map[string]map[string]bool
}

var _ Sectors = (*BundleSectors)(nil)

// SectorList returns every sector of the taxonomy.
func (b *BundleSectors) SectorList(ctx context.Context) ([][2]string, error) {
	list, err := b.List(ctx)
	if err != nil {
		return nil, err
	}
	out := make([][2]string, len(list))
	for i, s := range list {
		out[i] = [2]string{s.Key, s.Name}
	}
	return out, nil
}

// SectorObjectIDs returns the ids of the objects in a sector's landscape
// bundle.
func (b *BundleSectors) SectorObjectIDs(ctx context.Context, key string) (map[string]bool, error) {
	seq, err := b.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	if b.seq != seq || b.cache == nil {
		b.seq, b.cache = seq, map[string]map[string]bool{}
	}
	ids, ok := b.cache[key]
	b.mu.Unlock()
	if ok {
		return ids, nil
	}
	var buf bytes.Buffer
	if err := b.Bundle(ctx, key, &buf); err != nil {
		return nil, err
	}
	ids = map[string]bool{}
	dec := stix.NewDecoder(&buf)
	for {
		raw, err := dec.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		o, err := stix.Parse(raw)
		if err != nil {
			return nil, err
		}
		ids[o.ID] = true
	}
	b.mu.Lock()
	if b.seq == seq {
		b.cache[key] = ids
	}
	b.mu.Unlock()
	return ids, nil
}
