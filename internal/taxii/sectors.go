package taxii

import (
	"bytes"
	"context"
	"io"
	"maps"
	"slices"
	"sync"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// BundleSectors gives the sector collections from the knowledge layer: a
// sector's collection holds the objects of its landscape bundle. The ids,
// and where their versions are in the store's sequence, are computed once
// per sector and store state.
type BundleSectors struct {
	// List lists the sectors (knowledge Service.Sectors).
	List func(ctx context.Context) ([]telltale.SectorSummary, error)
	// Bundle writes a sector's landscape as a STIX bundle (knowledge
	// Service.SectorBundle).
	Bundle func(ctx context.Context, sector string, w io.Writer) error
	// LastSeq moves whenever the store changes (store DB.LastSeq).
	LastSeq func(ctx context.Context) (int64, error)
	// Seqs returns the positions of every stored version of ids,
	// ascending (store DB.VersionSeqs). Without it a sector's pages walk
	// the whole sequence.
	Seqs func(ctx context.Context, ids []string) ([]int64, error)

	mu    sync.Mutex
	seq   int64
	cache map[string]*SectorObjects
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

// SectorObjects returns the ids of the objects in a sector's landscape
// bundle and, with Seqs, the positions of their versions.
func (b *BundleSectors) SectorObjects(ctx context.Context, key string) (*SectorObjects, error) {
	seq, err := b.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	if b.seq != seq || b.cache == nil {
		b.seq, b.cache = seq, map[string]*SectorObjects{}
	}
	so, ok := b.cache[key]
	b.mu.Unlock()
	if ok {
		return so, nil
	}
	ids, err := b.bundleIDs(ctx, key)
	if err != nil {
		return nil, err
	}
	so = &SectorObjects{IDs: map[string]bool{}}
	for _, id := range ids {
		so.IDs[id] = true
	}
	if b.Seqs != nil {
		if so.Seqs, err = b.Seqs(ctx, slices.Collect(maps.Keys(so.IDs))); err != nil {
			return nil, err
		}
		if so.Seqs == nil {
			so.Seqs = []int64{} // none stored: known, and empty
		}
	}
	b.mu.Lock()
	if b.seq == seq {
		b.cache[key] = so
	}
	b.mu.Unlock()
	return so, nil
}

// bundleIDs returns the ids of the objects of a sector's landscape bundle.
func (b *BundleSectors) bundleIDs(ctx context.Context, key string) ([]string, error) {
	var buf bytes.Buffer
	if err := b.Bundle(ctx, key, &buf); err != nil {
		return nil, err
	}
	var ids []string
	dec := stix.NewDecoder(&buf)
	for {
		raw, err := dec.Next()
		if err == io.EOF {
			return ids, nil
		} else if err != nil {
			return nil, err
		}
		o, err := stix.Parse(raw)
		if err != nil {
			return nil, err
		}
		ids = append(ids, o.ID)
	}
}
