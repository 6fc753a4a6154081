package main

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/telltale-cti/telltale/internal/app"
)

// openServing opens the app on dsn as serve does, migrating it (the
// tests' databases are new, a PostgreSQL one too).
func openServing(ctx context.Context, dsn string) (*app.App, error) {
	c := serveConfig(dsn)
	c.Migrate = true
	return app.Open(ctx, c)
}

// serveDB serves the database at dsn as serve does (no accounts given,
// the default options); the app and the server close when the test ends.
func serveDB(t *testing.T, dsn string) (*app.App, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	a, err := openServing(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv, err := newServer(ctx, a, slog.New(slog.DiscardHandler), "", false, secureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return a, ts
}
