package taxii

import (
	"context"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/memo"
)

// BundleSectors gives the sector collections from the knowledge layer: a
// sector's collection holds the objects of its landscape bundle. The ids
// are computed once per sector and store state.
type BundleSectors struct {
	// List lists the sectors (knowledge Service.Sectors).
	List func(ctx context.Context) ([]telltale.SectorSummary, error)
	// BundleIDs returns the ids of the objects of a sector's landscape
	// bundle (knowledge Service.SectorBundleIDs).
	BundleIDs func(ctx context.Context, sector string) (map[string]bool, error)
	// LastSeq moves whenever the store changes (store DB.LastSeq).
	LastSeq func(ctx context.Context) (int64, error)
	// ViewerKey names what the caller may see when the bundles differ by
	// caller (the knowledge layer filters them by clearance): ids are
	// reused only between callers with the same key. Nil means every
	// caller sees the same.
	ViewerKey func(ctx context.Context) string

	ids memo.Memo[map[string]bool]
}

var _ Sectors = (*BundleSectors)(nil)

// sectorsKept bounds the sectors whose ids are kept (the taxonomy has
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

// SectorObjectIDs returns the ids of the objects in a sector's landscape
// bundle as the caller sees it.
func (b *BundleSectors) SectorObjectIDs(ctx context.Context, key string) (map[string]bool, error) {
	viewer := ""
	if b.ViewerKey != nil {
		viewer = b.ViewerKey(ctx)
	}
	return b.ids.Get(ctx, b.LastSeq, viewer+"\x00"+key, sectorsKept, func(int64) (map[string]bool, int, error) {
		ids, err := b.BundleIDs(ctx, key)
		return ids, 1, err
	})
}
