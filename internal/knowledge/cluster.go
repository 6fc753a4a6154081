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
//     gives a group joins that group.
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
	uf := newUnionFind(members)

	// Analyst decisions: for each pair of objects the latest one counts.
	latestDecision := map[[2]string]*node{}
	for _, rn := range snap.relNodes {
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
		a, okA := idx[rn.SourceRef]
		b, okB := idx[rn.TargetRef]
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
	uf.splits = splits
	why := map[int]string{}
	for _, l := range links {
		a, okA := idx[l.SourceRef]
		b, okB := idx[l.TargetRef]
		if okA && okB {
			uf.union(a, b, true)
			why[b] = fmt.Sprintf("an analyst linked it to %s (%s)", members[a].Name, snap.creatorName(l))
		}
	}

	// Names. Who claims each folded name, and whether as one of its own
	// names (primary: its name, a half of a compound name, its ATT&CK id)
	// or as an alias.
	type claim struct {
		member  int
		primary bool
	}
	byKey := map[string][]claim{}
	isGroup := make([]bool, len(members))
	primary := make([]map[string]bool, len(members))
	for i, m := range members {
		isGroup[i] = isATTACKGroup(m)
		primary[i] = primaryKeys(snap, m)
		at := map[string]int{}
		for _, n := range snap.names[m.ID] {
			p := primary[i][n.Key]
			if j, ok := at[n.Key]; ok {
				byKey[n.Key][j].primary = byKey[n.Key][j].primary || p
				continue
			}
			at[n.Key] = len(byKey[n.Key])
			byKey[n.Key] = append(byKey[n.Key], claim{i, p})
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	// ATT&CK's own names: every name, alias and id ATT&CK gives a group
	// belongs to that group. A name ATT&CK gives two groups belongs to the
	// one whose name it is, else to neither.
	owners := map[string][]int{}
	for i, m := range members {
		if !isGroup[i] {
			continue
		}
		for _, n := range snap.names[m.ID] {
			if l := owners[n.Key]; len(l) == 0 || l[len(l)-1] != i {
				owners[n.Key] = append(l, i)
			}
		}
	}
	ownerOf := func(key string) int {
		os := owners[key]
		if len(os) == 1 {
			return os[0]
		}
		found := -1
		for _, o := range os {
			if Fold(members[o].Name) == key {
				if found >= 0 {
					return -1
				}
				found = o
			}
		}
		return found
	}

	var conflicts []telltale.Conflict
	refused := map[string]bool{}
	refuse := func(key string, a, b int, rule, detail string) {
		ra, rb := uf.find(a), uf.find(b)
		id := fmt.Sprintf("%s\x00%d\x00%d", key, min(ra, rb), max(ra, rb))
		if refused[id] {
			return
		}
		refused[id] = true
		if detail == "" {
			detail = ruleText(rule, uf.groups(ra), uf.groups(rb))
		}
		conflicts = append(conflicts, telltale.Conflict{
			Name: displayName(snap, key),
			Clusters: []telltale.Ref{
				{ID: members[a].ID, Name: members[a].Name},
				{ID: members[b].ID, Name: members[b].Name},
			},
			Rule:   rule,
			Detail: fmt.Sprintf("%q names both %s (%s) and %s (%s), but %s", displayName(snap, key), members[a].Name, snap.creatorName(members[a]), members[b].Name, snap.creatorName(members[b]), detail),
		})
	}
	// join puts b in a's cluster unless a rule refuses it; whyB says why b
	// joined, whyA why a did (when a had no reason yet).
	join := func(key string, a, b int, whyA, whyB string) {
		if uf.find(a) == uf.find(b) {
			return
		}
		if rule := uf.union(a, b, false); rule != "" {
			refuse(key, a, b, rule, "")
			return
		}
		if _, ok := why[a]; !ok && whyA != "" {
			why[a] = whyA
		}
		if _, ok := why[b]; !ok {
			why[b] = whyB
		}
	}
	label := func(i int) string {
		return fmt.Sprintf("%s (%s)", members[i].Name, snap.creatorName(members[i]))
	}

	// An object whose own name (or ATT&CK id) is one ATT&CK gives a group
	// joins that group.
	for i := range members {
		if isGroup[i] {
			continue
		}
		for _, k := range sortedPrimary(snap, members[i], primary[i]) {
			if o := ownerOf(k); o >= 0 {
				join(k, o, i, "", fmt.Sprintf("%s is named %q, a name ATT&CK gives %s", label(i), displayName(snap, k), label(o)))
			}
		}
	}
	// Then an object whose aliases include names ATT&CK gives one group
	// joins that group; one whose aliases name several groups joins none
	// of them by an alias.
	for i := range members {
		if isGroup[i] {
			continue
		}
		type hit struct {
			key   string
			owner int
		}
		var hits []hit
		roots := map[int]bool{}
		for _, n := range snap.names[members[i].ID] {
			if primary[i][n.Key] {
				continue
			}
			if o := ownerOf(n.Key); o >= 0 {
				hits = append(hits, hit{n.Key, o})
				roots[uf.find(o)] = true
			}
		}
		sort.Slice(hits, func(a, b int) bool { return hits[a].key < hits[b].key })
		if len(roots) > 1 && len(uf.groups(uf.find(i))) == 0 {
			var ids []string
			for r := range roots {
				ids = append(ids, uf.groups(r)...)
			}
			sort.Strings(ids)
			for _, h := range hits {
				refuse(h.key, i, h.owner, "several-groups", fmt.Sprintf("the aliases of %s name %d ATT&CK groups (%s), so it joins none of them", label(i), len(ids), strings.Join(ids, ", ")))
			}
			continue
		}
		for _, h := range hits {
			join(h.key, h.owner, i, "", fmt.Sprintf("%s lists %q, a name ATT&CK gives %s", label(i), displayName(snap, h.key), label(h.owner)))
		}
	}

	// Then a name that is some object's own name (and no ATT&CK name)
	// joins every object that carries it.
	anchored := map[string]bool{}
	for _, k := range keys {
		if os := owners[k]; len(os) > 1 && uf.find(os[0]) != uf.find(os[1]) {
			// ATT&CK gives the name to two groups: it stays with the one
			// whose name it is, if either.
			detail := fmt.Sprintf("ATT&CK gives it to different groups (%s and %s)", members[os[0]].mitreID, members[os[1]].mitreID)
			if o := ownerOf(k); o >= 0 {
				detail += fmt.Sprintf("; it opens %s, whose name it is", members[o].Name)
			} else {
				detail += ", and it is the name of neither, so it opens neither"
			}
			refuse(k, os[0], os[1], "mitre-id", detail)
		}
		if len(owners[k]) > 0 {
			anchored[k] = true // joined above, or reported just now
			continue
		}
		claims := byKey[k]
		anchor := -1
		for _, c := range claims {
			if c.primary {
				anchor = c.member
				break
			}
		}
		if anchor < 0 {
			continue // an alias only: reported below when several clusters claim it
		}
		anchored[k] = true
		for _, c := range claims {
			if c.member == anchor {
				continue
			}
			join(k, anchor, c.member,
				fmt.Sprintf("%s is named %q, a name %s carries too", label(anchor), displayName(snap, k), label(c.member)),
				fmt.Sprintf("%s carries the name %q of %s", label(c.member), displayName(snap, k), label(anchor)))
		}
	}

	// Clusters.
	groups := map[int][]int{}
	for i := range members {
		r := uf.find(i)
		groups[r] = append(groups[r], i)
	}
	snap.clusterOf = map[string]*cluster{}
	snap.byKey = map[string][]*cluster{}
	for _, g := range groups {
		c := &cluster{reasons: map[string]string{}, keys: map[string]bool{}}
		for _, i := range g {
			c.members = append(c.members, members[i])
		}
		sort.Slice(c.members, func(i, j int) bool { return canonicalBefore(snap, c.members[i], c.members[j]) })
		c.id, c.name = c.members[0].ID, c.members[0].Name
		c.campaign = snap.campaignLike[c.id] // the canonical member is one only when all are
		for _, m := range c.members {
			snap.clusterOf[m.ID] = c
			if m.ID == c.id {
				c.reasons[m.ID] = "canonical member: " + canonicalReason(snap, m)
			} else if r, ok := why[idx[m.ID]]; ok {
				c.reasons[m.ID] = r
			} else {
				c.reasons[m.ID] = "shares a name with another member"
			}
			for _, n := range snap.names[m.ID] {
				c.keys[n.Key] = true
			}
		}
		snap.clusters = append(snap.clusters, c)
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
	// What names resolve to, in order of precedence (resolveActor).
	snap.attackKey = map[string]*cluster{}
	for k := range owners {
		if o := ownerOf(k); o >= 0 {
			snap.attackKey[k] = snap.clusterOf[members[o].ID]
		}
	}
	snap.primaryKey = map[string][]*cluster{}
	for i, m := range members {
		c := snap.clusterOf[m.ID]
		for k := range primary[i] {
			if l := snap.primaryKey[k]; !slices.Contains(l, c) {
				snap.primaryKey[k] = append(l, c)
			}
		}
	}
	for _, l := range snap.primaryKey {
		sort.Slice(l, func(i, j int) bool { return l[i].id < l[j].id })
	}

	// Rule 4: aliases claimed by several clusters.
	for _, k := range keys {
		cs := snap.byKey[k]
		if len(cs) < 2 || anchored[k] {
			continue // joined, or refused by a rule and reported above
		}
		conf := telltale.Conflict{Name: displayName(snap, k), Rule: "shared-alias"}
		var names []string
		for _, c := range cs {
			conf.Clusters = append(conf.Clusters, telltale.Ref{ID: c.id, Name: c.name})
			names = append(names, c.name)
		}
		conf.Detail = fmt.Sprintf("%q is claimed by %d clusters (%s) and is not the primary name of any of their members, so it joins none of them", conf.Name, len(cs), strings.Join(names, ", "))
		conflicts = append(conflicts, conf)
	}
	sort.SliceStable(conflicts, func(i, j int) bool { return lower(conflicts[i].Name) < lower(conflicts[j].Name) })
	snap.conflicts = conflicts
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
