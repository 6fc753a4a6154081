package main

import (
	"context"

	"github.com/telltale-cti/telltale/internal/app"
)

// openServing opens the app on dsn as serve does, migrating it (the
// tests' databases are new, a PostgreSQL one too).
func openServing(ctx context.Context, dsn string) (*app.App, error) {
	c := serveConfig(dsn)
	c.Migrate = true
	return app.Open(ctx, c)
}
