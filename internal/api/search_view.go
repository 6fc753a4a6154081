package api

import (
	"context"
	"net/url"
	"sort"
	"strings"
	"unicode"

	"github.com/telltale-cti/telltale"
)

// SearchResult is what a search found, grouped by type, with the actor or
// sector the query names exactly, when there is one. Total counts every
// match (up to the cap the search counts to; Limited says there are
// more); the groups hold the hits of the page asked for.
type SearchResult struct {
	Query   string                   `json:"query"`
	Actor   *ActorMatch              `json:"actor,omitempty"`
	Sectors []telltale.SectorSummary `json:"sectors"`
	Groups  []SearchGroup            `json:"groups"`
	Total   int                      `json:"total"`
	Limited bool                     `json:"limited"` // more hits than were counted
	Paging  Page                     `json:"paging"`  // which hits the groups hold: page, page_size and total
}

// ActorMatch is an actor cluster that the query names exactly.
type ActorMatch struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Matched string `json:"matched,omitempty"` // the alias the query matched
}

// SearchGroup is the hits of one STIX type.
type SearchGroup struct {
	Type  string      `json:"type"`
	Label string      `json:"label"`
	Hits  []SearchHit `json:"hits"`
}

// SearchHit is a hit with the address of its page.
type SearchHit struct {
	telltale.SearchHit
	URL string `json:"url"`
}

// SearchLimit bounds how many hits one search returns; SearchCap how many
// a paged search counts.
const (
	SearchLimit = 200
	SearchCap   = 1000
)

// Search finds objects by name, alias and description, and sectors by
// name and alias: the first limit hits (at most SearchLimit).
func (v *Views) Search(ctx context.Context, q string, limit int) (*SearchResult, error) {
	if limit <= 0 || limit > SearchLimit {
		limit = SearchLimit
	}
	return v.search(ctx, q, limit, Page{Number: 1, Size: limit})
}

// SearchPage finds what Search finds, counting every hit up to SearchCap,
// and returns one page of them (size at most SearchLimit).
func (v *Views) SearchPage(ctx context.Context, q string, page, size int) (*SearchResult, error) {
	if size <= 0 || size > SearchLimit {
		size = PageSize
	}
	return v.search(ctx, q, SearchCap, Page{Number: page, Size: size})
}

// search counts up to limit hits and groups those of page p.
func (v *Views) search(ctx context.Context, q string, limit int, p Page) (*SearchResult, error) {
	q = strings.TrimSpace(q)
	res := &SearchResult{Query: q, Sectors: []telltale.SectorSummary{}, Groups: []SearchGroup{}, Paging: Page{Number: 1, Size: p.Size}}
	if q == "" {
		return res, nil
	}
	if a, err := v.Knowledge.Actor(ctx, q); err == nil {
		res.Actor = &ActorMatch{ID: a.ID, Name: a.Name}
		if !strings.EqualFold(a.Name, q) && a.ID != q {
			res.Actor.Matched = q
		}
	} else if telltale.ErrorCode(err) != telltale.ENOTFOUND && telltale.ErrorCode(err) != telltale.EINVALID {
		return nil, err
	}
	sectors, err := v.Knowledge.Sectors(ctx)
	if err != nil {
		return nil, err
	}
	res.Sectors = matchNames(sectors, sectorNames, q, 10)
	hits, err := v.Objects.Search(ctx, q, limit+1)
	if err != nil {
		return nil, err
	}
	if len(hits) > limit {
		hits, res.Limited = hits[:limit], true
	}
	// Grouped by type before paging, so a page's groups follow the
	// order of all the hits.
	sort.SliceStable(hits, func(i, j int) bool { return typeRank(hits[i].Type) < typeRank(hits[j].Type) })
	res.Total = len(hits)
	p.Total = len(hits)
	lo, hi := p.Bounds()
	res.Paging = p
	byType := map[string]int{}
	for _, h := range hits[lo:hi] {
		i, ok := byType[h.Type]
		if !ok {
			i = len(res.Groups)
			byType[h.Type] = i
			res.Groups = append(res.Groups, SearchGroup{Type: h.Type, Label: TypeLabel(h.Type)})
		}
		res.Groups[i].Hits = append(res.Groups[i].Hits, SearchHit{SearchHit: *h, URL: ObjectURL(h.Type, h.ID)})
	}
	return res, nil
}

// Suggestion is one entry of the search box's suggestions.
type Suggestion struct {
	Label   string `json:"label"`
	Type    string `json:"type"`
	Matched string `json:"matched,omitempty"`
	URL     string `json:"url"`
}

// suggestedObjects is how many objects Suggest lists, at most
// suggestedActors of them actors found by name.
const (
	suggestedObjects = 8
	suggestedActors  = 4
)

// Suggest returns a few quick matches for what has been typed so far.
func (v *Views) Suggest(ctx context.Context, q string) ([]Suggestion, error) {
	q = strings.TrimSpace(q)
	out := []Suggestion{}
	if len([]rune(q)) < 2 {
		return out, nil
	}
	sectors, err := v.Knowledge.Sectors(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range matchNames(sectors, sectorNames, q, 3) {
		out = append(out, Suggestion{Label: s.Name, Type: "sector", URL: "/sectors/" + s.Key})
	}
	// Actors by their names and aliases, from the knowledge, before what
	// the full-text search finds: a feed's indicators whose values begin
	// with what was typed ("muddy-1.example") rank before the actor
	// ("MuddyWater") there.
	shown := map[string]bool{}
	clusters := map[string]telltale.ListRow{} // the actor clusters the caller may see
	if ls, ok := v.Knowledge.(telltale.ListService); ok {
		actors, err := ls.List(ctx, telltale.ListActors)
		if err != nil {
			return nil, err
		}
		for _, r := range actors {
			clusters[r.ID] = r
		}
		actorNames := func(r telltale.ListRow) []string { return append([]string{r.Name, r.ExtID}, r.Aliases...) }
		for _, r := range matchNames(actors, actorNames, q, suggestedActors) {
			out = append(out, Suggestion{Label: r.Name, Type: typeName(r.Type), URL: ObjectURL(r.Type, r.ID)})
			shown[r.ID] = true
		}
	}
	hits, err := v.Objects.Search(ctx, q, suggestedObjects)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(hits, func(i, j int) bool { return typeRank(hits[i].Type) < typeRank(hits[j].Type) })
	for _, h := range hits {
		s := Suggestion{Label: h.Name, Type: typeName(h.Type), Matched: h.Matched, URL: ObjectURL(h.Type, h.ID)}
		key := h.ID
		// An actor object found by the text search stands for its
		// cluster: the ATT&CK group and the MISP entry that share its
		// name are one suggestion.
		r, ok, err := v.clusterOf(ctx, h, clusters)
		if err != nil {
			return nil, err
		}
		if ok {
			key = r.ID
			s.Label, s.Type, s.URL = r.Name, typeName(r.Type), ObjectURL(r.Type, r.ID)
		}
		if len(shown) < suggestedObjects && !shown[key] {
			out = append(out, s)
			shown[key] = true
		}
	}
	return out, nil
}

// clusterOf returns the row, among clusters, of the actor cluster an
// actor object found by the search belongs to.
func (v *Views) clusterOf(ctx context.Context, h *telltale.SearchHit, clusters map[string]telltale.ListRow) (telltale.ListRow, bool, error) {
	cs, ok := v.Knowledge.(telltale.ClusterService)
	if !ok || typeName(h.Type) != "actor" {
		return telltale.ListRow{}, false, nil
	}
	c, ok, err := cs.ClusterOf(ctx, h.ID)
	if err != nil || !ok {
		return telltale.ListRow{}, false, err
	}
	r, ok := clusters[c.ID]
	return r, ok, nil
}

// sectorNames are the names a sector is found by: its own, its key, its
// aliases.
func sectorNames(s telltale.SectorSummary) []string {
	return append([]string{s.Name, s.Key}, s.Aliases...)
}

// matchNames keeps the items one of whose names (as names gives them,
// the first the item's own) is the query, starts with it, or has a word
// that starts with it; at most limit, exact matches first, then the
// item's own name before its others.
func matchNames[T any](all []T, names func(T) []string, q string, limit int) []T {
	fq := fold(q)
	type scored struct {
		it    T
		score int
	}
	var found []scored
	for _, it := range all {
		best := 0
		for i, n := range names(it) {
			fn := fold(n)
			switch {
			case fn == fq:
				best = max(best, 30-min(i, 1)*10)
			case strings.HasPrefix(fn, fq):
				best = max(best, 15-min(i, 1)*5)
			case strings.Contains(" "+fn, " "+fq):
				best = max(best, 5)
			}
		}
		if best > 0 {
			found = append(found, scored{it, best})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].score > found[j].score })
	out := []T{}
	for i := 0; i < len(found) && i < limit; i++ {
		out = append(out, found[i].it)
	}
	return out
}

func fold(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// ObjectURL is the page of an object: actors have their own page.
func ObjectURL(typ, id string) string {
	switch typ {
	case "intrusion-set", "threat-actor":
		return "/actors/" + url.PathEscape(id)
	}
	return "/objects/" + url.PathEscape(id)
}

var typeLabels = map[string]string{
	"intrusion-set": "Intrusion sets", "threat-actor": "Threat actors", "campaign": "Campaigns",
	"malware": "Malware", "tool": "Tools", "attack-pattern": "Techniques", "course-of-action": "Mitigations",
	"report": "Reports", "identity": "Identities", "location": "Locations", "indicator": "Indicators",
	"vulnerability": "Vulnerabilities", "infrastructure": "Infrastructure", "x-mitre-tactic": "Tactics",
	"note": "Notes", "grouping": "Groupings", "relationship": "Relationships",
}

// typeName is the singular name of a STIX type for people.
func typeName(typ string) string {
	switch typ {
	case "intrusion-set", "threat-actor":
		return "actor"
	case "attack-pattern":
		return "technique"
	case "course-of-action":
		return "mitigation"
	}
	return strings.ReplaceAll(typ, "-", " ")
}

// TypeLabel is the plural heading of a STIX type.
func TypeLabel(typ string) string {
	if l, ok := typeLabels[typ]; ok {
		return l
	}
	return typ
}

func typeRank(typ string) int {
	for i, t := range []string{"intrusion-set", "threat-actor", "campaign", "malware", "tool", "attack-pattern", "report", "course-of-action", "vulnerability", "indicator", "identity", "location"} {
		if t == typ {
			return i
		}
	}
	return 100
}
