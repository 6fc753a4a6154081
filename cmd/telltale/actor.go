package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/importer"
)

func (m *Main) runActor(ctx context.Context, args []string) error {
	if len(args) > 0 && (args[0] == "link" || args[0] == "split") {
		return m.runActorDecision(ctx, args[0], args[1:])
	}
	if len(args) > 0 && args[0] == "suggest" {
		return m.runActorSuggest(ctx, args[1:])
	}
	var c common
	fs := m.flags("actor", &c)
	explain := fs.Bool("explain", false, "show why each member joined the cluster")
	indicators := fs.Bool("indicators", false, "list the indicators that indicate the actor, a page of 50 at a time")
	page := fs.Int("page", 1, "with --indicators: the page to list")
	fs.Usage = func() {
		m.help("actor", fs, "", "[--explain] [--indicators [--page N]] NAME|ID", "link A B    (A and B are one actor)", "split A B   (A and B are different actors)",
			"suggest FILE|URL|-|REPORT-ID|ACTOR   (which known actor is it?)")
	}
	words, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return telltale.Errorf(telltale.EINVALID, "actor: give a name, alias or id")
	}
	if *page != 1 && !*indicators {
		return telltale.Errorf(telltale.EINVALID, "actor: --page pages the indicators: give --indicators too")
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		if *indicators {
			return m.printActorIndicators(ctx, a, strings.Join(words, " "), *page, c.json)
		}
		actor, err := a.Knowledge.Actor(ctx, strings.Join(words, " "))
		if err != nil {
			return err
		}
		if c.json {
			return m.printJSON(actor)
		}
		printActor(m.Stdout, actor, *explain)
		return nil
	})
}

// printActorIndicators prints one page of the indicators of the actor
// name resolves to, as the API and the actor page list them.
func (m *Main) printActorIndicators(ctx context.Context, a *app.App, name string, page int, asJSON bool) error {
	views := &api.Views{Objects: a.DB, Knowledge: a.Knowledge}
	p, err := views.ActorIndicators(ctx, name, page)
	if err != nil {
		return err
	}
	if asJSON {
		return m.printJSON(p)
	}
	fmt.Fprintf(m.Stdout, "%s  (%s): %d indicators, page %d of %d\n", p.Actor.Name, p.Actor.ID, p.Total, p.Number, p.Pages())
	for _, it := range p.Items {
		conf := ""
		if it.Confidence != nil {
			conf = fmt.Sprintf("confidence %d", *it.Confidence)
		}
		valid := day(it.ValidFrom)
		if it.ValidUntil != "" {
			valid += " to " + day(it.ValidUntil)
		}
		fmt.Fprintf(m.Stdout, "  %s\n      %s  %s  indicates %s\n", it.Pattern, valid, conf, it.Indicates.Name)
	}
	return nil
}

func printActor(w io.Writer, a *telltale.Actor, explain bool) {
	fmt.Fprintf(w, "%s  (%s)\n", a.Name, a.ID)
	for i, o := range a.Origin {
		label := "origin:     "
		if i > 0 {
			label = "            "
		}
		name := o.Name
		if o.Hedged {
			name += "?"
		}
		fmt.Fprintf(w, "%s %s (%s) [%s]\n", label, name, o.Status, polarSources(o.Sources))
		if len(o.Against) > 0 {
			fmt.Fprintf(w, "             disputed by [%s]\n", polarSources(o.Against))
		}
	}
	if a.Motivation != "" {
		// the analyst's word, as the pages give it, with STIX's value
		fmt.Fprintf(w, "motivation:  %s (STIX %s)\n", cmp.Or(a.MotivationLabel, a.Motivation), a.Motivation)
	}
	if a.FirstSeen != "" || a.LastSeen != "" {
		fmt.Fprintf(w, "seen:        %s – %s\n", day(a.FirstSeen), day(a.LastSeen))
	}
	fmt.Fprintf(w, "\naliases (%d):\n", len(a.Aliases))
	for _, al := range a.Aliases {
		fmt.Fprintf(w, "  %-28s named by %s", al.Name, strings.Join(al.NamedBy, ", "))
		if len(al.Opens) > 0 {
			var names []string
			for _, o := range al.Opens {
				names = append(names, o.Name)
			}
			fmt.Fprintf(w, "  (opens %s)", strings.Join(names, ", "))
		}
		fmt.Fprintln(w)
	}
	section := func(title string, refs []telltale.Ref, withSources bool) {
		if len(refs) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d):\n", title, len(refs))
		for _, r := range refs {
			name := r.Name
			if r.ExtID != "" {
				name = r.ExtID + " " + name
			}
			if withSources {
				fmt.Fprintf(w, "  %-40s [%s]\n", name, sourceNames(r.Sources))
			} else {
				fmt.Fprintf(w, "  %s\n", name)
			}
		}
	}
	section("targeted sectors", a.Targets.Sectors, true)
	section("targeted countries", a.Targets.Countries, true)
	section("campaigns", a.Campaigns, true)
	section("malware", a.Malware, false)
	section("tools", a.Tools, false)
	section("techniques", a.Techniques, false)
	section("reports", a.Reports, false)
	fmt.Fprintf(w, "\nmembers (%d):\n", len(a.Members))
	for _, mb := range a.Members {
		fmt.Fprintf(w, "  %-14s %-28s %s\n", mb.Type, mb.Name, mb.Source)
		if explain {
			fmt.Fprintf(w, "                 ↳ %s\n", mb.Reason)
		}
	}
}

// originLabel is how text output shows an origin: the country code (or
// name), "?" when no source asserts it, "disputed" when a source negates
// or denies it: "CN", "CN?", "CN? disputed"; "?" when none is known.
func originLabel(code, name, status string, hedged bool) string {
	if code == "" {
		code = name
	}
	if code == "" {
		return "?"
	}
	if hedged {
		code += "?"
	}
	if status == telltale.OriginDisputed {
		code += " disputed"
	}
	return code
}

// polarSources lists sources with who said what in them:
// "Telecom records theft (CrowdStrike, negated)".
func polarSources(srcs []telltale.Source) string {
	var out []string
	for _, s := range srcs {
		var detail []string
		if s.By != "" && s.By != s.Name {
			detail = append(detail, s.By)
		}
		if s.Polarity != "" && s.Polarity != "asserted" {
			detail = append(detail, s.Polarity)
		}
		n := s.Name
		if len(detail) > 0 {
			n += " (" + strings.Join(detail, ", ") + ")"
		}
		if !contains(out, n) {
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}

func sourceNames(srcs []telltale.Source) string {
	var out []string
	for _, s := range srcs {
		n := s.Name
		if s.FromDescription {
			n += " (from description)"
		}
		if !contains(out, n) {
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func day(ts string) string {
	if len(ts) >= 10 {
		return ts[:10]
	}
	if ts == "" {
		return "?"
	}
	return ts
}

func (m *Main) runConflicts(ctx context.Context, args []string) error {
	return m.appCommand(ctx, "conflicts", args, func(a *app.App, c *common) error {
		conflicts, err := a.Knowledge.Conflicts(ctx)
		if err != nil {
			return err
		}
		if c.json {
			return printList(m, conflicts)
		}
		for _, cf := range conflicts {
			fmt.Fprintf(m.Stdout, "%-24s %-14s %s\n", cf.Name, cf.Rule, cf.Detail)
		}
		fmt.Fprintf(m.Stdout, "%d conflicts; decide with 'telltale actor link A B' or 'telltale actor split A B'\n", len(conflicts))
		return nil
	})
}

// runActorDecision records an analyst's link or split of two actors as a
// STIX relationship of Telltale's own, which survives re-imports.
func (m *Main) runActorDecision(ctx context.Context, verb string, args []string) error {
	var c common
	fs := m.flags("actor "+verb, &c)
	note := fs.String("note", "", "why (kept with the decision)")
	names, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(names) != 2 {
		return telltale.Errorf(telltale.EINVALID, "actor %s: give two actors (names or ids); quote names with spaces", verb)
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		res, err := a.Knowledge.Decide(ctx, verb, names[0], names[1], *note)
		if err != nil {
			return err
		}
		if _, err := a.Importer.Import(ctx, bytes.NewReader(res.Object), "analyst decision", importer.Options{Strict: true}); err != nil {
			return err
		}
		if err := a.Knowledge.Recompute(ctx); err != nil {
			return err
		}
		if c.json {
			return m.printJSON(res)
		}
		fmt.Fprintln(m.Stdout, res.Message)
		return nil
	})
}
