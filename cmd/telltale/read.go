package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
)

func (m *Main) runGet(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("get", &c)
	versions := fs.Bool("versions", false, "print every stored version, oldest first")
	ids, err := parseArgs(fs, args, 1, "get: give one object id")
	if err != nil {
		return err
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		db := a.DB
		if *versions {
			vs, err := db.ObjectVersions(ctx, ids[0])
			if err != nil {
				return err
			}
			var raws []json.RawMessage
			for _, v := range vs {
				raws = append(raws, v.Raw)
			}
			return m.printJSON(raws)
		}
		o, err := db.Object(ctx, ids[0])
		if err != nil {
			return err
		}
		return m.printJSON(o.Raw)
	})
}

// searchCap bounds the matches search counts.
const searchCap = 10000

func (m *Main) runSearch(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("search", &c)
	fs.Usage = func() { m.help("search", fs, "", "[flags] QUERY") }
	limit := fs.Int("limit", 20, "results per page")
	page := fs.Int("page", 1, "which page of results to show (1 is the first)")
	words, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *limit <= 0 || *page <= 0 {
		return telltale.Errorf(telltale.EINVALID, "search: --limit and --page must be positive")
	}
	q := strings.Join(words, " ")
	if strings.TrimSpace(q) == "" {
		return telltale.Errorf(telltale.EINVALID, "search: give something to search for")
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		db := a.DB
		// Every match up to searchCap, so that the page can say how many
		// there are in all.
		all, err := db.Search(ctx, q, searchCap)
		if err != nil {
			return err
		}
		lo := min((*page-1)*(*limit), len(all))
		hits := all[lo:min(lo+*limit, len(all))]
		if c.json {
			return printList(m, hits)
		}
		if len(all) == 0 {
			fmt.Fprintf(m.Stdout, "nothing matches %q\n", q)
			return nil
		}
		total := strconv.Itoa(len(all))
		if len(all) >= searchCap {
			total += " or more"
		}
		defer func() {
			switch {
			case len(hits) == 0:
				fmt.Fprintf(m.Stdout, "page %d is past the last: %s results, %d per page\n", *page, total, *limit)
			case lo+len(hits) < len(all):
				fmt.Fprintf(m.Stdout, "%d-%d of %s (--page %d for more)\n", lo+1, lo+len(hits), total, *page+1)
			default:
				fmt.Fprintf(m.Stdout, "%d-%d of %s\n", lo+1, lo+len(hits), total)
			}
		}()
		actorOf, err := searchActors(ctx, a, hits)
		if err != nil {
			return err
		}
		if act, err := a.Knowledge.Actor(ctx, q); err == nil {
			fmt.Fprintf(m.Stdout, "actor %s: telltale actor %q\n", act.Name, q)
		}
		for _, h := range hits {
			line := fmt.Sprintf("%-16s %-40s %s", h.Type, h.Name, h.ID)
			if h.Matched != "" {
				line += fmt.Sprintf("  (alias %q)", h.Matched)
			}
			if name := actorOf[h.ID]; name != "" {
				line += "  [actor " + name + "]"
			}
			fmt.Fprintln(m.Stdout, line)
		}
		return nil
	})
}

// searchActors names the actor cluster of each intrusion set or threat
// actor among hits: two objects of one actor (ATT&CK's and a galaxy's
// "Salt Typhoon") read as one actor.
func searchActors(ctx context.Context, a *app.App, hits []*telltale.SearchHit) (map[string]string, error) {
	out := map[string]string{}
	for _, h := range hits {
		if h.Type != "intrusion-set" && h.Type != "threat-actor" {
			continue
		}
		c, ok, err := a.Knowledge.ClusterOf(ctx, h.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			out[h.ID] = c.Name
		}
	}
	return out, nil
}

func (m *Main) runStats(ctx context.Context, args []string) error {
	return m.appCommand(ctx, "stats", args, func(a *app.App, c *common) error {
		s, err := a.Knowledge.Stats(ctx) // cached at the last import
		if err != nil {
			return err
		}
		if c.json {
			return m.printJSON(s)
		}
		fmt.Fprintf(m.Stdout, "objects        %d (%d revoked, %d deprecated)\nversions       %d\nrelationships  %d\nnames          %d\n\nby type:\n",
			s.Objects, s.Revoked, s.Deprecated, s.Versions, s.Relationships, s.Names)
		types := make([]string, 0, len(s.ByType))
		for t := range s.ByType {
			types = append(types, t)
		}
		sort.Slice(types, func(i, j int) bool {
			return s.ByType[types[i]] > s.ByType[types[j]] || s.ByType[types[i]] == s.ByType[types[j]] && types[i] < types[j]
		})
		for _, t := range types {
			fmt.Fprintf(m.Stdout, "  %-32s %d\n", t, s.ByType[t])
		}
		return nil
	})
}
