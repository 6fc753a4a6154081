package knowledge

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Stored indicators as evidence: the addresses, domain names, URLs and
// hashes a text gives that indicators in the store ask for (the store
// indexes the values of indicators' patterns as their names), and what
// those indicators indicate. A feed that says 203.0.113.7 indicates APT28
// makes a report giving 203.0.113.7 evidence for APT28, as the viewer may
// see it: an indicator or a relationship whose marking the caller may not
// see is no evidence.

// Bounds of the lookups one suggestion makes: how many of the query's
// values are looked up, how many stored indicators one value may bring,
// and how many indicators are read in all.
const (
	maxStoredValues   = 1000
	maxStoredPerValue = 20
	maxStoredTotal    = 2000
	// maxStoredScanPerValue and maxStoredScan bound the indicators read
	// before visibility is known: hidden ones count there, not against
	// the bounds above (the store leaves revoked ones out).
	maxStoredScanPerValue = 200
	maxStoredScan         = 10000
	// maxActorIndicators is how many of the indicators that indicate one
	// member of an actor are read for its own suggestions (the first
	// stored).
	maxActorIndicators = 200
)

// storedHit is a stored indicator asking for a value of the query, and
// one object it indicates.
type storedHit struct {
	value     string // as the query gives it
	indicator string // the indicator's name, or its id when it has none
	target    string // the id of what it indicates
}

// rank ranks the known actors by q with weights w in snap, first looking
// the query's indicators up among the stored ones (when they weigh).
func (s *Service) rank(ctx context.Context, snap *snapshot, q SuggestQuery, w SuggestWeights) (*telltale.Suggestions, error) {
	if w.Stored > 0 && len(q.Indicators) > 0 {
		hits, err := s.storedIndicators(ctx, q.Indicators)
		if err != nil {
			return nil, fmt.Errorf("suggest: stored indicators: %w", err)
		}
		q.stored = hits
	}
	return snap.rank(q, w), nil
}

// storedIndicators returns, for the values given, the stored indicators
// that ask for them and what each indicates, as the caller may see them:
// current, neither revoked nor deprecated, and visible, the indicator
// and its "indicates" relationship alike. Hits are ordered by value,
// then indicator, then target.
func (s *Service) storedIndicators(ctx context.Context, values []string) ([]storedHit, error) {
	valuesOf := map[string][]string{} // folded key → the values of the query it folds
	var keys []string
	for _, v := range values[:min(len(values), maxStoredValues)] {
		k := Fold(v)
		if k == "" || slices.Contains(valuesOf[k], v) {
			continue
		}
		if valuesOf[k] == nil {
			keys = append(keys, k)
		}
		valuesOf[k] = append(valuesOf[k], v)
	}
	byKey, err := s.indicatorsNamed(ctx, keys, maxStoredScanPerValue)
	if err != nil {
		return nil, err
	}
	wanted := map[string][]string{} // indicator id → the values it was found by
	scanned := 0
	for _, k := range keys {
		for _, id := range byKey[k] {
			if scanned == maxStoredScan {
				break
			}
			if wanted[id] == nil {
				scanned++
			}
			wanted[id] = append(wanted[id], valuesOf[k]...)
		}
	}
	if len(wanted) == 0 {
		return nil, nil
	}
	sees := s.sees(ctx)
	found, err := s.visibleIndicators(ctx, wanted, sees)
	if err != nil {
		return nil, err
	}
	// The bounds apply to the indicators the caller sees: hidden or
	// revoked ones never take a visible one's place.
	perValue, total := map[string]int{}, 0
	kept := found[:0]
	for _, f := range found {
		var vs []string
		for _, v := range f.values {
			if perValue[v] < maxStoredPerValue {
				vs = append(vs, v)
			}
		}
		if len(vs) == 0 || total == maxStoredTotal {
			continue
		}
		for _, v := range vs {
			perValue[v]++
		}
		f.values = vs
		kept = append(kept, f)
		total++
	}
	return s.indicated(ctx, kept, sees)
}

// IndicatorFinder is implemented by stores that look indicators up by
// folded name keys with a bound, and read the relationships of many
// sources at once (internal/store's DB): a suggestion then makes a few
// queries, not several per value.
type IndicatorFinder interface {
	IndicatorsNamed(ctx context.Context, keys []string, limit int) (map[string][]string, error)
	RelationshipsFrom(ctx context.Context, sources []string, typ string) ([]*telltale.Relationship, error)
}

// indicatorsNamed returns, by key, up to limit indicators one of whose
// names has it: from the store's bounded lookup when it has one, else
// from the name index.
func (s *Service) indicatorsNamed(ctx context.Context, keys []string, limit int) (map[string][]string, error) {
	if f, ok := s.store.(IndicatorFinder); ok {
		return f.IndicatorsNamed(ctx, keys, limit)
	}
	out := map[string][]string{}
	for _, k := range keys {
		names, err := s.store.NamesByKey(ctx, k)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if len(out[k]) < limit && strings.HasPrefix(n.ObjectID, "indicator--") && !slices.Contains(out[k], n.ObjectID) {
				out[k] = append(out[k], n.ObjectID)
			}
		}
	}
	return out, nil
}

// indicatesFrom returns the "indicates" relationships of the indicators
// ids: at once from a store that can, else one indicator at a time.
func (s *Service) indicatesFrom(ctx context.Context, ids []string) ([]*telltale.Relationship, error) {
	if f, ok := s.store.(IndicatorFinder); ok {
		return f.RelationshipsFrom(ctx, ids, "indicates")
	}
	var out []*telltale.Relationship
	for _, id := range ids {
		rels, err := s.store.Relationships(ctx, telltale.RelationshipFilter{Source: id, Type: "indicates"})
		if err != nil {
			return nil, err
		}
		out = append(out, rels...)
	}
	return out, nil
}

// foundIndicator is a stored indicator, its name and the query's values
// its pattern asks for.
type foundIndicator struct {
	id, name string
	values   []string
}

// visibleIndicators reads the indicators wanted names (found by a
// value's key) and keeps those the caller sees whose pattern asks for
// the value itself (a key also matches other spellings: 10.1.2.3 and
// 101.2.3), case aside.
func (s *Service) visibleIndicators(ctx context.Context, wanted map[string][]string, sees func([]byte) bool) ([]foundIndicator, error) {
	ids := make(map[string]bool, len(wanted))
	for id := range wanted {
		ids[id] = true
	}
	var out []foundIndicator
	err := s.eachVisibleIndicator(ctx, ids, sees, func(id, name string, asked []string) {
		f := foundIndicator{id: id, name: name}
		for _, v := range wanted[id] {
			if slices.ContainsFunc(asked, func(a string) bool { return strings.EqualFold(a, v) }) {
				f.values = append(f.values, v)
			}
		}
		if len(f.values) > 0 {
			out = append(out, f)
		}
	})
	return out, err
}

// eachVisibleIndicator reads the indicators ids and calls fn, first
// stored first, with the id, the name (the id when it has none) and the
// values the pattern asks for of each that is current, neither revoked
// nor deprecated, and that the caller sees.
func (s *Service) eachVisibleIndicator(ctx context.Context, ids map[string]bool, sees func([]byte) bool, fn func(id, name string, values []string)) error {
	objs, err := fetch(ctx, s.store, ids)
	if err != nil {
		return err
	}
	for _, o := range objs {
		if o.Revoked || o.Deprecated || !sees(o.Raw) {
			continue
		}
		if so, err := stix.Parse(o.Raw); err == nil {
			fn(o.ID, cmp.Or(so.Name, o.ID), so.PatternValues())
		}
	}
	return nil
}

// indicated follows each found indicator's "indicates" relationships the
// caller sees to their targets.
func (s *Service) indicated(ctx context.Context, found []foundIndicator, sees func([]byte) bool) ([]storedHit, error) {
	byID := map[string]*foundIndicator{}
	ids := make([]string, 0, len(found))
	for i := range found {
		byID[found[i].id] = &found[i]
		ids = append(ids, found[i].id)
	}
	rels, err := s.indicatesFrom(ctx, ids)
	if err != nil {
		return nil, err
	}
	relIDs := map[string]bool{}
	for _, r := range rels {
		relIDs[r.ID] = true
	}
	objs, err := fetch(ctx, s.store, relIDs)
	if err != nil {
		return nil, err
	}
	visible := map[string]bool{}
	for _, o := range objs {
		visible[o.ID] = !o.Revoked && !o.Deprecated && sees(o.Raw)
	}
	var hits []storedHit
	for _, r := range rels {
		f := byID[r.Source]
		if f == nil || !visible[r.ID] {
			continue
		}
		for _, v := range f.values {
			hits = append(hits, storedHit{value: v, indicator: f.name, target: r.Target})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.value != b.value {
			return a.value < b.value
		}
		if a.indicator != b.indicator {
			return a.indicator < b.indicator
		}
		return a.target < b.target
	})
	return hits, nil
}

// storedEvidence is one value's stored indicators that indicate an actor.
type storedEvidence struct {
	value      string
	indicators []string
}

// queryStored turns the stored hits into evidence: a hit on an actor
// (an intrusion set or threat actor the knowledge clusters) is evidence
// for its cluster, one on a campaign for the actors it is attributed to,
// and one on malware or a tool names that software as the text would.
// Each value weighs Stored, by its rarity among the actors its
// indicators indicate (a value indicating one actor weighs most).
func (snap *snapshot) queryStored(rq *rankQuery) {
	rq.stored, rq.storedVia = map[string][]storedEvidence{}, map[string]string{}
	byValue := map[string]map[string][]string{} // value → cluster id → indicator names
	var values []string
	for _, h := range rq.q.stored {
		var clusters []*cluster
		n := snap.nodes[h.target]
		c := snap.clusterOf[h.target]
		switch {
		case n != nil && (n.Type == "malware" || n.Type == "tool"):
			// As if the text named the software (a tool weighs Tool, as
			// when the text names it), and saying why.
			k, name := rq.ix.software(n.Name)
			weight := rq.w.Malware
			if n.Type == "tool" {
				weight = rq.w.Tool
			}
			if !rq.seen["sw:"+k] {
				rq.storedVia["sw:"+k] = "a stored indicator of it: " + h.value
			}
			rq.addItemAs("sw:"+k, n.Type, name, weight, fmt.Sprintf("stored indicator: %s (indicates %s %s)", h.value, n.Type, name))
			continue
		case c != nil && !c.campaign:
			clusters = []*cluster{c}
		case n != nil && n.Type == "campaign":
			clusters = snap.campaignActors(n)
		case c != nil && snap.campaignOf[h.target] != nil:
			// An intrusion set that is a campaign: the campaign's actors.
			clusters = snap.campaignActors(snap.campaignOf[h.target])
		}
		for _, c := range clusters {
			if c.id == rq.exclude {
				continue
			}
			if byValue[h.value] == nil {
				byValue[h.value] = map[string][]string{}
				values = append(values, h.value)
			}
			if !slices.Contains(byValue[h.value][c.id], h.indicator) {
				byValue[h.value][c.id] = append(byValue[h.value][c.id], h.indicator)
			}
		}
	}
	n := float64(len(rq.ix.profiles))
	rq.storedWeight = map[string]float64{}
	for i, v := range values {
		var names []string
		for id, inds := range byValue[v] {
			rq.stored[id] = append(rq.stored[id], storedEvidence{value: v, indicators: inds})
			names = append(names, snap.clusterOf[id].name)
		}
		sort.Strings(names)
		rq.storedWeight[v] = rq.w.Stored * math.Log(1+n/float64(len(byValue[v])))
		if i < maxStoredShown {
			rq.out.Evidence = append(rq.out.Evidence, fmt.Sprintf("stored indicator: %s (indicates %s)", v, strings.Join(names, ", ")))
		}
	}
	if len(values) > maxStoredShown {
		rq.out.Evidence = append(rq.out.Evidence, fmt.Sprintf("stored indicators: %d more values indicate known actors", len(values)-maxStoredShown))
	}
}

// maxStoredShown is how many values of stored indicators a suggestion
// lists one by one, in its evidence and in each candidate's supports;
// the rest count together.
const maxStoredShown = 20

// scoreStored adds the values whose stored indicators indicate the
// actor: the first maxStoredShown one by one, the rest as one support
// weighing what they weigh together.
func (rq *rankQuery) scoreStored(p *profile, sc *scoredCandidate) {
	rest, weight := 0, 0.0
	for i, e := range rq.stored[p.c.id] {
		if i >= maxStoredShown {
			rest, weight = rest+1, weight+rq.storedWeight[e.value]
			continue
		}
		detail := "a stored indicator indicates it: " + strings.Join(e.indicators, "; ")
		if len(e.indicators) > 1 {
			detail = fmt.Sprintf("%d stored indicators indicate it: %s", len(e.indicators), strings.Join(e.indicators, "; "))
		}
		sc.support(telltale.Evidence{Kind: "indicator", Value: e.value, Detail: detail, Weight: rq.storedWeight[e.value]})
	}
	if rest > 0 {
		sc.support(telltale.Evidence{Kind: "indicator", Value: fmt.Sprintf("%d more values", rest), Detail: "stored indicators indicate it", Weight: weight})
	}
}

// actorIndicatorValues returns the values the stored indicators that
// indicate the members of c ask for, as the caller sees them (the
// indicator and its relationship), up to maxActorIndicators indicators
// per member: what an actor's own suggestions look up among the other
// stored indicators.
func (s *Service) actorIndicatorValues(ctx context.Context, c *cluster) ([]string, error) {
	sees := s.sees(ctx)
	rels := map[string]bool{}
	source := map[string]string{} // relationship id → indicator id
	for _, m := range c.members {
		f := telltale.RelationshipFilter{Target: m.ID, Type: "indicates", SourceTypes: []string{"indicator"}}
		page, _, err := telltale.RelationshipPage(ctx, s.store, f, 0, maxActorIndicators)
		if err != nil {
			return nil, err
		}
		for _, r := range page {
			rels[r.ID], source[r.ID] = true, r.Source
		}
	}
	objs, err := fetch(ctx, s.store, rels)
	if err != nil {
		return nil, err
	}
	indicators := map[string]bool{}
	for _, o := range objs {
		if !o.Revoked && !o.Deprecated && sees(o.Raw) {
			indicators[source[o.ID]] = true
		}
	}
	var values []string
	seen := map[string]bool{}
	err = s.eachVisibleIndicator(ctx, indicators, sees, func(_, _ string, asked []string) {
		for _, v := range asked {
			if !seen[v] && len(values) < maxStoredValues {
				seen[v] = true
				values = append(values, v)
			}
		}
	})
	sort.Strings(values)
	return values, err
}
