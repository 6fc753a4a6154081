package extract

import (
	"strings"
	"unicode/utf8"
)

// Ransomware and botnet operations are often named after their malware:
// "DarkSide affiliates", "the operators of the DarkSide RaaS", "the
// TrickBot gang". Where the knowledge has no actor of that name, such a
// phrase still names an actor; operationActors adds it, named as the
// malware is and with no id (the knowledge holds no actor to link).

// operationWords follow a malware name to make it a group's.
var operationWords = wordSet(`operators operator affiliates affiliate gang gangs group crew actors actor team hackers`)

// operationLeads precede it ("operators of the DarkSide RaaS").
var operationLeads = []string{"operators of", "operator of", "affiliates of", "affiliate of", "gang behind", "crew behind", "group behind", "actors behind", "operators behind"}

// agencyVerbs, right after a malware name, are what only people do:
// "LockBit claimed the attack", "Clop demanded a ransom", "ALPHV said it
// had stolen 5 TB". Verbs a program can be said to do too ("exploited",
// "encrypted", "leaked", "breached") are not among them.
// A program "posts system information to its C2" and "tells the
// operators" what it found: those are not among them either.
var agencyVerbs = wordSet(`claimed claims claiming demanded demands announced announces threatened threatens said says
	boasted boasts extorted extorts negotiated negotiates admitted admits denied denies insisted insists`)

// operationActors returns an actor hit for each malware hit used as a
// group's name, unless the same span already names an actor.
func operationActors(text string, hs []hit) []hit {
	actorSpan := map[[2]int]bool{}
	for _, h := range hs {
		if h.Kind == KindActor {
			actorSpan[[2]int{h.Start, h.End}] = true
		}
	}
	var out []hit
	done := map[[2]int]bool{}
	for _, h := range hs {
		span := [2]int{h.Start, h.End}
		if h.Kind != KindMalware || actorSpan[span] || done[span] {
			continue
		}
		if !operationAfter(text, h.End) && !operationBefore(text, h.Start) && !agentOfVerb(text, h) {
			continue
		}
		done[span] = true
		a := h
		a.Kind, a.ID = KindActor, ""
		out = append(out, a)
	}
	return out
}

// agentOfVerb reports whether the malware name is the subject of one of
// agencyVerbs: right before the verb (or one of agentSteps between), and at the start of a clause (the
// start of a sentence or a line, after punctuation or a conjunction,
// possibly with "the" between). "The author selling PurpleWave claims"
// and "a sample of DarkSide said" are not read: the name there is an
// object.
func agentOfVerb(text string, h hit) bool {
	w, next := wordAt(text, h.End)
	if agentSteps[w] {
		// "ALPHV later claimed", "LockBit has claimed"
		w, _ = wordAt(text, next)
	}
	if !agencyVerbs[w] {
		return false
	}
	before := strings.TrimRight(text[max(0, h.Start-24):h.Start], " \t")
	if low := asciiLower(before); strings.HasSuffix(low, "the") && (len(low) == 3 || !isWordByte(low[len(low)-4])) {
		before = strings.TrimRight(before[:len(before)-3], " \t")
	}
	if r, _ := utf8.DecodeLastRuneInString(before); before == "" || strings.ContainsRune(".!?:;,(\n\"“", r) {
		return true
	}
	return clauseLeads[strings.ToLower(lastWord(before))]
}

// agentSteps may stand between the name and the verb.
var agentSteps = wordSet(`later also then has have had quickly publicly soon subsequently initially first`)

// clauseLeads are the conjunctions after which a name starts a clause.
var clauseLeads = wordSet(`and but then when after before while that as once until so`)

// operationAfter reports whether an operation word follows end, possibly
// after "ransomware" or "RaaS" ("DarkSide ransomware operators").
func operationAfter(text string, end int) bool {
	// a closing quote and a no-break space: the “Predator the Thief”
	// cybercriminal group
	for _, q := range []string{`"`, "”", "’", "'", "\u00a0"} {
		if strings.HasPrefix(text[end:], q) {
			end += len(q)
		}
	}
	w, next := wordAt(text, end)
	if w == "ransomware" || w == "raas" || w == "botnet" || groupKindWords[w] {
		w, next = wordAt(text, next)
	}
	if !operationWords[w] {
		return false
	}
	// "the Trickbot group tag" is a configuration field, not a group.
	after, _ := wordAt(text, next)
	return w != "group" || after != "tag" && after != "id"
}

// operationBefore reports whether a lead phrase, possibly followed by
// "the", precedes start.
func operationBefore(text string, start int) bool {
	from := max(0, start-24)
	// Stay on a byte boundary of a UTF-8 sequence.
	for from > 0 && from < start && text[from]&0xC0 == 0x80 {
		from--
	}
	before := strings.ToLower(strings.TrimRight(text[from:start], " "))
	before = strings.TrimSuffix(before, " the")
	for _, l := range operationLeads {
		if strings.HasSuffix(before, l) && (len(before) == len(l) || !isWordByte(before[len(before)-len(l)-1])) {
			return true
		}
	}
	return false
}
