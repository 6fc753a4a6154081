package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
)

// runMigrate applies pending migrations. Several nodes may run it at once
// against one PostgreSQL database: a lock makes them take turns.
func (m *Main) runMigrate(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("migrate", &c)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, applied, err := store.OpenMigrate(ctx, c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	if c.json {
		if applied == nil {
			applied = []string{}
		}
		return m.printJSON(map[string]any{"database": db.Path(), "engine": db.Engine(), "applied": applied, "names_rekeyed": db.Refolded()})
	}
	if c.quiet {
		return nil
	}
	if db.Refolded() {
		fmt.Fprintf(m.Stdout, "%s: rebuilt the keys of names for fold version %d\n", db.Path(), telltale.FoldVersion)
	}
	if len(applied) == 0 && !db.Refolded() {
		fmt.Fprintf(m.Stdout, "%s is up to date\n", db.Path())
		return nil
	}
	if len(applied) > 0 {
		fmt.Fprintf(m.Stdout, "%s: applied %s (%s)\n", db.Path(), plural(len(applied), "migration"), strings.Join(applied, ", "))
	}
	return nil
}
