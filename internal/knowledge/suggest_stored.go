package knowledge

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

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
	id        string // the indicator's id
	indicator string // the indicator's name, or its id when it has none
	target    string // the id of what it indicates
	// expired is the indicator's valid_until (a date) when it had passed
	// at the time the query is about (see expiryReference).
	expired string
}

// rank ranks the known actors by q with weights w in snap, first looking
// the query's indicators up among the stored ones (when they weigh).
func (s *Service) rank(ctx context.Context, snap *snapshot, q SuggestQuery, w SuggestWeights) (*telltale.Suggestions, error) {
	if w.Stored > 0 && len(q.Indicators) > 0 {
		hits, err := s.storedIndicators(ctx, q.Indicators, expiryReference(q, time.Now()))
		if err != nil {
			return nil, fmt.Errorf("suggest: stored indicators: %w", err)
		}
		q.stored = hits
	}
	return snap.rank(q, w), nil
}

// expiryReference is the time against which a stored indicator's
// valid_until is read: the start of the latest year the query gives (the
// time the text is about: an address valid then was the actor's then,
// whatever it is now), or now when it gives none or a later one.
func expiryReference(q SuggestQuery, now time.Time) time.Time {
	latest := q.ActiveSince
	for _, y := range q.Years {
		latest = max(latest, y)
	}
	if latest > 0 && latest < now.Year() {
		return time.Date(latest, time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	return now
}

// storedIndicators returns, for the values given, the stored indicators
// that ask for them and what each indicates, as the caller may see them:
// current, neither revoked nor deprecated, and visible, the indicator
// and its "indicates" relationship alike; an indicator valid only until
// before ref is marked expired. Hits are ordered by value, then
// indicator, then target.
func (s *Service) storedIndicators(ctx context.Context, values []string, ref time.Time) ([]storedHit, error) {
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
	found, err := s.visibleIndicators(ctx, wanted, sees, ref)
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
	expired  string // valid_until's date, when it is before the reference
}

// visibleIndicators reads the indicators wanted names (found by a
// value's key) and keeps those the caller sees whose pattern asks for
// the value itself (a key also matches other spellings: 10.1.2.3 and
// 101.2.3), case aside, noting those expired before ref.
func (s *Service) visibleIndicators(ctx context.Context, wanted map[string][]string, sees func([]byte) bool, ref time.Time) ([]foundIndicator, error) {
	ids := make(map[string]bool, len(wanted))
	for id := range wanted {
		ids[id] = true
	}
	var out []foundIndicator
	err := s.eachVisibleIndicator(ctx, ids, sees, func(ind visibleIndicator) {
		f := foundIndicator{id: ind.id, name: ind.name}
		if t, err := time.Parse(time.RFC3339Nano, ind.validUntil); err == nil && t.Before(ref) {
			f.expired = t.UTC().Format(time.DateOnly)
		}
		for _, v := range wanted[ind.id] {
			if slices.ContainsFunc(ind.values, func(a string) bool { return strings.EqualFold(a, v) }) {
				f.values = append(f.values, v)
			}
		}
		if len(f.values) > 0 {
			out = append(out, f)
		}
	})
	return out, err
}

// visibleIndicator is a stored indicator the caller sees: its id, its
// name (the id when it has none), the values its pattern asks for and
// its valid_until as stored.
type visibleIndicator struct {
	id, name   string
	values     []string
	validUntil string
}

// eachVisibleIndicator reads the indicators ids and calls fn, first
// stored first, with each that is current, neither revoked nor
// deprecated, and that the caller sees.
func (s *Service) eachVisibleIndicator(ctx context.Context, ids map[string]bool, sees func([]byte) bool, fn func(visibleIndicator)) error {
	objs, err := fetch(ctx, s.store, ids)
	if err != nil {
		return err
	}
	for _, o := range objs {
		if o.Revoked || o.Deprecated || !sees(o.Raw) {
			continue
		}
		so, err := stix.Parse(o.Raw)
		if err != nil {
			continue
		}
		var validity struct {
			ValidUntil string `json:"valid_until"`
		}
		_ = json.Unmarshal(o.Raw, &validity) // a wrong type leaves it empty: no expiry
		fn(visibleIndicator{id: o.ID, name: cmp.Or(so.Name, o.ID), values: so.PatternValues(), validUntil: validity.ValidUntil})
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
			hits = append(hits, storedHit{value: v, id: f.id, indicator: f.name, target: r.Target, expired: f.expired})
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
	indicators []string // their names, each once
	ids        []string // their ids: two may share a name
	expired    bool     // every one of them had expired
}

// queryStored turns the stored hits into evidence: a hit on an actor
// (an intrusion set or threat actor the knowledge clusters) is evidence
// for its cluster, one on a campaign for the actors it is attributed to,
// and one on malware or a tool names that software as the text would.
// Each value weighs Stored, by its rarity among the actors its
// indicators indicate (a value indicating one actor weighs most).
func (snap *snapshot) queryStored(rq *rankQuery) {
	rq.stored, rq.storedVia = map[string][]storedEvidence{}, map[string]string{}
	byValue := map[string]map[string]*storedEvidence{} // value → cluster id → its evidence
	var values []string
	// Live indicators first, so that a value or a software that one
	// indicator gives while it is valid and another after it expired
	// counts as valid.
	hits := slices.Clone(rq.q.stored)
	slices.SortStableFunc(hits, func(a, b storedHit) int { return cmp.Compare(min(len(a.expired), 1), min(len(b.expired), 1)) })
	for _, h := range hits {
		clusters := snap.storedTargets(rq, h)
		for _, c := range clusters {
			if c.id == rq.exclude {
				continue
			}
			if byValue[h.value] == nil {
				byValue[h.value] = map[string]*storedEvidence{}
				values = append(values, h.value)
			}
			e := byValue[h.value][c.id]
			if e == nil {
				e = &storedEvidence{value: h.value, expired: true}
				byValue[h.value][c.id] = e
			}
			e.expired = e.expired && h.expired != ""
			if !slices.Contains(e.ids, h.id) {
				e.ids = append(e.ids, h.id)
			}
			if name := h.label(); !slices.Contains(e.indicators, name) {
				e.indicators = append(e.indicators, name)
			}
		}
	}
	n := float64(len(rq.ix.profiles))
	rq.storedWeight = map[string]float64{}
	for i, v := range values {
		var names []string
		for id, e := range byValue[v] {
			rq.stored[id] = append(rq.stored[id], *e)
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

// label is how a hit's indicator is shown: its name, and when it had
// expired, the date.
func (h storedHit) label() string {
	if h.expired != "" {
		return h.indicator + " (valid until " + h.expired + ")"
	}
	return h.indicator
}

// storedTargets returns the actor clusters a stored hit is evidence for:
// an actor's own cluster, a campaign's actors. A hit on malware or a tool
// instead names that software as the text would (a tool weighs Tool, as
// when the text names it; an expired indicator scales it by Expired),
// saying why, and returns none.
func (snap *snapshot) storedTargets(rq *rankQuery, h storedHit) []*cluster {
	n := snap.nodes[h.target]
	c := snap.clusterOf[h.target]
	switch {
	case n != nil && (n.Type == "malware" || n.Type == "tool"):
		k, name := rq.ix.software(n.Name)
		weight := rq.w.Malware
		if n.Type == "tool" {
			weight = rq.w.Tool
		}
		line := fmt.Sprintf("stored indicator: %s (indicates %s %s)", h.value, n.Type, name)
		via := "a stored indicator of it: " + h.value
		if h.expired != "" {
			weight *= rq.w.Expired
			line = fmt.Sprintf("stored indicator: %s (indicates %s %s; valid until %s)", h.value, n.Type, name, h.expired)
			via += " (valid until " + h.expired + ")"
		}
		if !rq.seen["sw:"+k] {
			rq.storedVia["sw:"+k] = via
		}
		rq.addItemAs("sw:"+k, n.Type, name, weight, line)
		return nil
	case c != nil && !c.campaign:
		return []*cluster{c}
	case n != nil && n.Type == "campaign":
		return snap.campaignActors(n)
	case c != nil && snap.campaignOf[h.target] != nil:
		// An intrusion set that is a campaign: the campaign's actors.
		return snap.campaignActors(snap.campaignOf[h.target])
	}
	return nil
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
			rest, weight = rest+1, weight+rq.evidenceWeight(e)
			continue
		}
		detail := "a stored indicator indicates it: " + strings.Join(e.indicators, "; ")
		if len(e.ids) > 1 {
			detail = fmt.Sprintf("%d stored indicators indicate it: %s", len(e.ids), strings.Join(e.indicators, "; "))
		}
		sc.support(telltale.Evidence{Kind: "indicator", Value: e.value, Detail: detail, Weight: rq.evidenceWeight(e)})
	}
	if rest > 0 {
		sc.support(telltale.Evidence{Kind: "indicator", Value: fmt.Sprintf("%d more values", rest), Detail: "stored indicators indicate it", Weight: weight})
	}
}

// evidenceWeight is what one value's stored indicators weigh for an
// actor: the value's weight, scaled by Expired when all had expired.
func (rq *rankQuery) evidenceWeight(e storedEvidence) float64 {
	if e.expired {
		return rq.storedWeight[e.value] * rq.w.Expired
	}
	return rq.storedWeight[e.value]
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
	err = s.eachVisibleIndicator(ctx, indicators, sees, func(ind visibleIndicator) {
		for _, v := range ind.values {
			if !seen[v] && len(values) < maxStoredValues {
				seen[v] = true
				values = append(values, v)
			}
		}
	})
	sort.Strings(values)
	return values, err
}
