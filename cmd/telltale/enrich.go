package main

import (
	"context"
	"fmt"

	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/ingest"
)

// enrichOutput is what `telltale enrich --json` prints: the run and, for
// one sector, how many attackers each source backs afterwards.
type enrichOutput struct {
	*ingest.EnrichResult
	Sector    string               `json:"sector"`
	Attackers int                  `json:"attackers"`
	BySource  []ingest.SourceCount `json:"by_source"`
}

func (m *Main) runEnrich(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("enrich", &c)
	sector := fs.String("sector", "communication", "sector whose attackers per source are counted afterwards")
	rows := fs.Bool("rows", false, "list every derived relationship")
	fs.Usage = func() { m.help("enrich", fs, "", "[--sector KEY] [--rows]") }
	if _, err := parseArgs(fs, args, 0, "enrich takes no arguments"); err != nil {
		return err
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		m.watchImports(a)
		svc := ingestService(a)
		res, err := svc.Enrich(ctx)
		if err != nil {
			return err
		}
		out := enrichOutput{EnrichResult: res, Sector: *sector}
		out.Attackers, out.BySource, err = svc.AttackersBySource(ctx, *sector)
		if err != nil {
			return err
		}
		if c.json {
			if !*rows {
				out.Rows = nil
			}
			return m.printJSON(out)
		}
		fmt.Fprintf(m.Stdout, "%d intrusion sets with a description, %d name a sector: %d targets relationships (%d added, %d updated, %d unchanged); %d pairs already stated by a curated relationship\n",
			res.Scanned, res.WithSectors, res.Relationships, res.Import.Added, res.Import.Updated, res.Import.Unchanged, res.AlreadyKnown)
		if *rows {
			for _, r := range res.Rows {
				fmt.Fprintf(m.Stdout, "  %s → %s: %q\n", r.Actor, r.Sector, r.Sentence)
			}
		}
		fmt.Fprintf(m.Stdout, "\n%s: %d attackers; by source:\n", *sector, out.Attackers)
		for _, sc := range out.BySource {
			name := sc.Source
			if sc.FromDescription {
				name += " (from description)"
			}
			fmt.Fprintf(m.Stdout, "  %-50s %3d (%d backed by this source only)\n", name, sc.Attackers, sc.Only)
		}
		return nil
	})
}
