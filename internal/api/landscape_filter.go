package api

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
)

// Windows are the preset date windows of a sector landscape, by the
// value of ?window=, in the order pages offer them.
var Windows = []struct{ Key, Label string }{
	{"12m", "Last 12 months"}, {"3y", "Last 3 years"}, {"all", "All time"},
}

// FilterFrom reads a landscape filter from a request's query, the same
// for the JSON API and the page:
//
//	window=12m|3y|all   a window ending today (now's date); all is none
//	from=, to=          a window of dates YYYY-MM-DD (instead of window)
//	kind=K              a kind of source to keep, repeated or comma-
//	                    separated: curated, report, description; none is all
//
// A bad value is EINVALID.
func FilterFrom(r *http.Request, now time.Time) (telltale.LandscapeFilter, error) {
	return FilterFromQuery(r.URL.Query(), now)
}

// FilterFromQuery is FilterFrom for a query already parsed (the CLI's
// flags make one).
func FilterFromQuery(q url.Values, now time.Time) (telltale.LandscapeFilter, error) {
	var f telltale.LandscapeFilter
	for _, v := range q["kind"] {
		for _, k := range strings.Split(v, ",") {
			if k = strings.TrimSpace(k); k != "" {
				f.Kinds = append(f.Kinds, k)
			}
		}
	}
	f.From, f.To = strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
	w := strings.TrimSpace(q.Get("window"))
	if f.From == "" && f.To == "" {
		if w == "" {
			w = "all"
		}
		today := now.UTC()
		switch w {
		case "12m":
			f.From = today.AddDate(0, -12, 0).Format(time.DateOnly)
		case "3y":
			f.From = today.AddDate(-3, 0, 0).Format(time.DateOnly)
		case "all":
		default:
			return f, telltale.Errorf(telltale.EINVALID, "no window is called %q (give 12m, 3y, all, or from= and to=)", w)
		}
		if w != "all" { // all is no window at all
			f.To, f.Window = today.Format(time.DateOnly), w
		}
	}
	if err := f.Check(); err != nil {
		return f, err
	}
	return f.Normal(), nil
}

// now is the views' clock.
func (v *Views) now() time.Time {
	if v.Clock != nil {
		return v.Clock()
	}
	return time.Now()
}

// FilterFrom reads a landscape filter from r with the views' clock.
func (v *Views) FilterFrom(r *http.Request) (telltale.LandscapeFilter, error) {
	return FilterFrom(r, v.now())
}

// LandscapeFiltered is Landscape narrowed by f (see FilterFrom): every
// count, list and figure follows it. The view is shared: callers must not
// change it.
func (v *Views) LandscapeFiltered(ctx context.Context, sector string, f telltale.LandscapeFilter) (*LandscapeView, error) {
	viewer := v.viewer(ctx)
	key := viewer + "\x00" + sector
	if !f.IsZero() {
		key += "\x00" + f.Key()
	}
	return v.landscapes.Get(ctx, v.versionOf(), key, 1000, func(seq int64) (*LandscapeView, int, error) {
		l, err := v.landscape(ctx, sector, f)
		if err != nil || v.versionOf() == nil {
			return l, 1, err
		}
		// The version names the data, who may see it and the filter:
		// pages rendered from the view are reused under it.
		sum := sha256.Sum256([]byte(viewer + "\x00" + f.Key()))
		l.version = fmt.Sprintf("%d-%x", seq, sum[:8])
		return l, 1, nil
	})
}

// knowledgeLandscape asks the knowledge layer for a landscape, filtered
// only when f narrows it.
func (v *Views) knowledgeLandscape(ctx context.Context, sector string, f telltale.LandscapeFilter) (*telltale.Landscape, error) {
	if f.IsZero() {
		return v.Knowledge.Landscape(ctx, sector)
	}
	return v.Knowledge.LandscapeFiltered(ctx, sector, f)
}
