package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/drafts"
)

const reportUsage = `list [--status S] | show ID [--bundle] | items ID | remove ID KEY | edit ID KEY VALUE |
       link ID GROUP ACTOR | meta ID [--title T] [--publisher P] [--published DATE] [--source-url URL] |
       accept ID | reject ID | reopen ID`

const reportNotes = `KEY names an item of the draft as 'report items ID' lists it (country:Japan,
indicator:203.0.113.7, actor:APT41, claim:120:originates-from:China). edit gives
an actor, malware or tool the known object a mention stands for, an indicator
its value, a technique its ATT&CK id, a claim its polarity. GROUP is 'unnamed'
(the group the text describes without naming it) or a group the knowledge
lacks; ACTOR a known actor's name or id ('telltale actor suggest ID' ranks
them). Changes are audited as the operator (cli:USER).`

// reportVerbs are the report command's verbs and how many arguments each
// takes.
var reportVerbs = map[string]int{"list": 0, "show": 1, "items": 1, "remove": 2, "edit": 3, "link": 3, "meta": 1, "accept": 1, "reject": 1, "reopen": 1}

type reportFlags struct {
	c                                      common
	status                                 *string
	bundle                                 *bool
	title, publisher, published, sourceURL *string
}

func (m *Main) reportFlags() (*flag.FlagSet, *reportFlags) {
	f := &reportFlags{}
	fs := m.flags("report", &f.c)
	f.status = fs.String("status", "", "list: only drafts with this status (draft, accepted, rejected)")
	f.bundle = fs.Bool("bundle", false, "show: print the STIX bundle")
	f.title = fs.String("title", "", "meta: the report's title")
	f.publisher = fs.String("publisher", "", "meta: who published it")
	f.published = fs.String("published", "", "meta: its publication date, YYYY-MM-DD or RFC 3339")
	f.sourceURL = fs.String("source-url", "", "meta: the URL it was published at")
	fs.Usage = func() { m.help("report", fs, reportNotes, reportUsage) }
	return fs, f
}

func (m *Main) runReport(ctx context.Context, args []string) error {
	fs, f := m.reportFlags()
	args, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return telltale.Errorf(telltale.EINVALID, "report: give a verb: %s", reportUsage)
	}
	verb, rest := args[0], args[1:]
	n, ok := reportVerbs[verb]
	if !ok {
		return telltale.Errorf(telltale.EINVALID, "report: unknown verb %q (%s)", verb, reportUsage)
	}
	if len(rest) != n {
		return telltale.Errorf(telltale.EINVALID, "report %s takes %d argument(s): %s", verb, n, reportUsage)
	}
	a, err := m.open(ctx, &f.c)
	if err != nil {
		return err
	}
	defer a.Close()
	svc := draftService(a)
	switch verb {
	case "list":
		return m.reportList(ctx, svc, f)
	case "show":
		return m.reportShow(ctx, svc, f, rest[0])
	case "items":
		return m.reportItems(ctx, svc, f, rest[0])
	case "accept":
		m.watchImports(a)
	}
	return m.reportChange(ctx, svc, f, verb, rest)
}

func (m *Main) reportList(ctx context.Context, svc *drafts.Service, f *reportFlags) error {
	drafts, err := svc.Drafts(ctx, *f.status)
	if err != nil {
		return err
	}
	if f.c.json {
		return printList(m, drafts)
	}
	for _, d := range drafts {
		fmt.Fprintf(m.Stdout, "%-9s %s  %s  %s\n", d.Status, d.ReportID, d.Modified, d.Title)
	}
	return nil
}

func (m *Main) reportShow(ctx context.Context, svc *drafts.Service, f *reportFlags, id string) error {
	sum, b, err := svc.Show(ctx, id)
	if err != nil {
		return err
	}
	if *f.bundle {
		_, err := fmt.Fprint(m.Stdout, b)
		return err
	}
	if f.c.json {
		return m.printJSON(sum)
	}
	printSummary(m.Stdout, sum)
	return nil
}

// reportItems lists a draft's items with the keys that remove or edit
// them.
func (m *Main) reportItems(ctx context.Context, svc *drafts.Service, f *reportFlags, id string) error {
	d, err := svc.Draft(ctx, id)
	if err != nil {
		return err
	}
	if f.c.json {
		return m.printJSON(d.Items)
	}
	for _, it := range d.Items {
		edit := ""
		if it.Editable() {
			edit = " = " + it.Value
		}
		fmt.Fprintf(m.Stdout, "%-40s %s%s (%d in the text)\n", it.Key, it.Label, edit, len(it.Spans))
	}
	if d.Review != nil {
		for _, k := range d.Review.Removed {
			fmt.Fprintf(m.Stdout, "removed: %s\n", k)
		}
		for g, a := range d.Review.Linked {
			fmt.Fprintf(m.Stdout, "linked:  %s → %s\n", g, a)
		}
	}
	return nil
}

// reportChange applies a reviewer's change as the operator.
func (m *Main) reportChange(ctx context.Context, svc *drafts.Service, f *reportFlags, verb string, rest []string) error {
	rv := telltale.Reviewer{Name: operator(), Role: "analyst", Remote: "cli"}
	id := rest[0]
	var out any
	var err error
	switch verb {
	case "remove":
		out, err = svc.RemoveItem(ctx, rv, id, rest[1])
	case "edit":
		out, err = svc.EditItem(ctx, rv, id, rest[1], rest[2])
	case "link":
		out, err = svc.LinkActor(ctx, rv, id, rest[1], rest[2])
	case "meta":
		out, err = m.reportMeta(ctx, svc, rv, f, id)
	case "accept":
		out, err = svc.AcceptAs(ctx, rv, id)
	case "reject":
		out, err = svc.RejectAs(ctx, rv, id)
	case "reopen":
		out, err = svc.Reopen(ctx, rv, id)
	}
	if err != nil {
		return err
	}
	if f.c.json {
		return m.printJSON(out)
	}
	switch o := out.(type) {
	case *telltale.IngestResult:
		if o.Import != nil {
			fmt.Fprintf(m.Stdout, "accepted %s: %d added, %d updated, %d unchanged\n", id, o.Import.Added, o.Import.Updated, o.Import.Unchanged)
		} else {
			fmt.Fprintf(m.Stdout, "%s was accepted already\n", id)
		}
	case *telltale.ReportSummary:
		fmt.Fprintf(m.Stdout, "%s %s: %s (%s)\n", pastTense(verb), id, o.Title, o.Status)
	}
	return nil
}

// reportMeta sets the metadata flags given, keeping the others.
func (m *Main) reportMeta(ctx context.Context, svc *drafts.Service, rv telltale.Reviewer, f *reportFlags, id string) (*telltale.ReportSummary, error) {
	d, err := svc.Draft(ctx, id)
	if err != nil {
		return nil, err
	}
	meta := telltale.DraftMetadata{Title: d.Title, Publisher: d.Publisher, Published: d.Published, SourceURL: d.URL}
	for _, set := range []struct {
		flag *string
		to   *string
	}{{f.title, &meta.Title}, {f.publisher, &meta.Publisher}, {f.published, &meta.Published}, {f.sourceURL, &meta.SourceURL}} {
		if *set.flag != "" {
			*set.to = *set.flag
		}
	}
	return svc.EditMetadata(ctx, rv, id, meta)
}

func pastTense(verb string) string {
	switch verb {
	case "meta":
		return "updated"
	case "edit", "link", "reject", "reopen", "remove":
		return strings.TrimSuffix(verb, "e") + "ed"
	}
	return verb
}
