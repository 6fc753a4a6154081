package extract

import (
	"regexp"
	"slices"
	"strings"
)

// A claim's speaker: who the sentence says makes it, else the text's
// publisher; denials and an actor's own statements.

// speechVerbs follow the organisation that makes a claim.
var speechVerbs = []string{"said", "says", "say", "told", "assess", "attribut", "believe", "report", "track", "call",
	"consider", "found", "observed", "noted", "stated", "wrote", "claim", "expects", "concluded", "identified", "linked",
	"published", "announced", "accused", "has", "have", "does", "did", "is", "was", "tells", "ruled", "rules out"}

// speaker says who makes the claims of a sentence: an organisation quoted
// there ("according to X", "X said", "X assesses"), else the text's
// publisher: the organisation it cites most when the text is its own
// report, "the publisher" when the text reports another's findings (a
// journalist's hedge is the journalist's, not the vendor's).
func speaker(doc *docContext, sentence string, group []hit) string {
	for _, h := range group {
		if h.Kind == KindOrganization && speaksAt(doc.text, h) {
			return h.Name
		}
	}
	// "according to an advisory from the governments of Canada and
	// Australia": the words after the phrase name the speaker.
	if k := strings.Index(asciiLower(sentence), "according to "); k >= 0 {
		rest := sentence[k+len("according to "):]
		if end := strings.IndexAny(rest, ",.;:—–"); end >= 0 {
			// "likely—according to Acme—linked to Iran": a dash
			// closes the speaker's name too.
			rest = rest[:end]
		}
		if w := strings.Fields(rest); len(w) > 0 && len(w) <= 10 {
			return possessor(w)
		}
	}
	if name := namedSayer(doc.text, sentence, group); name != "" {
		return name
	}
	if name := stateSpeaker(sentence, group); name != "" {
		return name
	}
	if m := statesBodiesRE.FindStringSubmatch(sentence); m != nil {
		return m[1]
	}
	if name := quotedSayer(sentence); name != "" {
		return name
	}
	if doc.reported || doc.mainSource == "" {
		return Publisher
	}
	return doc.mainSource
}

// sayVerbs follow a speaker no dictionary holds ("Acme said", ", Acme Labs
// said.") or a pair of speakers ("The FBI and Norway's NSA said").
var sayVerbs = wordSet(`said say says told stated added noted wrote reported assess assessed assesses believe believes warned concluded announced`)

// namedSayer names a speaker the dictionaries do not hold: one to three
// capitalised words that open the sentence, or follow its last comma,
// right before a verb of saying ("Acme said the group ...", "..., Acme
// Labs said."). A word that opens the sentence must be written with its
// capital elsewhere in the text too, inside a sentence ("security firm
// Acme Labs"), so that "Officials said" names no one; names the sentence's
// hits hold (an actor, a place) are not speakers here.
func namedSayer(text, sentence string, group []hit) string {
	try := func(s string, opening bool) string {
		w := strings.Fields(s)
		n := 0
		for n < len(w) && n < 3 && w[n][0] >= 'A' && w[n][0] <= 'Z' && !strings.ContainsAny(w[n], ",;:.()\"'“”") {
			n++
		}
		if n == 0 || n >= len(w) || !sayVerbs[strings.TrimRight(w[n], ",.")] {
			return ""
		}
		name := strings.Join(w[:n], " ")
		low := asciiLower(name)
		if stopWords[low] || commonWords[low] || genericWords[low] {
			return ""
		}
		for _, h := range group {
			if strings.EqualFold(h.Mention.Mention, name) || strings.EqualFold(h.Name, name) {
				return ""
			}
		}
		if opening && !writtenInside(text, w[0]) {
			return ""
		}
		return name
	}
	if name := try(sentence, true); name != "" {
		return name
	}
	// "Security researchers at Redline Intelligence said ...": the
	// researchers' employer.
	low := asciiLower(sentence)
	for _, p := range []string{"researchers at ", "analysts at ", "experts at ", "investigators at "} {
		if k := strings.Index(low, p); k >= 0 {
			if e, n := properWords(sentence, k+len(p)); n > 0 {
				return sentence[k+len(p) : e]
			}
		}
	}
	if k := strings.LastIndex(sentence, ", "); k >= 0 && len(strings.Fields(sentence[k:])) <= 5 {
		return try(sentence[k+2:], false)
	}
	return ""
}

// quotedSayer names who speaks where a news story sets the verb before
// the speaker ("…,” said Vantor's chief researcher, Dana Peretz.": the
// firm whose name takes the possessive) or opens with sources it does
// not name ("Two people familiar with the investigation told reporters
// …"); "" when neither is there.
func quotedSayer(sentence string) string {
	low := asciiLower(sentence)
	if k := strings.LastIndex(low, " said "); k > 0 && strings.ContainsAny(sentence[max(0, k-3):k], ",\"”") {
		rest := sentence[k+len(" said "):]
		if e, n := properWords(rest, 0); n > 0 && (hasAnyPrefix(rest[e:], []string{"'s ", "’s "}) || strings.TrimSpace(rest[e:]) == ".") {
			return rest[:e]
		}
	}
	if k := strings.Index(low, " familiar with "); k > 0 && k < 40 {
		if _, j := lastOf(low[:min(len(low), k+60)], []string{" told ", " said "}); j > k {
			return strings.TrimSpace(sentence[:j])
		}
	}
	return ""
}

// statesBodiesRE matches the voices of one or two states that make the
// sentence's claim, as its subject (at its start, after an interview's
// label, or after "that"): "the national CERTs of Jordan and Kuwait have
// publicly linked", "The governments of Canada and the United Kingdom
// attribute"; not "The intrusions into the governments of Albania and
// Montenegro linked to Iran were disclosed by Microsoft".
var statesBodiesRE = regexp.MustCompile(`(?:^[\s"“'‘(-]*(?:[QA]:\s*)?|\bthat\s+)(?:[Tt]he\s+)?((?:national\s+)?(?:CERTs?|CSIRTs?|governments?|authorities|agencies|security services|intelligence services)\s+of\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*(?:,?\s+and\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?)\s+(?:have\s+|has\s+|had\s+)?(?:[a-z]+ly\s+)?(?:attribut|link|tie|tied|blame|accuse|name|said|say|state|assess|conclude)`)

// stateSpeakerNouns are a state's voices after its name: "the UK
// government", "Dutch authorities".
var stateSpeakerNouns = wordSet(`government authorities officials ministry police prosecutors`)

// stateVerbs are what a state's voice does when it makes a claim.
var stateVerbs = []string{"attribut", "blame", "accuse", "said", "says", "stated", "announce", "link", "named", "charged", "indicted", "sanction"}

// stateSpeaker names a state's voice that opens the sentence and makes its
// claim: "The UK government attributed the attack to Russia", "Dutch
// authorities said"; "" when there is none.
func stateSpeaker(sentence string, group []hit) string {
	// an interview's question or answer label: "Q: Polish officials
	// have said ..."
	for _, label := range []string{"Q: ", "A: ", "Q. ", "A. "} {
		sentence = strings.TrimPrefix(sentence, label)
	}
	t := strings.TrimPrefix(strings.TrimPrefix(sentence, "The "), "the ")
	for _, h := range group {
		if h.Kind != KindCountry || !strings.HasPrefix(t, h.Mention.Mention+" ") {
			continue
		}
		words := strings.Fields(t[len(h.Mention.Mention):])
		if len(words) < 2 || !stateSpeakerNouns[asciiLower(words[0])] {
			return ""
		}
		for _, w := range words[1:min(len(words), 5)] {
			if hasAnyPrefix(asciiLower(w), stateVerbs) {
				return h.Mention.Mention + " " + words[0]
			}
		}
		return ""
	}
	return ""
}

// writtenInside reports whether the text writes word after a lower-case
// word or a comma, so that its capital is a name's, not a sentence's.
func writtenInside(text, word string) bool {
	for i := 0; ; {
		k := strings.Index(text[i:], " "+word)
		if k < 0 {
			return false
		}
		k += i
		end := k + 1 + len(word)
		if k > 0 && (text[k-1] >= 'a' && text[k-1] <= 'z' || text[k-1] == ',') && (end == len(text) || !isWordByte(text[end])) {
			return true
		}
		i = k + 1
	}
}

// possessor names who speaks in words like "Facebook’s analysis" or "the
// FBI's latest advisory": the owner of the document, not the document.
// Other words are returned joined as they are.
func possessor(w []string) string {
	for i, x := range w {
		owner, ok := strings.CutSuffix(x, "’s")
		if !ok {
			owner, ok = strings.CutSuffix(x, "'s")
		}
		if !ok || i+3 < len(w) || i+1 == len(w) || !documentNouns[asciiLower(w[len(w)-1])] {
			continue
		}
		return strings.Join(append(slices.Clone(w[:i]), owner), " ")
	}
	return strings.Join(w, " ")
}

// documentNouns are what a speaker publishes.
var documentNouns = wordSet(`analysis report research findings blog investigation advisory statement assessment alert post`)

// selfStatements are a group speaking of itself.
var selfStatements = []string{"operators said", "operators say", "operators claimed", "operators also claimed", "operators stated",
	"operators insisted", "the group said", "the group says", "the group claimed", "the group insisted", "the gang said",
	"the gang says", "the gang claimed", "the hackers said", "the hackers claimed", "the actors claimed", "the actor claimed",
	"the group insists", "the gang insists"}

// groupSaysRE matches a group's noun as the subject of a verb of saying,
// perhaps with a phrase that places the group ("The crew behind the
// channel posted that", "the gang running the leak site wrote"): the
// group speaks for itself.
var groupSaysRE = regexp.MustCompile(`\b(?:the|this)\s+(?:group|gang|crew|hackers|actors?|operators)(?:\s+(?:behind|running|on|from|at)\s+[^,.;"]{1,40}?)?\s+(?:said|says|claimed|claims|posted|posts|wrote|writes|stated|states|insisted|insists|announced|tweeted|boasted)\b`)

// selfDenials are the group's own words only when the group speaks them:
// "the crew insists it has no links", not "Microsoft says it has no
// evidence".
var selfDenials = []string{"insists it has no", "insists that it has no", "says it has no", "claims it has no"}

// selfStatement reports whether a sentence, starting at a in the text with
// the hits group, quotes the group about itself.
func selfStatement(sentence string, a int, group []hit) bool {
	low := asciiLower(sentence)
	if containsAny(low, selfStatements) || groupSaysRE.MatchString(low) {
		return true
	}
	for _, c := range selfDenials {
		k := strings.Index(low, c)
		if k < 0 {
			continue
		}
		before := strings.TrimRight(low[:k], " ")
		if actorHeads[before[strings.LastIndexByte(before, ' ')+1:]] {
			return true
		}
		for _, h := range group {
			if h.Kind == KindActor && h.End-a == len(before) {
				return true
			}
		}
	}
	return false
}

// speaksAt reports whether the organisation named at h speaks there:
// "according to X", "a report by X", "researchers at X", "X said", "X's
// researchers assess".
func speaksAt(text string, h hit) bool {
	before := strings.TrimRight(asciiLower(text[max(0, h.Start-40):h.Start]), " ")
	for _, p := range []string{"according to", "according to the", "report from", "report by", "researchers at"} {
		if strings.HasSuffix(before, p) {
			return true
		}
	}
	after := strings.TrimLeft(asciiLower(stripMarks(text[h.End:min(len(text), h.End+80)])), " ")
	after = strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(after, "'s"), "’s"), " ")
	if rest, ok := strings.CutPrefix(after, "and "); ok {
		// "The FBI and Norway's National Security Authority said":
		// speakers in a pair speak together.
		for i, w := range strings.Fields(rest) {
			if i == 6 || strings.ContainsAny(w, ",.;:") {
				break
			}
			if sayVerbs[w] {
				return true
			}
		}
	}
	after = after[:min(len(after), 40)]
	if inPassing(before, after) {
		return false
	}
	for _, rel := range []string{", which ", ", who "} {
		// "citing Mandiant, which said it attributes ..."
		after = strings.TrimPrefix(after, rel)
	}
	for _, v := range speechVerbs {
		if strings.HasPrefix(after, v) || strings.HasPrefix(after, "researchers "+v) || strings.HasPrefix(after, "analysts "+v) {
			return true
		}
	}
	return false
}

// passingNouns are what a vendor names or describes in a clause of its
// own: "a cluster the FBI has described as", "a group Mandiant tracks as".
var passingNouns = []string{" cluster", " group", " actor", " set", " tool", " backdoor", " loader", " campaign", " name"}

// inPassing reports whether an organisation, with the lower-cased words
// before and after it, names or describes something in a clause of the
// text's sentence rather than speaking for the text: "a group that
// Mandiant calls UNC1945", "FooLoad as Mandiant calls it", "a cluster
// the FBI has described as", or holds a view the text sets beside its
// own ("a view that CrowdStrike does not share").
func inPassing(before, after string) bool {
	for _, adv := range []string{"also ", "now ", "still ", "itself ", "publicly ", "has ", "have ", "had "} {
		after = strings.TrimPrefix(after, adv)
	}
	naming := hasAnyPrefix(after, []string{"track", "call", "refer", "describ", "name", "dub", "label"})
	before = strings.TrimSuffix(strings.TrimSuffix(before, " the"), " a")
	switch {
	case naming && hasAnySuffix(before, []string{" that", " which", " as"}):
		return true
	case naming && hasAnySuffix(before, passingNouns):
		return true
	}
	return hasAnySuffix(before, []string{"view that", "assessment that", "conclusion that", "attribution that", "position that", "link that"})
}

// denier finds who denies: an organisation of the sentence, or the phrase
// before the denial verb ("the embassy"), else "the accused".
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
		words := strings.Fields(strings.TrimSpace(sentence[:k]))
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
	return "the accused"
}
