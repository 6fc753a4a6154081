package knowledge

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/telltale-cti/telltale"
)

// cluster is one actor: the intrusion sets and threat actors that are one
// by their shared names.
type cluster struct {
	id       string // id of the canonical member
	name     string
	campaign bool // every member is a campaign filed as an actor
	members  []*node
	reasons  map[string]string // member id → why it joined
	keys     map[string]bool   // every folded name of every member
}

// Clustering rules, in order:
//
//  1. An analyst's link (x-telltale-same-as) joins two objects, whatever
//     else says.
//  2. Every ATT&CK group anchors its own cluster. An object whose own name
//     (its name, either half of a compound name such as Qihoo 360's
//     "海莲花 - APT-C-00", or its ATT&CK id) is a name, alias or id ATT&CK
//     gives a group joins that group. A group's name without a last word
//     "Group" or "Team" ("Lazarus", "Sandworm") counts as a name ATT&CK
//     gives it, unless ATT&CK gives that shorter name to a group.
//  3. An object whose aliases include names ATT&CK gives one group joins
//     that group; one whose aliases name several groups, and that no rule
//     above put with one, joins none of them by an alias.
//  4. A folded name that is some object's own name, and no name ATT&CK
//     gives a group, joins every object that carries it.
//  5. No cluster may hold two different ATT&CK groups, nor two objects an
//     analyst split (x-telltale-distinct-from): a join that would is
//     refused and reported as a conflict with both groups' ids, so no
//     galaxy synonym chains two groups together.
//  6. A name that is only ever an alias (nobody's own name) and is
//     claimed by objects of several clusters joins nothing: it is reported
//     as a conflict for an analyst to decide. A name ATT&CK gives two
//     groups is reported too; it stays with the one whose name it is.
//
// Each rule runs over every object before the next, in a fixed order
// (objects by id, names sorted), so the same store always gives the same
// clusters, and a weaker link never takes an object away from a stronger
// one.
func buildClusters(snap *snapshot) {
	cb := newClusterBuild(snap)
	cb.applyAnalystDecisions() // rule 1, and the splits rule 5 keeps
	cb.collectNames()
	cb.joinByOwnName()       // rule 2
	cb.joinByATTACKAlias()   // rule 3
	cb.joinBySharedOwnName() // rule 4; a name ATT&CK gives two groups (rule 6)
	cb.makeClusters()        // the union-find sets become clusters
	cb.indexResolution()     // what names resolve to
	cb.reportSharedAliases() // rule 6
	cb.conflictClusters()
	sort.SliceStable(cb.conflicts, func(i, j int) bool { return lower(cb.conflicts[i].Name) < lower(cb.conflicts[j].Name) })
	snap.conflicts = cb.conflicts
}

// nameClaim is one member carrying a folded name, as one of its own names
// (primary: its name, a half of a compound name, its ATT&CK id) or as an
// alias.
type nameClaim struct {
	member  int
	primary bool
}

// clusterBuild is the state buildClusters' phases share. Members are
// indexed by their position in members, sorted by id.
type clusterBuild struct {
	snap    *snapshot
	members []*node
	idx     map[string]int // member id → index
	uf      *unionFind
	why     map[int]string // member → why it joined

	byKey   map[string][]nameClaim // folded name → who carries it
	keys    []string               // byKey's names, sorted
	isGroup []bool                 // member is an ATT&CK group
	primary []map[string]bool      // member → its own folded names
	owners  map[string][]int       // folded name → the ATT&CK groups ATT&CK gives it

	conflicts []telltale.Conflict
	refused   map[string]bool // conflicts reported, by name and the two roots
	anchored  map[string]bool // names joined by rule 2, 3 or 4, or refused there
}

// newClusterBuild takes the intrusion sets and threat actors, in id order,
// and marks those that are campaigns filed as actors.
func newClusterBuild(snap *snapshot) *clusterBuild {
	var members []*node
	for _, n := range snap.nodes {
		if n.Type == "intrusion-set" || n.Type == "threat-actor" {
			members = append(members, n)
		}
	}
	sort.Slice(members, func(i, j int) bool { return members[i].ID < members[j].ID })
	markCampaigns(snap, members)
	idx := map[string]int{}
	for i, m := range members {
		idx[m.ID] = i
	}
	return &clusterBuild{
		snap:     snap,
		members:  members,
		idx:      idx,
		uf:       newUnionFind(members),
		why:      map[int]string{},
		refused:  map[string]bool{},
		anchored: map[string]bool{},
	}
}

// applyAnalystDecisions joins what an analyst linked and records what an
// analyst split; for each pair of objects the latest decision counts.
func (cb *clusterBuild) applyAnalystDecisions() {
	latestDecision := map[[2]string]*node{}
	for _, rn := range cb.snap.relNodes {
		if rn.RelationshipType != "x-telltale-distinct-from" && rn.RelationshipType != "x-telltale-same-as" {
			continue
		}
		pair := [2]string{min(rn.SourceRef, rn.TargetRef), max(rn.SourceRef, rn.TargetRef)}
		if cur := latestDecision[pair]; cur == nil || rn.Modified > cur.Modified || rn.Modified == cur.Modified && rn.ID > cur.ID {
			latestDecision[pair] = rn
		}
	}
	var splits [][2]int
	var links []*node
	for _, rn := range latestDecision {
		a, okA := cb.idx[rn.SourceRef]
		b, okB := cb.idx[rn.TargetRef]
		if !okA || !okB {
			continue
		}
		if rn.RelationshipType == "x-telltale-distinct-from" {
			splits = append(splits, [2]int{a, b})
		} else {
			links = append(links, rn)
		}
	}
	sort.Slice(splits, func(i, j int) bool {
		return splits[i][0] < splits[j][0] || splits[i][0] == splits[j][0] && splits[i][1] < splits[j][1]
	})
	sort.Slice(links, func(i, j int) bool { return links[i].ID < links[j].ID })
	cb.uf.splits = splits
	for _, l := range links {
		a, okA := cb.idx[l.SourceRef]
		b, okB := cb.idx[l.TargetRef]
		if okA && okB {
			cb.uf.union(a, b, true)
			cb.why[b] = fmt.Sprintf("an analyst linked it to %s (%s)", cb.members[a].Name, cb.snap.creatorName(l))
		}
	}
}

// collectNames records who claims each folded name and how, and which
// names ATT&CK gives its groups: every name, alias and id ATT&CK gives a
// group belongs to that group (ownerOf settles a name given to two), and
// so does its short name (shortKey).
func (cb *clusterBuild) collectNames() {
	cb.byKey = map[string][]nameClaim{}
	cb.isGroup = make([]bool, len(cb.members))
	cb.primary = make([]map[string]bool, len(cb.members))
	for i, m := range cb.members {
		cb.isGroup[i] = isATTACKGroup(m)
		cb.primary[i] = primaryKeys(cb.snap, m)
		at := map[string]int{}
		for _, n := range cb.snap.names[m.ID] {
			p := cb.primary[i][n.Key]
			if j, ok := at[n.Key]; ok {
				cb.byKey[n.Key][j].primary = cb.byKey[n.Key][j].primary || p
				continue
			}
			at[n.Key] = len(cb.byKey[n.Key])
			cb.byKey[n.Key] = append(cb.byKey[n.Key], nameClaim{i, p})
		}
	}
	cb.keys = make([]string, 0, len(cb.byKey))
	for k := range cb.byKey {
		cb.keys = append(cb.keys, k)
	}
	sort.Strings(cb.keys)

	cb.owners = map[string][]int{}
	for i, m := range cb.members {
		if !cb.isGroup[i] {
			continue
		}
		for _, n := range cb.snap.names[m.ID] {
			if l := cb.owners[n.Key]; len(l) == 0 || l[len(l)-1] != i {
				cb.owners[n.Key] = append(l, i)
			}
		}
	}
	// A group's name without the word that ends it ("Lazarus" for the
	// Lazarus Group) is its too, unless ATT&CK gives that name to a group
	// or it is the short name of two.
	short := map[string][]int{}
	for i, m := range cb.members {
		if k := shortKey(m.Name); cb.isGroup[i] && k != "" && len(cb.owners[k]) == 0 {
			short[k] = append(short[k], i)
		}
	}
	for k, l := range short {
		if len(l) == 1 {
			cb.owners[k] = l
		}
	}
}

// shortKey folds a name that ends in "Group" or "Team" without that word
// ("Sandworm Team" gives "sandworm"), or returns "".
func shortKey(name string) string {
	for _, w := range []string{" Group", " Team"} {
		if n := len(name) - len(w); n > 0 && strings.EqualFold(name[n:], w) {
			return Fold(name[:n])
		}
	}
	return ""
}

// ownerOf is the ATT&CK group a name belongs to, or -1: a name ATT&CK
// gives two groups belongs to the one whose name it is, else to neither.
func (cb *clusterBuild) ownerOf(key string) int {
	os := cb.owners[key]
	if len(os) == 1 {
		return os[0]
	}
	found := -1
	for _, o := range os {
		if Fold(cb.members[o].Name) == key {
			if found >= 0 {
				return -1
			}
			found = o
		}
	}
	return found
}

// refuse reports that name key would join a's and b's clusters against a
// rule, once per name and pair of clusters; detail defaults to the rule's
// text.
func (cb *clusterBuild) refuse(key string, a, b int, rule, detail string) {
	ra, rb := cb.uf.find(a), cb.uf.find(b)
	id := fmt.Sprintf("%s\x00%d\x00%d", key, min(ra, rb), max(ra, rb))
	if cb.refused[id] {
		return
	}
	cb.refused[id] = true
	if detail == "" {
		detail = ruleText(rule, cb.uf.groups(ra), cb.uf.groups(rb))
	}
	snap, ma, mb := cb.snap, cb.members[a], cb.members[b]
	cb.conflicts = append(cb.conflicts, telltale.Conflict{
		Name: displayName(snap, key),
		Clusters: []telltale.Ref{
			{ID: ma.ID, Name: ma.Name},
			{ID: mb.ID, Name: mb.Name},
		},
		Rule:   rule,
		Detail: fmt.Sprintf("%q names both %s (%s) and %s (%s), but %s", displayName(snap, key), ma.Name, snap.creatorName(ma), mb.Name, snap.creatorName(mb), detail),
	})
}

// join puts b in a's cluster unless a rule refuses it; whyB says why b
// joined, whyA why a did (when a had no reason yet).
func (cb *clusterBuild) join(key string, a, b int, whyA, whyB string) {
	if cb.uf.find(a) == cb.uf.find(b) {
		return
	}
	if rule := cb.uf.union(a, b, false); rule != "" {
		cb.refuse(key, a, b, rule, "")
		return
	}
	if _, ok := cb.why[a]; !ok && whyA != "" {
		cb.why[a] = whyA
	}
	if _, ok := cb.why[b]; !ok {
		cb.why[b] = whyB
	}
}

// label names member i and its creator, for reasons and conflicts.
func (cb *clusterBuild) label(i int) string {
	return fmt.Sprintf("%s (%s)", cb.members[i].Name, cb.snap.creatorName(cb.members[i]))
}

// joinByOwnName: an object whose own name (or ATT&CK id) is one ATT&CK
// gives a group joins that group.
func (cb *clusterBuild) joinByOwnName() {
	for i := range cb.members {
		if cb.isGroup[i] {
			continue
		}
		for _, k := range sortedPrimary(cb.snap, cb.members[i], cb.primary[i]) {
			if o := cb.ownerOf(k); o >= 0 {
				cb.join(k, o, i, "", fmt.Sprintf("%s is named %q, a name ATT&CK gives %s", cb.label(i), displayName(cb.snap, k), cb.label(o)))
			}
		}
	}
}

// aliasHit is an alias of an object that ATT&CK gives one of its groups.
type aliasHit struct {
	key   string
	owner int
}

// joinByATTACKAlias: an object whose aliases include names ATT&CK gives
// one group joins that group; one whose aliases name several groups, and
// that no rule before put with one, joins none of them by an alias.
func (cb *clusterBuild) joinByATTACKAlias() {
	for i := range cb.members {
		if cb.isGroup[i] {
			continue
		}
		hits, roots := cb.attackAliases(i)
		if len(roots) > 1 && len(cb.uf.groups(cb.uf.find(i))) == 0 {
			var ids []string
			for r := range roots {
				ids = append(ids, cb.uf.groups(r)...)
			}
			sort.Strings(ids)
			for _, h := range hits {
				cb.refuse(h.key, i, h.owner, "several-groups", fmt.Sprintf("the aliases of %s name %d ATT&CK groups (%s), so it joins none of them", cb.label(i), len(ids), strings.Join(ids, ", ")))
			}
			continue
		}
		for _, h := range hits {
			cb.join(h.key, h.owner, i, "", fmt.Sprintf("%s lists %q, a name ATT&CK gives %s", cb.label(i), displayName(cb.snap, h.key), cb.label(h.owner)))
		}
	}
}

// attackAliases lists member i's aliases (not its own names) that ATT&CK
// gives a group, sorted by name, and the roots of those groups' sets.
func (cb *clusterBuild) attackAliases(i int) ([]aliasHit, map[int]bool) {
	var hits []aliasHit
	roots := map[int]bool{}
	for _, n := range cb.snap.names[cb.members[i].ID] {
		if cb.primary[i][n.Key] {
			continue
		}
		if o := cb.ownerOf(n.Key); o >= 0 {
			hits = append(hits, aliasHit{n.Key, o})
			roots[cb.uf.find(o)] = true
		}
	}
	sort.Slice(hits, func(a, b int) bool { return hits[a].key < hits[b].key })
	return hits, roots
}

// joinBySharedOwnName: a name that is some object's own name (and no
// ATT&CK name) joins every object that carries it. A name ATT&CK gives two
// groups still apart is reported here.
func (cb *clusterBuild) joinBySharedOwnName() {
	for _, k := range cb.keys {
		if len(cb.owners[k]) > 0 {
			cb.refuseTwoGroups(k)
			cb.anchored[k] = true // joined before, or reported just now
			continue
		}
		claims := cb.byKey[k]
		anchor := -1
		for _, c := range claims {
			if c.primary {
				anchor = c.member
				break
			}
		}
		if anchor < 0 {
			continue // an alias only: reportSharedAliases reports it when several clusters claim it
		}
		cb.anchored[k] = true
		for _, c := range claims {
			if c.member == anchor {
				continue
			}
			cb.join(k, anchor, c.member,
				fmt.Sprintf("%s is named %q, a name %s carries too", cb.label(anchor), displayName(cb.snap, k), cb.label(c.member)),
				fmt.Sprintf("%s carries the name %q of %s", cb.label(c.member), displayName(cb.snap, k), cb.label(anchor)))
		}
	}
}

// refuseTwoGroups reports a name ATT&CK gives two groups that are still
// apart: it stays with the one whose name it is, if either.
func (cb *clusterBuild) refuseTwoGroups(k string) {
	os := cb.owners[k]
	if len(os) < 2 || cb.uf.find(os[0]) == cb.uf.find(os[1]) {
		return
	}
	detail := fmt.Sprintf("ATT&CK gives it to different groups (%s and %s)", cb.members[os[0]].mitreID, cb.members[os[1]].mitreID)
	if o := cb.ownerOf(k); o >= 0 {
		detail += fmt.Sprintf("; it opens %s, whose name it is", cb.members[o].Name)
	} else {
		detail += ", and it is the name of neither, so it opens neither"
	}
	cb.refuse(k, os[0], os[1], "mitre-id", detail)
}

// makeClusters turns each set of the union-find into a cluster with its
// canonical member first and each member's reason, sorted by name.
func (cb *clusterBuild) makeClusters() {
	snap := cb.snap
	groups := map[int][]int{}
	for i := range cb.members {
		r := cb.uf.find(i)
		groups[r] = append(groups[r], i)
	}
	snap.clusterOf = map[string]*cluster{}
	snap.byKey = map[string][]*cluster{}
	for _, g := range groups {
		snap.clusters = append(snap.clusters, cb.makeCluster(g))
	}
	sort.Slice(snap.clusters, func(i, j int) bool {
		if a, b := lower(snap.clusters[i].name), lower(snap.clusters[j].name); a != b {
			return a < b
		}
		return snap.clusters[i].id < snap.clusters[j].id
	})
	for _, c := range snap.clusters {
		for k := range c.keys {
			snap.byKey[k] = append(snap.byKey[k], c)
		}
	}
}

// makeCluster makes the cluster of the members g and files each member
// under it in snap.clusterOf.
func (cb *clusterBuild) makeCluster(g []int) *cluster {
	snap := cb.snap
	c := &cluster{reasons: map[string]string{}, keys: map[string]bool{}}
	for _, i := range g {
		c.members = append(c.members, cb.members[i])
	}
	sort.Slice(c.members, func(i, j int) bool { return canonicalBefore(snap, c.members[i], c.members[j]) })
	c.id, c.name = c.members[0].ID, c.members[0].Name
	c.campaign = snap.campaignLike[c.id] // the canonical member is one only when all are
	for _, m := range c.members {
		snap.clusterOf[m.ID] = c
		if m.ID == c.id {
			c.reasons[m.ID] = "canonical member: " + canonicalReason(snap, m)
		} else if r, ok := cb.why[cb.idx[m.ID]]; ok {
			c.reasons[m.ID] = r
		} else {
			c.reasons[m.ID] = "shares a name with another member"
		}
		for _, n := range snap.names[m.ID] {
			c.keys[n.Key] = true
		}
	}
	return c
}

// indexResolution records what names resolve to, in order of precedence
// (resolveActor): ATT&CK's names, then own names.
func (cb *clusterBuild) indexResolution() {
	snap := cb.snap
	snap.attackKey = map[string]*cluster{}
	snap.attackOf = map[string]*node{}
	for k := range cb.owners {
		if o := cb.ownerOf(k); o >= 0 {
			snap.attackKey[k] = snap.clusterOf[cb.members[o].ID]
			snap.attackOf[k] = cb.members[o]
		}
	}
	snap.primaryKey = map[string][]*cluster{}
	for i, m := range cb.members {
		c := snap.clusterOf[m.ID]
		for k := range cb.primary[i] {
			if l := snap.primaryKey[k]; !slices.Contains(l, c) {
				snap.primaryKey[k] = append(l, c)
			}
		}
	}
	for _, l := range snap.primaryKey {
		sort.Slice(l, func(i, j int) bool { return l[i].id < l[j].id })
	}
}

// conflictClusters names each conflict's sides by their clusters, as
// every other view does: a refused link is found between two members
// (the MISP entry of the Lazarus Group and ATT&CK's Andariel), and an
// analyst opens, links or splits the clusters that hold them.
func (cb *clusterBuild) conflictClusters() {
	for i := range cb.conflicts {
		for j, r := range cb.conflicts[i].Clusters {
			if c := cb.snap.clusterOf[r.ID]; c != nil {
				cb.conflicts[i].Clusters[j] = telltale.Ref{ID: c.id, Name: c.name}
			}
		}
	}
}

// reportSharedAliases reports each alias claimed by several clusters that
// no rule joined or refused above.
func (cb *clusterBuild) reportSharedAliases() {
	for _, k := range cb.keys {
		cs := cb.snap.byKey[k]
		if len(cs) < 2 || cb.anchored[k] {
			continue // joined, or refused by a rule and reported above
		}
		conf := telltale.Conflict{Name: displayName(cb.snap, k), Rule: "shared-alias"}
		var names []string
		for _, c := range cs {
			conf.Clusters = append(conf.Clusters, telltale.Ref{ID: c.id, Name: c.name})
			names = append(names, c.name)
		}
		conf.Detail = fmt.Sprintf("%q is claimed by %d clusters (%s) and is not the primary name of any of their members, so it joins none of them", conf.Name, len(cs), strings.Join(names, ", "))
		cb.conflicts = append(cb.conflicts, conf)
	}
}

func ruleText(rule string, a, b []string) string {
	switch rule {
	case "mitre-id":
		return fmt.Sprintf("they are different ATT&CK groups (%s and %s)", strings.Join(a, "+"), strings.Join(b, "+"))
	case "analyst-split":
		return "an analyst split them"
	}
	return rule
}

// isATTACKGroup reports whether n is a group as ATT&CK publishes it.
func isATTACKGroup(n *node) bool {
	return n.CreatedByRef == mitreIdentity && strings.HasPrefix(n.mitreID, "G")
}

// primaryKeys returns the folded names that are n's own rather than
// aliases: its name; each half of a name written as two names joined by
// " - " that n lists as an alias too (Qihoo 360 names a group
// "海莲花 - APT-C-00": both halves name it); and its ATT&CK id.
func primaryKeys(snap *snapshot, n *node) map[string]bool {
	out := map[string]bool{Fold(n.Name): true}
	has := map[string]bool{}
	for _, x := range snap.names[n.ID] {
		has[x.Key] = true
		if x.Kind == "external_id" && strings.HasPrefix(x.Name, "G") {
			out[x.Key] = true
		}
	}
	if parts := strings.Split(n.Name, " - "); len(parts) > 1 {
		for _, p := range parts {
			if k := Fold(p); k != "" && has[k] {
				out[k] = true
			}
		}
	}
	delete(out, "")
	return out
}

// sortedPrimary lists n's primary keys, its name first.
func sortedPrimary(snap *snapshot, n *node, primary map[string]bool) []string {
	name := Fold(n.Name)
	out := make([]string, 0, len(primary))
	for k := range primary {
		if k != name {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	if primary[name] {
		out = append([]string{name}, out...)
	}
	return out
}

// displayName returns a spelling of a folded key as some object writes it:
// a primary name when there is one, else the first alias spelling.
func displayName(snap *snapshot, key string) string {
	if snap.display == nil {
		snap.display = map[string]string{}
		rank := map[string]int{}
		for _, list := range snap.names {
			for _, n := range list {
				r := 1
				if n.Kind == "name" {
					r = 0
				}
				best, ok := snap.display[n.Key]
				if !ok || r < rank[n.Key] || r == rank[n.Key] && n.Name < best {
					snap.display[n.Key], rank[n.Key] = n.Name, r
				}
			}
		}
	}
	if d, ok := snap.display[key]; ok {
		return d
	}
	return key
}

// canonicalBefore orders cluster members: actors before campaigns filed
// as actors, then ATT&CK groups, then
// Telltale's own knowledge, then the member with the most names, then by
// name and id.
func canonicalBefore(snap *snapshot, a, b *node) bool {
	if ca, cb := snap.campaignLike[a.ID], snap.campaignLike[b.ID]; ca != cb {
		return cb
	}
	if ra, rb := canonicalRank(snap, a), canonicalRank(snap, b); ra != rb {
		return ra < rb
	}
	if la, lb := len(snap.names[a.ID]), len(snap.names[b.ID]); la != lb {
		return la > lb
	}
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	return a.ID < b.ID
}

func canonicalRank(snap *snapshot, n *node) int {
	switch {
	case n.mitreID != "" && n.CreatedByRef == mitreIdentity:
		return 0
	case n.CreatedByRef == TelltaleID:
		return 1
	case n.Type == "intrusion-set":
		return 2
	}
	return 3
}

func canonicalReason(snap *snapshot, n *node) string {
	switch canonicalRank(snap, n) {
	case 0:
		return fmt.Sprintf("the ATT&CK group %s", n.mitreID)
	case 1:
		return "Telltale's own knowledge"
	}
	return "the member with the most names"
}

// mitreIdentity is the identity MITRE publishes ATT&CK under.
const mitreIdentity = "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5"

// unionFind joins members under the clustering constraints.
type unionFind struct {
	parent []int
	mitre  []map[string]bool // root → ATT&CK ids in the set
	splits [][2]int
}

func newUnionFind(members []*node) *unionFind {
	uf := &unionFind{parent: make([]int, len(members)), mitre: make([]map[string]bool, len(members))}
	for i, m := range members {
		uf.parent[i] = i
		if m.mitreID != "" && strings.HasPrefix(m.mitreID, "G") {
			uf.mitre[i] = map[string]bool{m.mitreID: true}
		}
	}
	return uf
}

func (uf *unionFind) find(i int) int {
	for uf.parent[i] != i {
		uf.parent[i] = uf.parent[uf.parent[i]]
		i = uf.parent[i]
	}
	return i
}

// union joins the sets of a and b, unless a rule forbids it (then it
// returns the rule's name); force ignores the ATT&CK-id rule (an analyst
// decided) but not an analyst's split.
func (uf *unionFind) union(a, b int, force bool) string {
	ra, rb := uf.find(a), uf.find(b)
	if ra == rb {
		return ""
	}
	for _, s := range uf.splits {
		x, y := uf.find(s[0]), uf.find(s[1])
		if (x == ra && y == rb) || (x == rb && y == ra) {
			return "analyst-split"
		}
	}
	if !force && len(uf.mitre[ra]) > 0 && len(uf.mitre[rb]) > 0 {
		same := false
		for id := range uf.mitre[ra] {
			if uf.mitre[rb][id] {
				same = true
			}
		}
		if !same {
			return "mitre-id"
		}
	}
	uf.parent[rb] = ra
	if uf.mitre[ra] == nil {
		uf.mitre[ra] = map[string]bool{}
	}
	for id := range uf.mitre[rb] {
		uf.mitre[ra][id] = true
	}
	uf.mitre[rb] = nil
	return ""
}

// groups lists the ATT&CK group ids in the set of root r.
func (uf *unionFind) groups(r int) []string {
	out := make([]string, 0, len(uf.mitre[r]))
	for id := range uf.mitre[r] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// markCampaigns finds the intrusion sets and threat actors that are
// campaigns filed as actors (galaxies list operations among threat
// actors): those whose name is the name or an alias of a campaign object,
// and those whose name starts with the word "Operation", the way vendors
// name campaigns and never a group. Each is mapped to the campaign object
// of its name when there is one.
func markCampaigns(snap *snapshot, members []*node) {
	snap.campaignLike = map[string]bool{}
	snap.campaignOf = map[string]*node{}
	byName := map[string]*node{}
	for _, n := range snap.nodes {
		if n.Type != "campaign" {
			continue
		}
		for _, name := range append([]string{n.Name}, n.Aliases...) {
			k := Fold(name)
			if cur := byName[k]; k != "" && (cur == nil || n.ID < cur.ID) {
				byName[k] = n
			}
		}
	}
	for _, m := range members {
		camp := byName[Fold(m.Name)]
		first, _, _ := strings.Cut(strings.TrimSpace(m.Name), " ")
		if camp == nil && !strings.EqualFold(first, "operation") {
			continue
		}
		snap.campaignLike[m.ID] = true
		if camp != nil {
			snap.campaignOf[m.ID] = camp
		}
	}
}
