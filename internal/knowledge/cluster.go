package knowledge

import (
	"fmt"
	"sort"
	"strings"

	"github.com/telltale-cti/telltale"
)

// cluster is one actor: the intrusion sets and threat actors that are one
// by their shared names.
type cluster struct {
	id      string // id of the canonical member
	name    string
	members []*node
	reasons map[string]string // member id → why it joined
	keys    map[string]bool   // every folded name of every member
}

// Clustering rules, in order:
//
//  1. An analyst's link (x-telltale-same-as) joins two objects, whatever
//     else says.
//  2. A folded name that is the primary name of one object, or the ATT&CK
//     id of one, joins every object that carries it as a name, alias or id.
//  3. No cluster may hold two different ATT&CK group ids, nor two objects
//     an analyst split (x-telltale-distinct-from): such joins are refused
//     and reported as conflicts.
//  4. A name that is only ever an alias (nobody's primary name) and is
//     claimed by objects of several clusters joins nothing: it is reported
//     as a conflict for an analyst to decide.
//
// Joins are processed in a fixed order (analyst links, then names sorted),
// so the same store always gives the same clusters.
func buildClusters(snap *snapshot) {
	var members []*node
	for _, n := range snap.nodes {
		if n.Type == "intrusion-set" || n.Type == "threat-actor" {
			members = append(members, n)
		}
	}
	sort.Slice(members, func(i, j int) bool { return members[i].ID < members[j].ID })
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

	// Names.
	type claim struct {
		member int
		kind   string
	}
	byKey := map[string][]claim{}
	for i, m := range members {
		for _, n := range snap.names[m.ID] {
			byKey[n.Key] = append(byKey[n.Key], claim{i, n.Kind})
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var conflicts []telltale.Conflict
	refused := map[[2]int]bool{}
	anchored := map[string]bool{}
	for _, k := range keys {
		claims := byKey[k]
		anchor := -1
		for _, c := range claims {
			if c.kind == "name" || (c.kind == "external_id" && members[c.member].mitreID != "") {
				anchor = c.member
				break
			}
		}
		if anchor < 0 {
			continue // rule 4, reported below
		}
		anchored[k] = true
		for _, c := range claims {
			if c.member == anchor {
				continue
			}
			ra, rb := uf.find(anchor), uf.find(c.member)
			if ra == rb {
				continue
			}
			if rule := uf.union(anchor, c.member, false); rule != "" {
				pair := [2]int{min(ra, rb), max(ra, rb)}
				if !refused[pair] {
					refused[pair] = true
					conflicts = append(conflicts, telltale.Conflict{
						Name: displayName(snap, k),
						Clusters: []telltale.Ref{
							{ID: members[anchor].ID, Name: members[anchor].Name},
							{ID: members[c.member].ID, Name: members[c.member].Name},
						},
						Rule:   rule,
						Detail: fmt.Sprintf("%q names both %s (%s) and %s (%s), but %s", displayName(snap, k), members[anchor].Name, snap.creatorName(members[anchor]), members[c.member].Name, snap.creatorName(members[c.member]), ruleText(rule, members[anchor], members[c.member])),
					})
				}
				continue
			}
			if _, ok := why[anchor]; !ok {
				why[anchor] = fmt.Sprintf("%s (%s) is named %q, a name %s (%s) carries too",
					members[anchor].Name, snap.creatorName(members[anchor]), displayName(snap, k), members[c.member].Name, snap.creatorName(members[c.member]))
			}
			if _, ok := why[c.member]; !ok {
				why[c.member] = fmt.Sprintf("%s (%s) carries the name %q of %s (%s)",
					members[c.member].Name, snap.creatorName(members[c.member]), displayName(snap, k), members[anchor].Name, snap.creatorName(members[anchor]))
			}
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

func ruleText(rule string, a, b *node) string {
	switch rule {
	case "mitre-id":
		return fmt.Sprintf("they are different ATT&CK groups (%s and %s)", a.mitreID, b.mitreID)
	case "analyst-split":
		return "an analyst split them"
	}
	return rule
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

// canonicalBefore orders cluster members: ATT&CK groups first, then
// Telltale's own knowledge, then the member with the most names, then by
// name and id.
func canonicalBefore(snap *snapshot, a, b *node) bool {
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
