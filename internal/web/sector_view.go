package web

import (
	"html/template"
	"net/url"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
)

// filterQuery is the query that asks for landscape filter f: what every
// link of the sector page keeps.
func filterQuery(f telltale.LandscapeFilter) url.Values {
	v := url.Values{}
	switch {
	case f.Window != "":
		v.Set("window", f.Window)
	case f.Dated():
		if f.From != "" {
			v.Set("from", f.From)
		}
		if f.To != "" {
			v.Set("to", f.To)
		}
	}
	v["kind"] = append([]string(nil), f.Kinds...)
	if len(f.Kinds) == 0 {
		delete(v, "kind")
	}
	return v
}

// withQuery is path with the query q and a fragment.
func withQuery(path string, q url.Values, fragment string) string {
	u := path
	if e := q.Encode(); e != "" {
		u += "?" + e
	}
	if fragment != "" {
		u += "#" + fragment
	}
	return u
}

// sectorControls is the summary's control: the window presets as links,
// a form of kinds and dates.
type sectorControls struct {
	Windows    []windowLink
	Custom     bool   // the window is dates given as such
	Window     string // the preset, for the form to keep
	From, To   string
	Kinds      []kindOption
	WindowText string       // "in the last 12 months", "from … to …", "" for all time
	JSON       string       // the JSON API's address for the same landscape
	Query      template.URL // the filter's query, for links within the page
	Kept       []string     // the kinds kept when not all
	Narrowed   bool         // whether the filter leaves anything out
}

type windowLink struct {
	Key, Label, URL string
	Current         bool
}

type kindOption struct {
	telltale.KindCount
	Checked bool
}

func controlsFor(l *api.LandscapeView, f telltale.LandscapeFilter, fq url.Values) sectorControls {
	c := sectorControls{Custom: f.Dated() && f.Window == "", Window: f.Window, From: f.From, To: f.To, Query: template.URL(fq.Encode()),
		Kept: f.Kinds, Narrowed: !f.IsZero()}
	path := "/sectors/" + url.PathEscape(l.Sector.Key)
	for _, w := range api.Windows {
		q := url.Values{"window": {w.Key}}
		if len(f.Kinds) > 0 {
			q["kind"] = f.Kinds
		}
		cur := w.Key == f.Window || (w.Key == "all" && !f.Dated())
		c.Windows = append(c.Windows, windowLink{Key: w.Key, Label: w.Label, URL: withQuery(path, q, "overview"), Current: cur})
	}
	for _, k := range l.SourceKinds {
		c.Kinds = append(c.Kinds, kindOption{KindCount: k, Checked: f.Includes(k.Kind)})
	}
	switch {
	case f.Window != "":
		for _, w := range api.Windows {
			if w.Key == f.Window {
				c.WindowText = "active in the " + lowerFirst(w.Label) + " (" + f.From + " to " + f.To + ")"
			}
		}
	case f.Dated():
		c.WindowText = "active from " + orText(f.From, "the start") + " to " + orText(f.To, "today")
	}
	c.JSON = withQuery("/api/v1/sectors/"+url.PathEscape(l.Sector.Key), fq, "")
	return c
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// sectorFigures are the page's drawings.
type sectorFigures struct {
	Origins, Targets, Motivations, Activity template.HTML
	OriginsMap, TargetsMap                  countryMap
}

func figuresFor(l *api.LandscapeView, fq url.Values) sectorFigures {
	path := "/sectors/" + url.PathEscape(l.Sector.Key)
	filterLink := func(t telltale.Tally) string {
		if t.Key == "" {
			return ""
		}
		q := url.Values{"filter": {t.Name}}
		for k, v := range fq {
			q[k] = v
		}
		return withQuery(path, q, "attackers")
	}
	return sectorFigures{
		Origins:     barFigure("fig-origins", "Attackers by country of origin", l.Origins, filterLink),
		Targets:     barFigure("fig-targets", "Attackers by targeted country", l.TargetCountries, nil),
		Motivations: barFigure("fig-motivations", "Attackers by motivation", l.Motivations, filterLink),
		Activity:    activityFigure("fig-activity", l.Activity),
		OriginsMap:  mapFigure("map-origins-svg", "Map of the attackers' countries of origin", "origins", "from", l.Origins, filterLink),
		TargetsMap:  mapFigure("map-targets-svg", "Map of the countries the attackers target", "targets", "targeting", l.TargetCountries, nil),
	}
}

// heatShown is how many techniques of each tactic the folded heatmap
// shows before "more".
const heatShown = 4

// foldedDomain is one ATT&CK domain's heatmap folded: each tactic a row
// with its busiest techniques, the rest behind a disclosure.
type foldedDomain struct {
	Domain, Name string
	Tactics      []foldedTactic
}

type foldedTactic struct {
	Tactic, Name string
	Count        int
	Top, Rest    []api.MatrixCell
}

func foldMatrix(l *api.LandscapeView) []foldedDomain {
	out := make([]foldedDomain, 0, len(l.Domains))
	for _, d := range l.Domains {
		fd := foldedDomain{Domain: d.Domain, Name: d.Name}
		for _, col := range d.Matrix {
			n := min(len(col.Techniques), heatShown)
			fd.Tactics = append(fd.Tactics, foldedTactic{Tactic: col.Tactic, Name: col.Name, Count: len(col.Techniques),
				Top: col.Techniques[:n], Rest: col.Techniques[n:]})
		}
		out = append(out, fd)
	}
	return out
}
