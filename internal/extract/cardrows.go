package extract

import (
	"regexp"
	"strings"
)

// cardRowRE matches a labelled row of a profile card: the label, dot
// leaders or a colon, and the values ("Also known as ....... Venomous
// Bear (CrowdStrike), Snake", "Origin: Russia").
var cardRowRE = regexp.MustCompile(`(?m)^[ \t]*([A-Za-z][A-Za-z ]{1,30}?)[ \t]*(?:\.{3,}|:)[ \t]+(\S[^\n]*)$`)

// cardLabels are the row labels that make a claim about the card's actor,
// with the relation; a label that says "suspected" hedges it.
var cardLabels = map[string]string{
	"also known as": SameAs, "aliases": SameAs, "alias": SameAs, "other names": SameAs, "aka": SameAs,
	"not the same as": DistinctFrom, "not to be confused with": DistinctFrom, "distinct from": DistinctFrom,
	"origin": OriginatesFrom, "country of origin": OriginatesFrom, "suspected origin": OriginatesFrom, "based in": OriginatesFrom,
	"sponsor": SponsoredBy, "suspected sponsor": SponsoredBy, "state sponsor": SponsoredBy,
	"attribution": AttributedTo, "attributed to": AttributedTo,
}

// cardRowClaims reads the labelled rows of a profile card about the actor
// the text names most: "Also known as ....... Venomous Bear, Snake" (same-as
// each actor named there), "Not the same as ..... Sandworm; APT28"
// (distinct-from), "Origin .............. Russia", "Sponsor ...
// FSB". The row names no subject: the card is about its actor. A
// label with "suspected" or a value with a confidence short of high
// hedges the row.
func cardRowClaims(doc *docContext, text string, hits []hit) []Claim {
	if doc.mainActor == nil || !strings.Contains(text, "...") && !strings.Contains(text, ":") {
		return nil
	}
	rows := cardRowRE.FindAllStringSubmatchIndex(text, -1)
	if !isCard(text, rows) {
		return nil
	}
	var out []Claim
	for _, m := range rows {
		label := strings.ToLower(strings.TrimSpace(text[m[2]:m[3]]))
		rel, ok := cardLabels[label]
		if !ok {
			continue
		}
		if !listValue(text, m[4], m[5], hits) {
			continue
		}
		polarity := Asserted
		value := asciiLower(text[m[4]:m[5]])
		if strings.Contains(label, "suspected") || firstCue(value, confidenceHedges) != "" {
			polarity = Hedged
		}
		for _, h := range hits {
			if h.Start < m[4] || h.End > m[5] || !cardObject(rel, h) || h.Name == doc.mainActor.Name && rel != SameAs {
				continue
			}
			if rel == SameAs && strings.EqualFold(text[h.Start:h.End], doc.mainActor.Mention.Mention) {
				continue // the card's own name among its aliases
			}
			c := Claim{Subject: doc.mainActor.Name, SubjectRef: doc.mainActor.Mention.Mention, Mention: doc.mainActor.Mention.Mention,
				Relation: rel, Object: objectName(party{hit: h}), ObjectKind: objectKind(h.Kind), Polarity: polarity, Cue: label,
				By: speaker(doc, text[m[0]:m[1]], nil), Evidence: strings.TrimSpace(text[m[0]:m[1]]), Start: m[0], End: m[1]}
			if h.Kind == KindActor {
				c.ObjectRef = h.Name
			}
			c.objectAt, c.located = h.Start, true
			out = append(out, c)
		}
	}
	return out
}

// isCard reports whether the labelled rows found in text make a profile
// card: a row with dot leaders, or two rows of cardLabels. A text with
// one "Origin: ..." line below its prose is no card.
func isCard(text string, rows [][]int) bool {
	labelled := 0
	for _, m := range rows {
		if strings.Contains(text[m[3]:m[4]], "...") {
			return true
		}
		if _, ok := cardLabels[strings.ToLower(strings.TrimSpace(text[m[2]:m[3]]))]; ok {
			labelled++
		}
	}
	return labelled >= 2
}

// cardObject reports whether a hit may be the object of a card row's
// relation: an actor for same-as and distinct-from, a place or a state
// body for the others ("Attribution: Mandiant" names who attributed, not
// to whom).
func cardObject(rel string, h hit) bool {
	if rel == SameAs || rel == DistinctFrom {
		return h.Kind == KindActor
	}
	if h.Kind == KindOrganization {
		return stateBodyAbbrevs[h.Name] || startsStateBody(h.Name)
	}
	return h.Kind == KindCountry || h.Kind == KindRegion
}

// listValue reports whether text[start:end], a row's value, is a list of
// names: once the names the hits find and the words in brackets are set
// aside, only words that join or qualify names remain ("Origin: the
// loader came from a forum post", "Based in: Romania and Moldova
// offices" are prose).
func listValue(text string, start, end int, hits []hit) bool {
	var b strings.Builder
	at := start
	for _, h := range hits {
		if h.Start >= at && h.End <= end {
			b.WriteString(text[at:h.Start])
			b.WriteByte(' ')
			at = h.End
		}
	}
	b.WriteString(text[at:end])
	rest := bracketedRE.ReplaceAllString(b.String(), " ")
	for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '/' }) {
		if !listWords[strings.ToLower(strings.Trim(w, ".:"))] {
			return false
		}
	}
	return true
}

// listWords may stand between the names of a card row's value.
var listWords = wordSet(`and or the a an possibly likely probably suspected assessed confidence high moderate medium low
	state government also formerly`)

var bracketedRE = regexp.MustCompile(`\([^()]*\)`)
