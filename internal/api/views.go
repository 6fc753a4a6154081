package api

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/memo"
)

// Views builds what the API serves and the pages show.
type Views struct {
	// Objects reads objects for the caller: with authentication on, it
	// filters by what the caller may see (TLP markings).
	Objects   telltale.ObjectService
	Knowledge telltale.KnowledgeService
	// Suggestions answers "which known actor is it?" for texts, reports
	// and actors; nil turns it off (503).
	Suggestions telltale.SuggestService
	// Documents reads the reports posted for suggestions (plain text,
	// Markdown, HTML, PDF) as text; nil takes JSON {"text": ...} only.
	Documents DocumentReader
	// Version is a cheap change marker of the store (its last sequence
	// number): landscapes are reused until it moves. Nil means Objects'
	// LastSeq when it has one, else no reuse.
	Version func(ctx context.Context) (int64, error)
	// ViewerKey names what the caller may see, when the knowledge differs
	// by caller (TLP clearance): landscapes are reused only between
	// callers with the same key. Nil means every caller sees the same.
	ViewerKey func(ctx context.Context) string
	// SectorBundle writes a sector's landscape as a STIX 2.1 bundle and
	// SectorNavigator builds its ATT&CK Navigator layer; the program wires
	// in the knowledge layer's exports. Nil leaves the downloads out. A
	// layer holds one ATT&CK domain's techniques ("" is Enterprise), as
	// the JSON the download serves.
	SectorBundle    func(ctx context.Context, sector string, w io.Writer) error
	SectorNavigator func(ctx context.Context, sector, domain string) (json.RawMessage, error)
	// Drafts reviews ingested reports; nil turns the review off (503).
	// ClientIP names a request's client for the audit log (nil: its
	// remote address).
	Drafts   DraftService
	ClientIP func(r *http.Request) string
	// Clock is what "today" is for date windows (the last 12 months);
	// nil is time.Now.
	Clock func() time.Time

	// What was computed from the store as it is now, by view and viewer.
	landscapes memo.Memo[*LandscapeView]
	actors     memo.Memo[*ActorView]
	objects    memo.Memo[*ObjectDetail]
	visible    memo.Memo[*telltale.Object]
	indicators memo.Memo[*ActorIndicators]
}

// Versioner is implemented by object services that can tell cheaply
// whether anything changed: the sequence number of the newest stored
// version (the store has it). With one, computed landscapes and object
// views are reused until the next import.
type Versioner interface {
	LastSeq(ctx context.Context) (int64, error)
}

// versionOf is v's change marker: Version, else the object service's
// LastSeq; nil when there is none (nothing can be reused).
func (v *Views) versionOf() func(context.Context) (int64, error) {
	if v.Version != nil {
		return v.Version
	}
	if ver, ok := v.Objects.(Versioner); ok {
		return ver.LastSeq
	}
	return nil
}

// viewer is the caller's viewer key ("" when every caller sees the same).
func (v *Views) viewer(ctx context.Context) string {
	if v.ViewerKey == nil {
		return ""
	}
	return v.ViewerKey(ctx)
}

// PageSize is how many rows a list holds per page, in the API and on pages.
const PageSize = 50

// Page is one page of a longer list.
type Page struct {
	Number int `json:"page"` // from 1
	Size   int `json:"page_size"`
	Total  int `json:"total"`
}

// Pages is the number of pages.
func (p Page) Pages() int {
	if p.Total == 0 {
		return 1
	}
	return (p.Total + p.Size - 1) / p.Size
}

// HasPrev and HasNext say whether there are pages around this one.
func (p Page) HasPrev() bool { return p.Number > 1 }
func (p Page) HasNext() bool { return p.Number < p.Pages() }

// Bounds clamps the page number and returns the slice bounds of the page
// (a size of 0 is PageSize): the API's and the pages' one pager.
func (p *Page) Bounds() (int, int) {
	if p.Size <= 0 {
		p.Size = PageSize
	}
	if p.Number < 1 {
		p.Number = 1
	}
	if p.Number > p.Pages() {
		p.Number = p.Pages()
	}
	lo := (p.Number - 1) * p.Size
	return lo, min(lo+p.Size, p.Total)
}

// LandscapeView is a sector landscape with its ATT&CK matrices laid out,
// one per ATT&CK domain.
type LandscapeView struct {
	*telltale.Landscape
	Matrix  []TacticColumn `json:"matrix"`  // every domain's columns, Enterprise first
	Domains []DomainMatrix `json:"domains"` // the same columns, one heatmap per domain

	version string
}

// Version names the state of the knowledge the view was computed from;
// "" when unknown. Equal versions of one sector are equal views.
func (l *LandscapeView) Version() string { return l.version }

// DomainMatrix is the heatmap of one ATT&CK domain; its cells' levels
// are relative to its own busiest cell.
type DomainMatrix struct {
	Domain string         `json:"domain"` // enterprise-attack, mobile-attack, ics-attack ("" for techniques of no ATT&CK domain)
	Name   string         `json:"name"`   // Enterprise, Mobile, ICS
	Matrix []TacticColumn `json:"matrix"`
}

// TacticColumn is one column of an ATT&CK heatmap.
type TacticColumn struct {
	Domain     string       `json:"domain,omitempty"` // the ATT&CK domain of a sector heatmap's column
	Tactic     string       `json:"tactic"`           // kill chain phase name, e.g. initial-access
	Name       string       `json:"name"`
	Techniques []MatrixCell `json:"techniques"`
}

// MatrixCell is one technique of a heatmap column.
type MatrixCell struct {
	ID       string `json:"id"` // ATT&CK id
	ObjectID string `json:"object_id"`
	Name     string `json:"name"`
	Count    int    `json:"count"`
	Level    int    `json:"level"` // 1-5: Count relative to the busiest cell
}

// Landscape computes a sector's landscape. The view is shared: callers
// must not change it.
func (v *Views) Landscape(ctx context.Context, sector string) (*LandscapeView, error) {
	return v.LandscapeFiltered(ctx, sector, telltale.LandscapeFilter{})
}

func (v *Views) landscape(ctx context.Context, sector string, f telltale.LandscapeFilter) (*LandscapeView, error) {
	kl, err := v.knowledgeLandscape(ctx, sector, f)
	if err != nil {
		return nil, err
	}
	l := *kl // a copy: the knowledge layer may share its result
	if l.Narrative == "" {
		if l.Narrative, err = v.narrative(ctx, l.Sector.ID); err != nil {
			return nil, err
		}
	}
	// One heatmap per ATT&CK domain: the domains' matrices have tactics
	// of the same name (initial-access) that are not the same columns.
	byDomain := make(map[string]map[string][]MatrixCell)
	for _, t := range l.Techniques {
		cells := byDomain[t.Domain]
		if cells == nil {
			cells = make(map[string][]MatrixCell)
			byDomain[t.Domain] = cells
		}
		for _, tac := range t.Tactics {
			cells[tac] = append(cells[tac], MatrixCell{ID: t.ID, ObjectID: t.ObjectID, Name: t.Name, Count: t.Count})
		}
	}
	view := &LandscapeView{Landscape: &l, Matrix: []TacticColumn{}, Domains: []DomainMatrix{}}
	for _, d := range domainOrder {
		cells := byDomain[d.Domain]
		if len(cells) == 0 {
			continue
		}
		cols := matrix(cells)
		for i := range cols {
			cols[i].Domain = d.Domain
		}
		view.Domains = append(view.Domains, DomainMatrix{Domain: d.Domain, Name: d.Name, Matrix: cols})
		view.Matrix = append(view.Matrix, cols...)
	}
	return view, nil
}

// domainOrder lists ATT&CK's domains in the order their heatmaps are
// shown; "" holds techniques of no ATT&CK domain.
var domainOrder = []DomainMatrix{
	{Domain: "enterprise-attack", Name: "Enterprise"},
	{Domain: "mobile-attack", Name: "Mobile"},
	{Domain: "ics-attack", Name: "ICS"},
	{Domain: "", Name: "Other"},
}

// Sectors lists every sector with its attacker count.
func (v *Views) Sectors(ctx context.Context) ([]telltale.SectorSummary, error) {
	return v.Knowledge.Sectors(ctx)
}

// matrix orders tactic columns as ATT&CK does and cells by count, and
// sets each cell's level.
func matrix(cells map[string][]MatrixCell) []TacticColumn {
	most := 0
	for _, cs := range cells {
		for _, c := range cs {
			most = max(most, c.Count)
		}
	}
	out := []TacticColumn{}
	add := func(tac string) {
		cs := cells[tac]
		if len(cs) == 0 {
			return
		}
		sort.SliceStable(cs, func(i, j int) bool {
			if cs[i].Count != cs[j].Count {
				return cs[i].Count > cs[j].Count
			}
			return cs[i].ID < cs[j].ID
		})
		for i := range cs {
			cs[i].Level = level(cs[i].Count, most)
		}
		out = append(out, TacticColumn{Tactic: tac, Name: TacticName(tac), Techniques: cs})
		delete(cells, tac)
	}
	for _, tac := range tacticOrder {
		add(tac)
	}
	var rest []string
	for tac := range cells {
		rest = append(rest, tac)
	}
	sort.Strings(rest)
	for _, tac := range rest {
		add(tac)
	}
	return out
}

func level(n, most int) int {
	if most <= 0 || n <= 0 {
		return 0
	}
	return 1 + (n-1)*5/most
}

// tacticOrder is the order of ATT&CK's tactics (Enterprise, then Mobile
// and ICS only ones).
var tacticOrder = []string{
	"reconnaissance", "resource-development", "initial-access", "execution", "persistence",
	"privilege-escalation", "defense-evasion", "stealth", "defense-impairment", "credential-access", "discovery",
	"lateral-movement", "collection", "command-and-control", "exfiltration", "impact",
	"evasion", "inhibit-response-function", "impair-process-control", "network-effects", "remote-service-effects",
}

// TacticName turns a kill chain phase name into a title: "command-and-control"
// → "Command and Control".
func TacticName(phase string) string {
	words := strings.Split(phase, "-")
	for i, w := range words {
		if i > 0 && (w == "and" || w == "of") {
			continue
		}
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// ActorView is an actor cluster with its names grouped by who gave them
// and its techniques laid out as a matrix.
type ActorView struct {
	*telltale.Actor
	NamedBy []NamedBy      `json:"names_by_source"`
	Matrix  []TacticColumn `json:"matrix"`
	// OpensOther are the aliases that open another actor too (their
	// Opens), for the page to say so.
	OpensOther []telltale.ActorAlias `json:"-"`

	version string
}

// Version names the state of the knowledge and the viewer the view was
// computed for; "" when unknown. Equal versions of one name are equal
// views.
func (a *ActorView) Version() string { return a.version }

// actorViewsKept bounds the actor views kept per state of the store (one
// per viewer and name asked; each shares the knowledge's actor).
const actorViewsKept = 1000

// NamedBy is everything one source calls an actor.
type NamedBy struct {
	Source string   `json:"source"`
	Names  []string `json:"names"`
}

// Actor resolves an id or alias to its actor cluster. The view is
// computed once per state of the store, viewer and name (laying out the
// techniques reads every one of them), so callers must not change it.
func (v *Views) Actor(ctx context.Context, nameOrID string) (*ActorView, error) {
	viewer := v.viewer(ctx)
	return v.actors.Get(ctx, v.versionOf(), viewer+"\x00"+nameOrID, actorViewsKept, func(seq int64) (*ActorView, int, error) {
		view, err := v.actor(ctx, nameOrID)
		if err != nil || v.versionOf() == nil {
			return view, 1, err
		}
		// The version names the data and who may see it: pages
		// rendered from the view are reused under it.
		sum := sha256.Sum256([]byte(viewer))
		view.version = fmt.Sprintf("%d-%x", seq, sum[:8])
		return view, 1, nil
	})
}

// actor computes the view of the actor nameOrID names.
func (v *Views) actor(ctx context.Context, nameOrID string) (*ActorView, error) {
	a, err := v.Knowledge.Actor(ctx, nameOrID)
	if err != nil {
		return nil, err
	}
	byVendor := map[string][]string{}
	for _, al := range a.Aliases {
		vendors := al.NamedBy
		if len(vendors) == 0 {
			vendors = []string{"unattributed"}
		}
		for _, vd := range vendors {
			byVendor[vd] = append(byVendor[vd], al.Name)
		}
	}
	view := &ActorView{Actor: a, NamedBy: []NamedBy{}}
	for _, al := range a.Aliases {
		if len(al.Opens) > 0 {
			view.OpensOther = append(view.OpensOther, al)
		}
	}
	for vd, names := range byVendor {
		view.NamedBy = append(view.NamedBy, NamedBy{Source: vd, Names: names})
	}
	sort.Slice(view.NamedBy, func(i, j int) bool {
		a, b := view.NamedBy[i], view.NamedBy[j]
		if (a.Source == "unattributed") != (b.Source == "unattributed") {
			return b.Source == "unattributed"
		}
		return strings.ToLower(a.Source) < strings.ToLower(b.Source)
	})
	view.Matrix, err = v.techniqueMatrix(ctx, a.Techniques)
	if err != nil {
		return nil, err
	}
	return view, nil
}

// techniqueMatrix lays techniques out by tactic, reading the tactics from
// the attack-pattern objects.
func (v *Views) techniqueMatrix(ctx context.Context, refs []telltale.Ref) ([]TacticColumn, error) {
	if len(refs) == 0 {
		return []TacticColumn{}, nil
	}
	ids := make([]string, 0, len(refs))
	for _, r := range refs {
		ids = append(ids, r.ID)
	}
	objs, err := v.objectsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	cells := make(map[string][]MatrixCell)
	for _, r := range refs {
		count := max(r.Count, len(r.Sources), 1)
		o := objs[r.ID]
		if o == nil {
			continue
		}
		var p struct {
			Phases []struct {
				Chain string `json:"kill_chain_name"`
				Phase string `json:"phase_name"`
			} `json:"kill_chain_phases"`
		}
		_ = json.Unmarshal(o.Raw, &p)
		for _, ph := range p.Phases {
			cells[ph.Phase] = append(cells[ph.Phase], MatrixCell{ID: r.ExtID, ObjectID: r.ID, Name: r.Name, Count: count})
		}
	}
	return matrix(cells), nil
}

// objectsByID fetches current objects (revoked ones too) by id, in chunks.
func (v *Views) objectsByID(ctx context.Context, ids []string) (map[string]*telltale.Object, error) {
	out := make(map[string]*telltale.Object, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 200)
		objs, err := v.Objects.Objects(ctx, telltale.ObjectFilter{IDs: ids[:n], IncludeRevoked: true})
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			out[o.ID] = o
		}
		ids = ids[n:]
	}
	return out, nil
}
