package knowledgetest

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
)

// Open opens a fresh SQLite store with the starter knowledge imported,
// closed when the test ends.
func Open(tb testing.TB) (*store.DB, *importer.Importer, *knowledge.Service) {
	tb.Helper()
	return OpenDSN(tb, filepath.Join(tb.TempDir(), "t.db"))
}

// OpenDSN opens (migrating) the empty database at dsn, on any engine (the
// engine tests pass storetest's), and wires it as Open does: the starter
// knowledge imported, the importer and the knowledge service on it. The store is closed when the test ends.
func OpenDSN(tb testing.TB, dsn string) (*store.DB, *importer.Importer, *knowledge.Service) {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, true)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	im := &importer.Importer{Store: db}
	if _, err := im.Import(ctx, bytes.NewReader(knowledge.StarterBundle()), "starter", importer.Options{Strict: true}); err != nil {
		tb.Fatal(err)
	}
	return db, im, knowledge.NewWithOptions(db, knowledge.Options{Reader: extract.Reader{}})
}

// Serving opens a fresh SQLite store wired as a server wires it: the
// knowledge service (with opts; texts read with the extractor unless
// opts.Reader says otherwise) made first, the importer refreshing it after
// each commit, and the starter knowledge imported through them. The store
// is closed when the test ends.
func Serving(tb testing.TB, opts knowledge.Options) (*store.DB, *importer.Importer, *knowledge.Service) {
	tb.Helper()
	db, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "t.db"), true)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if opts.Reader == nil {
		opts.Reader = extract.Reader{}
	}
	k := knowledge.NewWithOptions(db, opts)
	im := &importer.Importer{Store: db, AfterCommit: k.Refresh}
	if _, err := im.Import(context.Background(), bytes.NewReader(knowledge.StarterBundle()), "starter", importer.Options{Strict: true}); err != nil {
		tb.Fatal(err)
	}
	return db, im, k
}
