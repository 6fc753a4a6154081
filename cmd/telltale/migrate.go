package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/telltale-cti/telltale/internal/store"
)

// runMigrate applies pending migrations. Several nodes may run it at once
// against one PostgreSQL database: a lock makes them take turns.
func (m *Main) runMigrate(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("migrate", &c)
	vacuum := fs.Bool("vacuum", false, "then give the space the migrations freed back (SQLite: rewrite the file with 8 KB pages; PostgreSQL: VACUUM FULL); needs the database to itself")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, applied, err := store.OpenMigrate(ctx, c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	var before, after int64
	if *vacuum {
		if before, after, err = db.Vacuum(ctx); err != nil {
			return err
		}
	}
	if c.json {
		if applied == nil {
			applied = []string{}
		}
		out := map[string]any{"database": db.Path(), "engine": db.Engine(), "applied": applied, "names_rekeyed": db.Refolded()}
		if *vacuum {
			out["bytes_before"], out["bytes_after"] = before, after
		}
		return m.printJSON(out)
	}
	if c.quiet {
		return nil
	}
	if *vacuum {
		defer fmt.Fprintf(m.Stdout, "%s: vacuumed, %d MB -> %d MB\n", db.Path(), before>>20, after>>20)
	}
	if db.Refolded() {
		fmt.Fprintf(m.Stdout, "%s: rebuilt the name index for names version %s\n", db.Path(), store.NamesVersion)
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
