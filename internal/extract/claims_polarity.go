package extract

import (
	"regexp"
	"strings"
)

// A claim's polarity: denied, negated, hedged or asserted, read in the
// clause that holds its cue.

// agentlessViewRE matches a view the text reports from no one in
// particular, which hedges what follows it: "has been called a front
// for", "has often been described as", "sometimes described as a
// subgroup of". A view with its holder ("has been described by Microsoft
// as") is that holder's.
var agentlessViewRE = regexp.MustCompile(`\b(?:(?:has|have|had)\s+(?:[a-z]+\s+)?been\s+(?:[a-z]+ly\s+)?(?:called|described|labell?ed|characteri[sz]ed|portrayed|branded|dubbed)\s+(?:as|a|an|part)\b|sometimes\s+(?:described|called|treated|regarded|considered|referred\s+to|labell?ed|characteri[sz]ed|seen|linked|tied|listed)\b)`)

// closedAsideRE matches an aside set off by two commas, which says
// nothing of a tie after it: "Mandiant's report, which has been called a
// landmark study, attributes".
var closedAsideRE = regexp.MustCompile(`,[^,;]{1,120},`)

// othersViewRE matches a view that people the text does not name hold,
// which hedges what follows it: "Some commentators have nevertheless
// described X as", "a few journalists have tied X to". The people are
// the subject of a verb of a view or a tie, so "some journalists were
// phished by X" holds no view.
var othersViewRE = regexp.MustCompile(`\b(?:some|several|a few|many|other)\s+(?:[a-z]+\s+)?(?:commentators|observers|journalists|reporters|pundits|outlets|media|critics|bloggers|writers|academics|scholars)\s+(?:(?:have|has|had)\s+)?(?:[a-z]+\s+)?(?:described|call|called|labell?ed|branded|characteri[sz]ed|portrayed|linked|tied|attributed|blamed|pinned|said|claimed|argued|suggested|speculated|believe|believed|think|thought|see|saw|consider|considered|regard|regarded|view|viewed)\b`)

// aliasNamings are the cues of other names the writer gives a group.
var aliasNamings = map[string]bool{"aka": true, "a.k.a.": true, "also known as": true, "known as": true, "(": true,
	"also called": true, "also tracked as": true}

// othersView returns the words of low that report a view of people the
// text does not name, or "".
func othersView(low string) string {
	if m := othersViewRE.FindString(low); m != "" {
		return strings.Join(strings.Fields(m), " ")
	}
	return ""
}

// agentlessView returns the words of low that report a view held by no
// one named, or "".
func agentlessView(low string) string {
	if m := agentlessViewRE.FindString(low); m != "" {
		return strings.Join(strings.Fields(m), " ")
	}
	return ""
}

// viewHedgeRE matches a view others hold, which hedges the predicate
// after it: "is considered by several vendors to be of Chinese origin".
// Only "known to be" and a view held with high confidence assert.
var viewHedgeRE = regexp.MustCompile(`\b(?:believed|thought|considered|assessed|said|reported|suspected|presumed|understood|regarded)(?:\s+by\s+[^,;.()]{1,60}?)?\s+(?:to\s+be|as)\s+(?:(?:a|an|the|of)\s+)?$`)

// claimPolarity reads the polarity of a claim whose object is at rel of the
// sentence, from the clause that holds it.
func claimPolarity(sentence string, rel int) (string, string) {
	clause := clauseAt(sentence, rel)
	k := strings.Index(sentence, clause)
	// "published in May 2020": the month, not the hedge (same length,
	// so offsets hold).
	low := " " + asciiLower(strings.ReplaceAll(clause, " May ", " Mai ")) + " "
	if c := denialIn(low); c != "" {
		return Denied, c
	}
	if at := rel - k + 1; at > 0 && at <= len(low) {
		if c := firstCue(low[:at], notRuledOut); c != "" {
			// "we cannot rule out APT41": a possibility left open (not
			// "carried out by APT28, and we cannot rule out further
			// waves")
			return Hedged, c
		}
	}
	stripped := strings.ReplaceAll(low, "not clear", "unclear")
	stripped = strings.ReplaceAll(stripped, "not only", "")
	if c := firstCue(stripped, strongNegations); c != "" {
		return Negated, c
	}
	// A generic negation counts only shortly before the object ("is not
	// linked to", "did not attribute ... to"); a hedge anywhere before it
	// ("likely linked to", "believed to be associated with").
	upto := rel - k + 1
	if upto <= 0 || upto > len(stripped) {
		upto = len(stripped)
	}
	if c := firstCue(stripped[max(0, upto-60):upto], weakNegations); c != "" {
		return Negated, c
	}
	if containsAny(low, assertionOverrides) {
		return Asserted, firstCue(low, assertionOverrides)
	}
	if c := firstCue(low[:upto], hedgeCues); c != "" {
		return Hedged, c
	}
	if c := othersTie(low[:upto]); c != "" {
		return Hedged, c
	}
	if c := agentlessView(closedAsideRE.ReplaceAllString(low[:upto], ",")); c != "" {
		return Hedged, c
	}
	if c := othersView(low[:upto]); c != "" {
		return Hedged, c
	}
	if c := unverifiedAfter(sentence, k+len(clause), low[upto:]); c != "" {
		return Hedged, c
	}
	if asks(sentence) {
		return Hedged, "?"
	}
	return Asserted, ""
}

// otherParties are speakers a text cites without naming them, whose ties
// it reports without taking them: "another vendor linked the intrusions
// to APT41".
var otherParties = []string{"another vendor", "other vendors", "another security vendor", "other security vendors",
	"another security firm", "other security firms", "another firm", "other firms", "a different vendor", "one vendor",
	"another company", "another researcher", "a rival vendor", "a competing vendor"}

// tieVerbs are the verbs of a tie an other party makes.
var tieVerbs = wordSet(`linked link links tied tie ties attributed attribute attributes blamed blame blames connected connect connects associated associate associates`)

// othersTie returns the words of an other party followed, within three
// words ("has since", "had"), by a verb of a tie in low; "" when there
// are none.
func othersTie(low string) string {
	for _, p := range otherParties {
		for k := range occurrences(low, p) {
			if k > 0 && isWordByte(low[k-1]) {
				continue
			}
			rest := strings.Fields(low[k+len(p) : min(len(low), k+len(p)+40)])
			for i := 0; i < len(rest) && i < 3; i++ {
				if tieVerbs[strings.Trim(rest[i], ",;:")] {
					return p + " " + strings.Join(rest[:i+1], " ")
				}
			}
		}
	}
	return ""
}

// asks reports whether sentence is a question, which asks as "whether"
// does: "do Iranian crews still hit refineries?" claims nothing for sure.
func asks(sentence string) bool {
	return strings.HasSuffix(strings.TrimRight(sentence, " \"'”’)"), "?")
}

// ordinals stand for one of the things a text counts off: "The first was
// the work of APT41".
var ordinals = wordSet(`first second third fourth fifth sixth last latest other`)

// ordinalRef returns "the first" when the lower-cased words before a cue
// open with an ordinal standing alone as the subject of "was" or "is"
// ("the first was the work of", "the second was probably"), else "".
func ordinalRef(between string) string {
	w := strings.Fields(between)
	if len(w) >= 3 && w[0] == "the" && ordinals[w[1]] && (w[2] == "was" || w[2] == "is" || w[2] == "were") {
		return w[0] + " " + w[1]
	}
	return ""
}

// ruleOutCues set an actor or a state aside as the author of what the
// text is about: "We have ruled out APT41".
var ruleOutCues = []string{"ruled out", "rule out", "ruling out"}

// notRuledOut leave a possibility open: "have not ruled out Iran".
var notRuledOut = []string{"not ruled out", "not rule out", "not ruling out", "cannot rule out", "can't rule out",
	"can’t rule out", "not be ruled out", "not been ruled out", "cannot be ruled out", "can't be ruled out", "not excluded",
	"not exclude", "not excluding"}

// unverifiedCues say that nobody could check a claim made before them.
var unverifiedCues = []string{"could not be verified", "could not be confirmed", "could not be independently verified", "could not independently verify",
	"cannot be verified", "cannot be confirmed", "has not been verified", "has not been confirmed", "have not been verified", "have not been confirmed",
	"remains unconfirmed", "remain unconfirmed", "is unverified", "are unverified"}

// unverifiedAfter returns the words after a claim's object that leave it
// unchecked: in its own clause ("the group's claim to be part of X could
// not be verified"), or in a clause that points back at it ("..., but
// this could not be confirmed"). rest is the lower-cased rest of the
// object's clause, and the sentence's next clause starts at end.
func unverifiedAfter(sentence string, end int, rest string) string {
	if c := firstCue(rest, unverifiedCues); c != "" {
		return c
	}
	next := strings.TrimLeft(asciiLower(sentence[min(end, len(sentence)):]), " ,;")
	for _, lead := range []string{"but this ", "but that ", "but it ", "but the claim ", "though this ", "although this "} {
		if strings.HasPrefix(next, lead) {
			return firstCue(clauseAt(next, len(lead)), unverifiedCues)
		}
	}
	return ""
}

// blanked returns s with every occurrence of the lower-case word w (in any
// case) replaced by spaces, so offsets hold.
func blanked(s, w string) string {
	low := asciiLower(s)
	if !strings.Contains(low, w) {
		return s
	}
	b := []byte(s)
	for k := range occurrences(low, w) {
		for i := k; i < k+len(w); i++ {
			b[i] = ' '
		}
	}
	return string(b)
}

// phrasePolarity reads the polarity of a claim a noun phrase makes ("a
// suspected Chinese group", "APT33/Elfin") from the words just before it:
// "X is believed to have been used by the Iranian group APT33" hedges the
// use, not the group's origin.
func phrasePolarity(sentence string, rel int) (string, string) {
	low := " " + asciiLower(sentence[max(0, rel-30):rel]) + " "
	// "the comments suggested Russian-speaking operators": a clue's
	// verb hedges the phrase it points at.
	if c := firstCue(low, []string{"suspected", "alleged", "likely", "possibl", "presumab", "purported", "reportedly", "supposedly", "probabl", "potential",
		"suggest", "point to", "points to", "pointed to", "pointing to", "hint", "could belong", "may belong", "might belong"}); c != "" {
		return Hedged, c
	}
	if c := firstCue(low, []string{"not a ", "not an ", "no "}); c != "" {
		return Negated, c
	}
	if m := viewHedgeRE.FindString(asciiLower(clauseAt(sentence[:rel], rel))); m != "" && !strings.Contains(asciiLower(sentence[:rel]), "high confidence") {
		return Hedged, strings.Fields(m)[0]
	}
	if c := agentlessView(asciiLower(clauseAt(sentence[:rel], rel))); c != "" {
		return Hedged, c
	}
	if c := othersView(asciiLower(clauseAt(sentence[:rel], rel))); c != "" {
		return Hedged, c
	}
	// "Claims that Belarusian hackers took part are not supported by the
	// evidence": the clause sets the phrase's claim aside.
	if c := firstCue(asciiLower(clauseAt(sentence, rel)), unsupported); c != "" {
		return Negated, c
	}
	// "we assess with moderate confidence that APT28 is a Russian
	// state-sponsored actor": a confidence short of high, earlier in the
	// phrase's clause, hedges it.
	before := asciiLower(sentence[:rel])
	for _, sep := range clauseSeparators {
		if k := strings.LastIndex(before, sep); k >= 0 {
			before = before[k+len(sep):]
		}
	}
	if c := firstCue(before, confidenceHedges); c != "" {
		return Hedged, c
	}
	if asks(sentence) {
		return Hedged, "?"
	}
	return Asserted, ""
}

// unsupported say that the evidence does not bear a claim out.
var unsupported = []string{"not supported by", "unsupported by", "not borne out"}

// confidenceHedges are the confidences short of high.
var confidenceHedges = []string{"moderate confidence", "medium confidence", "low confidence", "low-confidence", "moderate-confidence", "medium-confidence", "low-to-moderate confidence", "low to moderate confidence"}

// clauseSeparators split a sentence into the clauses whose polarity is read
// apart: "there are not many details ..., although the report states that
// ... some knowledge of the Chinese language" is a hedge, not a negation.
var clauseSeparators = []string{", which ", ", although ", " although ", ", though ", "; ", ", but ", " but ", ", however", ", whereas ", ", while ", " while ", ", if ", " if it is not"}

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
	if k := openAsideStart(low, rel); k > start {
		// "worked with MERCURY—an actor that US Cyber Command has
		// linked to the MOIS": an aside a dash opens and that runs to
		// the object is a clause of its own.
		start = k
	}
	for k := range occurrences(low, " who ") {
		// "discredit Acme who linked the intrusions to Iran": a
		// relative clause on a named party keeps its own polarity.
		if namedWordBefore(sentence, k) {
			if k < rel && k > start {
				start = k
			}
			if k >= rel && k < end {
				end = k
			}
		}
	}
	if k := reasonClauseEnd(low); k > start && k < rel {
		start = k
	}
	if rel < start || rel > end {
		return sentence
	}
	return sentence[start:end]
}

// openAsideStart returns where the last dash before rel opens an aside
// that is still open at rel (an odd number of dashes before it), or 0.
func openAsideStart(low string, rel int) int {
	n, last := 0, 0
	for i := 0; i < rel && i < len(low); i++ {
		if strings.HasPrefix(low[i:], "—") || strings.HasPrefix(low[i:], "–") || strings.HasPrefix(low[i:], " - ") {
			n, last = n+1, i
		}
	}
	if n%2 == 1 {
		return last
	}
	return 0
}

// namedWordBefore reports whether the word ending at k is a capitalised
// name, not the sentence's first word ("Those who ...").
func namedWordBefore(sentence string, k int) bool {
	j := k
	for j > 0 && sentence[j-1] != ' ' {
		j--
	}
	return j > 0 && j < k && sentence[j] >= 'A' && sentence[j] <= 'Z'
}

// reasonClauseEnd returns where a sentence's opening clause of reason
// ends ("Since we have not found any overlap with known groups, we are
// naming ..."): its negation is the reason's, not the main clause's. It
// returns 0 when the sentence opens otherwise.
func reasonClauseEnd(low string) int {
	if !hasAnyPrefix(strings.TrimLeft(low, " *"), []string{"since ", "because ", "given that ", "as we have not ", "as we did not "}) {
		return 0
	}
	return strings.IndexByte(low, ',') + 1
}

// firstCue returns the cue that comes first in low, each found where a
// word starts ("appear" is not in "disappearing").
func firstCue(low string, cues []string) string {
	best, bestAt := "", -1
	for _, c := range cues {
		for from := 0; from < len(low); {
			k := strings.Index(low[from:], c)
			if k < 0 {
				break
			}
			k += from
			if k == 0 || !isWordByte(low[k-1]) || !isWordByte(c[0]) {
				if bestAt < 0 || k < bestAt {
					best, bestAt = c, k
				}
				break
			}
			from = k + 1
		}
	}
	return strings.TrimSpace(best)
}
