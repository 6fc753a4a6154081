package knowledge

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Decision is an analyst's link or split of two actors, as the STIX
// relationship that records it.
type Decision struct {
	Message string          `json:"message"`
	Object  json.RawMessage `json:"object"`
}

// Decide builds the record of an analyst's decision that a and b (names or
// ids) are one actor ("link") or two ("split"). The caller imports the
// returned object; being a relationship of Telltale's own
// (x-telltale-same-as or x-telltale-distinct-from), it survives re-imports
// of the sources and is exported with the rest.
func (s *Service) Decide(ctx context.Context, verb, a, b, note string) (*Decision, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	var relType string
	var ma, mb *node
	switch verb {
	case "link":
		relType = "x-telltale-same-as"
		ca, err := snap.resolveActor(a)
		if err != nil {
			return nil, err
		}
		cb, err := snap.resolveActor(b)
		if err != nil {
			return nil, err
		}
		if ca == cb {
			return nil, telltale.Errorf(telltale.ECONFLICT, "%s and %s are already one actor (%s)", a, b, ca.name)
		}
		ma, mb = ca.members[0], cb.members[0]
		// When an earlier split keeps the two apart, the link is recorded
		// on the split's pair: the latest decision about a pair wins.
		if x, y, ok := snap.splitBetween(ca, cb); ok {
			ma, mb = x, y
		}
	case "split":
		relType = "x-telltale-distinct-from"
		if ma, err = snap.resolveMember(a, nil); err != nil {
			return nil, err
		}
		if mb, err = snap.resolveMember(b, ma); err != nil {
			return nil, err
		}
		if ma == mb {
			return nil, telltale.Errorf(telltale.EINVALID, "%s and %s are the same object", a, b)
		}
	default:
		return nil, telltale.Errorf(telltale.EINVALID, "unknown decision %q: link or split", verb)
	}
	now := stix.FormatTime(time.Now())
	desc := fmt.Sprintf("Analyst decision: %s (%s) and %s (%s) are %s.", ma.Name, ma.ID, mb.Name, mb.ID, map[string]string{"link": "one actor", "split": "different actors"}[verb])
	if strings.TrimSpace(note) != "" {
		desc += " " + strings.TrimSpace(note)
	}
	rel := &stix.Relationship{
		Common:           stix.NewCommon("relationship", stix.RelationshipID(relType, ma.ID, mb.ID, "", ""), TelltaleID, now, now),
		RelationshipType: relType,
		Description:      desc,
		SourceRef:        ma.ID,
		TargetRef:        mb.ID,
	}
	raw, err := stix.Encoding{SortKeys: true}.Encode(rel)
	if err != nil {
		return nil, err
	}
	return &Decision{Message: desc, Object: raw}, nil
}

// splitBetween finds an analyst's split between a member of ca and one of
// cb.
func (snap *snapshot) splitBetween(ca, cb *cluster) (*node, *node, bool) {
	in := func(c *cluster, id string) bool { return snap.clusterOf[id] == c }
	for _, rn := range snap.relNodes {
		if rn.RelationshipType != "x-telltale-distinct-from" {
			continue
		}
		src, tgt := snap.nodes[rn.SourceRef], snap.nodes[rn.TargetRef]
		if src == nil || tgt == nil {
			continue
		}
		if (in(ca, src.ID) && in(cb, tgt.ID)) || (in(cb, src.ID) && in(ca, tgt.ID)) {
			return src, tgt, true
		}
	}
	return nil, nil, false
}

// resolveMember finds the one intrusion set or threat actor an id or name
// designates, as 'telltale actor' reads the name: in the actor the name
// opens, the member that carries it at the first level of precedence (the
// ATT&CK group whose name, alias or id it is; else a member whose own name
// it is; else one that has it as an alias), passing over not (the other
// side of a split) when another member carries it. A name that opens no
// one actor (a conflict) designates the object whose own name it is;
// names of several objects are refused, listing them.
func (snap *snapshot) resolveMember(arg string, not *node) (*node, error) {
	if n := snap.nodes[strings.TrimSpace(arg)]; n != nil && snap.clusterOf[n.ID] != nil {
		return n, nil
	}
	key := Fold(arg)
	if c, err := snap.resolveActor(arg); err == nil {
		return snap.memberNamed(c, key, not)
	}
	var found []*node
	for _, c := range snap.clusters {
		for _, m := range c.members {
			if Fold(m.Name) == key {
				found = append(found, m)
			}
		}
	}
	if len(found) == 0 {
		return nil, telltale.Errorf(telltale.ENOTFOUND, "no intrusion set or threat actor is named %q; use an object id (see 'telltale actor --explain')", arg)
	}
	return snap.oneMember(arg, found)
}

// memberNamed returns the member of c that carries the folded name key at
// the first level of precedence that has one other than not; c's
// canonical member when none does (a name c was found by once loosened:
// "the Turla group").
func (snap *snapshot) memberNamed(c *cluster, key string, not *node) (*node, error) {
	levels := [][]*node{nil, nil, nil}
	if o := snap.attackOf[key]; o != nil && snap.clusterOf[o.ID] == c {
		levels[0] = []*node{o}
	}
	for _, m := range c.members {
		if primaryKeys(snap, m)[key] {
			levels[1] = append(levels[1], m)
		} else if slices.ContainsFunc(snap.names[m.ID], func(n *telltale.Name) bool { return n.Key == key }) {
			levels[2] = append(levels[2], m)
		}
	}
	for _, l := range levels {
		l = slices.DeleteFunc(l, func(m *node) bool { return m == not })
		if len(l) > 0 {
			return snap.oneMember(key, l)
		}
	}
	return c.members[0], nil
}

// oneMember returns the one object of found, or refuses the name that
// designates several, listing their ids and sources.
func (snap *snapshot) oneMember(name string, found []*node) (*node, error) {
	if len(found) == 1 {
		return found[0], nil
	}
	var ids []string
	for _, f := range found {
		ids = append(ids, f.ID+" ("+snap.creatorName(f)+")")
	}
	return nil, telltale.Errorf(telltale.ECONFLICT, "%q names %d objects: %s; give an id", name, len(found), strings.Join(ids, ", "))
}
