package knowledge

import (
	"slices"
	"sort"
	"strings"

	"github.com/telltale-cti/telltale"
)

// Polarities of the claims relationships and notes keep
// (x_telltale_polarity), as the extractor names them.
const (
	polarityAsserted = "asserted"
	polarityHedged   = "hedged"
	polarityNegated  = "negated"
	polarityDenied   = "denied"
)

// relPolarity is how firmly a relationship states what it states. Ingest
// marks the relationships it makes from claims (x_telltale_polarity); a
// relationship made from a report before that mark existed is hedged when
// its confidence is low; everything else (ATT&CK, MISP, the starter
// knowledge, other platforms' bundles) counts as asserted.
func relPolarity(rn *node) string {
	switch {
	case rn == nil:
		return polarityAsserted
	case rn.Polarity != "":
		return rn.Polarity
	case rn.ReportRef != "" && rn.Confidence > 0 && rn.Confidence < 70:
		return polarityHedged
	}
	return polarityAsserted
}

// originAcc gathers what the sources say about one origin of an actor.
type originAcc struct {
	loc      *node
	sources  []telltale.Source // asserting or suggesting it
	against  []telltale.Source // negating or denying it
	asserted bool
}

// origins computes the origins of an actor from its members'
// originates-from relationships (asserted or hedged) and the notes that
// keep negated and denied claims tying a member to a location. An origin
// only negated or denied is no origin; one negated by some source and
// asserted or suggested by another is disputed. The firmest comes first:
// asserted, then disputed but asserted by some source, then hedged, then
// disputed and only hedged; among equals, the one more sources back.
func (snap *snapshot) origins(members []string) ([]telltale.Origin, string) {
	acc := originAccs{}
	isMember := map[string]bool{}
	for _, id := range members {
		isMember[id] = true
	}
	for _, id := range members {
		snap.addOriginClaims(acc, id)
		snap.addOriginDenials(acc, id, isMember)
	}
	out := acc.origins()
	if len(out) == 0 {
		return out, ""
	}
	return out, out[0].Status
}

// originAccs gathers, by location id, what is said about an actor's
// origin.
type originAccs map[string]*originAcc

func (acc originAccs) get(loc *node) *originAcc {
	o := acc[loc.ID]
	if o == nil {
		o = &originAcc{loc: loc}
		acc[loc.ID] = o
	}
	return o
}

// addOriginClaims adds member id's originates-from relationships, as
// sources for a location or, negated or denied, against it.
func (snap *snapshot) addOriginClaims(acc originAccs, id string) {
	for _, r := range snap.bySource[id] {
		t := snap.nodes[r.Target]
		if r.Type != "originates-from" || t == nil || t.Type != "location" {
			continue
		}
		rn := snap.relNodes[r.ID]
		src := snap.source(r)
		src.Polarity = relPolarity(rn)
		if rn != nil {
			src.Confidence = rn.Confidence
			src.By = rn.ClaimBy
		}
		o := acc.get(t)
		switch src.Polarity {
		case polarityAsserted:
			o.asserted = true
			o.sources = addPolarSource(o.sources, src)
		case polarityHedged:
			o.sources = addPolarSource(o.sources, src)
		case polarityNegated, polarityDenied:
			o.against = addPolarSource(o.against, src)
		}
	}
}

// addOriginDenials adds the negating or denying notes on member id as
// sources against each location they name (not a member itself): every
// note, in id order, even two of one report by one speaker (two sentences
// saying so are two claims, and each note travels with the origin).
func (snap *snapshot) addOriginDenials(acc originAccs, id string, isMember map[string]bool) {
	for _, nid := range snap.notes[id] {
		n := snap.nodes[nid]
		if n == nil || (n.Polarity != polarityNegated && n.Polarity != polarityDenied) {
			continue
		}
		src := telltale.Source{Name: snap.creatorName(n), ObjectID: nid, Polarity: n.Polarity, By: n.ClaimBy}
		if rep := snap.nodes[n.ReportRef]; rep != nil && n.ReportRef != "" {
			src.Name, src.URL = rep.Name, rep.url
		}
		for _, ref := range n.ObjectRefs {
			if t := snap.nodes[ref]; t != nil && t.Type == "location" && !isMember[ref] {
				o := acc.get(t)
				if !slices.ContainsFunc(o.against, func(s telltale.Source) bool { return s.ObjectID == nid }) {
					o.against = append(o.against, src)
				}
			}
		}
	}
}

// origins lists the locations some source asserts or suggests, firmest
// first as snapshot.origins says; never nil.
func (acc originAccs) origins() []telltale.Origin {
	out := []telltale.Origin{}
	for _, o := range acc {
		if len(o.sources) == 0 {
			continue // only negated or denied: nothing to show as an origin
		}
		og := telltale.Origin{
			Ref:     telltale.Ref{ID: o.loc.ID, Name: o.loc.Name, ExtID: strings.ToUpper(o.loc.Country), Sources: o.sources},
			Hedged:  !o.asserted,
			Against: o.against,
		}
		switch {
		case len(o.against) > 0:
			og.Status = telltale.OriginDisputed
		case o.asserted:
			og.Status = telltale.OriginAsserted
		default:
			og.Status = telltale.OriginHedged
		}
		out = append(out, og)
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := originRank(out[i]), originRank(out[j]); a != b {
			return a < b
		}
		if a, b := len(out[i].Sources), len(out[j].Sources); a != b {
			return a > b
		}
		if a, b := lower(out[i].Name), lower(out[j].Name); a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// originRank orders origins: asserted, disputed but asserted by some
// source, hedged, disputed and only hedged.
func originRank(o telltale.Origin) int {
	r := 0
	if o.Hedged {
		r += 2
	}
	if o.Status == telltale.OriginDisputed {
		r++
	}
	return r
}

// addPolarSource appends src unless a source with the same publisher,
// URL, speaker and polarity is there already.
func addPolarSource(list []telltale.Source, src telltale.Source) []telltale.Source {
	for _, s := range list {
		if s.Name == src.Name && s.URL == src.URL && s.By == src.By && s.Polarity == src.Polarity {
			return list
		}
	}
	return append(list, src)
}

// setOrigin fills a landscape row's origin from the actor's first one:
// its code and name, its status, and the sources for and against it.
func setOrigin(at *telltale.Attacker, a *telltale.Actor) {
	if len(a.Origin) == 0 {
		return
	}
	o := a.Origin[0]
	at.Origin, at.OriginName = o.ExtID, o.Name
	at.OriginStatus, at.OriginHedged = o.Status, o.Hedged
	at.OriginSources = append(append([]telltale.Source{}, o.Sources...), o.Against...)
}
