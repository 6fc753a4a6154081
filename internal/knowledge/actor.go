package knowledge

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/telltale-cti/telltale"
)

// Actor resolves an object id or any name of an actor to its cluster.
func (s *Service) Actor(ctx context.Context, nameOrID string) (*telltale.Actor, error) {
	if a := s.cachedActor(ctx, nameOrID); a != nil {
		return a, nil
	}
	snap, c, err := s.currentActor(ctx, nameOrID)
	if err != nil {
		return nil, err
	}
	return snap.cachedActor(c), nil
}

// currentActor is the current snapshot and the cluster of the actor
// nameOrID names in it.
func (s *Service) currentActor(ctx context.Context, nameOrID string) (*snapshot, *cluster, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, nil, err
	}
	c, err := snap.resolveActor(nameOrID)
	if telltale.ErrorCode(err) == telltale.ENOTFOUND && len(nameOrID) <= maxActorName {
		// Said only here, where a person asked for the name: the
		// look-up reads every name of the knowledge.
		for _, n := range append([]string{nameOrID}, looseNames(nameOrID)...) {
			if other := snap.otherKind(Fold(n)); other != "" {
				return snap, c, telltale.Errorf(telltale.ENOTFOUND, "no actor is called %q: it names %s", nameOrID, other)
			}
		}
	}
	return snap, c, err
}

// maxActorName bounds the names resolveActor reads (the longest actor
// name or alias of an actor or campaign in the shared data has 50 bytes).
const maxActorName = 512

// resolveActor finds the cluster an object id or a name designates. Names
// resolve in order of precedence: a name, alias or id ATT&CK gives one
// group opens that group's cluster; then a name that is some member's own
// (primary) name opens its cluster; then an alias opens the one cluster
// that carries it. A name that two clusters hold at the same level is
// refused, listing them.
func (snap *snapshot) resolveActor(nameOrID string) (*cluster, error) {
	if c, ok := snap.clusterOf[strings.TrimSpace(nameOrID)]; ok {
		return c, nil
	}
	if len(nameOrID) > maxActorName {
		// No name is that long: say so rather than echo it back.
		return nil, telltale.Errorf(telltale.EINVALID, "an actor name, alias or id is at most %d bytes; this one has %d", maxActorName, len(nameOrID))
	}
	key := Fold(nameOrID)
	if key == "" {
		return nil, telltale.Errorf(telltale.EINVALID, "give an actor name, alias or id")
	}
	cs := snap.clustersNamed(key)
	switch len(cs) {
	case 0:
		for _, loose := range looseNames(nameOrID) {
			if c, err := snap.resolveActor(loose); telltale.ErrorCode(err) != telltale.ENOTFOUND {
				return c, err
			}
		}
		return nil, telltale.Errorf(telltale.ENOTFOUND, "no actor is called %q%s", nameOrID, snap.suggest(key))
	case 1:
		return cs[0], nil
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.name)
	}
	return nil, telltale.Errorf(telltale.ECONFLICT, "%q names %d actors: %s; use one of their names or ids", nameOrID, len(cs), strings.Join(names, ", "))
}

// clustersNamed lists the clusters a folded name designates at its first
// level of precedence: the group ATT&CK gives it; else the clusters with
// a member whose own name it is; else those that carry it at all.
func (snap *snapshot) clustersNamed(key string) []*cluster {
	if c := snap.attackKey[key]; c != nil {
		return []*cluster{c}
	}
	if cs := snap.primaryKey[key]; len(cs) > 0 {
		return cs
	}
	return snap.byKey[key]
}

// kindWords are words that may end a name to say what kind of actor it
// names ("the Turla group", "the FIN7 gang").
var kindWords = []string{"group", "gang", "team", "crew", "actor", "actors"}

// looseNames are the names to try for a name that resolves to nothing as
// it is written: without a leading "the", then also without a last word
// of kindWords; none that would leave nothing, or nothing out.
func looseNames(name string) []string {
	var out []string
	f := strings.Fields(name)
	if len(f) > 1 && strings.EqualFold(f[0], "the") {
		f = f[1:]
		out = append(out, strings.Join(f, " "))
	}
	if len(f) > 1 && slices.ContainsFunc(kindWords, func(w string) bool { return strings.EqualFold(f[len(f)-1], w) }) {
		out = append(out, strings.Join(f[:len(f)-1], " "))
	}
	return out
}

// otherKind says what a name no actor holds designates, when it is a
// campaign's ("Soft Cell" for Operation Soft Cell) or a software's: "the
// campaign Operation Soft Cell, attributed to GALLIUM", "the tool
// Mimikatz, used by 51 actors: ...". Of several objects so named, the one
// tied to the most actors (then the first by id); "" when the name is
// none of these.
func (snap *snapshot) otherKind(key string) string {
	var best *node
	var bestActors []string
	for id, ns := range snap.names {
		n := snap.nodes[id]
		if n == nil || n.Type != "campaign" && n.Type != "malware" && n.Type != "tool" ||
			!slices.ContainsFunc(ns, func(nm *telltale.Name) bool { k := Fold(nm.Name); return k == key || k == "operation"+key }) {
			continue
		}
		actors := snap.actorsTiedTo(n)
		if best == nil || len(actors) > len(bestActors) || len(actors) == len(bestActors) && n.ID < best.ID {
			best, bestActors = n, actors
		}
	}
	if best == nil {
		return ""
	}
	out := "the " + best.Type + " " + best.Name
	verb := "used by"
	if best.Type == "campaign" {
		verb = "attributed to"
	}
	switch n := len(bestActors); {
	case n == 0:
	case n <= 5:
		out += ", " + verb + " " + strings.Join(bestActors, ", ")
	default:
		out += fmt.Sprintf(", %s %d actors: %s...", verb, n, strings.Join(bestActors[:5], ", "))
	}
	return out
}

// actorsTiedTo lists, sorted, the actors a campaign is attributed to or a
// piece of software is used by.
func (snap *snapshot) actorsTiedTo(n *node) []string {
	var actors []string
	add := func(id string) {
		if c := snap.clusterOf[id]; c != nil && !slices.Contains(actors, c.name) {
			actors = append(actors, c.name)
		}
	}
	if n.Type == "campaign" {
		for _, r := range snap.bySource[n.ID] {
			if r.Type == "attributed-to" {
				add(r.Target)
			}
		}
	} else {
		for _, r := range snap.byTarget[n.ID] {
			if r.Type == "uses" {
				add(r.Source)
			}
		}
	}
	slices.Sort(actors)
	return actors
}

// suggest proposes actor names that start like key.
func (snap *snapshot) suggest(key string) string {
	if len(key) < 2 {
		return ""
	}
	var out []string
	for _, c := range snap.clusters {
		if strings.HasPrefix(Fold(c.name), key[:min(len(key), 3)]) {
			out = append(out, c.name)
			if len(out) == 5 {
				break
			}
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "; did you mean " + strings.Join(out, ", ") + "?"
}

// ClusterOf returns the cluster the actor object id belongs to.
func (s *Service) ClusterOf(ctx context.Context, id string) (telltale.Ref, bool, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return telltale.Ref{}, false, err
	}
	c, ok := snap.clusterOf[id]
	if !ok {
		return telltale.Ref{}, false, nil
	}
	return telltale.Ref{ID: c.id, Name: c.name}, true, nil
}

// SuggestActors returns up to limit actor clusters whose names or aliases
// start with the query, for search suggestions.
func (s *Service) SuggestActors(ctx context.Context, query string, limit int) ([]telltale.Ref, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	key := Fold(query)
	if key == "" {
		return nil, nil
	}
	var out []telltale.Ref
	for _, c := range snap.clusters {
		for k := range c.keys {
			if strings.HasPrefix(k, key) {
				out = append(out, telltale.Ref{ID: c.id, Name: c.name})
				break
			}
		}
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

// actorView assembles everything known about a cluster.
func (snap *snapshot) actorView(c *cluster) *telltale.Actor {
	a := &telltale.Actor{ID: c.id, Name: c.name}
	actors := snap.addMembers(a, c)
	snap.addAliases(a, c)
	// The members' campaigns act for them.
	campaigns := snap.actorCampaigns(a, actors)
	subjects := append([]string(nil), actors...)
	for id := range campaigns {
		subjects = append(subjects, id)
	}
	sort.Strings(subjects)
	snap.addTargetsAndUses(a, subjects)
	// Origins with their status (origin.go): the firmest comes first.
	a.Origin, a.OriginStatus = snap.origins(actors)
	a.Campaigns = sortedRefs(campaigns)

	reports := map[string]*telltale.Ref{}
	for _, id := range actors {
		for _, rid := range snap.reportsOf(id) {
			rn := snap.nodes[rid]
			ref := refOf(reports, rn)
			ref.LastSeen = rn.Published
		}
	}
	a.Reports = sortedRefs(reports)
	sort.SliceStable(a.Reports, func(i, j int) bool { return a.Reports[i].LastSeen > a.Reports[j].LastSeen })
	a.Claims = snap.claims(actors)
	return a
}

// addMembers lists c's members in a, with the motivation and description
// of the first that has one and the span they were seen in, and returns
// their ids, sorted.
func (snap *snapshot) addMembers(a *telltale.Actor, c *cluster) []string {
	actors := make([]string, 0, len(c.members))
	for _, m := range c.members {
		actors = append(actors, m.ID)
		a.Members = append(a.Members, telltale.ActorMember{ID: m.ID, Type: m.Type, Name: m.Name, Source: snap.creatorName(m), Reason: c.reasons[m.ID]})
		if a.Motivation == "" {
			a.Motivation = m.PrimaryMotivation
		}
		if a.Description == "" {
			a.Description = m.Description
		}
		a.FirstSeen = earliest(a.FirstSeen, m.FirstSeen)
		a.LastSeen = latest(a.LastSeen, m.LastSeen)
	}
	a.MotivationLabel = Motivation(a.Motivation, motivationWords(c))
	sort.Strings(actors)
	return actors
}

// addAliases lists c's names in a, grouped by folded name with everyone who
// uses each; the cluster's name first.
func (snap *snapshot) addAliases(a *telltale.Actor, c *cluster) {
	acc := map[string]*telltale.ActorAlias{}
	for _, m := range c.members {
		for _, n := range snap.names[m.ID] {
			by := snap.namedBy(m, n)
			x, ok := acc[n.Key]
			if !ok {
				x = &telltale.ActorAlias{Name: n.Name}
				acc[n.Key] = x
			}
			if !contains(x.NamedBy, by) {
				x.NamedBy = append(x.NamedBy, by)
			}
			x.Sources = addSource(x.Sources, telltale.Source{Name: snap.creatorName(m), ObjectID: m.ID})
		}
	}
	for key, x := range acc {
		sort.Strings(x.NamedBy)
		for _, o := range snap.clustersNamed(key) {
			if o != c {
				x.Opens = append(x.Opens, telltale.Ref{ID: o.id, Name: o.name})
			}
		}
		sort.Slice(x.Opens, func(i, j int) bool { return x.Opens[i].Name < x.Opens[j].Name })
		a.Aliases = append(a.Aliases, *x)
	}
	sort.Slice(a.Aliases, func(i, j int) bool {
		if (a.Aliases[i].Name == c.name) != (a.Aliases[j].Name == c.name) {
			return a.Aliases[i].Name == c.name
		}
		return lower(a.Aliases[i].Name) < lower(a.Aliases[j].Name)
	})
}

// actorCampaigns gathers the campaigns attributed to the members actors,
// and moves a's last sighting to theirs when later.
func (snap *snapshot) actorCampaigns(a *telltale.Actor, actors []string) map[string]*telltale.Ref {
	campaigns := map[string]*telltale.Ref{}
	for _, id := range actors {
		for _, r := range snap.byTarget[id] {
			if r.Type == "attributed-to" && snap.nodes[r.Source].Type == "campaign" {
				cn := snap.nodes[r.Source]
				ref := refOf(campaigns, cn)
				ref.Sources = addSource(ref.Sources, snap.source(r))
				ref.LastSeen = cn.LastSeen
				a.LastSeen = latest(a.LastSeen, cn.LastSeen)
			}
		}
	}
	return campaigns
}

// addTargetsAndUses sets the sectors and countries subjects (members and
// their campaigns) target, and the malware, tools and techniques they use.
func (snap *snapshot) addTargetsAndUses(a *telltale.Actor, subjects []string) {
	sectors, countries := map[string]*telltale.Ref{}, map[string]*telltale.Ref{}
	malware, tools, techniques := map[string]*telltale.Ref{}, map[string]*telltale.Ref{}, map[string]*telltale.Ref{}
	for _, id := range subjects {
		for _, r := range snap.bySource[id] {
			t := snap.nodes[r.Target]
			src := snap.source(r)
			switch {
			case r.Type == "targets" && t.Type == "identity":
				if key, ok := snap.sectorOf[t.ID]; ok {
					sec, _ := SectorByKey(key)
					ref := refOfID(sectors, sec.ID, sec.Name)
					ref.Key = key
					ref.Sources = addSource(ref.Sources, src)
				}
			case r.Type == "targets" && t.Type == "location":
				ref := refOf(countries, t)
				ref.ExtID = strings.ToUpper(t.Country)
				ref.Sources = addSource(ref.Sources, src)
			case r.Type == "uses" && t.Type == "malware":
				refOf(malware, t).Sources = addSource(refOf(malware, t).Sources, src)
			case r.Type == "uses" && t.Type == "tool":
				refOf(tools, t).Sources = addSource(refOf(tools, t).Sources, src)
			case r.Type == "uses" && t.Type == "attack-pattern":
				refOf(techniques, t).Sources = addSource(refOf(techniques, t).Sources, src)
			}
		}
	}
	a.Targets.Sectors = sortedRefs(sectors)
	a.Targets.Countries = sortedRefs(countries)
	a.Malware = mergeSameName(sortedRefs(malware))
	a.Tools = mergeSameName(sortedRefs(tools))
	a.Techniques = mergeSameName(sortedRefs(techniques))
	sort.SliceStable(a.Techniques, func(i, j int) bool { return a.Techniques[i].ExtID < a.Techniques[j].ExtID })
}

// claims gathers the attribution claims reports make about the members:
// relationships a report asserted or hedged (x_telltale_polarity), and
// notes keeping hedged, negated and denied claims.
func (snap *snapshot) claims(members []string) []telltale.Claim {
	out := []telltale.Claim{}
	seen := map[string]bool{}
	report := func(id string) telltale.Ref {
		if r := snap.nodes[id]; r != nil {
			return telltale.Ref{ID: r.ID, Name: r.Name, LastSeen: r.Published}
		}
		return telltale.Ref{ID: id}
	}
	for _, id := range members {
		for _, r := range snap.bySource[id] {
			rn := snap.relNodes[r.ID]
			if rn == nil || rn.ReportRef == "" || (r.Type != "attributed-to" && r.Type != "originates-from" && r.Type != "related-to") || seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			by := rn.ClaimBy
			if by == "" {
				by = snap.source(r).Name
			}
			t := snap.nodes[r.Target]
			rel := rn.Relation
			if rel == "" {
				rel = r.Type
			}
			out = append(out, telltale.Claim{Object: t.Name, Polarity: relPolarity(rn), Relation: rel, By: by, Evidence: rn.Description, Report: report(rn.ReportRef), ObjectID: r.ID})
		}
		for _, nid := range snap.notes[id] {
			n := snap.nodes[nid]
			if seen[nid] {
				continue
			}
			seen[nid] = true
			object := ""
			for _, ref := range n.ObjectRefs {
				if t := snap.nodes[ref]; t != nil && ref != id && ref != n.ReportRef && t.Type != "report" {
					object = t.Name
				}
			}
			out = append(out, telltale.Claim{Object: object, Polarity: n.Polarity, Relation: n.Relation, By: n.ClaimBy, Evidence: n.Content, Report: report(n.ReportRef), ObjectID: nid})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Report.LastSeen > out[j].Report.LastSeen })
	return out
}

// namedBy says who gave an object a name: the name index's word, else the
// object's claim naming the organisation by reference, else the object's
// publisher.
func (snap *snapshot) namedBy(m *node, n *telltale.Name) string {
	if n.NamedBy != "" && !strings.HasPrefix(n.NamedBy, "identity--") {
		return n.NamedBy
	}
	ref := n.NamedBy
	if ref == "" {
		for _, c := range m.AliasClaims {
			if c.NamedByRef != "" && Fold(c.Name) == n.Key {
				ref = c.NamedByRef
				break
			}
		}
	}
	if id := snap.nodes[ref]; id != nil && id.Name != "" {
		return id.Name
	}
	return snap.creatorName(m)
}

// Conflicts lists names claimed by several clusters and joins a rule
// refused.
func (s *Service) Conflicts(ctx context.Context) ([]telltale.Conflict, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.conflicts, nil
}

// ActorSummaries lists every actor cluster with its names, for
// dictionaries and indexes.
func (s *Service) ActorSummaries(ctx context.Context) ([]ActorSummary, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ActorSummary, 0, len(snap.clusters))
	for _, c := range snap.clusters {
		sum := ActorSummary{ID: c.id, Name: c.name, Members: len(c.members)}
		seen := map[string]bool{}
		for _, m := range c.members {
			for _, n := range snap.names[m.ID] {
				if !seen[n.Name] {
					seen[n.Name] = true
					sum.Names = append(sum.Names, n.Name)
				}
			}
		}
		out = append(out, sum)
	}
	return out, nil
}

// ActorSummary is an actor cluster with all its names.
type ActorSummary struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Names   []string `json:"names"`
	Members int      `json:"members"`
}

func refOf(m map[string]*telltale.Ref, n *node) *telltale.Ref {
	ref := refOfID(m, n.ID, n.Name)
	if ref.ExtID == "" {
		ref.ExtID = n.mitreID
	}
	return ref
}

func refOfID(m map[string]*telltale.Ref, id, name string) *telltale.Ref {
	if r, ok := m[id]; ok {
		return r
	}
	r := &telltale.Ref{ID: id, Name: name}
	m[id] = r
	return r
}

func sortedRefs(m map[string]*telltale.Ref) []telltale.Ref {
	out := make([]telltale.Ref, 0, len(m))
	for _, r := range m {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := lower(out[i].Name), lower(out[j].Name); a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// mergeSameName folds refs to different objects that are one thing by
// name or ATT&CK id (POWERSTATS from ATT&CK and from Telltale's starter
// knowledge): the first keeps its id and gathers everyone's sources.
func mergeSameName(refs []telltale.Ref) []telltale.Ref {
	var out []telltale.Ref
	at := map[string]int{}
	for _, r := range refs {
		keys := []string{"n:" + Fold(r.Name)}
		if r.ExtID != "" {
			keys = append(keys, "x:"+r.ExtID)
		}
		i, found := -1, false
		for _, k := range keys {
			if j, ok := at[k]; ok {
				i, found = j, true
				break
			}
		}
		if !found {
			i = len(out)
			out = append(out, r)
		} else {
			for _, src := range r.Sources {
				out[i].Sources = addSource(out[i].Sources, src)
			}
			if out[i].ExtID == "" {
				out[i].ExtID = r.ExtID
			}
		}
		for _, k := range keys {
			at[k] = i
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func earliest(a, b string) string {
	if a == "" || (b != "" && b < a) {
		return b
	}
	return a
}

func latest(a, b string) string {
	if b > a {
		return b
	}
	return a
}
