package knowledgetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/telltale-cti/telltale/internal/app"
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
// engine tests pass storetest's), and builds on it what a command builds
// (app.Open): the starter knowledge imported, the importer and the
// knowledge service on it. The store is closed when the test ends.
func OpenDSN(tb testing.TB, dsn string) (*store.DB, *importer.Importer, *knowledge.Service) {
	tb.Helper()
	return open(tb, app.Config{DSN: dsn, Migrate: true})
}

// Serving opens a fresh SQLite store built as a server's is (app.Open):
// the knowledge service tuned by opts (nil fields: the production ones),
// the importer refreshing it after each commit, and the starter knowledge
// imported through them. The store is closed when the test ends.
func Serving(tb testing.TB, opts knowledge.Options) (*store.DB, *importer.Importer, *knowledge.Service) {
	tb.Helper()
	return open(tb, app.Config{DSN: filepath.Join(tb.TempDir(), "t.db"), Migrate: true, Knowledge: opts, Refresh: true})
}

// open builds the app of c, closed when the test ends.
func open(tb testing.TB, c app.Config) (*store.DB, *importer.Importer, *knowledge.Service) {
	tb.Helper()
	a, err := app.Open(context.Background(), c)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { a.Close() })
	return a.DB, a.Importer, a.Knowledge
}
