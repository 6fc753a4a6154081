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
	// BundleSeqs, when set, is used instead of BundleIDs: the ids with
	// the position of each one's current version (knowledge
	// Service.SectorBundleSeqs), so that pages of the latest versions
	// need no other look-up; Seqs is then asked only for pages of other
	// versions.
	BundleSeqs func(ctx context.Context, sector string) (map[string]int64, error)
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

	objects  memo.Memo[*SectorObjects]
	versions memo.Memo[[]int64]
}

var (
	_ Sectors        = (*BundleSectors)(nil)
	_ SectorVersions = (*BundleSectors)(nil)
)

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
// bundle as the caller sees it and, with BundleSeqs, the positions of
// their current versions, or, with Seqs alone, of all their versions.
func (b *BundleSectors) SectorObjects(ctx context.Context, key string) (*SectorObjects, error) {
	return b.objects.Get(ctx, b.LastSeq, b.viewer(ctx)+"\x00"+key, sectorsKept, func(int64) (*SectorObjects, int, error) {
		so, err := b.compute(ctx, key)
		return so, 1, err
	})
}

// SectorVersionSeqs returns the positions of every version of a sector's
// objects (Seqs), computed once per sector, viewer and store state; nil
// without Seqs.
func (b *BundleSectors) SectorVersionSeqs(ctx context.Context, key string) ([]int64, error) {
	so, err := b.SectorObjects(ctx, key)
	if err != nil {
		return nil, err
	}
	if so.Seqs != nil || b.Seqs == nil {
		return so.Seqs, nil
	}
	return b.versions.Get(ctx, b.LastSeq, b.viewer(ctx)+"\x00"+key, sectorsKept, func(int64) ([]int64, int, error) {
		seqs, err := b.seqs(ctx, so.IDs)
		return seqs, 1, err
	})
}

// viewer is the caller's ViewerKey ("" without one).
func (b *BundleSectors) viewer(ctx context.Context) string {
	if b.ViewerKey == nil {
		return ""
	}
	return b.ViewerKey(ctx)
}

// compute reads a sector's objects and the positions of their versions:
// the current ones with BundleSeqs, else all with Seqs.
func (b *BundleSectors) compute(ctx context.Context, key string) (*SectorObjects, error) {
	if b.BundleSeqs != nil {
		current, err := b.BundleSeqs(ctx, key)
		if err != nil {
			return nil, err
		}
		so := &SectorObjects{IDs: make(map[string]bool, len(current)), Latest: make([]int64, 0, len(current))}
		for id, seq := range current {
			so.IDs[id] = true
			so.Latest = append(so.Latest, seq)
		}
		slices.Sort(so.Latest)
		return so, nil
	}
	ids, err := b.BundleIDs(ctx, key)
	if err != nil {
		return nil, err
	}
	so := &SectorObjects{IDs: ids}
	if b.Seqs != nil {
		if so.Seqs, err = b.seqs(ctx, ids); err != nil {
			return nil, err
		}
	}
	return so, nil
}

// seqs is Seqs of ids, never nil.
func (b *BundleSectors) seqs(ctx context.Context, ids map[string]bool) ([]int64, error) {
	seqs, err := b.Seqs(ctx, slices.Collect(maps.Keys(ids)))
	if err != nil {
		return nil, err
	}
	if seqs == nil {
		seqs = []int64{} // none stored: known, and empty
	}
	return seqs, nil
}
