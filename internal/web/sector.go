package web

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
)

// column is a header of the attackers table.
type column struct {
	Key, Label string
	URL        string
	Current    bool
	Desc       bool
}

var attackerColumns = []column{
	{Key: "name", Label: "Name"}, {Label: "Main aliases"}, {Key: "origin", Label: "Origin"},
	{Key: "motivation", Label: "Motivation"}, {Key: "last_seen", Label: "Last activity"}, {Key: "sources", Label: "Sources"},
}

// attackerLess orders attackers by a column, ascending.
var attackerLess = map[string]func(a, b *telltale.Attacker) int{
	"name": func(a, b *telltale.Attacker) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	},
	"origin": func(a, b *telltale.Attacker) int {
		return strings.Compare(a.Origin+a.OriginName+" "+a.OriginStatus, b.Origin+b.OriginName+" "+b.OriginStatus)
	},
	"motivation": func(a, b *telltale.Attacker) int { return strings.Compare(a.Motivation, b.Motivation) },
	"last_seen":  func(a, b *telltale.Attacker) int { return strings.Compare(a.LastSeen, b.LastSeen) },
	"sources":    func(a, b *telltale.Attacker) int { return len(a.Sources) - len(b.Sources) },
}

// MitigationsShown is how many mitigations the sector page lists before
// "show all".
const MitigationsShown = 15

// ReportsShown is how many of the latest reports the sector page lists.
const ReportsShown = 20

// filteredLandscape is the landscape of sector key with the request's
// filter; false when it answered the request itself: the filter's error,
// or a page of suggestions when there is no such sector.
func (h *Handler) filteredLandscape(w http.ResponseWriter, r *http.Request, key string) (*api.LandscapeView, telltale.LandscapeFilter, bool) {
	f, err := h.views.FilterFrom(r)
	if err != nil {
		h.Error(w, r, err)
		return nil, f, false
	}
	l, err := h.views.LandscapeFiltered(r.Context(), key, f)
	if err != nil {
		h.lookupError(w, r, err, key, "sector")
		return nil, f, false
	}
	return l, f, true
}

func (h *Handler) sector(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	l, f, ok := h.filteredLandscape(w, r, key)
	if !ok {
		return
	}
	if l.Sector.Key != "" && l.Sector.Key != key {
		// An alias or a name: send the browser to the canonical address.
		target := "/sectors/" + url.PathEscape(l.Sector.Key)
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	// Everything below the landscape is built only when the page is
	// rendered, not for each request the page cache answers.
	h.renderCached(w, r, "sector", l.Version(), l, func() view { return h.sectorView(r, l, f) })
}

// sectorView is what the sector page renders: the landscape l under
// filter f, its attackers table as the request sorts and filters it, the
// figures, the folded heatmap.
func (h *Handler) sectorView(r *http.Request, l *api.LandscapeView, f telltale.LandscapeFilter) view {
	q := r.URL.Query()
	filter := strings.TrimSpace(q.Get("filter"))
	by, desc := q.Get("sort"), false
	if strings.HasPrefix(by, "-") {
		by, desc = by[1:], true
	}
	if attackerLess[by] == nil {
		by = ""
	}
	rows := sortedAttackers(l.Attackers, filter, by, desc)
	page := api.Page{Number: api.IntParam(r, "page"), Size: 100, Total: len(rows)}
	lo, hi := page.Bounds()
	fq := filterQuery(f)
	mitigations := l.Mitigations
	if q.Get("mitigations") != "all" && len(mitigations) > MitigationsShown {
		mitigations = mitigations[:MitigationsShown]
	}
	reports := l.Reports
	if len(reports) > ReportsShown {
		reports = reports[:ReportsShown]
	}
	sortVal := by
	if desc {
		sortVal = "-" + by
	}
	return view{Title: l.Sector.Name, Nav: "sectors", Data: struct {
		L           *api.LandscapeView
		Attackers   []*telltale.Attacker
		Page        api.Page
		Columns     []column
		Filter      string
		Sort        string
		Mitigations []telltale.Mitigation
		Reports     []telltale.Ref
		Downloads   bool
		Controls    sectorControls
		Figures     sectorFigures
		Heat        []foldedDomain
		HeatShown   int
	}{l, rows[lo:hi], page, attackerColumnsFor(by, desc, filter, fq), filter, sortVal, mitigations, reports, h.downloads,
		controlsFor(l, f, fq), figuresFor(l, fq), foldMatrix(l), heatShown}}
}

// sortedAttackers is the attackers that match filter, ordered by column by.
func sortedAttackers(all []telltale.Attacker, filter, by string, desc bool) []*telltale.Attacker {
	rows := make([]*telltale.Attacker, 0, len(all))
	for i := range all {
		if a := &all[i]; filter == "" || attackerMatches(a, filter) {
			rows = append(rows, a)
		}
	}
	if by != "" {
		less := attackerLess[by]
		slices.SortStableFunc(rows, func(a, b *telltale.Attacker) int {
			if desc {
				return less(b, a)
			}
			return less(a, b)
		})
	}
	return rows
}

// attackerColumnsFor is the attackers table's header, each sortable
// column a link that keeps the text filter and the landscape filter fq.
func attackerColumnsFor(by string, desc bool, filter string, fq url.Values) []column {
	return linkColumns(attackerColumns, by, desc, func(sortVal string) string {
		v := url.Values{"sort": {sortVal}}
		for k, vs := range fq {
			v[k] = vs
		}
		if filter != "" {
			v.Set("filter", filter)
		}
		return "?" + v.Encode() + "#attackers"
	})
}

func attackerMatches(a *telltale.Attacker, filter string) bool {
	f := strings.ToLower(filter)
	for _, s := range append([]string{a.Name, a.Origin, a.OriginName, a.OriginStatus, a.Motivation, a.MotivationLabel}, a.Aliases...) {
		if strings.Contains(strings.ToLower(s), f) {
			return true
		}
	}
	for _, s := range a.Sources {
		if strings.Contains(strings.ToLower(s.Name), f) {
			return true
		}
	}
	return false
}

// technique lists a sector's attackers that use one technique: the
// heatmap cell opened.
func (h *Handler) technique(w http.ResponseWriter, r *http.Request) {
	key, tid := r.PathValue("key"), r.PathValue("tid")
	l, _, ok := h.filteredLandscape(w, r, key)
	if !ok {
		return
	}
	var t *telltale.Technique
	for i := range l.Techniques {
		if strings.EqualFold(l.Techniques[i].ID, tid) {
			t = &l.Techniques[i]
		}
	}
	if t == nil {
		h.Error(w, r, telltale.Errorf(telltale.ENOTFOUND, "No attacker of %s is known to use technique %s.", l.Sector.Name, tid))
		return
	}
	users := map[string]bool{}
	for _, id := range t.Attackers {
		users[id] = true
	}
	var attackers []telltale.Attacker
	for _, a := range l.Attackers {
		if users[a.ID] {
			attackers = append(attackers, a)
		}
	}
	sort.SliceStable(attackers, func(i, j int) bool { return strings.ToLower(attackers[i].Name) < strings.ToLower(attackers[j].Name) })
	var mitigations []telltale.Mitigation
	for _, m := range l.Mitigations {
		if slices.Contains(m.Techniques, t.ID) {
			mitigations = append(mitigations, m)
		}
	}
	var tactics []string
	for _, tac := range t.Tactics {
		tactics = append(tactics, api.TacticName(tac))
	}
	h.render(w, r, http.StatusOK, "technique", view{Title: t.ID, Nav: "sectors", Data: struct {
		L           *api.LandscapeView
		T           *telltale.Technique
		Tactics     []string
		Attackers   []telltale.Attacker
		Mitigations []telltale.Mitigation
	}{l, t, tactics, attackers, mitigations}})
}
