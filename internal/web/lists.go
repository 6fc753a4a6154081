package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// listPage is what each list page shows besides its rows.
type listPage struct {
	Title  string // "Actors"
	Noun   string // "actor", for counts
	Plural string // "actors"
	Intro  string
	Column []column // keys as in api.SortKey; "" for a column that does not sort
}

var listPages = map[string]listPage{
	telltale.ListActors: {Title: "Actors", Plural: "actors", Noun: "actor", Intro: "Actor clusters: every vendor's names for one group.",
		Column: []column{{Key: "name", Label: "Name"}, {Key: "origin", Label: "Origin"}, {Key: "motivation", Label: "Motivation"},
			{Key: "last_seen", Label: "Last activity"}, {Key: "sources", Label: "Sources"}, {Label: "Backed by"}}},
	telltale.ListMalware: {Title: "Malware", Plural: "malware", Noun: "malware", Intro: "Malware families and the actors that use them.",
		Column: []column{{Key: "name", Label: "Name"}, {Key: "external_id", Label: "ATT&CK"}, {Key: "actors", Label: "Used by"},
			{Key: "last_seen", Label: "Last activity"}, {Key: "sources", Label: "Sources"}, {Label: "Backed by"}}},
	telltale.ListTools: {Title: "Tools", Plural: "tools", Noun: "tool", Intro: "Legitimate software attackers use, and who uses it.",
		Column: []column{{Key: "name", Label: "Name"}, {Key: "external_id", Label: "ATT&CK"}, {Key: "actors", Label: "Used by"},
			{Key: "last_seen", Label: "Last activity"}, {Key: "sources", Label: "Sources"}, {Label: "Backed by"}}},
	telltale.ListTechniques: {Title: "Techniques", Plural: "techniques", Noun: "technique", Intro: "ATT&CK techniques and the actors known to use them.",
		Column: []column{{Key: "external_id", Label: "ATT&CK"}, {Key: "name", Label: "Name"}, {Label: "Tactics"}, {Key: "actors", Label: "Used by"},
			{Key: "sources", Label: "Sources"}, {Label: "Backed by"}}},
	telltale.ListCampaigns: {Title: "Campaigns", Plural: "campaigns", Noun: "campaign", Intro: "Campaigns and the actors they are attributed to.",
		Column: []column{{Key: "name", Label: "Name"}, {Key: "actors", Label: "Attributed to"}, {Key: "last_seen", Label: "Last activity"},
			{Key: "sources", Label: "Sources"}, {Label: "Backed by"}}},
	telltale.ListReports: {Title: "Reports", Plural: "reports", Noun: "report", Intro: "Imported and accepted reports (drafts wait for review).",
		Column: []column{{Key: "name", Label: "Title"}, {Key: "publisher", Label: "Publisher"}, {Key: "last_seen", Label: "Published"},
			{Key: "refs", Label: "Refers to"}, {Label: "Backed by"}}},
}

// navLink is a list's link in the page header.
type navLink struct{ Kind, Title string }

// navLists are the lists' links, in the order of telltale.ListKinds.
func navLists() []navLink {
	out := make([]navLink, 0, len(telltale.ListKinds))
	for _, k := range telltale.ListKinds {
		out = append(out, navLink{Kind: k, Title: listPages[k].Title})
	}
	return out
}

// rowURL is the page of a list's row: an actor's page, an ingested
// report's reading view, else the object's page.
func rowURL(kind string, r telltale.ListRow) string {
	switch {
	case kind == telltale.ListActors:
		return "/actors/" + url.PathEscape(r.ID)
	case kind == telltale.ListReports && slices.Contains(r.SourceKinds, telltale.SourceReport):
		return "/reports/" + url.PathEscape(r.ID)
	}
	return api.ObjectURL(r.Type, r.ID)
}

// sourceKindLabels name the kinds of source for people.
var sourceKindLabels = map[string]string{
	telltale.SourceCurated: "curated", telltale.SourceReport: "accepted reports", telltale.SourceDescription: "descriptions",
}

// list serves a list page, or its rows as CSV with ?format=csv.
func (h *Handler) list(kind string) http.HandlerFunc {
	lp := listPages[kind]
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := api.ParseListQuery(r.URL.Query(), time.Now())
		if err != nil {
			h.Error(w, r, err)
			return
		}
		csv := r.URL.Query().Get("format") == "csv"
		q.All = csv
		res, err := h.views.List(r.Context(), kind, q)
		if err != nil {
			h.Error(w, r, err)
			return
		}
		if csv {
			ihttp.Download(w, "text/csv; charset=utf-8", "telltale-"+kind+".csv")
			if err := api.WriteListCSV(w, res.Rows); err != nil {
				ihttp.LogError(r, err)
			}
			return
		}
		facets, err := h.views.Facets(r.Context())
		if err != nil {
			h.Error(w, r, err)
			return
		}
		sectors, err := h.views.Sectors(r.Context())
		if err != nil {
			h.Error(w, r, err)
			return
		}
		h.render(w, r, http.StatusOK, "list", view{Title: lp.Title, Nav: kind, Data: listData{
			Kind: kind, Page: lp, R: res, Q: q, Facets: facets, Sectors: sectorChoices(sectors),
			Columns: sortColumns(lp.Column, r.URL, res.Sort), Window: r.URL.Query().Get("window"),
			SourceKinds: sourceChoices(q.Sources), Windows: windowChoices(r.URL.Query().Get("window")), Filtered: q.Filtered(),
			CSV: exportURL(r.URL, "/"+kind, "format", "csv"), JSON: exportURL(r.URL, "/api/v1/"+kind, "", ""),
		}})
	}
}

type listData struct {
	Kind        string
	Page        listPage
	R           *api.ListResult
	Q           api.ListQuery
	Facets      *api.ListFacets
	Sectors     []sectorChoice
	Columns     []column
	Window      string
	SourceKinds []choice
	Windows     []choice
	Filtered    bool
	CSV, JSON   string
}

// choice is a checkbox of the filter form.
type choice struct {
	Value, Label string
	Checked      bool
}

func sourceChoices(picked []string) []choice {
	out := make([]choice, 0, len(telltale.SourceKinds))
	for _, k := range telltale.SourceKinds {
		out = append(out, choice{Value: k, Label: sourceKindLabels[k], Checked: slices.Contains(picked, k)})
	}
	return out
}

// windowChoices are the last-activity windows of the filter form.
func windowChoices(picked string) []choice {
	out := []choice{{Value: "12m", Label: "last 12 months"}, {Value: "24m", Label: "last 2 years"}, {Value: "5y", Label: "last 5 years"}}
	for i := range out {
		out[i].Checked = out[i].Value == picked
	}
	return out
}

// sectorChoice is a sector of the filter's list, indented by depth.
type sectorChoice struct {
	Key, Label string
	Attackers  int
}

// sectorChoices lists the sectors in taxonomy order, each indented under
// its parent.
func sectorChoices(all []telltale.SectorSummary) []sectorChoice {
	depth := map[string]int{}
	out := make([]sectorChoice, 0, len(all))
	for _, s := range all {
		d := 0
		if s.Parent != "" {
			d = depth[s.Parent] + 1
		}
		depth[s.Key] = d
		out = append(out, sectorChoice{Key: s.Key, Label: strings.Repeat("\u00a0\u00a0", d) + s.Name, Attackers: s.AttackerCount})
	}
	return out
}

// sortColumns sets each sortable column's link: the same filters sorted
// by it (descending when it is the ascending current one), from page 1.
func sortColumns(cols []column, u *url.URL, current string) []column {
	cur, desc := api.SortKey(current)
	return linkColumns(cols, cur, desc, func(sortVal string) string {
		q := u.Query()
		q.Set("sort", sortVal)
		q.Del("page")
		return (&url.URL{Path: u.Path, RawQuery: q.Encode()}).String()
	})
}

// linkColumns marks the column sorted by (desc when descending) and gives
// each sortable column the link link makes for its sort value: the key,
// or "-key" for the ascending current column.
func linkColumns(cols []column, by string, desc bool, link func(sortVal string) string) []column {
	out := make([]column, len(cols))
	for i, c := range cols {
		if c.Key != "" {
			c.Current = c.Key == by
			c.Desc = c.Current && desc
			val := c.Key
			if c.Current && !desc {
				val = "-" + c.Key
			}
			c.URL = link(val)
		}
		out[i] = c
	}
	return out
}

// exportURL is path with the request's filters and sort (no page), and
// key=val when key is given.
func exportURL(u *url.URL, path, key, val string) string {
	q := u.Query()
	q.Del("page")
	q.Del("format")
	if key != "" {
		q.Set(key, val)
	}
	return (&url.URL{Path: path, RawQuery: q.Encode()}).String()
}
