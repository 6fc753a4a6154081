package knowledge

import (
	"context"
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
