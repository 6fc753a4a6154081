package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
)

// openStore opens the database (its names keyed by the root's Fold, which
// the store uses itself).
func openStore(ctx context.Context, dsn string, migrate bool) (*store.DB, error) {
	return store.Open(ctx, dsn, migrate)
}

// app is the wired program: the store, the knowledge computed from it and
// the importer that feeds it.
type app struct {
	db        *store.DB
	knowledge *knowledge.Service
	importer  *importer.Importer
	// byViewer says knowledge filters by viewer (a server's, which
	// wireSecure makes); a command's reads everything.
	byViewer bool
	// visible is the store behind the TLP rule of each caller, which
	// every path of a server that serves stored objects reads or shows
	// through (wireSecure makes it): one, so that what it looked up is
	// shared.
	visible *auth.VisibleObjects
}

// openApp opens the database (creating it when new; with migrate false an
// existing database with an outdated schema is refused), loads the
// built-in starter knowledge into an empty database, and wires the
// knowledge service and the importer.
func openApp(ctx context.Context, dsn string, migrate bool) (*app, error) {
	if isNewSQLite(dsn) {
		migrate = true
	}
	db, err := openStore(ctx, dsn, migrate)
	if err != nil {
		return nil, err
	}
	// Objects are marked as a server marks them, so that the views this
	// process caches after an import say what they were computed from
	// and a server answers the viewers who see all of it from the cache.
	k := knowledge.NewWithOptions(db, knowledge.Options{Mark: markOf(db), Reader: extract.Reader{}})
	// The knowledge recomputes itself when the store has changed; a server
	// may set importer.AfterCommit to k.Refresh to do it ahead of readers.
	a := &app{db: db, knowledge: k, importer: &importer.Importer{Store: db}}
	seq, err := db.LastSeq(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if seq == 0 {
		res, err := a.importer.Import(ctx, bytes.NewReader(knowledge.StarterBundle()), "telltale starter knowledge", importer.Options{Strict: true})
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("load starter knowledge: %w", err)
		}
		_ = res
		if err := a.knowledge.Recompute(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("compute knowledge: %w", err)
		}
	}
	return a, nil
}

func (a *app) Close() error { return a.db.Close() }

// markOf reads an object's mark (its TLP level and recipients) knowing the
// store's marking definitions: the one marking of the knowledge service
// in every process, a server's and the ones that write the cache.
func markOf(db *store.DB) func(raw []byte) telltale.Mark {
	m := auth.NewMarkings(db)
	return func(raw []byte) telltale.Mark { return telltale.MarkWith(raw, m) }
}

// isNewSQLite reports whether dsn names a SQLite file that does not exist
// yet.
func isNewSQLite(dsn string) bool {
	if strings.Contains(dsn, "://") && !strings.HasPrefix(dsn, "sqlite://") {
		return false
	}
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
	_, err := os.Stat(path)
	return os.IsNotExist(err)
}
