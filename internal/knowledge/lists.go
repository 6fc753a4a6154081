package knowledge

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/telltale-cti/telltale"
)

var _ telltale.ListService = (*Service)(nil)

// listBuilders compute each list's rows from a snapshot.
var listBuilders = map[string]func(*snapshot) []telltale.ListRow{
	telltale.ListActors:     (*snapshot).actorRows,
	telltale.ListMalware:    func(snap *snapshot) []telltale.ListRow { return snap.usedRows("malware") },
	telltale.ListTools:      func(snap *snapshot) []telltale.ListRow { return snap.usedRows("tool") },
	telltale.ListTechniques: func(snap *snapshot) []telltale.ListRow { return snap.usedRows("attack-pattern") },
	telltale.ListCampaigns:  (*snapshot).campaignRows,
	telltale.ListReports:    (*snapshot).reportRows,
}

// List returns every row of a list of the knowledge as the caller may
// see it, in name order. Rows are computed once per snapshot and shared.
func (s *Service) List(ctx context.Context, kind string) ([]telltale.ListRow, error) {
	build := listBuilders[kind]
	if build == nil {
		return nil, telltale.Errorf(telltale.ENOTFOUND, "no list of %q; lists are %s", kind, strings.Join(telltale.ListKinds, ", "))
	}
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	snap.mu.Lock()
	rows, ok := snap.lists[kind]
	snap.mu.Unlock()
	if ok {
		return rows, nil
	}
	rows = build(snap)
	sort.SliceStable(rows, func(i, j int) bool {
		if a, b := lower(rows[i].Name), lower(rows[j].Name); a != b {
			return a < b
		}
		return rows[i].ID < rows[j].ID
	})
	snap.mu.Lock()
	if snap.lists == nil {
		snap.lists = map[string][]telltale.ListRow{}
	}
	snap.lists[kind] = rows
	snap.mu.Unlock()
	return rows, nil
}

// cachedActor is the actor view of c, computed once per snapshot (shared
// by Actor, the lists and Recompute).
func (snap *snapshot) cachedActor(c *cluster) *telltale.Actor {
	snap.mu.Lock()
	a, ok := snap.actors[c.id]
	snap.mu.Unlock()
	if ok {
		return a
	}
	a = snap.actorView(c)
	snap.mu.Lock()
	snap.actors[c.id] = a
	snap.mu.Unlock()
	return a
}

// provenance gathers the distinct sources of a row and their kinds.
type provenance struct {
	seen  map[string]bool
	kinds map[string]bool
}

func newProvenance() *provenance {
	return &provenance{seen: map[string]bool{}, kinds: map[string]bool{}}
}

// add counts a source once by publisher and reference.
func (p *provenance) add(src telltale.Source) {
	if src.Name != "" || src.URL != "" {
		p.seen[src.Name+"\x00"+src.URL] = true
	}
	if src.FromDescription {
		p.kinds[telltale.SourceDescription] = true
	}
}

// relationship counts r's source and kind.
func (p *provenance) relationship(snap *snapshot, r *telltale.Relationship) {
	p.add(snap.source(r))
	p.kinds[snap.relKind(r)] = true
}

// object counts n's publisher and kind, and the accepted reports that
// refer to it (which also move last to the latest's publication).
func (p *provenance) object(snap *snapshot, n *node, last *string) {
	p.add(telltale.Source{Name: snap.creatorName(n)})
	if n.ReportRef != "" {
		p.kinds[telltale.SourceReport] = true
	} else {
		p.kinds[telltale.SourceCurated] = true
	}
	for _, rid := range snap.reportsOf(n.ID) {
		rn := snap.nodes[rid]
		p.add(telltale.Source{Name: rn.Name, URL: rn.url})
		p.kinds[reportKind(rn)] = true
		*last = latest(*last, rn.Published)
	}
}

// fill sets a row's source count and kinds (in SourceKinds order).
func (p *provenance) fill(row *telltale.ListRow) {
	row.Sources = len(p.seen)
	row.SourceKinds = []string{}
	for _, k := range telltale.SourceKinds {
		if p.kinds[k] {
			row.SourceKinds = append(row.SourceKinds, k)
		}
	}
}

// relKind says what kind of source backs relationship r: an accepted
// report (it carries the report it was read from), a description (read
// from prose by telltale enrich) or curated knowledge.
func (snap *snapshot) relKind(r *telltale.Relationship) string {
	rn := snap.relNodes[r.ID]
	switch {
	case rn == nil:
		return telltale.SourceCurated
	case rn.ReportRef != "":
		return telltale.SourceReport
	case rn.FromDesc:
		return telltale.SourceDescription
	}
	return telltale.SourceCurated
}

// reportKind is the kind of source a report is: an accepted report when
// it was ingested (it has a review status; drafts and rejected reports
// are no part of the knowledge), else curated (a report object imported
// with a bundle).
func reportKind(rn *node) string {
	if rn.Status != "" {
		return telltale.SourceReport
	}
	return telltale.SourceCurated
}

// withinSectors returns keys with all their ancestors, sorted.
func withinSectors(keys []string) []string {
	set := map[string]bool{}
	for _, k := range keys {
		set[k] = true
		for _, a := range Ancestors(k) {
			set[a] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// actorRows lists the actor clusters (campaigns filed as actors are
// listed with the campaigns).
func (snap *snapshot) actorRows() []telltale.ListRow {
	rows := make([]telltale.ListRow, 0, len(snap.clusters))
	for _, c := range snap.clusters {
		if c.campaign {
			continue
		}
		a := snap.cachedActor(c)
		row := telltale.ListRow{ID: c.id, Name: c.name, Motivation: a.Motivation, MotivationLabel: a.MotivationLabel, FirstSeen: a.FirstSeen, LastSeen: a.LastSeen, Actors: []telltale.Ref{}}
		if n := snap.nodes[c.id]; n != nil {
			row.Type = n.Type
		}
		at := attackerOf(&attackerRow{c: c}, a)
		row.Aliases, row.Origin, row.OriginName, row.OriginStatus = at.Aliases, at.Origin, at.OriginName, at.OriginStatus
		row.Sectors = []string{}
		for _, s := range a.Targets.Sectors {
			row.Sectors = append(row.Sectors, s.Key)
		}
		row.Within = withinSectors(row.Sectors)
		p := newProvenance()
		for _, m := range c.members {
			p.object(snap, m, &row.LastSeen)
			for _, r := range snap.bySource[m.ID] {
				p.relationship(snap, r)
			}
			for _, r := range snap.byTarget[m.ID] {
				if r.Type == "attributed-to" {
					p.relationship(snap, r)
				}
			}
		}
		p.fill(&row)
		rows = append(rows, row)
	}
	return rows
}

// usedRows lists the objects of a type that actors use (malware, tool,
// attack-pattern): objects that are one thing by name or ATT&CK id (the
// same malware from ATT&CK and from a galaxy) make one row.
func (snap *snapshot) usedRows(typ string) []telltale.ListRow {
	var rows []telltale.ListRow
	for _, group := range snap.sameThings(typ) {
		first := group[0]
		row := telltale.ListRow{ID: first.ID, Type: typ, Name: first.Name, ExtID: first.mitreID, Actors: []telltale.Ref{}}
		if typ == "attack-pattern" {
			row.Tactics = tacticsOf(first)
		}
		p := newProvenance()
		var sectors []string
		for _, n := range group {
			row.FirstSeen = earliest(row.FirstSeen, n.FirstSeen)
			row.LastSeen = latest(row.LastSeen, n.LastSeen)
			for _, al := range n.Aliases {
				if Fold(al) != Fold(row.Name) && !slices.Contains(row.Aliases, al) {
					row.Aliases = append(row.Aliases, al)
				}
			}
			p.object(snap, n, &row.LastSeen)
			for _, r := range snap.byTarget[n.ID] {
				if r.Type != "uses" {
					continue
				}
				p.relationship(snap, r)
				for _, c := range snap.actorsActing(snap.nodes[r.Source]) {
					row.Actors = appendActor(row.Actors, c)
				}
			}
			sectors = append(sectors, snap.targetedSectors(n.ID, p)...)
		}
		row.Sectors, row.Within = uniqueSorted(sectors), withinSectors(sectors)
		p.fill(&row)
		rows = append(rows, row)
	}
	return rows
}

// sameThings groups the current objects of a type that are one thing by
// folded name or ATT&CK id; the first of a group is the one with an
// ATT&CK id, else the oldest id.
func (snap *snapshot) sameThings(typ string) [][]*node {
	var nodes []*node
	for _, n := range snap.nodes {
		if n.Type == typ {
			nodes = append(nodes, n)
		}
	}
	sort.Slice(nodes, func(i, j int) bool {
		if (nodes[i].mitreID != "") != (nodes[j].mitreID != "") {
			return nodes[i].mitreID != ""
		}
		return nodes[i].ID < nodes[j].ID
	})
	var groups [][]*node
	at := map[string]int{}
	for _, n := range nodes {
		keys := []string{"n:" + Fold(n.Name)}
		if n.mitreID != "" {
			keys = append(keys, "x:"+n.mitreID)
		}
		i := -1
		for _, k := range keys {
			if j, ok := at[k]; ok {
				i = j
				break
			}
		}
		if i < 0 {
			i = len(groups)
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], n)
		for _, k := range keys {
			at[k] = i
		}
	}
	return groups
}

// actorsActing returns the actor clusters that act through n: its own
// cluster when n is an actor, the actors a campaign (or a campaign filed
// as an actor) is attributed to.
func (snap *snapshot) actorsActing(n *node) []*cluster {
	if n == nil {
		return nil
	}
	var out []*cluster
	if c := snap.clusterOf[n.ID]; c != nil && !c.campaign {
		out = append(out, c)
	}
	camp := n
	if snap.campaignLike[n.ID] && snap.campaignOf[n.ID] != nil {
		camp = snap.campaignOf[n.ID]
	}
	if camp.Type == "campaign" || snap.campaignLike[n.ID] {
		out = append(out, snap.campaignActors(camp)...)
	}
	return out
}

// targetedSectors returns the keys of the sectors id targets, counting
// the targeting's sources in p.
func (snap *snapshot) targetedSectors(id string, p *provenance) []string {
	var out []string
	for _, r := range snap.bySource[id] {
		if key, ok := snap.sectorOf[r.Target]; ok && r.Type == "targets" {
			out = append(out, key)
			p.relationship(snap, r)
		}
	}
	return out
}

// campaignRows lists campaigns: campaign objects, and campaigns filed as
// actors that no campaign object stands for.
func (snap *snapshot) campaignRows() []telltale.ListRow {
	var rows []telltale.ListRow
	for _, n := range snap.nodes {
		if n.Type != "campaign" && !(snap.campaignLike[n.ID] && snap.campaignOf[n.ID] == nil) {
			continue
		}
		row := telltale.ListRow{ID: n.ID, Type: n.Type, Name: n.Name, ExtID: n.mitreID, FirstSeen: n.FirstSeen, LastSeen: n.LastSeen, Actors: []telltale.Ref{}}
		for _, al := range n.Aliases {
			if Fold(al) != Fold(n.Name) {
				row.Aliases = append(row.Aliases, al)
			}
		}
		p := newProvenance()
		p.object(snap, n, &row.LastSeen)
		for _, c := range snap.actorsActing(n) {
			row.Actors = appendActor(row.Actors, c)
		}
		for _, r := range snap.bySource[n.ID] {
			if r.Type == "attributed-to" {
				p.relationship(snap, r)
			}
		}
		sectors := snap.targetedSectors(n.ID, p)
		row.Sectors, row.Within = uniqueSorted(sectors), withinSectors(sectors)
		p.fill(&row)
		rows = append(rows, row)
	}
	return rows
}

// reportRows lists the reports that count: accepted ones and imported
// ones (drafts live elsewhere; rejected reports are left out).
func (snap *snapshot) reportRows() []telltale.ListRow {
	var rows []telltale.ListRow
	for _, n := range snap.nodes {
		if n.Type != "report" || n.Status == "draft" || n.Status == "rejected" {
			continue
		}
		row := telltale.ListRow{ID: n.ID, Type: n.Type, Name: n.Name, LastSeen: n.Published, Publisher: snap.creatorName(n), Refs: len(n.ObjectRefs), Actors: []telltale.Ref{}}
		var sectors []string
		for _, ref := range n.ObjectRefs {
			if key, ok := snap.sectorOf[ref]; ok {
				sectors = append(sectors, key)
			}
			if c := snap.clusterOf[ref]; c != nil && !c.campaign {
				row.Actors = appendActor(row.Actors, c)
			}
		}
		row.Sectors, row.Within = uniqueSorted(sectors), withinSectors(sectors)
		row.Sources, row.SourceKinds = 1, []string{reportKind(n)}
		rows = append(rows, row)
	}
	return rows
}

// appendActor adds cluster c to refs once.
func appendActor(refs []telltale.Ref, c *cluster) []telltale.Ref {
	for _, r := range refs {
		if r.ID == c.id {
			return refs
		}
	}
	return append(refs, telltale.Ref{ID: c.id, Name: c.name})
}

func uniqueSorted(list []string) []string {
	out := append([]string{}, list...)
	sort.Strings(out)
	return slices.Compact(out)
}
