package taxii

import (
	"context"
	"maps"
	"slices"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/memo"
)

// BundleSectors gives the sector collections from the knowledge layer: a
// sector's collection holds the objects of its landscape bundle. The ids,
// and where their versions are in the store's sequence, are computed once
// per sector, viewer and store state.
type BundleSectors struct {
	// List lists the sectors (knowledge Service.Sectors).
	List func(ctx context.Context) ([]telltale.SectorSummary, error)
	// BundleIDs returns the ids of the objects of a sector's landscape
	// bundle (knowledge Service.SectorBundleIDs).
	BundleIDs func(ctx context.Context, sector string) (map[string]bool, error)
	// LastSeq moves whenever the store changes (store DB.LastSeq).
	LastSeq func(ctx context.Context) (int64, error)
	// Seqs returns the positions of every stored version of ids,
	// ascending (store DB.VersionSeqs). Without it a sector's pages walk
	// the whole sequence.
	Seqs func(ctx context.Context, ids []string) ([]int64, error)
	// ViewerKey names what the caller may see when the bundles differ by
	// caller (the knowledge layer filters them by clearance): what was
	// computed is reused only between callers with the same key. Nil means
	// every caller sees the same.
	ViewerKey func(ctx context.Context) string

	objects memo.Memo[*SectorObjects]
}

var _ Sectors = (*BundleSectors)(nil)

// sectorsKept bounds the sectors whose objects are kept (the taxonomy has
// about a hundred).
const sectorsKept = 1 << 12

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
// bundle as the caller sees it and, with Seqs, the positions of their
// versions.
func (b *BundleSectors) SectorObjects(ctx context.Context, key string) (*SectorObjects, error) {
	viewer := ""
	if b.ViewerKey != nil {
		viewer = b.ViewerKey(ctx)
	}
	return b.objects.Get(ctx, b.LastSeq, viewer+"\x00"+key, sectorsKept, func(int64) (*SectorObjects, int, error) {
		so, err := b.compute(ctx, key)
		return so, 1, err
	})
}

// compute reads a sector's objects and, with Seqs, their positions.
func (b *BundleSectors) compute(ctx context.Context, key string) (*SectorObjects, error) {
	ids, err := b.BundleIDs(ctx, key)
	if err != nil {
		return nil, err
	}
	so := &SectorObjects{IDs: ids}
	if b.Seqs != nil {
		if so.Seqs, err = b.Seqs(ctx, slices.Collect(maps.Keys(ids))); err != nil {
			return nil, err
		}
		if so.Seqs == nil {
			so.Seqs = []int64{} // none stored: known, and empty
		}
	}
	return so, nil
}
