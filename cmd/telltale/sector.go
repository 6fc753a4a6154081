package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/app"
)

func (m *Main) runSector(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("sector", &c)
	top := fs.Int("top", 15, "rows to show per section (text output)")
	window := fs.String("window", "", "keep what was active in a date window: 12m, 3y or all")
	from := fs.String("from", "", "first day of a date window, YYYY-MM-DD")
	to := fs.String("to", "", "last day of a date window, YYYY-MM-DD")
	kind := fs.String("kind", "", "keep the attackers resting on these kinds of source, comma-separated: curated, report, description")
	words, err := parse(fs, args)
	if err != nil {
		return err
	}
	// The same filter as the sector page and GET /api/v1/sectors/{key}.
	f, err := api.FilterFromQuery(url.Values{"window": {*window}, "from": {*from}, "to": {*to}, "kind": {*kind}}, time.Now())
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return telltale.Errorf(telltale.EINVALID, "sector: give a sector key, name or alias (e.g. communication)")
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		l, err := a.Knowledge.LandscapeFiltered(ctx, strings.Join(words, " "), f)
		if err != nil {
			return err
		}
		if c.json {
			return m.printJSON(l)
		}
		printLandscape(m.Stdout, l, *top)
		return nil
	})
}

// printLandscape writes a sector's landscape as text, top rows a
// section.
func printLandscape(w io.Writer, l *telltale.Landscape, top int) {
	var path []string
	for _, p := range l.Path {
		path = append(path, p.Name)
	}
	if len(path) > 0 {
		fmt.Fprintf(w, "%s ›\n", strings.Join(path, " › "))
	}
	fmt.Fprintf(w, "%s — %s\n", l.Sector.Name, plural(l.AttackerCount, "attacker"))
	printKinds(w, l)
	for _, ch := range l.Children {
		fmt.Fprintf(w, "  ⊃ %-36s %d\n", ch.Name, ch.Count)
	}
	printAttackers(w, l, top)
	printCampaigns(w, l)
	fmt.Fprintf(w, "\nmost used techniques (attackers using each):\n")
	for i, t := range l.Techniques {
		if i == top {
			break
		}
		// Techniques of ATT&CK's other domains say which.
		domain := map[string]string{"mobile-attack": " (Mobile)", "ics-attack": " (ICS)"}[t.Domain]
		fmt.Fprintf(w, "  %3d  %-10s %s%s\n", t.Count, t.ID, t.Name, domain)
	}
	printRefs(w, "malware", l.Malware, top)
	printRefs(w, "tools", l.Tools, top)
	fmt.Fprintf(w, "\nwhat to do about it (mitigations by attacker-techniques covered):\n")
	for i, mt := range l.Mitigations {
		if i == top {
			break
		}
		fmt.Fprintf(w, "  %3d  %-6s %s\n", mt.Covers, mt.ID, mt.Name)
	}
	fmt.Fprintf(w, "\nreports: %d\n", l.ReportCount)
}

// printAttackers writes the landscape's attackers table, top rows.
func printAttackers(w io.Writer, l *telltale.Landscape, top int) {
	fmt.Fprintf(w, "\nattackers:\n")
	for i, at := range l.Attackers {
		if i == top {
			fmt.Fprintf(w, "  ... and %d more (--top N or --json)\n", len(l.Attackers)-i)
			break
		}
		origin := originLabel(at.Origin, at.OriginName, at.OriginStatus, at.OriginHedged)
		motivation := at.MotivationLabel
		if motivation == "" {
			motivation = at.Motivation
		}
		fmt.Fprintf(w, "  %-26s %-13s %-22s %-10s %s\n", clip(at.Name, 26), clip(origin, 13), clip(motivation, 22), day(at.LastSeen), sourceNames(at.Sources))
		if len(at.Aliases) > 0 {
			fmt.Fprintf(w, "  %-26s aka %s\n", "", strings.Join(at.Aliases, ", "))
		}
	}
}

// clip cuts s to width runes, its last an ellipsis, so that a long cell
// (an unnamed group is named after its report's title) keeps the columns
// after it in place; --json has the whole value.
func clip(s string, width int) string {
	r := []rune(s)
	if len(r) <= width {
		return s
	}
	return string(r[:width-1]) + "…"
}

// printCampaigns writes the campaigns against the sector, if any.
func printCampaigns(w io.Writer, l *telltale.Landscape) {
	if len(l.Campaigns) == 0 {
		return
	}
	fmt.Fprintf(w, "\ncampaigns against the sector:\n")
	for _, cp := range l.Campaigns {
		by := ""
		for i, a := range cp.Actors {
			if i == 0 {
				by = " by "
			} else {
				by += ", "
			}
			by += a.Name
		}
		fmt.Fprintf(w, "  %s%s [%s]\n", cp.Name, by, sourceNames(cp.Sources))
	}
}

// printRefs writes a titled section of counted references, top rows;
// nothing when there are none.
func printRefs(w io.Writer, title string, refs []telltale.Ref, top int) {
	if len(refs) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s:\n", title)
	for i, r := range refs {
		if i == top {
			break
		}
		fmt.Fprintf(w, "  %3d  %s\n", r.Count, r.Name)
	}
}

func (m *Main) runSectors(ctx context.Context, args []string) error {
	return m.appCommand(ctx, "sectors", args, func(a *app.App, c *common) error {
		sectors, err := a.Knowledge.Sectors(ctx)
		if err != nil {
			return err
		}
		if c.json {
			return m.printJSON(sectors)
		}
		depth := map[string]int{}
		for _, s := range sectors {
			if s.Parent != "" {
				depth[s.Key] = depth[s.Parent] + 1
			}
		}
		// Top-level sectors by attacker count, each followed by its tree.
		children := map[string][]telltale.SectorSummary{}
		for _, s := range sectors {
			children[s.Parent] = append(children[s.Parent], s)
		}
		for _, list := range children {
			sort.SliceStable(list, func(i, j int) bool { return list[i].AttackerCount > list[j].AttackerCount })
		}
		var walk func(parent string)
		walk = func(parent string) {
			for _, s := range children[parent] {
				fmt.Fprintf(m.Stdout, "%-48s %4d\n", strings.Repeat("  ", depth[s.Key])+s.Name+" ("+s.Key+")", s.AttackerCount)
				walk(s.Key)
			}
		}
		walk("")
		return nil
	})
}

// printKinds says how many attackers rest on each kind of source, and
// what the filter leaves out.
func printKinds(w io.Writer, l *telltale.Landscape) {
	var parts []string
	for _, k := range l.SourceKinds {
		p := fmt.Sprintf("%d on %s", k.Attackers, k.Label)
		if !k.Included {
			p += " (left out)"
		}
		parts = append(parts, p)
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "  %s\n", strings.Join(parts, ", "))
	}
	if l.Filter.Dated() {
		fmt.Fprintf(w, "  active from %s to %s; %d with no known date left out\n", orDash(l.Filter.From), orDash(l.Filter.To), l.Undated)
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
