package main

import (
	"context"
	"fmt"

	"github.com/telltale-cti/telltale"
)

func init() {
	register("report", "review ingested reports: list | show ID | accept ID | reject ID", (*Main).runReport)
}

func (m *Main) runReport(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("report", &c)
	status := fs.String("status", "", "list: only drafts with this status (draft, accepted, rejected)")
	bundle := fs.Bool("bundle", false, "show: print the STIX bundle")
	fs.Usage = func() { m.help("report", fs, "", "list [--status S] | show ID [--bundle] | accept ID | reject ID") }
	args, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return telltale.Errorf(telltale.EINVALID, "report: give list, show ID, accept ID or reject ID")
	}
	verb, rest := args[0], args[1:]
	if (verb == "list") != (len(rest) == 0) || len(rest) > 1 {
		return telltale.Errorf(telltale.EINVALID, "report: give list, show ID, accept ID or reject ID")
	}
	a, err := m.open(ctx, &c)
	if err != nil {
		return err
	}
	defer a.Close()
	svc := a.ingestService()
	switch verb {
	case "list":
		drafts, err := svc.Drafts(ctx, *status)
		if err != nil {
			return err
		}
		if c.json {
			if drafts == nil {
				return m.printJSON([]any{})
			}
			return m.printJSON(drafts)
		}
		for _, d := range drafts {
			fmt.Fprintf(m.Stdout, "%-9s %s  %s  %s\n", d.Status, d.ReportID, d.Modified, d.Title)
		}
		return nil
	case "show":
		sum, b, err := svc.Show(ctx, rest[0])
		if err != nil {
			return err
		}
		if *bundle {
			_, err := fmt.Fprint(m.Stdout, b)
			return err
		}
		if c.json {
			return m.printJSON(sum)
		}
		printSummary(m.Stdout, sum)
		return nil
	case "accept":
		m.watchImports(a)
		res, err := svc.Accept(ctx, rest[0])
		if err != nil {
			return err
		}
		if c.json {
			return m.printJSON(res)
		}
		if res.Import != nil {
			fmt.Fprintf(m.Stdout, "accepted %s: %d added, %d updated, %d unchanged\n", rest[0], res.Import.Added, res.Import.Updated, res.Import.Unchanged)
		} else {
			fmt.Fprintf(m.Stdout, "%s was accepted already\n", rest[0])
		}
		return nil
	case "reject":
		sum, err := svc.Reject(ctx, rest[0])
		if err != nil {
			return err
		}
		if c.json {
			return m.printJSON(sum)
		}
		fmt.Fprintf(m.Stdout, "rejected %s\n", rest[0])
		return nil
	}
	return telltale.Errorf(telltale.EINVALID, "report: unknown verb %q (list, show, accept, reject)", verb)
}
