package main

import (
	"context"

	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
)

// openStore opens the database with the program's name folding.
func openStore(ctx context.Context, dsn string, migrate bool) (*store.DB, error) {
	db, err := store.Open(ctx, dsn, migrate)
	if err != nil {
		return nil, err
	}
	db.Fold = knowledge.Fold
	return db, nil
}
