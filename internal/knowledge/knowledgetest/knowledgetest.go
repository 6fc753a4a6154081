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

// Open opens a fresh store with the starter knowledge imported, closed
// when the test ends.
func Open(tb testing.TB) (*store.DB, *importer.Importer, *knowledge.Service) {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(tb.TempDir(), "t.db"), true)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.Fold = knowledge.Fold
	im := &importer.Importer{Store: db}
	if _, err := im.Import(ctx, bytes.NewReader(knowledge.StarterBundle()), "starter", importer.Options{Strict: true}); err != nil {
		tb.Fatal(err)
	}
	return db, im, knowledge.NewWithOptions(db, knowledge.Options{Reader: extract.Reader{}})
}
