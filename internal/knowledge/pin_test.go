package knowledge_test

import (
	"context"
	"sync"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

type pinKey struct{}

// pinningStore is a store with read replicas as the knowledge sees one:
// PinReads marks the context, and the reads record whether they got it.
type pinningStore struct {
	knowledge.Store
	mu       sync.Mutex
	unpinned []string // reads made without the pinned context
}

func (p *pinningStore) PinReads(ctx context.Context) context.Context {
	return context.WithValue(ctx, pinKey{}, true)
}

func (p *pinningStore) note(ctx context.Context, what string) {
	if ctx.Value(pinKey{}) == nil {
		p.mu.Lock()
		p.unpinned = append(p.unpinned, what)
		p.mu.Unlock()
	}
}

func (p *pinningStore) LastSeq(ctx context.Context) (int64, error) {
	p.note(ctx, "LastSeq")
	return p.Store.LastSeq(ctx)
}

func (p *pinningStore) Objects(ctx context.Context, f telltale.ObjectFilter) ([]*telltale.Object, error) {
	p.note(ctx, "Objects")
	return p.Store.Objects(ctx, f)
}

// The sequence number a snapshot is stamped with and the objects it is
// computed from are read through one pinned context, so that a store with
// a lagging replica cannot stamp a replica's objects with the primary's
// number.
func TestSnapshotReadsArePinned(t *testing.T) {
	db, _ := openStarter(t)
	p := &pinningStore{Store: db}
	k := knowledge.NewWithOptions(p, knowledge.Options{Reader: extract.Reader{}})
	sectors, err := k.Sectors(context.Background())
	if err != nil || len(sectors) == 0 {
		t.Fatalf("Sectors: %d, %v", len(sectors), err)
	}
	if len(p.unpinned) > 0 {
		t.Fatalf("reads without the pinned context: %v", p.unpinned)
	}
}
