package main

import (
	"context"
	"fmt"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
)

// runCopy moves a database between engines: the source must be up to date,
// the destination is created or migrated and must be empty. Counts are
// checked table by table afterwards.
func (m *Main) runCopy(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("copy", &c)
	from := fs.String("from", "", "source database: a SQLite path, sqlite:PATH or postgres://... (default --db)")
	to := fs.String("to", "", "destination database, empty: a SQLite path, sqlite:PATH or postgres://...")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" {
		*from = c.db
	}
	if *to == "" {
		return telltale.Errorf(telltale.EINVALID, "copy: give --to, the database to copy into")
	}
	src, err := store.Open(ctx, *from, false)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to, true)
	if err != nil {
		return err
	}
	defer dst.Close()
	if src.Engine() == dst.Engine() && src.Path() == dst.Path() {
		return telltale.Errorf(telltale.EINVALID, "copy: --from and --to are the same database")
	}
	counts, err := store.Copy(ctx, dst, src)
	if err != nil {
		return err
	}
	if c.json {
		return m.printJSON(map[string]any{"from": src.Path(), "to": dst.Path(), "tables": counts, "verified": true})
	}
	if !c.quiet {
		for _, t := range counts {
			fmt.Fprintf(m.Stdout, "  %-24s %d\n", t.Table, t.Rows)
		}
		fmt.Fprintf(m.Stdout, "copied %s (%s) to %s (%s); counts verified\n", src.Path(), src.Engine(), dst.Path(), dst.Engine())
	}
	return nil
}
