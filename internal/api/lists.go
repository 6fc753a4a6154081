package api

import (
	"cmp"
	"context"
	"encoding/csv"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
)

// ListQuery selects, orders and pages the rows of a list. The actor
// filters (sector, origin, motivation) hold for a row that matches them
// itself, or that has an actor (a user, an attributed actor, an actor a
// report names) that matches them all.
type ListQuery struct {
	Name       string   `json:"name,omitempty"`       // part of a name, alias or ATT&CK id
	Sector     string   `json:"sector,omitempty"`     // sector key: it or a sub-sector is targeted
	Origin     string   `json:"origin,omitempty"`     // ISO country code or country name
	Motivation string   `json:"motivation,omitempty"` // STIX's value (organizational-gain) or the pages' word (espionage)
	Since      string   `json:"since,omitempty"`      // last activity on or after: 2024, 2024-05 or 2024-05-31
	Until      string   `json:"until,omitempty"`      // last activity on or before, same forms
	Sources    []string `json:"source,omitempty"`     // source kinds (telltale.SourceKinds); none: any
	Sort       string   `json:"sort,omitempty"`       // a column key, "-" first for descending
	Page       int      `json:"page,omitempty"`
	Size       int      `json:"page_size,omitempty"`
	All        bool     `json:"-"` // every matching row, no paging (CSV)
}

// Filtered says whether the query leaves rows out.
func (q ListQuery) Filtered() bool {
	return q.Name != "" || q.Sector != "" || q.Origin != "" || q.Motivation != "" || q.Since != "" || q.Until != "" || len(q.Sources) > 0
}

// ListPageSize is how many rows a list page holds unless asked otherwise;
// MaxListPageSize bounds what may be asked.
const (
	ListPageSize    = 50
	MaxListPageSize = 500
)

var datePrefix = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// windows are the last-activity windows the pages offer, by parameter.
var windows = map[string]func(time.Time) time.Time{
	"12m": func(t time.Time) time.Time { return t.AddDate(-1, 0, 0) },
	"24m": func(t time.Time) time.Time { return t.AddDate(-2, 0, 0) },
	"5y":  func(t time.Time) time.Time { return t.AddDate(-5, 0, 0) },
}

// ParseListQuery reads a list query from URL parameters: name, sector,
// origin, motivation, since, until, window (12m, 24m or 5y before now;
// sets since), source (repeated), sort, page and page_size.
func ParseListQuery(v url.Values, now time.Time) (ListQuery, error) {
	q := ListQuery{
		Name: strings.TrimSpace(v.Get("name")), Sector: strings.TrimSpace(v.Get("sector")),
		Origin: strings.TrimSpace(v.Get("origin")), Motivation: strings.TrimSpace(v.Get("motivation")),
		Since: strings.TrimSpace(v.Get("since")), Until: strings.TrimSpace(v.Get("until")), Sort: v.Get("sort"),
	}
	if w := v.Get("window"); w != "" {
		from := windows[w]
		if from == nil {
			return q, telltale.Errorf(telltale.EINVALID, "window %q: use 12m, 24m or 5y", w)
		}
		q.Since = from(now).Format("2006-01-02")
	}
	for _, d := range []string{q.Since, q.Until} {
		if d != "" && !datePrefix.MatchString(d) {
			return q, telltale.Errorf(telltale.EINVALID, "date %q: use 2024, 2024-05 or 2024-05-31", d)
		}
	}
	for _, s := range v["source"] {
		if !slices.Contains(telltale.SourceKinds, s) {
			return q, telltale.Errorf(telltale.EINVALID, "source %q: use %s", s, strings.Join(telltale.SourceKinds, ", "))
		}
		q.Sources = append(q.Sources, s)
	}
	for name, dst := range map[string]*int{"page": &q.Page, "page_size": &q.Size} {
		if s := v.Get(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				return q, telltale.Errorf(telltale.EINVALID, "%s %q: give a positive number", name, s)
			}
			*dst = n
		}
	}
	q.Size = min(cmp.Or(q.Size, ListPageSize), MaxListPageSize)
	return q, nil
}

// ListResult is one page of a list, with how many rows match in all (the
// Page's Total) and how many the list holds before filters.
type ListResult struct {
	Kind string `json:"kind"`
	Page
	All   int                `json:"all"`
	Sort  string             `json:"sort"`
	Query ListQuery          `json:"query"`
	Rows  []telltale.ListRow `json:"rows"`
}

// listLess orders rows by a column, ascending; ties go by name.
var listLess = map[string]func(a, b *telltale.ListRow) int{
	"name": func(a, b *telltale.ListRow) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	},
	"external_id": func(a, b *telltale.ListRow) int { return strings.Compare(a.ExtID, b.ExtID) },
	"origin":      func(a, b *telltale.ListRow) int { return strings.Compare(a.Origin+a.OriginName, b.Origin+b.OriginName) },
	"motivation":  func(a, b *telltale.ListRow) int { return strings.Compare(a.Motivation, b.Motivation) },
	"last_seen":   func(a, b *telltale.ListRow) int { return strings.Compare(a.LastSeen, b.LastSeen) },
	"sources":     func(a, b *telltale.ListRow) int { return a.Sources - b.Sources },
	"actors":      func(a, b *telltale.ListRow) int { return len(a.Actors) - len(b.Actors) },
	"publisher":   func(a, b *telltale.ListRow) int { return strings.Compare(a.Publisher, b.Publisher) },
	"refs":        func(a, b *telltale.ListRow) int { return a.Refs - b.Refs },
}

// SortKey splits a sort parameter into a known column and its direction;
// "" when the column is unknown.
func SortKey(s string) (string, bool) {
	key, desc := strings.CutPrefix(s, "-")
	if listLess[key] == nil {
		return "", false
	}
	return key, desc
}

// List filters, sorts and pages a list of the knowledge as the caller may
// see it.
func (v *Views) List(ctx context.Context, kind string, q ListQuery) (*ListResult, error) {
	ls, ok := v.Knowledge.(telltale.ListService)
	if !ok {
		return nil, telltale.Errorf(telltale.EINTERNAL, "the knowledge service has no lists")
	}
	rows, err := ls.List(ctx, kind)
	if err != nil {
		return nil, err
	}
	if q.Sector != "" {
		if q.Sector, err = sectorKey(q.Sector); err != nil {
			return nil, err
		}
	}
	m := matcher{q: q, name: strings.ToLower(q.Name)}
	if kind != telltale.ListActors && m.actorFilters() {
		actors, err := ls.List(ctx, telltale.ListActors)
		if err != nil {
			return nil, err
		}
		m.actors = make(map[string]*telltale.ListRow, len(actors))
		for i := range actors {
			m.actors[actors[i].ID] = &actors[i]
		}
	}
	var picked []*telltale.ListRow
	for i := range rows {
		if m.matches(&rows[i]) {
			picked = append(picked, &rows[i])
		}
	}
	res := &ListResult{Kind: kind, All: len(rows), Query: q, Rows: []telltale.ListRow{}}
	if key, desc := SortKey(q.Sort); key != "" {
		less := listLess[key]
		slices.SortStableFunc(picked, func(a, b *telltale.ListRow) int {
			if desc {
				a, b = b, a
			}
			return less(a, b)
		})
		res.Sort = q.Sort
	} else {
		res.Sort = "name" // the knowledge lists rows by name
	}
	res.Page = Page{Number: q.Page, Size: q.Size, Total: len(picked)}
	lo, hi := 0, len(picked)
	if !q.All {
		lo, hi = res.Page.Bounds()
	}
	for _, r := range picked[lo:hi] {
		res.Rows = append(res.Rows, *r)
	}
	return res, nil
}

// matcher tests rows against a query.
type matcher struct {
	q      ListQuery
	name   string
	actors map[string]*telltale.ListRow // by id, for rows of other kinds
}

func (m *matcher) actorFilters() bool {
	return m.q.Sector != "" || m.q.Origin != "" || m.q.Motivation != ""
}

func (m *matcher) matches(r *telltale.ListRow) bool {
	if m.name != "" && !nameMatches(r, m.name) {
		return false
	}
	if m.q.Since != "" && (r.LastSeen == "" || r.LastSeen < m.q.Since) {
		return false
	}
	if m.q.Until != "" && (r.LastSeen == "" || r.LastSeen[:min(len(r.LastSeen), len(m.q.Until))] > m.q.Until) {
		return false
	}
	if len(m.q.Sources) > 0 && !slices.ContainsFunc(r.SourceKinds, func(k string) bool { return slices.Contains(m.q.Sources, k) }) {
		return false
	}
	if !m.actorFilters() || m.actorMatches(r) {
		return true
	}
	for _, a := range r.Actors {
		if ar := m.actors[a.ID]; ar != nil && m.actorMatches(ar) {
			return true
		}
	}
	return false
}

// sectorKey returns the key of the sector arg names by its key, id, name
// or an alias ("telecom" is telecommunications), as the sector pages read
// it (telltale.ResolveSector); ENOTFOUND when none is called so.
func sectorKey(arg string) (string, error) {
	if sec, ok := telltale.SectorByKey(arg); ok {
		return sec.Key, nil
	}
	if sec, ok := telltale.SectorByID(arg); ok {
		return sec.Key, nil
	}
	if sec, ok := telltale.ResolveSector(arg); ok {
		return sec.Key, nil
	}
	return "", telltale.Errorf(telltale.ENOTFOUND, "no sector is called %q (GET /api/v1/sectors lists them)", arg)
}

// actorMatches tests a row's own sector, origin and motivation.
func (m *matcher) actorMatches(r *telltale.ListRow) bool {
	if m.q.Sector != "" && !slices.Contains(r.Within, m.q.Sector) {
		return false
	}
	if m.q.Origin != "" && !strings.EqualFold(r.Origin, m.q.Origin) && !strings.EqualFold(r.OriginName, m.q.Origin) {
		return false
	}
	return m.q.Motivation == "" || motivationIs(r, m.q.Motivation)
}

// motivationIs reports whether a row's motivation is q: STIX's value
// ("organizational-gain") or the analyst's word the pages show
// ("espionage", "financial gain" or "financial-gain").
func motivationIs(r *telltale.ListRow, q string) bool {
	return strings.EqualFold(r.Motivation, q) ||
		r.MotivationLabel != "" && strings.EqualFold(r.MotivationLabel, strings.ReplaceAll(q, "-", " "))
}

func nameMatches(r *telltale.ListRow, name string) bool {
	if strings.Contains(strings.ToLower(r.Name), name) || strings.Contains(strings.ToLower(r.ExtID), name) {
		return true
	}
	return slices.ContainsFunc(r.Aliases, func(a string) bool { return strings.Contains(strings.ToLower(a), name) })
}

// Facet is one value a list can be filtered by, with how many actors
// have it.
type Facet struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// ListFacets are the origins and motivations of the actors the caller
// may see, most common first: the choices of the lists' filters.
type ListFacets struct {
	Origins     []Facet `json:"origins"`
	Motivations []Facet `json:"motivations"`
}

// Facets counts the actors' origins and motivations.
func (v *Views) Facets(ctx context.Context) (*ListFacets, error) {
	ls, ok := v.Knowledge.(telltale.ListService)
	if !ok {
		return nil, telltale.Errorf(telltale.EINTERNAL, "the knowledge service has no lists")
	}
	actors, err := ls.List(ctx, telltale.ListActors)
	if err != nil {
		return nil, err
	}
	origins, motivations := map[string]*Facet{}, map[string]*Facet{}
	count := func(m map[string]*Facet, value, label string) {
		if value == "" {
			return
		}
		f := m[value]
		if f == nil {
			f = &Facet{Value: value, Label: label}
			m[value] = f
		}
		f.Count++
	}
	for _, a := range actors {
		value := cmp.Or(a.Origin, a.OriginName)
		count(origins, value, cmp.Or(a.OriginName, value))
		count(motivations, a.Motivation, strings.ReplaceAll(a.Motivation, "-", " "))
	}
	return &ListFacets{Origins: sortedFacets(origins), Motivations: sortedFacets(motivations)}, nil
}

func sortedFacets(m map[string]*Facet) []Facet {
	out := make([]Facet, 0, len(m))
	for _, f := range m {
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b Facet) int {
		return cmp.Or(b.Count-a.Count, strings.Compare(a.Label, b.Label))
	})
	return out
}

// listColumns are the CSV columns of every list: the kind's own, then
// the rest.
var listColumns = []struct {
	name string
	cell func(r *telltale.ListRow) string
}{
	{"id", func(r *telltale.ListRow) string { return r.ID }},
	{"type", func(r *telltale.ListRow) string { return r.Type }},
	{"name", func(r *telltale.ListRow) string { return r.Name }},
	{"external_id", func(r *telltale.ListRow) string { return r.ExtID }},
	{"aliases", func(r *telltale.ListRow) string { return strings.Join(r.Aliases, "; ") }},
	{"origin", func(r *telltale.ListRow) string { return cmp.Or(r.Origin, r.OriginName) }},
	{"origin_status", func(r *telltale.ListRow) string { return r.OriginStatus }},
	{"motivation", func(r *telltale.ListRow) string { return r.Motivation }},
	{"first_seen", func(r *telltale.ListRow) string { return r.FirstSeen }},
	{"last_seen", func(r *telltale.ListRow) string { return r.LastSeen }},
	{"publisher", func(r *telltale.ListRow) string { return r.Publisher }},
	{"tactics", func(r *telltale.ListRow) string { return strings.Join(r.Tactics, "; ") }},
	{"sectors", func(r *telltale.ListRow) string { return strings.Join(r.Sectors, "; ") }},
	{"actors", func(r *telltale.ListRow) string {
		names := make([]string, len(r.Actors))
		for i, a := range r.Actors {
			names[i] = a.Name
		}
		return strings.Join(names, "; ")
	}},
	{"sources", func(r *telltale.ListRow) string { return strconv.Itoa(r.Sources) }},
	{"source_kinds", func(r *telltale.ListRow) string { return strings.Join(r.SourceKinds, "; ") }},
	{"refs", func(r *telltale.ListRow) string { return strconv.Itoa(r.Refs) }},
}

// WriteListCSV writes rows as CSV with a header line. Cells are quoted as
// CSV needs, and a cell a spreadsheet would run as a formula (it starts
// with = + - @, a tab or a carriage return) is prefixed with a quote.
func WriteListCSV(w io.Writer, rows []telltale.ListRow) error {
	cw := csv.NewWriter(w)
	header := make([]string, len(listColumns))
	for i, c := range listColumns {
		header[i] = c.name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	line := make([]string, len(listColumns))
	for i := range rows {
		for j, c := range listColumns {
			line[j] = csvSafe(c.cell(&rows[i]))
		}
		if err := cw.Write(line); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
