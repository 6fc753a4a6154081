package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
)

// relReads counts the relationship reads of a knowledge service: none
// means it answered from the cached views.
type relReads struct {
	*store.DB
	n int
}

func (r *relReads) Relationships(ctx context.Context, f telltale.RelationshipFilter) ([]*telltale.Relationship, error) {
	r.n++
	return r.DB.Relationships(ctx, f)
}

// TestServeCarriesAfterImports: an import the server makes of a feed's
// indicator carries the cached views over to the new state of the store,
// so the next process (or first page) answers from them without loading
// the knowledge; an import of an actor is recomputed in the background
// instead (TestServeComputesAfterActorImports).
func TestServeCarriesAfterImports(t *testing.T) {
	ctx := context.Background()
	a, err := openServing(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	carryAfterImports(ctx, a, slog.New(slog.NewTextHandler(io.Discard, nil)))
	sectorsFromCache := func() bool {
		t.Helper()
		rr := &relReads{DB: a.DB}
		if _, err := knowledge.NewWithOptions(rr, knowledge.Options{Reader: extract.Reader{}}).Sectors(ctx); err != nil {
			t.Fatal(err)
		}
		return rr.n == 0
	}
	if _, err := a.Importer.Import(ctx, strings.NewReader(`[{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-0000000000c1","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"198.51.100.21","pattern":"[ipv4-addr:value = '198.51.100.21']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}]`), "feed", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	if !sectorsFromCache() {
		t.Error("after a feed's import the sectors were computed, want the views carried over")
	}
}

// countedReads counts the relationship reads of a knowledge service from
// any goroutine.
type countedReads struct {
	*store.DB
	n atomic.Int64
}

func (r *countedReads) Relationships(ctx context.Context, f telltale.RelationshipFilter) ([]*telltale.Relationship, error) {
	r.n.Add(1)
	return r.DB.Relationships(ctx, f)
}

// TestServeComputesAfterActorImports: after an import the server makes
// that touches the views (an actor), the server computes its knowledge and
// the cached views at once, without waiting for a request to ask for it
// (issue 17: the first page after the import, or the next command, would
// otherwise pay for it): a new process then finds the actor in the cached
// views, and reads no relationship.
func TestServeComputesAfterActorImports(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := openServing(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	rr := &countedReads{DB: a.DB}
	a.Knowledge = knowledge.New(rr)
	carryAfterImports(ctx, a, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := a.Importer.Import(ctx, strings.NewReader(`[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--00000000-0000-4000-8000-0000000000c3","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Warm Serve Panda"}]`), "actor", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	// A bound on the wait, not a timing check: the computation takes
	// milliseconds here.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		reads := &countedReads{DB: a.DB}
		actor, err := knowledge.New(reads).Actor(ctx, "Warm Serve Panda")
		if err == nil && actor != nil && reads.n.Load() == 0 && rr.n.Load() > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no cached views holding the actor after its import (%v, %d reads)", err, reads.n.Load())
		}
	}
}
