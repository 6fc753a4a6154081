package knowledge

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/telltale-cti/telltale"
)

// Landscape computes who attacks a sector (given by key, name or alias),
// from where, how and with what, and what to do about it.
func (s *Service) Landscape(ctx context.Context, sector string) (*telltale.Landscape, error) {
	return s.LandscapeFiltered(ctx, sector, telltale.LandscapeFilter{})
}

// maxLandscapes bounds the landscapes a snapshot keeps: windows are
// dates, so their number has no bound of its own.
const maxLandscapes = 512

// LandscapeFiltered is the landscape narrowed to the rows resting on some
// kinds of source and to a date window (landscape_filter.go).
func (s *Service) LandscapeFiltered(ctx context.Context, sector string, f telltale.LandscapeFilter) (*telltale.Landscape, error) {
	sec, err := resolveSectorArg(sector)
	if err != nil {
		return nil, err
	}
	if err := f.Check(); err != nil {
		return nil, err
	}
	f = f.Normal()
	var cached telltale.Landscape
	if f.IsZero() && s.cached(ctx, "landscape:"+sec.Key, &cached) {
		return &cached, nil
	}
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.landscapeMemo(sec, f), nil
}

// landscapeMemo is snap.landscape, computed once per sector and filter
// (f normalised) for the snapshot.
func (snap *snapshot) landscapeMemo(sec telltale.Sector, f telltale.LandscapeFilter) *telltale.Landscape {
	key := sec.Key
	if !f.IsZero() {
		key += "\x00" + f.Key()
	}
	snap.mu.Lock()
	l, ok := snap.landscapes[key]
	snap.mu.Unlock()
	if ok {
		return l
	}
	l = snap.landscape(sec, f)
	snap.mu.Lock()
	if len(snap.landscapes) >= maxLandscapes {
		snap.landscapes = map[string]*telltale.Landscape{}
	}
	snap.landscapes[key] = l
	snap.mu.Unlock()
	return l
}

func resolveSectorArg(arg string) (telltale.Sector, error) {
	if sec, ok := SectorByKey(strings.TrimSpace(arg)); ok {
		return sec, nil
	}
	if sec, ok := SectorByID(strings.TrimSpace(arg)); ok {
		return sec, nil
	}
	if sec, ok := ResolveSector(arg); ok {
		return sec, nil
	}
	var near []string
	key := Fold(arg)
	for _, sec := range Sectors() {
		if key != "" && (strings.Contains(Fold(sec.Name), key) || strings.Contains(key, Fold(sec.Name))) {
			near = append(near, sec.Key)
		}
	}
	msg := "no sector is called " + `"` + arg + `"`
	if len(near) > 0 {
		msg += "; did you mean " + strings.Join(near[:min(len(near), 5)], ", ") + "?"
	} else {
		msg += "; run 'telltale sectors' for the list"
	}
	return telltale.Sector{}, telltale.Errorf(telltale.ENOTFOUND, "%s", msg)
}

// sectorIdentities returns the ids of the identities that stand for the
// sector or any of its descendants.
func (snap *snapshot) sectorIdentities(key string) map[string]bool {
	keys := map[string]bool{}
	for _, k := range Descendants(key) {
		keys[k] = true
	}
	ids := map[string]bool{}
	for id, k := range snap.sectorOf {
		if keys[k] {
			ids[id] = true
		}
	}
	return ids
}

// attackerRow accumulates one landscape row.
type attackerRow struct {
	c       *cluster
	sectors map[string]bool
	sources []telltale.Source
}

// attackers returns the clusters that target any of the identities, with
// the sources backing each, and the campaigns against them.
func (snap *snapshot) attackers(ids map[string]bool) (map[*cluster]*attackerRow, map[string]*telltale.Ref) {
	rows := map[*cluster]*attackerRow{}
	campaigns := map[string]*telltale.Ref{}
	add := func(c *cluster, key string, src telltale.Source) {
		row, ok := rows[c]
		if !ok {
			row = &attackerRow{c: c, sectors: map[string]bool{}}
			rows[c] = row
		}
		row.sectors[key] = true
		row.sources = addSource(row.sources, src)
	}
	var targets []string
	for id := range ids {
		targets = append(targets, id)
	}
	sort.Strings(targets)
	for _, id := range targets {
		key := snap.sectorOf[id]
		for _, r := range snap.byTarget[id] {
			if r.Type != "targets" {
				continue
			}
			src := snap.nodes[r.Source]
			switch src.Type {
			case "intrusion-set", "threat-actor":
				c := snap.clusterOf[src.ID]
				if c == nil {
					continue
				}
				if !snap.campaignLike[src.ID] {
					add(c, key, snap.source(r))
					continue
				}
				// A campaign filed as an actor: listed as the campaign (the
				// campaign object of its name, when there is one), its
				// targeting counted for the actors it belongs to.
				camp := snap.campaignOf[src.ID]
				if camp == nil {
					camp = src
				}
				ref := refOf(campaigns, camp)
				ref.Sources = addSource(ref.Sources, snap.source(r))
				ref.LastSeen = latest(ref.LastSeen, camp.LastSeen)
				var actors []*cluster
				if !c.campaign {
					actors = append(actors, c)
				}
				actors = append(actors, snap.campaignActors(camp)...)
				for _, a := range actors {
					s := snap.source(r)
					s.Name += " (campaign " + camp.Name + ")"
					add(a, key, s)
					addActor(ref, a)
				}
			case "campaign":
				ref := refOf(campaigns, src)
				ref.Sources = addSource(ref.Sources, snap.source(r))
				ref.LastSeen = src.LastSeen
				for _, c := range snap.campaignActors(src) {
					s := snap.source(r)
					s.Name += " (campaign " + src.Name + ")"
					add(c, key, s)
					addActor(ref, c)
				}
			}
		}
	}
	return rows, campaigns
}

// campaignActors returns the actor clusters a campaign is attributed to,
// in id order; campaigns filed as actors are no actors of it.
func (snap *snapshot) campaignActors(camp *node) []*cluster {
	var out []*cluster
	for _, a := range snap.bySource[camp.ID] {
		if a.Type != "attributed-to" {
			continue
		}
		if c := snap.clusterOf[a.Target]; c != nil && !c.campaign && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// addActor adds cluster c to a campaign's actors once.
func addActor(ref *telltale.Ref, c *cluster) {
	for _, a := range ref.Actors {
		if a.ID == c.id {
			return
		}
	}
	ref.Actors = append(ref.Actors, telltale.Ref{ID: c.id, Name: c.name})
}

// landscape is who attacks sec and how: its attackers, what they use, what
// mitigates that, and the reports on it, narrowed by f.
func (snap *snapshot) landscape(sec telltale.Sector, f telltale.LandscapeFilter) *telltale.Landscape {
	views := map[*cluster]*telltale.Actor{}
	l := snap.landscapeFrame(sec, f, views)
	ids := snap.sectorIdentities(sec.Key)
	rows, campaigns := snap.attackers(ids)
	kept, kinds, undated := snap.narrow(rows, f, views)
	l.Filter, l.SourceKinds, l.Undated = f, kinds, undated
	if len(l.Filter.Kinds) == 0 { // JSON lists the kinds kept
		l.Filter.Kinds = append([]string{}, telltale.SourceKinds...)
	}
	l.AttackerCount = len(kept)
	l.Campaigns = snap.campaignsIn(campaigns, f)
	snap.addAttackers(l, kept, views)
	snap.addMitigations(l)
	published := snap.addReports(l, ids, f)
	l.Origins, l.TargetCountries, l.Motivations = tallies(l.Attackers, kept, views)
	l.Activity = activity(l.Attackers, published, f)
	if l.Attackers == nil {
		l.Attackers = []telltale.Attacker{}
	}
	return l
}

// landscapeFrame is the landscape of sec with its path from the root of
// the taxonomy and its children (each with its attacker count under f)
// only.
func (snap *snapshot) landscapeFrame(sec telltale.Sector, f telltale.LandscapeFilter, views map[*cluster]*telltale.Actor) *telltale.Landscape {
	// Lists are never nil, so JSON shows [] rather than null.
	l := &telltale.Landscape{
		Sector: telltale.Ref{ID: sec.ID, Name: sec.Name, Key: sec.Key},
		Path:   []telltale.Ref{}, Children: []telltale.Ref{},
		Techniques: []telltale.Technique{}, Mitigations: []telltale.Mitigation{},
	}
	anc := Ancestors(sec.Key)
	for i := len(anc) - 1; i >= 0; i-- {
		if a, ok := SectorByKey(anc[i]); ok {
			l.Path = append(l.Path, telltale.Ref{ID: a.ID, Name: a.Name, Key: a.Key})
		}
	}
	for _, child := range Sectors() {
		if child.Parent == sec.Key {
			rows, _ := snap.attackers(snap.sectorIdentities(child.Key))
			n := len(rows)
			if !f.IsZero() {
				kept, _, _ := snap.narrow(rows, f, views)
				n = len(kept)
			}
			l.Children = append(l.Children, telltale.Ref{ID: child.ID, Name: child.Name, Key: child.Key, Count: n})
		}
	}
	return l
}

// addAttackers adds the attackers of rows to l (most sources first), and
// what they use: techniques (most attackers first), malware and tools.
func (snap *snapshot) addAttackers(l *telltale.Landscape, rows map[*cluster]*attackerRow, views map[*cluster]*telltale.Actor) {
	techniques := map[string]*telltale.Technique{}
	malware, tools := map[string]*telltale.Ref{}, map[string]*telltale.Ref{}
	for _, row := range rows {
		a := snap.viewOf(row.c, views)
		l.Attackers = append(l.Attackers, attackerOf(row, a))
		for _, t := range a.Techniques {
			tn := snap.nodes[t.ID]
			x, ok := techniques[t.ID]
			if !ok {
				x = &telltale.Technique{ID: t.ExtID, ObjectID: t.ID, Name: t.Name, Domain: attackDomain(tn), Tactics: tacticsOf(tn)}
				techniques[t.ID] = x
			}
			x.Count++
			x.Attackers = append(x.Attackers, row.c.id)
		}
		for _, m := range a.Malware {
			refOfID(malware, m.ID, m.Name).Count++
		}
		for _, m := range a.Tools {
			refOfID(tools, m.ID, m.Name).Count++
		}
	}
	sort.Slice(l.Attackers, func(i, j int) bool {
		if a, b := len(l.Attackers[i].Sources), len(l.Attackers[j].Sources); a != b {
			return a > b
		}
		return lower(l.Attackers[i].Name) < lower(l.Attackers[j].Name)
	})
	for _, t := range techniques {
		sort.Strings(t.Attackers)
		l.Techniques = append(l.Techniques, *t)
	}
	sort.Slice(l.Techniques, func(i, j int) bool {
		if l.Techniques[i].Count != l.Techniques[j].Count {
			return l.Techniques[i].Count > l.Techniques[j].Count
		}
		return l.Techniques[i].ID < l.Techniques[j].ID
	})
	l.Malware, l.Tools = byCount(malware), byCount(tools)
}

// attackerOf is the landscape row of an attacker whose actor view is a:
// up to six aliases (no ATT&CK ids), its origin, its sectors.
func attackerOf(row *attackerRow, a *telltale.Actor) telltale.Attacker {
	at := telltale.Attacker{ID: row.c.id, Name: row.c.name, Motivation: a.Motivation, FirstSeen: a.FirstSeen, LastSeen: a.LastSeen, Sources: row.sources}
	at.MotivationLabel = Motivation(a.Motivation, motivationWords(row.c))
	if len(a.Reports) > 0 {
		at.LastReported = a.Reports[0].LastSeen // newest first
	}
	for _, al := range a.Aliases {
		if al.Name != row.c.name && len(at.Aliases) < 6 && !strings.HasPrefix(al.Name, "G0") {
			at.Aliases = append(at.Aliases, al.Name)
		}
	}
	setOrigin(&at, a) // origin.go
	for k := range row.sectors {
		at.Sectors = append(at.Sectors, k)
	}
	sort.Strings(at.Sectors)
	return at
}

// addMitigations adds what to do about it: mitigations ranked by the
// attacker-technique pairs they cover.
func (snap *snapshot) addMitigations(l *telltale.Landscape) {
	mitigations := map[string]*telltale.Mitigation{}
	for _, t := range l.Techniques {
		for _, r := range snap.byTarget[t.ObjectID] {
			if r.Type != "mitigates" {
				continue
			}
			cn := snap.nodes[r.Source]
			if cn == nil || cn.Type != "course-of-action" {
				continue
			}
			m, ok := mitigations[cn.ID]
			if !ok {
				m = &telltale.Mitigation{ID: cn.mitreID, ObjectID: cn.ID, Name: cn.Name}
				mitigations[cn.ID] = m
			}
			m.Covers += t.Count
			m.Techniques = append(m.Techniques, t.ID)
		}
	}
	for _, m := range mitigations {
		sort.Strings(m.Techniques)
		l.Mitigations = append(l.Mitigations, *m)
	}
	sort.Slice(l.Mitigations, func(i, j int) bool {
		if l.Mitigations[i].Covers != l.Mitigations[j].Covers {
			return l.Mitigations[i].Covers > l.Mitigations[j].Covers
		}
		return l.Mitigations[i].ID < l.Mitigations[j].ID
	})
}

// addReports adds the reports on the sector identities ids published
// within f's window: their count and the 20 latest. It returns the
// publication dates of them all.
func (snap *snapshot) addReports(l *telltale.Landscape, ids map[string]bool, f telltale.LandscapeFilter) []string {
	reports := map[string]*telltale.Ref{}
	for id := range ids {
		for _, rid := range snap.reportsOf(id) {
			rn := snap.nodes[rid]
			if f.InWindow(rn.Published, rn.Published) {
				refOf(reports, rn).LastSeen = rn.Published
			}
		}
	}
	l.ReportCount = len(reports)
	l.Reports = sortedRefs(reports)
	sort.SliceStable(l.Reports, func(i, j int) bool { return l.Reports[i].LastSeen > l.Reports[j].LastSeen })
	published := make([]string, 0, len(l.Reports))
	for _, r := range l.Reports {
		published = append(published, r.LastSeen)
	}
	if len(l.Reports) > 20 {
		l.Reports = l.Reports[:20]
	}
	return published
}

// tacticsOf lists the ATT&CK tactics of a technique.
func tacticsOf(n *node) []string {
	var out []string
	if n == nil {
		return out
	}
	for _, p := range n.KillChainPhases {
		if strings.HasPrefix(p.KillChainName, "mitre-") {
			out = append(out, p.PhaseName)
		}
	}
	return out
}

func byCount(m map[string]*telltale.Ref) []telltale.Ref {
	out := sortedRefs(m)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out
}

// Sectors lists every sector of the taxonomy with its attacker count.
func (s *Service) Sectors(ctx context.Context) ([]telltale.SectorSummary, error) {
	var cached []telltale.SectorSummary
	if s.cached(ctx, "sectors", &cached) {
		return cached, nil
	}
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return slices.Clone(snap.sectorSummaries()), nil
}

// sectorSummaries counts the attackers of every sector once per snapshot:
// counting walks every attacker of every sector (about a hundred), which
// took most of a search (it lists the sectors the query names) at a
// million objects.
func (snap *snapshot) sectorSummaries() []telltale.SectorSummary {
	snap.mu.Lock()
	out := snap.sectors
	snap.mu.Unlock()
	if out != nil {
		return out
	}
	for _, sec := range Sectors() {
		rows, _ := snap.attackers(snap.sectorIdentities(sec.Key))
		out = append(out, telltale.SectorSummary{Sector: sec, AttackerCount: len(rows)})
	}
	snap.mu.Lock()
	snap.sectors = out
	snap.mu.Unlock()
	return out
}
