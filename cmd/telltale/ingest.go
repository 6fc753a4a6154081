package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/drafts"
	"github.com/telltale-cti/telltale/internal/ingest"
)

// ingestService wires the ingestion service on an open app, its review
// audited in the store's audit log.
func ingestService(a *app.App) *ingest.Service {
	s := ingest.New(a.DB, a.Knowledge, a.Importer)
	s.Audit = auth.New(a.DB).AuditFrom
	return s
}

// draftService is the drafts service of the ingestion service: the drafts
// table and their review, a changed draft built again through ingest.
func draftService(a *app.App) *drafts.Service {
	return ingestService(a).Service
}

func (m *Main) runIngest(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("ingest", &c)
	accept := fs.Bool("accept", false, "accept the report at once (import it into the knowledge)")
	title := fs.String("title", "", "report title (default: the text's first line)")
	published := fs.String("published", "", "publication date, YYYY-MM-DD or RFC 3339 (default: now)")
	publisher := fs.String("publisher", "", "who published the report (default: the URL's host, else Telltale)")
	sourceURL := fs.String("source-url", "", "the URL a saved FILE was published at (its provenance and report id)")
	doc, err := m.documentArg(ctx, fs, args)
	if err != nil {
		return err
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		m.watchImports(a)
		d := ingest.Document{Text: doc.Text, Title: *title, Published: *published, URL: doc.URL, Publisher: *publisher}
		if *sourceURL != "" {
			d.URL = *sourceURL
		}
		// Metadata given for a text ingested already replaces its draft's.
		d.Restate = *title != "" || *published != "" || *publisher != "" || *sourceURL != ""
		res, err := ingestService(a).Ingest(ctx, d, *accept)
		if err != nil {
			return err
		}
		if c.json {
			return m.printJSON(res)
		}
		fmt.Fprintf(m.Stdout, "%s: %s\n", res.Outcome, res.Report.ReportID)
		printSummary(m.Stdout, res.Report)
		if res.Import != nil {
			fmt.Fprintf(m.Stdout, "\naccepted: %d added, %d updated, %d unchanged\n", res.Import.Added, res.Import.Updated, res.Import.Unchanged)
		} else if res.Report.Status == ingest.StatusRejected {
			fmt.Fprintf(m.Stdout, "\nrejected: 'telltale report reopen %s' to review it again\n", res.Report.ReportID)
		} else if res.Report.Status == ingest.StatusDraft {
			fmt.Fprintf(m.Stdout, "\ndraft: review it, then 'telltale report accept %s' or 'telltale report reject %s'\n", res.Report.ReportID, res.Report.ReportID)
		}
		return nil
	})
}

// printSummary prints what a report says and what it made, for people.
func printSummary(w io.Writer, s *ingest.Summary) {
	printSummaryHead(w, s)
	printSummaryFound(w, s)
	printSummaryClaims(w, s.Claims)
	if len(s.Relationships) > 0 {
		fmt.Fprintln(w, "\nrelationships:")
		for _, r := range s.Relationships {
			pol := ""
			if r.Polarity != "" {
				pol = r.Polarity + ", "
			}
			fmt.Fprintf(w, "  %s %s %s (%sconfidence %d)\n", nameOr(r.SourceName, r.Source), r.Type, nameOr(r.TargetName, r.Target), pol, r.Confidence)
		}
	}
	fmt.Fprintf(w, "\n%d object(s) created, %d linked\n", len(s.Created), len(s.Linked))
}

// printSummaryHead prints what the report is: title, status, date,
// source, sector and victims.
func printSummaryHead(w io.Writer, s *ingest.Summary) {
	fmt.Fprintf(w, "report:        %s (%s)\n", s.Title, s.Status)
	fmt.Fprintf(w, "published:     %s by %s\n", s.Published, s.Publisher)
	if s.URL != "" {
		fmt.Fprintf(w, "source:        %s\n", s.URL)
	}
	if s.MainSector != "" {
		var names []string
		for _, r := range s.Sectors {
			names = append(names, fmt.Sprintf("%s (%d)", r.Name, r.Mentions))
		}
		fmt.Fprintf(w, "sector:        %s; named: %s\n", s.MainSector, strings.Join(names, ", "))
	}
	for _, v := range s.Victims {
		fmt.Fprintf(w, "victims:       %s\n", v.Phrase)
	}
}

// printSummaryFound prints what the text names: victims, stolen data,
// sources, actors, software, techniques, countries, CVEs, indicators.
func printSummaryFound(w io.Writer, s *ingest.Summary) {
	summaryList(w, "victim orgs", s.VictimOrgs)
	summaryList(w, "stolen data", s.StolenData)
	summaryList(w, "sources", s.SourcesQuoted)
	for _, a := range s.Actors {
		mark := "linked"
		if a.New {
			mark = "new"
		} else if !a.Strong {
			mark = "not linked"
		}
		fmt.Fprintf(w, "actor:         %s [%s: %s] as %s\n", a.Name, mark, a.Reason, strings.Join(a.Mentions, ", "))
	}
	for _, name := range s.UnknownActors {
		fmt.Fprintf(w, "actor:         %s [not in the knowledge: a group the text names or introduces; not linked]\n", name)
	}
	for _, name := range s.UnknownSoftware {
		fmt.Fprintf(w, "software:      %s [not in the knowledge: malware or a tool the text introduces; not linked]\n", name)
	}
	summaryList(w, "malware", linkNames(s.Malware))
	summaryList(w, "tools", linkNames(s.Tools))
	summaryList(w, "techniques", linkNames(s.Techniques))
	var countries []string
	for _, c := range s.Countries {
		n := c.Name
		if len(c.Roles) > 0 {
			n += " (" + strings.Join(c.Roles, ", ") + ")"
		}
		countries = append(countries, n)
	}
	summaryList(w, "countries", countries)
	summaryList(w, "CVEs", linkNames(s.Vulnerabilities))
	for _, i := range s.Indicators {
		fmt.Fprintf(w, "indicator:     %s\n", i.Pattern)
	}
	for _, i := range s.Benign {
		fmt.Fprintf(w, "not indicator: %s %s (%s)\n", i.Type, i.Value, i.Reason)
	}
}

// printSummaryClaims prints the claims with their polarity, speaker,
// what they were kept as and their evidence.
func printSummaryClaims(w io.Writer, claims []ingest.ClaimRow) {
	if len(claims) == 0 {
		return
	}
	fmt.Fprintln(w, "\nclaims:")
	for _, c := range claims {
		by := c.By
		if by == "" {
			by = "the text"
		}
		kept := "kept as " + c.KeptAs
		if c.KeptAs == "" {
			kept = "already known (one actor)"
		}
		rel := c.Relation
		if rel == "" {
			rel = "→"
		}
		fmt.Fprintf(w, "  [%s] %s %s %s (by %s) %s\n      %q\n", c.Polarity, c.Subject, rel, c.Object, by, kept, c.Evidence)
	}
}

// summaryList prints a line of the summary: its title and items, nothing
// when there are none.
func summaryList(w io.Writer, title string, items []string) {
	if len(items) > 0 {
		fmt.Fprintf(w, "%-14s %s\n", title+":", strings.Join(items, ", "))
	}
}

// linkNames are the names of links.
func linkNames(ls []ingest.Link) []string {
	var names []string
	for _, l := range ls {
		names = append(names, l.Name)
	}
	return names
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}
