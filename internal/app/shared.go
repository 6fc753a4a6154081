package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/telltale-cti/telltale/internal/importer"
)

// OpenShared opens the SQLite database at path holding what the
// evaluations read: the starter knowledge, ATT&CK Enterprise and every
// MISP galaxy cluster file of a directory laid out like the shared data
// (data/attack, data/misp-galaxy/clusters), imported in that order when
// the database is new. An empty path makes a temporary database, removed
// by done with the rest.
func OpenShared(ctx context.Context, shared, path string) (a *App, done func(), err error) {
	cleanup := func() {}
	if path == "" {
		dir, err := os.MkdirTemp("", "telltale-shared")
		if err != nil {
			return nil, nil, err
		}
		cleanup = func() { os.RemoveAll(dir) }
		path = filepath.Join(dir, "k.db")
	}
	_, statErr := os.Stat(path)
	a, err = Open(ctx, Config{DSN: path, Migrate: true})
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	done = func() { a.Close(); cleanup() }
	if !os.IsNotExist(statErr) {
		return a, done, nil
	}
	files := []string{filepath.Join(shared, "data", "attack", "enterprise-attack-18.1.json")}
	misp, _ := filepath.Glob(filepath.Join(shared, "data", "misp-galaxy", "clusters", "*.json"))
	for _, f := range append(files, misp...) {
		r, err := os.Open(f)
		if err != nil {
			done()
			return nil, nil, err
		}
		_, err = a.Importer.Import(ctx, r, f, importer.Options{})
		r.Close()
		if err != nil {
			done()
			return nil, nil, fmt.Errorf("import %s: %w", f, err)
		}
	}
	return a, done, nil
}
