package extract

import (
	"strings"
)

// Attribution claims. A sentence makes a claim when it ties an actor (named,
// or "the group", "the hackers") to a country, a government or another
// actor with attribution words ("attributed to", "based in", "China-based",
// "state-sponsored", "knowledge of the Chinese language", "linked to").
// Its polarity is read from the same sentence, strongest first: denied
// ("denied any involvement"), negated ("does not claim a link", "not
// intended to suggest"), hedged ("possibly", "likely", "some knowledge"),
// else asserted. A negated or denied sentence never yields an asserted
// claim.

var attributionCues = []string{
	"attribut", "link", "tied to", "ties to", "tie to", "connected to", "connection", "associated with",
	"nexus", "based in", "-based", "based out of", "located in", "operating from", "operating out of",
	"operates from", "sponsor", "backed", "on behalf of", "behind", "responsible for", "responsibility",
	"origin", "knowledge of", "-language", " language", "-speaking", "speaking", "government", "state actor",
	"nation-state", "nation state", "played a", "role in", "working for", "work for", "affiliated",
	"aligned", "suspected", "believed to be", "involvement", "involved", "military", "intelligence service",
	"intelligence agency", "ministry of", "overlap", "same group", "tracked as", "also known as",
	"comes from", "came from", "hail from", "hails from", "culprit", "perpetrat", "allegation", "accus",
	"blame", "-nexus", " nexus",
}

var denialCues = []string{"denied", "denies", "deny", "denying", "rejected the", "rejects the", "dismissed the", "dismisses the", "refuted", "refutes", "repudiat"}

var negationCues = []string{
	"not intended to suggest", "stopped short of", "stops short of", "does not claim", "do not claim", "did not claim", "not claim", "no link", "no evidence",
	"no connection", "no indication", "not attribut", "unable to attribute", "cannot attribute", "can't attribute",
	"could not attribute", "not linked", "not connected", "not tied", "no ties", "not believe", "not involved",
	"not responsible", "not behind", "does not", "do not", "did not", "doesn't", "don't", "didn't", "isn't", "aren't",
	"wasn't", "weren't", "is not", "are not", "was not", "were not", "has not", "have not", "had not", "cannot",
	"never", "neither", "nor ", "no sign",
}

// strongNegations is the number of leading negationCues that speak of
// attribution itself; they win over the generic ones as the reported cue.
const strongNegations = 24

var hedgeCues = []string{
	"possibl", "potential", "likely", "probabl", " may ", " might ", " could ", "suspect", "believ", "assess",
	"confidence", "appear", "seem", "suggest", "indicat", "alleged", "reportedly", "some knowledge", "evidence that",
	"hint", "consistent with", "overlap", "perhaps", "presumab", "apparent", "thought to", "purported", "unclear",
	"not clear", "unconfirmed", "speculat", "circumstantial", "tentative", "moderate", "low-confidence", "uncertain",
	"would be", "point to", "points to", "pointing to",
}

// subjectWords designate an unnamed actor.
var subjectWords = []string{"the group", "this group", "the gang", "a gang of hackers", "the hackers", "these hackers", "hackers",
	"the attackers", "attackers", "the actor", "threat actor", "the actors", "the operators", "the pirates",
	"the developer", "the adversary", "the intruders", "the perpetrators", "the campaign", "the crew", "the threat group"}

var newsOrgs = wordSet(`reuters bloomberg gizmodo wired bleepingcomputer associated_press the_record the_new_york_times the_washington_post`)

// maxClaimSentence bounds the sentences read for claims.
const maxClaimSentence = 3000

func findClaims(text string, sents *sentences, hits []hit) []Claim {
	out := []Claim{}
	if len(hits) == 0 {
		return out
	}
	// The document's main source: the most mentioned non-news organisation.
	orgCount := map[string]int{}
	mainSource := ""
	for _, h := range hits {
		if h.Kind == KindOrganization && !newsOrgs[asciiLower(h.Name)] {
			orgCount[h.Name]++
			if orgCount[h.Name] > orgCount[mainSource] {
				mainSource = h.Name
			}
		}
	}
	// Group hits by sentence.
	var lastActor *hit
	var prevObjects []Claim
	prevSentence := -10
	for i := 0; i < len(hits); {
		j := i
		for j < len(hits) && hits[j].sentence == hits[i].sentence {
			j++
		}
		group := hits[i:j]
		si := hits[i].sentence
		// Only sentences naming a place or an actor can hold a claim, and
		// a denial only right after one.
		relevant := si-prevSentence <= 2 && len(prevObjects) > 0
		for _, h := range group {
			if h.Kind == KindCountry || h.Kind == KindRegion || h.Kind == KindActor {
				relevant = true
			}
		}
		if !relevant {
			for k := range group {
				if group[k].Kind == KindActor {
					lastActor = &group[k]
				}
			}
			i = j
			continue
		}
		a, b := sents.span(hits[i].Start)
		if b-a > maxClaimSentence {
			// Not prose: a table, a list of names, a minified page. Reading
			// it as one sentence would cost time for no true claim.
			i = j
			continue
		}
		sentence := text[a:b]
		low := " " + asciiLower(sentence) + " "

		claims := sentenceClaims(text, sentence, low, a, b, group, lastActor, mainSource)
		if len(claims) == 0 && containsAny(low, denialCues) && si-prevSentence <= 2 {
			// "The embassy denied any involvement": the object is the
			// one of the claims just made.
			for _, c := range prevObjects {
				c.Polarity = Denied
				c.Cue = firstCue(low, denialCues)
				c.By = denier(sentence, group)
				c.Evidence, c.Start, c.End = sentence, a, b
				claims = append(claims, c)
			}
		}
		if len(claims) > 0 {
			prevObjects = claims
			prevSentence = si
		}
		out = append(out, claims...)
		for k := range group {
			if group[k].Kind == KindActor {
				lastActor = &group[k]
			}
		}
		i = j
	}
	return dedupeClaims(out)
}

// sentenceClaims reads the claims of one sentence.
func sentenceClaims(text, sentence, low string, a, b int, group []hit, lastActor *hit, mainSource string) []Claim {
	if !containsAny(low, attributionCues) && !demonymActor(text, group) {
		return nil
	}
	var objects []hit
	var actors []hit
	var orgs []hit
	prevTarget := -1 // end of the last place read as a victim's location
	for _, h := range group {
		switch h.Kind {
		case KindCountry, KindRegion:
			// "in Israel and Saudi Arabia": a list continues the context.
			if prevTarget >= 0 && h.Start-prevTarget <= 12 && listJoin(text[prevTarget:h.Start]) {
				prevTarget = h.End
				continue
			}
			if targetingContext(sentence, h.Start-a) || orgRightAfter(h, group) {
				prevTarget = h.End
				continue
			}
			prevTarget = -1
			objects = append(objects, h)
		case KindActor:
			actors = append(actors, h)
		case KindOrganization:
			orgs = append(orgs, h)
		}
	}
	// "attributed to APT41", "linked to Lazarus": an actor after the cue
	// is an object.
	var subjects []hit
	for _, h := range actors {
		rel := h.Start - a
		before := asciiLower(sentence[max(0, rel-80):rel])
		if len(actors) > 1 || lastActor != nil || len(objects) == 0 {
			tb := strings.TrimRight(before, " ")
			if containsAny(before, []string{"attribut", "link", "tied", "connect", "associat", "overlap", "part of", "same as", "subgroup"}) &&
				(strings.HasSuffix(tb, " to") || strings.HasSuffix(tb, " with") || strings.HasSuffix(tb, " of") || strings.HasSuffix(tb, " as")) {
				objects = append(objects, h)
				continue
			}
		}
		subjects = append(subjects, h)
	}
	if len(objects) == 0 {
		return nil
	}
	// Polarity is read in the object's clause, but an assertion never
	// stands in a sentence that denies or negates elsewhere.
	sentencePolarity, sentenceCue := polarityOf(low)
	clausePolarity := func(rel int) (string, string) {
		p, c := polarityOf(" " + asciiLower(clauseAt(sentence, rel)) + " ")
		if p == Asserted && (sentencePolarity == Denied || sentencePolarity == Negated) {
			return sentencePolarity, sentenceCue
		}
		return p, c
	}
	polarity, cue := clausePolarity(objects[0].Start - a)
	by := ""
	for _, o := range orgs {
		if !newsOrgs[asciiLower(o.Name)] {
			by = o.Name
			break
		}
	}
	if by == "" && len(orgs) > 0 && polarity != Denied {
		by = orgs[0].Name
	}
	if polarity == Denied {
		by = denier(sentence, group)
	} else if by == "" {
		by = mainSource
	}
	subject, ref := "", ""
	if len(subjects) > 0 {
		subject, ref = subjects[0].Name, subjects[0].Mention.Mention
	} else {
		for _, w := range subjectWords {
			if k := strings.Index(low, w); k >= 0 {
				ref = strings.TrimSpace(sentence[max(0, k-1):min(len(sentence), k-1+len(w))])
				break
			}
		}
		if ref == "" && lastActor != nil {
			subject, ref = lastActor.Name, lastActor.Mention.Mention
		} else {
			subject = "unnamed"
		}
	}
	var out []Claim
	for k, o := range objects {
		if o.Name == subject {
			continue
		}
		if k > 0 {
			polarity, cue = clausePolarity(o.Start - a)
			if polarity == Denied {
				by = denier(sentence, group)
			}
		}
		out = append(out, Claim{
			Subject: subject, SubjectRef: ref, Mention: ref, Relation: relationOf(low, o), Object: o.Name, ObjectKind: objectKind(o.Kind),
			Polarity: polarity, Cue: cue, By: by, Evidence: sentence, Start: a, End: b,
		})
	}
	return out
}

// relationOf reads what the object of a claim is to its subject from the
// sentence's cue words.
func relationOf(low string, o hit) string {
	if o.Kind == KindActor {
		switch {
		case containsAny(low, []string{"also known as", "aka", "tracked as", "same group", "overlap", "known as", "referred to as"}):
			return SameAs
		case containsAny(low, []string{"subgroup", "sub-group", "part of", "affiliate"}):
			return PartOf
		}
		return AttributedTo
	}
	switch {
	case containsAny(low, []string{"sponsor", "backed", "on behalf of", "aligned", "state actor", "nation-state", "nation state"}):
		return SponsoredBy
	case containsAny(low, []string{"based", "located in", "operating from", "operating out of", "speaking", "language", "origin", "comes from", "hail from"}):
		return OriginatesFrom
	}
	return AttributedTo
}

func objectKind(kind string) string {
	switch kind {
	case KindActor:
		return "actor"
	case KindRegion:
		return "region"
	}
	return "country"
}

// clauseSeparators split a sentence into the clauses whose polarity is read
// apart: "there are not many details ..., although the report states that
// ... some knowledge of the Chinese language" is a hedge, not a negation.
var clauseSeparators = []string{", although ", " although ", ", though ", "; ", ", but ", " but ", ", however", ", whereas ", ", while ", " while "}

// clauseAt returns the clause of sentence that holds offset rel.
func clauseAt(sentence string, rel int) string {
	low := asciiLower(sentence)
	start, end := 0, len(sentence)
	for _, sep := range clauseSeparators {
		for from := 0; from < len(low); {
			k := strings.Index(low[from:], sep)
			if k < 0 {
				break
			}
			k += from
			if k < rel && k > start {
				start = k
			}
			if k >= rel && k < end {
				end = k
			}
			from = k + len(sep)
		}
	}
	if rel < start || rel > end {
		return sentence
	}
	return sentence[start:end]
}

// polarityOf reads the polarity of a sentence and the cue that set it.
func polarityOf(low string) (string, string) {
	if c := firstCue(low, denialCues); c != "" {
		return Denied, c
	}
	// "not clear whether" is a hedge, not a negation.
	stripped := strings.ReplaceAll(low, "not clear", "unclear")
	stripped = strings.ReplaceAll(stripped, "not only", "")
	if c := firstCue(stripped, negationCues[:strongNegations]); c != "" {
		return Negated, c
	}
	if c := firstCue(stripped, negationCues[strongNegations:]); c != "" {
		return Negated, c
	}
	if c := firstCue(low, hedgeCues); c != "" {
		return Hedged, strings.TrimSpace(c)
	}
	return Asserted, firstCue(low, attributionCues)
}

func firstCue(low string, cues []string) string {
	best, bestAt := "", -1
	for _, c := range cues {
		if k := strings.Index(low, c); k >= 0 && (bestAt < 0 || k < bestAt) {
			best, bestAt = c, k
		}
	}
	return strings.TrimSpace(best)
}

// demonymActor: "Chinese hackers", "an Iranian group", "Russian-speaking
// actors", "China-based APT": a place right before an actor word is an
// attribution.
func demonymActor(text string, group []hit) bool {
	for _, h := range group {
		if h.Kind != KindCountry && h.Kind != KindRegion {
			continue
		}
		if orgRightAfter(h, group) {
			continue // "US Cybersecurity and Infrastructure Security Agency"
		}
		after := asciiLower(text[h.End:min(len(text), h.End+48)])
		for _, p := range []string{"-based", "-linked", "-nexus", "-speaking", "-sponsored", "-backed", "-aligned", " state-sponsored", " state-backed", " state", " government-backed", " government-sponsored", " government"} {
			after = strings.TrimPrefix(after, p)
		}
		for _, w := range []string{" hackers", " hacker", " group", " actor", " actors", " apt", " threat actor", " operators", " attackers", " adversar", " gang", " crew", " intelligence", " military", " espionage", " spies", " nation-state"} {
			if strings.HasPrefix(after, w) {
				return true
			}
		}
	}
	return false
}

// targetingContext reports whether a country at offset rel of the sentence
// names a victim's location ("companies in Israel", "targeting Japan",
// "against Ukraine") rather than an attribution.
func targetingContext(sentence string, rel int) bool {
	before := asciiLower(sentence[max(0, rel-30):rel])
	before = strings.TrimRight(before, " ")
	for _, w := range []string{"based in", "located in", "operating in", "out of", "from", "behind", "by", "of the", "to", "with"} {
		if strings.HasSuffix(before, w) {
			return false
		}
	}
	for _, w := range []string{" in", " against", "targeting", "targeted", "targets", " across", "victims in", " into", " at", "companies", "entities", "organizations", " for"} {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	return false
}

// denier finds who denies: an organisation or a country of the sentence,
// or the phrase before the denial verb ("the embassy").
func denier(sentence string, group []hit) string {
	low := asciiLower(sentence)
	k := -1
	for _, c := range denialCues {
		if i := strings.Index(low, c); i >= 0 && (k < 0 || i < k) {
			k = i
		}
	}
	for _, h := range group {
		if h.Kind == KindOrganization {
			return h.Name
		}
	}
	if k > 0 {
		before := strings.TrimSpace(sentence[:k])
		words := strings.Fields(before)
		for len(words) > 1 && auxiliaries[asciiLower(words[len(words)-1])] {
			words = words[:len(words)-1]
		}
		if len(words) > 6 {
			words = words[len(words)-6:]
		}
		for i, w := range words {
			lw := asciiLower(w)
			if lw == "the" || lw == "a" || lw == "an" {
				return strings.Join(words[i:], " ")
			}
		}
		return strings.Join(words, " ")
	}
	return ""
}

func dedupeClaims(cs []Claim) []Claim {
	seen := map[[5]string]bool{}
	out := cs[:0]
	for _, c := range cs {
		k := [5]string{c.Subject, c.Object, c.Polarity, c.By, c.Evidence}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, c)
	}
	return out
}

// listJoin reports whether the words between two places only join a list.
func listJoin(between string) bool {
	w := strings.TrimSpace(asciiLower(between))
	w = strings.TrimSuffix(strings.TrimPrefix(w, ","), ",")
	w = strings.TrimSpace(w)
	return w == "" || w == "and" || w == "or" || w == ", and" || w == "as well as" || w == "&"
}

var auxiliaries = wordSet(`has have had was were is are also quickly strongly flatly repeatedly officially publicly swiftly later then has_since`)

// orgRightAfter reports whether an organisation's name starts right after
// the place (the place is part of the organisation's name).
func orgRightAfter(h hit, group []hit) bool {
	for _, o := range group {
		if o.Kind == KindOrganization && o.Start >= h.End && o.Start <= h.End+1 {
			return true
		}
	}
	return false
}
