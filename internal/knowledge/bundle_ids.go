package knowledge

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unique"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// bundleFacts is what the ids of a sector's bundle need of one object,
// read with the object when the snapshot's base reads it: where its
// current version is in the store's sequence, the identities and marking
// definitions it refers to (what fetchWithRefs follows) and what decides
// whether its references resolve (stix.ResolvedIDs). The bundle's ids
// and positions are then computed without reading the objects again
// (issue 17: a sector collection's first TAXII page read some 4,000
// objects whole to learn which objects it holds).
type bundleFacts struct {
	seq  int64
	refs []string         // identity and marking-definition references
	res  *stix.Resolvable // nil: only its id decides
}

// resolvingNames are the members stix.ResolvableOf reads besides the id;
// an object whose JSON names none of them, and escapes none of its
// names' letters, is decided by its id alone.
var resolvingNames = [][]byte{[]byte(`"source_ref"`), []byte(`"target_ref"`), []byte(`"sighting_of_ref"`), []byte(`"object_refs"`), []byte(`\u`)}

// readFacts reads an object's bundleFacts.
func readFacts(o *telltale.Object) bundleFacts {
	f := bundleFacts{seq: o.Seq, refs: closureRefs(o.Raw)}
	for _, name := range resolvingNames {
		if bytes.Contains(o.Raw, name) {
			if r, ok := stix.ResolvableOf(o.Raw); ok {
				f.res = &r
			}
			break
		}
	}
	return f
}

// relationshipFacts is readFacts of the object o of the stored
// relationship r: what decides whether it resolves are its two ends,
// which the store read from o already.
func relationshipFacts(o *telltale.Object, r *telltale.Relationship) bundleFacts {
	f := bundleFacts{seq: o.Seq, refs: closureRefs(o.Raw)}
	required := []string{r.Source, r.Target}
	slices.Sort(required)
	f.res = &stix.Resolvable{ID: r.ID, Required: required}
	return f
}

// closureRefs are the references of an object (its JSON) that a bundle
// follows (closureRef).
func closureRefs(raw []byte) []string {
	var refs []string
	for _, id := range stix.Refs(raw) {
		if closureRef(id) {
			// The same few identities and markings, everywhere.
			refs = append(refs, unique.Make(id).Value())
		}
	}
	return refs
}

// closureRef says whether a bundle follows a reference to the object id:
// the identities (creators, who gave a name) and marking definitions its
// objects refer to.
func closureRef(id string) bool {
	return strings.HasPrefix(id, "identity--") || strings.HasPrefix(id, "marking-definition--")
}

// resolvable is what stix.ResolvedIDsOf needs of the object id.
func (f bundleFacts) resolvable(id string) stix.Resolvable {
	if f.res != nil {
		return *f.res
	}
	return stix.Resolvable{ID: id}
}

// factsOf returns what the snapshot's base read of the object id (a node
// or a relationship read), whether the viewer sees it or not, and its
// mark; false when the base did not read it.
func (snap *snapshot) factsOf(id string) (bundleFacts, telltale.Mark, bool) {
	if n := snap.held[id]; n != nil {
		return n.facts, n.mark, true
	}
	if f, ok := snap.relFacts[id]; ok {
		return f, snap.relMarks[id], true
	}
	return bundleFacts{}, telltale.Mark{}, false
}

// SectorBundleSeqs returns the ids of the objects SectorBundle writes for
// the caller, each with the position of its current version in the
// store's sequence (Object.Seq), without reading them: what the snapshot
// read of them is kept (bundleFacts). Only the objects it did not read
// (marking definitions, relationships read by no view) are read.
func (s *Service) SectorBundleSeqs(ctx context.Context, sector string) (map[string]int64, error) {
	l, snap, err := s.landscapeSnapshot(ctx, sector)
	if err != nil {
		return nil, err
	}
	var sees func(telltale.Mark) bool
	if s.opts.Viewer != nil && s.opts.Mark != nil {
		_, sees = s.opts.Viewer(ctx)
	}
	ids := snap.bundleIDs(l)
	var members []stix.Resolvable
	seqs := map[string]int64{}
	add := func(id string, f bundleFacts, m telltale.Mark, next idSet) {
		// What an object refers to is followed whether the caller sees
		// it or not, as fetchWithRefs does before visibleRaws.
		for _, ref := range f.refs {
			if !ids[ref] {
				ids[ref], next[ref] = true, true
			}
		}
		if sees != nil && !sees(m) {
			return
		}
		members = append(members, f.resolvable(id))
		seqs[id] = f.seq
	}
	for round := maps.Clone(ids); len(round) > 0; {
		next := idSet{}
		unread := idSet{}
		for id := range round {
			if f, m, ok := snap.factsOf(id); ok {
				add(id, f, m, next)
			} else {
				unread[id] = true
			}
		}
		objs, err := fetch(ctx, s.store, unread)
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			var m telltale.Mark
			if s.opts.Mark != nil {
				m = s.opts.Mark(o.Raw)
			}
			f := readFacts(o)
			r, ok := stix.ResolvableOf(o.Raw)
			if !ok {
				return nil, fmt.Errorf("object %s of the bundle is not a JSON object", o.ID)
			}
			f.res = &r
			add(o.ID, f, m, next)
		}
		round = next
	}
	kept := stix.ResolvedIDsOf(members)
	for id := range seqs {
		if !kept[id] {
			delete(seqs, id)
		}
	}
	return seqs, nil
}
