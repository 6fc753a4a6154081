package knowledge

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/telltale-cti/telltale"
)

// changes is a store that tells what changed since a sequence number (the
// store: RelationshipsSince, DeletedSince).
type changes interface {
	RelationshipsSince(ctx context.Context, seq int64, types []string) (rels []*telltale.Relationship, revoked []string, err error)
	DeletedSince(ctx context.Context, seq int64) (bool, error)
}

// keptRels is what a base read of the relationships it kept: which, their
// marks, their objects (provenanceRels) and the CVEs an actor's "uses"
// names (relCVEs).
type keptRels struct {
	ids   map[string]bool
	marks map[string]telltale.Mark
	nodes map[string]*node
	cves  map[string][]string
	facts map[string]bundleFacts
}

// nextBase returns the base of the store at seq. From prev, a base of an
// earlier state, it reads only what was stored since (updateBase): after
// an import that touches a few actors, the objects and relationships it
// stored, not the whole knowledge again (issue 17: seconds of CPU at a
// million objects, for the first page after every import a server makes).
func nextBase(ctx context.Context, st Store, prev *base, seq int64, mark func([]byte) telltale.Mark) (*base, error) {
	if ch, ok := st.(changes); ok && prev != nil && prev.seq < seq {
		b, err := updateBase(ctx, st, ch, prev, seq, mark)
		if err != nil || b != nil {
			return b, err
		}
	}
	return loadBase(ctx, st, seq, mark)
}

// updateBase computes the base of the store at seq from prev and what was
// stored since prev.seq: the same base as loadBase reads
// (TestIncrementalBase). It returns nil when it cannot: versions were
// deleted, or a marking definition changed (which can change the mark of
// any object).
func updateBase(ctx context.Context, st Store, ch changes, prev *base, seq int64, mark func([]byte) telltale.Mark) (*base, error) {
	if deleted, err := ch.DeletedSince(ctx, prev.seq); err != nil || deleted {
		return nil, err
	}
	objs, err := st.Objects(ctx, telltale.ObjectFilter{
		Types: append(slices.Clip(snapshotTypes), "marking-definition"), AfterSeq: prev.seq, IncludeRevoked: true})
	if err != nil {
		return nil, fmt.Errorf("update knowledge: %w", err)
	}
	b := &base{seq: seq, nodes: maps.Clone(prev.nodes)}
	for _, o := range objs {
		if o.Type == "marking-definition" {
			return nil, nil
		}
		delete(b.nodes, o.ID)
		if o.Revoked || o.Deprecated {
			continue
		}
		if n := readNode(o, mark); n != nil {
			b.nodes[n.ID] = n
		}
	}
	rels, revoked, err := ch.RelationshipsSince(ctx, prev.seq, snapshotTypes)
	if err != nil {
		return nil, fmt.Errorf("update relationships: %w", err)
	}
	changed := map[string]bool{}
	for _, id := range revoked {
		changed[id] = true
	}
	var added []*telltale.Relationship
	for _, r := range rels {
		changed[r.ID] = true
		if slices.Contains(snapshotTypes, idType(r.Source)) && slices.Contains(snapshotTypes, idType(r.Target)) {
			added = append(added, r)
		}
	}
	b.all = mergeRels(prev.all, added, changed)
	kept := &keptRels{ids: map[string]bool{}, marks: prev.relMarks, nodes: prev.relNodes, cves: prev.relCVEs, facts: prev.relFacts}
	for _, r := range prev.rels {
		if !changed[r.ID] {
			kept.ids[r.ID] = true
		}
	}
	if err := b.keepRelationships(ctx, st, mark, kept); err != nil {
		return nil, err
	}
	return b, b.finish(ctx, st)
}

// mergeRels returns the relationships of old whose ids changed does not
// hold, and added, ordered by id (both are).
func mergeRels(old, added []*telltale.Relationship, changed map[string]bool) []*telltale.Relationship {
	out := make([]*telltale.Relationship, 0, len(old)+len(added))
	i := 0
	for _, r := range old {
		if changed[r.ID] {
			continue
		}
		for i < len(added) && added[i].ID < r.ID {
			out = append(out, added[i])
			i++
		}
		out = append(out, r)
	}
	return append(out, added[i:]...)
}

// idType is the type an id names ("" when it is no STIX id).
func idType(id string) string {
	t, _, ok := strings.Cut(id, "--")
	if !ok {
		return ""
	}
	return t
}
