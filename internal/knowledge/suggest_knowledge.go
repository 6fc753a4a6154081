package knowledge

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/telltale-cti/telltale"
)

// Revoked ATT&CK techniques. The snapshot holds current objects only, so
// a "revoked-by" relationship (ATT&CK 18.1 has 132 between techniques)
// loses its revoked end and is dropped. A report written before the
// revocation still cites the old id (T1086 for PowerShell, now
// T1059.001): the suggestions read it as its replacement, so it meets
// the actors that use the technique.

// loadRevokedTechniques maps the ATT&CK id of every revoked technique to
// the current technique that replaced it (its object id), following
// chains of replacements.
func loadRevokedTechniques(ctx context.Context, st Store, b *base, rels []*telltale.Relationship) error {
	by := map[string]string{} // revoked object id → replacement object id
	var ids []string
	for _, r := range rels {
		if r.Type == "revoked-by" && strings.HasPrefix(r.Source, "attack-pattern--") && strings.HasPrefix(r.Target, "attack-pattern--") {
			by[r.Source] = r.Target
			ids = append(ids, r.Source)
		}
	}
	b.revokedTech = map[string]string{}
	if len(ids) == 0 {
		return nil
	}
	extID := map[string]string{} // object id → ATT&CK id
	err := eachObjectOf(ctx, st, ids, true, func(o *telltale.Object) {
		if n, err := parseNode(o.Raw); err == nil && n.mitreID != "" {
			extID[o.ID] = n.mitreID
		}
	})
	if err != nil {
		return err
	}
	for old, cur := range by {
		for i := 0; i < 8 && by[cur] != ""; i++ { // a replacement revoked in turn
			cur = by[cur]
		}
		n := b.nodes[cur]
		if n == nil || n.mitreID == "" || extID[old] == "" || extID[old] == n.mitreID {
			continue
		}
		b.revokedTech[extID[old]] = n.ID
	}
	return nil
}

// techniqueKey is the ATT&CK technique a cited id stands for: the
// replacement of a revoked id, and the parent of a sub-technique.
func (snap *snapshot) techniqueKey(id string) string {
	id = strings.ToUpper(strings.TrimSpace(id))
	// Only through a replacement the viewer sees.
	if n := snap.nodes[snap.revokedTech[id]]; n != nil && n.mitreID != "" {
		id = n.mitreID
	}
	return parentTechnique(id)
}

// CVEs in ATT&CK's procedure examples. The prose of a group's or a
// campaign's "uses" relationship often says which vulnerability it
// exploited ("APT28 exploited CVE-2015-1701", 231 mentions of 130 CVEs
// over 80 groups and campaigns in ATT&CK 18.1), where the group's own
// description rarely does (5 of them). The base keeps those CVEs by
// relationship id, so a viewer meets only those of the relationships
// it sees, and an actor's profile holds the CVEs its members and their
// campaigns exploited.

// cveRE finds a CVE id.
var cveRE = regexp.MustCompile(`\bCVE-\d{4}-\d{4,7}\b`)

// actorUses says whether r is a "uses" of an actor or a campaign, whose
// description is read for the CVEs it names.
func actorUses(r *telltale.Relationship) bool {
	if r.Type != "uses" {
		return false
	}
	switch idType(r.Source) {
	case "intrusion-set", "threat-actor", "campaign":
		return true
	}
	return false
}

// namedCVEs returns the CVE ids the description of a stored relationship
// names, sorted, each once (nil: none).
func namedCVEs(raw []byte) []string {
	if !bytes.Contains(raw, []byte("CVE-")) {
		return nil
	}
	var o struct {
		Description string `json:"description"`
	}
	if json.Unmarshal(raw, &o) != nil {
		return nil
	}
	out := cveRE.FindAllString(o.Description, -1)
	slices.Sort(out)
	return slices.Compact(out)
}

// exploitedCVEs returns the CVEs the "uses" relationships of the actor's
// members and campaigns name (see namedCVEs).
func (snap *snapshot) exploitedCVEs(c *cluster, a *telltale.Actor) []string {
	var out []string
	subjects := make([]string, 0, len(c.members)+len(a.Campaigns))
	for _, m := range c.members {
		subjects = append(subjects, m.ID)
	}
	for _, r := range a.Campaigns {
		subjects = append(subjects, r.ID)
	}
	for _, id := range subjects {
		for _, r := range snap.bySource[id] {
			if r.Type == "uses" {
				out = append(out, snap.relCVEs[r.ID]...)
			}
		}
	}
	return out
}
