package extract

import (
	"regexp"
	"slices"
	"strings"
)

// Claims made by naming: a vendor's "tracks as", a name introduced for
// the group the text describes, and names paired in one phrase.

// namingBehindRE ends the words before a name that the text gives to
// whoever is behind an activity: "we are naming the attackers behind the
// two campaigns as", "we track the group behind this activity as".
var namingBehindRE = regexp.MustCompile(`\b(?:nam(?:e|es|ed|ing)|dub(?:s|bed|bing)?|call(?:s|ed|ing)?|track(?:s|ed|ing)?|refer(?:s|red|ring)? to)\s+(?:the|these|this)\s+(?:threat\s+)?(?:actors?|attackers?|group|operators?|hackers?|adversary|intruders?)\s+behind\s+([^,;:.]{3,80}?)\s+(?:as\s+)?$`)

// namingAsRE is namingBehindRE with "as" and the start of a name no
// dictionary holds: `naming the attackers behind the campaigns as “X”`.
var namingAsRE = regexp.MustCompile(`(?i)\b(?:nam(?:e|es|ed|ing)|dub(?:s|bed|bing)?|call(?:s|ed|ing)?|track(?:s|ed|ing)?|refer(?:s|red|ring)? to)\s+(?:the|these|this)\s+(?:threat\s+)?(?:actors?|attackers?|group|operators?|hackers?|adversary|intruders?)\s+behind\s+([^,;:.]{3,80}?)\s+as\s+[*\["“‘']*[A-Z]`)

// noKnownOverlapRE finds a statement that an actor matches no group known
// before: "we have not found any solid overlap with any already-known APT
// group", "no links to any previously reported actors".
var noKnownOverlapRE = regexp.MustCompile(`\b(?:no|not\b[^,;.]{0,30}?\bany)\s+(?:[a-z]+\s+){0,2}?(?:overlaps?|links?|connections?|ties)\s+(?:with|to)\s+any\s+(?:[a-z]+[- ]){0,2}?(?:known|existing|documented|tracked|reported)\s+(?:[a-z]+\s+){0,2}?(?:groups?|actors?|clusters?)\b`)

// unknownActorClaims reads that statement as a negated same-as claim
// between the actor the sentence names (else the one a reference in it
// stands for, or the one it gives a name) and any known group.
func unknownActorClaims(doc *docContext, sentence, low string, a int, parties []party, naming []Claim, lastActor *hit) []Claim {
	if !strings.Contains(low, " any ") {
		return nil // the pattern reads "any"
	}
	m := noKnownOverlapRE.FindStringIndex(low)
	if m == nil {
		return nil
	}
	var subj *hit
	for i := range parties {
		if parties[i].Kind == KindActor {
			subj = &parties[i].hit
			break
		}
	}
	if subj == nil && len(naming) > 0 {
		subj = &hit{Mention: Mention{Kind: KindActor, Name: naming[0].Object, Mention: naming[0].Object}}
	}
	if subj == nil && hasGroupRef(low) {
		subj = referent(doc, lastActor)
	}
	if subj == nil {
		return nil
	}
	c := Claim{Subject: subj.Name, SubjectRef: subj.Mention.Mention, Mention: subj.Mention.Mention, Relation: SameAs,
		Object: "unspecified known group", ObjectKind: "actor", Cue: strings.TrimSpace(sentence[m[0]:m[1]]), Polarity: Negated}
	c.objectAt, c.located = a+m[1], true
	return []Claim{c}
}

// namesWhoIsBehind reports whether a sentence may name whoever is behind
// an activity (namingAsRE), cheaply.
func namesWhoIsBehind(low string) bool {
	return strings.Contains(low, " behind ") && namingAsRE.MatchString(low)
}

// namingClaims reads a name given to whoever is behind an activity: the
// activity is attributed to the named actor.
func namingClaims(sentence, low string, a int, parties []party, group []hit) []Claim {
	if !strings.Contains(low, " behind ") {
		return nil // every naming pattern reads "behind"
	}
	var out []Claim
	if m := namingAsRE.FindStringSubmatchIndex(sentence); m != nil {
		if p, ok := freshName(sentence, a, m[1]-1, group); ok {
			parties = append(parties, p)
		}
	}
	seen := map[string]bool{}
	for _, p := range parties {
		if seen[p.Name] {
			continue
		}
		seen[p.Name] = true
		if p.Kind != KindActor || p.Start-a < 0 {
			continue
		}
		before := strings.TrimRight(sentence[:p.Start-a], " *[\"“‘'")
		m := namingBehindRE.FindStringSubmatchIndex(asciiLower(before) + " ")
		if m == nil || strings.Contains(before[m[2]:m[3]], " as ") {
			continue // "call the attackers behind it as skilled as X"
		}
		c := Claim{Subject: "unnamed", SubjectRef: strings.TrimSpace(before[m[2]:m[3]]), Relation: AttributedTo,
			Object: objectName(p), ObjectRef: p.Name, ObjectKind: "actor", Cue: "behind"}
		c.Mention = c.SubjectRef
		c.objectAt, c.located = p.Start, true
		out = append(out, c)
	}
	return out
}

// pairedNames reads two actor names written as one: "Emissary Panda
// (APT27)", "APT33/Elfin". Names the dictionary joins are still a claim
// the text makes.
func pairedNames(doc *docContext, sentence string, a int, parties []party) []Claim {
	var out []Claim
	for i := 0; i+1 < len(parties); i++ {
		x := parties[i]
		if x.Kind != KindActor {
			continue
		}
		for _, y := range parties[i+1:] {
			if y.Kind != KindActor || y.Start < x.End {
				continue
			}
			gap := sentence[x.End-a : y.Start-a]
			g := strings.TrimSpace(stripMarks(gap))
			paren := (g == "(" || g == "(or") && strings.HasPrefix(strings.TrimLeft(sentence[y.End-a:], "*]\"”"), ")")
			slash := gap == "/"
			// "this APT 40 or Leviathan campaign", "Fancy Bear, or
			// APT28,": "or" between two names of one known group
			// gives an alias (between two groups it gives a choice).
			or := (gap == " or " || gap == ", or ") && x.Name == y.Name && x.ID != ""
			if (paren || slash || or) && foldName(x.Mention.Mention) != foldName(y.Mention.Mention) {
				if doc.formCount[foldName(y.Mention.Mention)] > doc.formCount[foldName(x.Mention.Mention)] {
					// "Emissary Panda (APT27)" in a report that calls the
					// group APT27: the text's own name is the subject.
					x, y = y, x
				}
				subject := x.Name
				if x.Name == y.Name {
					// two names of one known group: the text's own
					// first name, so the claim does not read "X
					// same-as X"
					subject = objectName(x)
				}
				c := Claim{Subject: subject, SubjectRef: x.Mention.Mention, Mention: x.Mention.Mention, Relation: SameAs,
					Object: objectName(y), ObjectRef: y.Name, ObjectKind: "actor", Cue: strings.TrimSpace(gap)}
				c.objectAt, c.located, c.phrase = y.Start, true, true
				out = append(out, c)
			}
			break
		}
	}
	return out
}

// namesAnActivity reports whether the noun right before a naming cue at
// cs is an activity's ("this operation, dubbed X", "a campaign known as
// Y").
func namesAnActivity(sentence string, cs int) bool {
	words := strings.Fields(asciiLower(stripMarks(sentence[max(0, cs-40):cs])))
	if len(words) == 0 {
		return false
	}
	return slices.Contains(activityNouns, strings.Trim(words[len(words)-1], ",;:()"))
}

// namedThing reports whether the words between a naming verb and the
// name say what is named, and it is no group: "dubbed this method X",
// not "dubbed the group X" or "dubbed X".
func namedThing(gap string) bool {
	w := strings.Fields(asciiLower(stripMarks(gap)))
	if len(w) < 2 {
		return false
	}
	switch w[0] {
	case "this", "the", "these", "that", "its", "their":
	default:
		return false
	}
	for _, n := range actorNouns {
		if strings.HasPrefix(w[1], n) {
			return false
		}
	}
	return true
}

// copulaBefore reports whether the words before a cue end with "is" or
// "was", perhaps with a hedge ("it is probably", "this was likely").
func copulaBefore(before string) bool {
	w := strings.Fields(before)
	for len(w) > 0 {
		switch w[len(w)-1] {
		case "probably", "likely", "possibly", "most", "very", "almost", "certainly", "highly", "indeed", "also":
			w = w[:len(w)-1]
			continue
		case "is", "was", "it's":
			return true
		}
		return false
	}
	return false
}

// foldName keeps the letters and digits of a name, lower-cased.
func foldName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := lowerByte(s[i]); c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80 {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// softwareBefore reports whether a software or infrastructure noun stands
// right before a cue at cs (within two words), or before a relative clause
// that ends in the cue ("servers we had earlier tied to", "domains that
// researchers previously linked to"): the tie is the thing's.
func softwareBefore(sentence string, cs int) bool {
	words := strings.Fields(asciiLower(stripMarks(sentence[max(0, cs-60):cs])))
	fillers, relative := true, false
	for i := len(words) - 1; i >= 0 && i >= len(words)-6; i-- {
		w := strings.Trim(words[i], ",()")
		if softwareNouns[w] && (i >= len(words)-2 || fillers && relative) {
			return true
		}
		fillers = fillers && relativeFillers[w]
		relative = relative || relativeOpeners[w]
		if !fillers && i < len(words)-2 {
			return false
		}
	}
	return false
}

// softwareNouns name what an actor uses.
var softwareNouns = wordSet(`payload payloads malware sample samples tool tools domain domains infrastructure
server servers backdoor backdoors loader loaders variant variants file files
ip ips address addresses document documents implant implants ttps techniques`)

// relativeFillers are the words of a relative clause between a thing and
// the verb of a tie: "that researchers have previously".
var relativeFillers = wordSet(`that which we they i researchers analysts others have has had been were was
earlier previously already once formerly also long since`)

// relativeOpeners open such a clause, as its pronoun or its subject; "the
// domain was later attributed to" has none and speaks of the domain as an
// activity.
var relativeOpeners = wordSet(`that which we they i researchers analysts others`)
