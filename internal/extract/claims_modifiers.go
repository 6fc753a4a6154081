package extract

import (
	"iter"
	"regexp"
	"slices"
	"strings"
)

// Claims made by a place that qualifies a threat-actor noun ("Chinese
// state-sponsored group APT40", "APT33, an Iranian group") and by
// appositions and predicates that describe an actor.

// modifierClaims reads the claims a place makes by qualifying a
// threat-actor noun, and those of state words without a place.
func modifierClaims(doc *docContext, sentence, low string, a int, group []hit, lastActor *hit, used map[int]bool) []Claim {
	var out []Claim
	bodies := stateBodyModifiers(sentence, a)
	for i, h := range append(slices.Clip(group), bodies...) {
		body := i >= len(group)
		if h.Kind != KindCountry && h.Kind != KindRegion && !body || used[h.Start] || orgRightAfter(h, group) {
			continue
		}
		if contrasted(doc.text, h.Start) || sharedLanguageSpeakers(doc.text, &h.Mention) {
			// "Unlike Chinese groups, APT28 ...": the groups set apart
			// tie nobody; nor do "Spanish-speaking criminals" tie to
			// Spain.
			used[h.Start] = true
			continue
		}
		re := h.End - a
		rel, nounEnd, ok, contractor, accused := actorAfterPlace(low, re, h)
		if body && (!ok || rel == OriginatesFrom) {
			continue // "GRU-linked", "MSS-backed": only as a sponsor or a link
		}
		if p := actorRightAfterPlace(group, h); !ok && p != nil && adjectiveOfPlace(h.Mention) {
			// "the North Korean Lazarus Group", "the Russian APT28
			// group": the demonym qualifies the name.
			c := Claim{Subject: p.Name, SubjectRef: p.Mention.Mention, Mention: p.Mention.Mention, Relation: OriginatesFrom,
				Object: h.Name, ObjectKind: objectKind(h.Kind), Cue: h.Mention.Mention}
			c.objectAt, c.located, c.phrase = h.Start, true, true
			out = append(out, c)
			used[h.Start] = true
			continue
		}
		if !ok {
			c, end, origin := placeWithoutNoun(doc, sentence, low, a, h, group, lastActor)
			if c != nil {
				out = append(out, *c)
				used[h.Start] = true
				continue
			}
			if !origin {
				continue
			}
			rel, nounEnd = OriginatesFrom, end
		}
		if notTheGroups(doc, sentence, low, a, h, nounEnd, group) {
			used[h.Start] = true
			continue
		}
		out = append(out, modifiedClaims(doc, sentence, low, a, h, rel, nounEnd, contractor, accused, group, lastActor)...)
		used[h.Start] = true
	}
	return append(out, unplacedStateClaims(doc, sentence, low, a, group, lastActor)...)
}

// notTheGroups reports whether the actor noun a place h qualifies (ending
// at nounEnd) stands for others than the group: a company, a class of
// actors, the attacked, a kinetic or local activity, mobile operators, the
// object of an attack.
func notTheGroups(doc *docContext, sentence, low string, a int, h hit, nounEnd int, group []hit) bool {
	rs, re := h.Start-a, h.End-a
	return companyAfter(sentence, a, nounEnd, group) || classOf(low, rs, nounEnd) || attackedFrom(low, nounEnd) ||
		kineticOnly(low, re) || placeOfActivity(low, re, h) || doc.telcos && operatorCompany(low[re:]) || objectOfAttack(low[:rs])
}

// modifiedClaims makes the claims of a place h that qualifies an actor
// noun ending at nounEnd ("a China-linked group", "Iranian hackers"): one
// for each subject the noun stands for.
func modifiedClaims(doc *docContext, sentence, low string, a int, h hit, rel string, nounEnd int, contractor, accused bool, group []hit, lastActor *hit) []Claim {
	rs, re := h.Start-a, h.End-a
	var out []Claim
	for _, s := range modifiedSubjects(doc, sentence, low, a, rs, nounEnd, group, lastActor) {
		if s == nil && (contractor || partnerNoun(low, rs)) {
			continue
		}
		c := Claim{Relation: rel, Object: h.Name, ObjectKind: objectKind(h.Kind), Cue: strings.TrimSpace(sentence[re:nounEnd])}
		if s == nil {
			c.Subject = "unnamed"
			c.SubjectRef = nounPhrase(sentence, rs, nounEnd)
			c.Mention = c.SubjectRef
		} else {
			c.Subject, c.SubjectRef, c.Mention = s.Name, s.Mention.Mention, s.Mention.Mention
		}
		c.objectAt, c.located, c.phrase = h.Start, true, !accused
		if accused {
			// "nationals allegedly responsible": the hedge follows
			// the people.
			c.polarityAt = a + min(len(sentence), nounEnd+60)
		}
		out = append(out, c)
	}
	return out
}

// partnerNoun reports whether the qualified noun phrase that starts at rs
// names others the group deals with, not the group the text describes:
// "its owners have worked with Russian cybercriminals", "sold access to
// Iranian hackers", "campaigns against Chinese groups".
func partnerNoun(low string, rs int) bool {
	words := strings.Fields(low[:rs])
	for len(words) > 0 {
		switch words[len(words)-1] {
		case "the", "a", "an", "some", "other", "several", "many", "various":
			words = words[:len(words)-1]
			continue
		case "with":
			// "we are dealing with a Chinese actor": the group itself.
			return len(words) < 2 || !slices.Contains([]string{"dealing", "deal", "dealt", "faced", "facing"}, words[len(words)-2])
		case "to", "alongside", "against":
			return true
		case "from":
			// "recruited help from Russian-speaking ransomware gangs":
			// others the group deals with ("an attack from Chinese
			// hackers" is the group itself).
			return len(words) > 1 && slices.Contains([]string{"help", "assistance", "support", "aid", "services", "hired", "recruited", "bought", "purchased", "rented"}, words[len(words)-2])
		}
		return false
	}
	return false
}

// placeWithoutNoun reads a place no actor noun follows: a predicate about
// the actor before it, malware from it, or "of Chinese origin". It returns
// the claim made, or, for "of ... origin", where the noun ends.
func placeWithoutNoun(doc *docContext, sentence, low string, a int, h hit, group []hit, lastActor *hit) (c *Claim, nounEnd int, origin bool) {
	rs, re := h.Start-a, h.End-a
	// "The group is possibly China-based", "ATK51, possibly Iran-based,
	// breached": a predicate about the actor before.
	if r, end, subj := predicateModifier(doc, sentence, low, a, rs, re, group, lastActor); subj != nil {
		c := Claim{Relation: r, Object: h.Name, ObjectKind: objectKind(h.Kind), Cue: strings.TrimSpace(sentence[re:end])}
		c.Subject, c.SubjectRef, c.Mention = subj.Name, subj.Mention.Mention, subj.Mention.Mention
		if subj.Kind == "" {
			c.Subject = "unnamed"
		}
		c.objectAt, c.located = h.Start, true
		return &c, 0, false
	}
	if from := max(0, rs-80); clueOfABase.MatchString(low[from:rs]) {
		// "time stamps in UTC+8, suggesting a base in China": a clue
		// places the unnamed operators (the cue hedges it).
		m := clueOfABase.FindStringSubmatchIndex(low[from:rs])
		c := Claim{Subject: "unnamed", Relation: OriginatesFrom, Object: h.Name, ObjectKind: objectKind(h.Kind), Cue: low[from+m[2] : from+m[3]]}
		c.SubjectRef = sentence[from+m[4] : from+m[5]]
		c.Mention, c.Polarity = c.SubjectRef, Hedged // a clue's inference, at best
		c.objectAt, c.located = h.Start, true
		return &c, 0, false
	}
	if malwareFrom(doc.text, &h.Mention) {
		// "a new infostealer from Russia": its makers are there.
		c := Claim{Subject: "unnamed", Relation: OriginatesFrom, Object: h.Name, ObjectKind: objectKind(h.Kind), Cue: "from"}
		c.SubjectRef = lastWord(strings.TrimSuffix(strings.TrimRight(sentence[:rs], " "), "from"))
		c.Mention = c.SubjectRef
		c.objectAt, c.located, c.phrase = h.Start, true, true
		return &c, 0, false
	}
	// "of Chinese origin"
	if !strings.HasSuffix(low[:rs], "of ") || !strings.HasPrefix(low[re:], " origin") {
		return nil, 0, false
	}
	return nil, re + len(" origin"), true
}

// clueOfABase matches a clue's verb and the base or the people it points
// to, right before a place: "suggesting a base in ", "could suggest
// operators located in ", "points to developers in ".
var clueOfABase = regexp.MustCompile(`\b(suggest(?:s|ing|ed)?|indicat(?:e|es|ing|ed)|point(?:s|ing|ed)?\s+to|hint(?:s|ing|ed)?\s+at)\s+((?:a|an|the)\s+(?:base|home)|(?:the\s+)?(?:operators|developers|authors|attackers))\s+(?:(?:located|based|working|sitting)\s+)?in\s+(?:the\s+)?$`)

// stateBodyModifiers finds the state services a sentence writes as a
// modifier ("the GRU-linked group APT28", "IRGC-affiliated actors"), as
// hits of organisations, so that they are read as places are.
func stateBodyModifiers(sentence string, a int) []hit {
	var out []hit
	for k := range occurrences(sentence, "-") {
		j := k
		for j > 0 && sentence[j-1] >= 'A' && sentence[j-1] <= 'Z' {
			j--
		}
		if j == k || j > 0 && isWordByte(sentence[j-1]) || !stateBodyAbbrevs[sentence[j:k]] {
			continue
		}
		out = append(out, hit{Mention: Mention{Kind: KindOrganization, Name: sentence[j:k], Mention: sentence[j:k], Start: a + j, End: a + k}})
	}
	return out
}

// actorRightAfterPlace returns the actor whose name follows place h
// after one space, or nil.
func actorRightAfterPlace(group []hit, h hit) *hit {
	for i := range group {
		if group[i].Kind == KindActor && group[i].Start == h.End+1 {
			return &group[i]
		}
	}
	return nil
}

// actorAfterPlace reads what a place qualifies, from offset re of low
// (right after it): a threat-actor noun (modifiedActorNoun), a state's
// contractor or people the law pursues. It returns the relation, where
// the noun ends, and which of the last two it is.
func actorAfterPlace(low string, re int, h hit) (rel string, nounEnd int, ok, contractor, accused bool) {
	if rel, nounEnd, ok = modifiedActorNoun(low, re); ok {
		return rel, nounEnd, true, false, false
	}
	if end, yes := accusedNounAt(low, re); yes && demonym(h.Mention) {
		// "the arrest of several Ukrainian nationals allegedly responsible
		// for the botnet": the people behind it, as surely as the clause
		// says.
		return OriginatesFrom, end, true, false, true
	}
	for _, w := range []string{" government contractor", " state contractor", " government-linked contractor"} {
		if strings.HasPrefix(low[re:], w) {
			// "the Mabna Institute, an Iranian government contractor":
			// working for the state, when a name stands in apposition (a
			// government contractor alone is more often a victim).
			return SponsoredBy, re + len(w), true, true, false
		}
	}
	return "", 0, false, false, false
}

// occurrences yields the offset of every occurrence of w in s, left to
// right, without overlaps.
func occurrences(s, w string) iter.Seq[int] {
	return func(yield func(int) bool) {
		for from := 0; ; {
			k := strings.Index(s[from:], w)
			if k < 0 {
				return
			}
			k += from
			from = k + len(w)
			if !yield(k) {
				return
			}
		}
	}
}

// unplacedStateClaims reads state words with no place before them:
// "state-sponsored groups such as APT33 and Gorgon".
func unplacedStateClaims(doc *docContext, sentence, low string, a int, group []hit, lastActor *hit) []Claim {
	if !strings.Contains(low, "sponsored") && !strings.Contains(low, "-backed") {
		return nil // each state word below holds one of these
	}
	var out []Claim
	for _, w := range []string{"state-sponsored", "state sponsored", "nation-sponsored", "nation-state sponsored", "state-backed", "government-backed", "government-sponsored"} {
		for k := range occurrences(low, w) {
			if placeJustBefore(group, a+k) {
				continue
			}
			_, nounEnd, ok := modifiedActorNoun(low, k+len(w))
			if !ok {
				continue
			}
			for _, s := range modifiedSubjects(doc, sentence, low, a, k, nounEnd, group, lastActor) {
				if s == nil {
					continue // "any state-sponsored adversary": no one in particular
				}
				c := Claim{Relation: SponsoredBy, Object: "unspecified state", ObjectKind: "country", Cue: w,
					Subject: s.Name, SubjectRef: s.Mention.Mention, Mention: s.Mention.Mention}
				c.objectAt, c.located, c.phrase = a+k, true, true
				out = append(out, c)
			}
		}
	}
	return out
}

// companyAfter reports whether a capitalised name no dictionary knows as
// an actor follows the noun: "Thai developer Electronics Extreme" is a
// company, not a group of Thai developers.
func companyAfter(sentence string, a, nounEnd int, group []hit) bool {
	rest := strings.TrimLeft(sentence[nounEnd:], " “\"")
	product := false
	if r, ok := strings.CutPrefix(rest, "of "); ok && strings.HasSuffix(asciiLower(sentence[:nounEnd]), "developer") {
		// "the St. Petersburg-based developer of Escape from Tarkov":
		// who makes a product, not malware.
		rest, product = r, true
	}
	if rest == "" || rest[0] < 'A' || rest[0] > 'Z' {
		return false
	}
	at := len(sentence) - len(rest) + a
	for _, h := range group {
		if h.Start == at && (h.Kind == KindActor || product && (h.Kind == KindMalware || h.Kind == KindTool)) {
			return false
		}
	}
	return true
}

// classLeads before a qualified actor noun make it a class of actors:
// "one of the most active Iranian groups".
var classLeads = []string{"one of the most", "one of the", "of the most", "among the", "previously used by", "popular among", "common among"}

// comparisonLeads make it what something is compared with: "typical of
// North Korean hackers", "bears the hallmarks of Chinese state-sponsored
// actors".
var comparisonLeads = []string{"similar to", "similarities to", "similarity to", "typical of", "reminiscent of",
	"hallmarks of", "hallmark of", "consistent with", "in the style of", "akin to", "like those of"}

// leadIn reports whether the last 40 lower-cased bytes of before (which
// ends where a place starts) hold one of leads.
func leadIn(before string, leads []string) bool {
	before = before[max(0, len(before)-40):]
	return slices.ContainsFunc(leads, func(p string) bool { return strings.Contains(before, p) })
}

// classOf reports whether the qualified noun phrase at rs speaks of a
// class of actors, not of one: "one of the most determined Iranian-aligned
// threat actors".
func classOf(low string, rs, nounEnd int) bool {
	before := strings.TrimRight(low[max(0, rs-40):rs], " ")
	if leadIn(before, classLeads) || leadIn(before, comparisonLeads) {
		return true
	}
	// "tools of other Chinese groups": others than the one at hand,
	// unless the text names them ("other China-linked groups, such as
	// APT17").
	after := strings.TrimLeft(low[nounEnd:min(len(low), nounEnd+16)], " ,")
	named := hasAnyPrefix(after, []string{"such as", "like", "including", "(", "namely"})
	// "there are dozens of Russian APTs": a count of many is a class too.
	many := hasAnySuffix(" "+before, []string{" dozens of", " hundreds of", " numerous", " countless", " there are many", " there are several"})
	return !named && (many || strings.HasSuffix(before, " other") || strings.HasSuffix(before, " others'"))
}

// kineticOnly reports whether a state's military noun phrase sits in a
// sentence with no word of cyber activity: "the US military operation that
// killed the general" is no intrusion set.
func kineticOnly(low string, re int) bool {
	// "the Russian military intelligence group": spies, whatever the
	// sentence says they did.
	return strings.HasPrefix(low[re:], " military") && !strings.HasPrefix(low[re:], " military intelligence") && !cyberSentence(low)
}

// cyberSentence reports whether one of cyberWords starts a word of low
// ("hackers", "APT28"; not "apt" inside "captured").
func cyberSentence(low string) bool {
	for _, w := range cyberWords {
		for k := range occurrences(low, w) {
			if k == 0 || !isASCIILetter(low[k-1]) {
				return true
			}
		}
	}
	return false
}

// cyberWords mark a sentence about activity in cyberspace, as the start
// of a word ("cyberattack", "hackers", "compromised").
var cyberWords = []string{"cyber", "hack", "malware", "phish", "spearphish", "intrusion", "apt", "compromis", "breach", "espionage",
	"exploit", "backdoor", "ransomware", "spyware", "network", "computer", "digital", "online", "internet", "data"}

// predicateModifier reads "<actor> is (possibly) <place>-based": a
// hyphenated attribution modifier with no noun after it, said of the actor
// or reference before. The subject returned has an empty Kind when it is
// the unnamed group.
func predicateModifier(doc *docContext, sentence, low string, a, rs, re int, group []hit, lastActor *hit) (string, int, *hit) {
	rel := ""
	end := re
	for _, m := range []struct{ suffix, rel string }{
		{"-based", OriginatesFrom}, {"-speaking", OriginatesFrom}, {"-linked", AttributedTo}, {"-nexus", AttributedTo},
		{"-sponsored", SponsoredBy}, {"-backed", SponsoredBy}, {"-aligned", SponsoredBy},
	} {
		if strings.HasPrefix(low[re:], m.suffix) {
			rel, end = m.rel, re+len(m.suffix)
		}
	}
	if rel == "" {
		return "", 0, nil
	}
	before := strings.TrimRight(low[:rs], " ")
	for changed := true; changed; {
		changed = false
		for _, w := range []string{"possibly", "likely", "probably", "reportedly", "allegedly", "apparently", "presumably", "potentially", "suspected to be", "believed to be", "thought to be", "most likely", "also", "a", "an"} {
			if strings.HasSuffix(before, " "+w) || strings.HasSuffix(before, ","+w) {
				before = strings.TrimRight(before[:len(before)-len(w)], " ")
				changed = true
			}
		}
	}
	linked := false
	for _, l := range []string{" is", " are", " was", " were", " be", ","} {
		if strings.HasSuffix(before, l) {
			before, linked = strings.TrimRight(before[:len(before)-len(l)], " "), true
			break
		}
	}
	if !linked {
		return "", 0, nil
	}
	t := stripMarks(before)
	for i := len(group) - 1; i >= 0; i-- {
		h := &group[i]
		if h.Kind == KindActor && h.End-a <= rs && strings.HasSuffix(t, asciiLower(stripMarks(h.Mention.Mention))) {
			return rel, end, h
		}
	}
	if r := refIn(t, groupRefs); r != "" && strings.HasSuffix(t, r) {
		if h := referent(doc, lastActor); h != nil {
			return rel, end, h
		}
	}
	if r := refIn(t, unnamedRefs); r != "" && strings.HasSuffix(t, r) {
		return rel, end, &hit{Mention: Mention{Mention: strings.TrimSpace(sentence[len(before)-len(r) : len(before)])}}
	}
	return "", 0, nil
}

// nounPhrase returns the noun phrase whose modifier starts at rs and whose
// noun ends at end, with its determiner ("another China-linked operation").
func nounPhrase(sentence string, rs, end int) string {
	start := rs
	words := strings.Fields(sentence[:rs])
	if n := len(words); n > 0 {
		switch asciiLower(stripMarks(words[n-1])) {
		case "a", "an", "the", "another", "this", "these", "some", "other", "several", "many", "two", "three":
			start = strings.LastIndex(sentence[:rs], words[n-1])
		}
	}
	return strings.TrimSpace(sentence[start:end])
}

// placeJustBefore reports whether a place ends right before offset p
// ("Iranian Nation state sponsored").
func placeJustBefore(group []hit, p int) bool {
	for _, h := range group {
		if (h.Kind == KindCountry || h.Kind == KindRegion) && h.End <= p && p-h.End <= 16 {
			return true
		}
	}
	return false
}

// modifiedActorNoun reads, from offset re of low (right after a place),
// attribution modifiers and a threat-actor noun; it returns the relation
// the modifiers give and where the noun ends.
func modifiedActorNoun(low string, re int) (string, int, bool) {
	rest := low[re:min(len(low), re+80)]
	i := 0
	rel := OriginatesFrom
	for changed := true; changed; {
		changed = false
		for _, p := range attributionModifiers {
			if strings.HasPrefix(rest[i:], p) && (len(rest) == i+len(p) || !isASCIILetter(rest[i+len(p)])) {
				switch {
				case strings.Contains(p, "sponsor") || strings.Contains(p, "backed") || strings.Contains(p, "aligned") || strings.Contains(p, "state") || strings.Contains(p, "military") || strings.Contains(p, "intelligence"):
					rel = SponsoredBy
				case (strings.Contains(p, "linked") || strings.Contains(p, "nexus") || strings.Contains(p, "government") || strings.Contains(p, "affiliated")) && rel != SponsoredBy:
					rel = AttributedTo
				}
				i += len(p)
				changed = true
			}
		}
		for _, p := range []string{" financially-motivated", " financially motivated", ",", " prolific", " (apt)"} {
			if strings.HasPrefix(rest[i:], p) {
				i += len(p)
				changed = true
			}
		}
	}
	end, ok := actorNounAt(low, re+i)
	if !ok && rel == SponsoredBy && containsAny(rest[:i], []string{"sponsor", "backed", "aligned"}) {
		// "an alleged Chinese state-sponsored umbrella organization":
		// whatever a state sponsors is an actor.
		end, ok = sponsoredBodyAt(low, re+i)
	}
	// "hacker group", "threat actor", "APT group": one noun.
	for ok {
		e, more := actorNounAt(low, end)
		if !more {
			break
		}
		end = e
	}
	if ok {
		rel = criminalOrigin(rel, rest[:i], low[re+i:end])
	}
	return rel, end, ok
}

// criminalOrigin reads "Russian-linked criminals", "a Russian-linked
// malware developer" as where criminals come from, not a state's hand:
// a link modifier on a criminal noun gives an origin.
func criminalOrigin(rel, modifiers, noun string) string {
	if rel == AttributedTo && containsAny(modifiers, []string{"linked", "nexus"}) && !strings.Contains(modifiers, "government") &&
		containsAny(noun, []string{"criminal", "developer", "author"}) {
		return OriginatesFrom
	}
	return rel
}

// sponsoredBodyAt reports whether a noun for a body of people starts at
// offset i (after a space) and returns where it ends.
func sponsoredBodyAt(low string, i int) (int, bool) {
	for _, w := range []string{" umbrella organization", " umbrella organisation", " organization", " organisation", " entity", " syndicate"} {
		if strings.HasPrefix(low[i:], w) && (len(low) == i+len(w) || !isASCIILetter(low[i+len(w)])) {
			return i + len(w), true
		}
	}
	return 0, false
}

// actorNounAt reports whether a threat-actor noun starts at offset i
// (after a space) and returns where it ends.
func actorNounAt(low string, i int) (int, bool) {
	rest := low[i:min(len(low), i+40)]
	for _, w := range actorNouns {
		if strings.HasPrefix(rest, " "+w) {
			j := i + 1 + len(w)
			k := j
			for k < len(low) && low[k] >= 'a' && low[k] <= 'z' {
				k++
			}
			// the noun itself or its plural, not a longer word ("unit",
			// not "united") nor a name ("apt" in "APT41", "APT-C-23")
			if k < len(low) && (low[k] >= '0' && low[k] <= '9' || low[k] == '-' && k+1 < len(low) && low[k+1] != ' ') {
				continue
			}
			if w == "underground" && marketAfter(low[k:]) {
				continue
			}
			switch low[j:k] {
			case "", "s", "es", "y", "ies":
				return k, true
			}
		}
	}
	return 0, false
}

// modifiedSubjects finds whom a qualified noun phrase [rs, nounEnd) names:
// the actor right after it ("group APT33"), the actors it introduces ("such
// as APT1, APT27 and Mustang Panda"), the actor it stands in apposition to
// ("TA505 is a prolific Russian-speaking group", "APT33, an Iranian
// group"), or nil for an unnamed group.
func modifiedSubjects(doc *docContext, sentence, low string, a, rs, nounEnd int, group []hit, lastActor *hit) []*hit {
	if after := actorsAfterNoun(sentence, a, nounEnd, group); len(after) > 0 {
		return after
	}
	if h := originPredicateSubject(doc, low, a, rs, nounEnd, group, lastActor); h != nil {
		return []*hit{h}
	}
	return appositionSubject(doc, low, a, rs, nounEnd, group, lastActor)
}

// actorsAfterNoun finds the actors a qualified noun phrase ending at
// nounEnd introduces right after it: "group APT33", "known as X", "such
// as APT1, APT27 and Mustang Panda", "a Russian group they track as
// APT28". It returns nil when none follows.
func actorsAfterNoun(sentence string, a, nounEnd int, group []hit) []*hit {
	var after []*hit
	for i := range group {
		h := &group[i]
		if h.Kind != KindActor || h.Start-a < nounEnd {
			continue
		}
		if len(after) > 0 && h.Start < after[len(after)-1].End {
			continue
		}
		if len(after) == 0 {
			g := strings.TrimSpace(asciiLower(stripMarks(sentence[nounEnd : h.Start-a])))
			switch g {
			case "", "known as", "called", "named", "dubbed", "such as", "including", "like", ",", "tracked as", ", such as", ", including":
				after = append(after, h)
				continue
			}
			// "a Russian group they track as APT28", "which we call X"
			if w := strings.Fields(g); len(w) <= 5 && (strings.HasSuffix(g, " as") || strings.HasSuffix(g, " call") || strings.HasSuffix(g, " called") || strings.HasSuffix(g, " calls")) && !strings.ContainsAny(g, ".;") {
				after = append(after, h)
				continue
			}
			break
		}
		if listGap(sentence[after[len(after)-1].End-a : h.Start-a]) {
			after = append(after, h)
			continue
		}
		break
	}
	return after
}

// withoutAsideBeforeOf drops a bracketed aside that stands right before
// a closing "of": "the APT41 group (also known as Winnti, per FireEye) of
// Chinese origin" reads as "the APT41 group of Chinese origin".
func withoutAsideBeforeOf(before string) string {
	t := strings.TrimRight(before, " ")
	if !strings.HasSuffix(t, " of") {
		return before
	}
	head := strings.TrimRight(strings.TrimSuffix(t, " of"), " ")
	if k := strings.LastIndexByte(head, '('); strings.HasSuffix(head, ")") && k > 0 {
		return strings.TrimRight(head[:k], " ") + " of "
	}
	return before
}

// appositionSubject finds the actor a qualified noun phrase [rs, nounEnd)
// stands in apposition to, before it, or nil: the phrase must open with
// "a", "an" or "the" after at most three words, and the name stand before
// a link ("is", ",", "was used by") or be the actor the text speaks of.
func appositionSubject(doc *docContext, low string, a, rs, nounEnd int, group []hit, lastActor *hit) []*hit {
	// Apposition before: "TA505 is a prolific ... group", "APT33, an
	// Iranian group", "the group is a Chinese ...".
	// "MERCURY—an Iran-based actor": a dash sets off an apposition as a
	// comma does.
	before := withoutAsideBeforeOf(strings.ReplaceAll(low[:rs], "—", ", "))
	words := strings.Fields(before)
	n := len(words)
	for skipped := 0; n > 0 && skipped < 3; skipped++ {
		w := words[n-1]
		if w == "a" || w == "an" || w == "the" {
			break
		}
		switch w {
		case "another", "other", "some", "any", "several", "many", "these", "those", "such":
			// "another China-linked operation": not the name before it,
			// unless the phrase is that name's apposition ("Sandworm
			// Team, another Russia-linked group").
			if h := nameBeforeApposition(low, a, strings.LastIndex(low[:rs], w), group); h != nil && w == "another" {
				return []*hit{h}
			}
			return []*hit{nil}
		}
		if strings.HasSuffix(w, ",") {
			return []*hit{nil}
		}
		n--
	}
	if n == 0 || (words[n-1] != "a" && words[n-1] != "an" && words[n-1] != "the") {
		return []*hit{nil}
	}
	if words[n-1] == "the" && !strings.HasSuffix(strings.TrimRight(low[:nounEnd], " "), "s") && !activityHead(low[:nounEnd]) {
		// "the MuddyWater group of Iranian origin": the actor named
		// in the phrase.
		if the := strings.LastIndex(before, " the "); the >= 0 {
			for i := range group {
				if h := &group[i]; h.Kind == KindActor && h.Start-a > the && h.End-a <= rs {
					return []*hit{h}
				}
			}
		}
		// "the North Korea-backed group": the actor the text speaks of;
		// "the US military operation" is an activity, not that actor.
		if h := referent(doc, lastActor); h != nil {
			return []*hit{h}
		}
	}
	cut := strings.LastIndex(before, " "+words[n-1]+" ")
	if cut < 0 {
		return []*hit{nil}
	}
	if h := subjectBeforeLink(doc, strings.TrimRight(before[:cut], " "), a, rs, group, lastActor); h != nil {
		return []*hit{h}
	}
	return []*hit{nil}
}

// originPredicateSubject returns the subject of "is of Iranian origin"
// ("MuddyWater is believed to be of Iranian origin"), or nil when the
// phrase [rs, nounEnd) is no such predicate or names no subject.
func originPredicateSubject(doc *docContext, low string, a, rs, nounEnd int, group []hit, lastActor *hit) *hit {
	t := strings.TrimRight(low[:rs], " ")
	if !strings.HasSuffix(t, " of") || !strings.HasSuffix(low[:nounEnd], " origin") {
		return nil
	}
	return subjectBeforeLink(doc, strings.TrimSuffix(t, " of"), a, rs, group, lastActor)
}

// nameBeforeApposition returns the actor named right before the comma or
// dash that sets off an apposition starting at k in the lower-cased
// sentence low (at a in the text), or nil.
func nameBeforeApposition(low string, a, k int, group []hit) *hit {
	if k <= 0 {
		return nil
	}
	t := strings.TrimRight(low[:k], " ")
	switch {
	case strings.HasSuffix(t, ","):
		t = t[:len(t)-1]
	case strings.HasSuffix(t, "—"):
		t = t[:len(t)-len("—")]
	default:
		return nil
	}
	end := len(strings.TrimRight(t, " *_\"'”’)]"))
	for i := range group {
		if h := &group[i]; h.Kind == KindActor && h.End-a == end {
			return h
		}
	}
	return nil
}

// subjectBeforeLink finds the actor named at the end of trim, the lower-case
// text before an apposition's article, when a link (",", "is", "was used
// by") joins them; a group reference there ("the group is a ...") names
// the actor the text speaks of. It returns nil when none is.
func subjectBeforeLink(doc *docContext, trim string, a, rs int, group []hit, lastActor *hit) *hit {
	// "the handle Guccifer was used by a Romanian hacker": the hacker
	// is the name's owner.
	for _, link := range []string{",", " is", " was", " as", " be", " is likely", " is probably", " is possibly", " was used by", " is used by",
		// "APT41 is not a state-backed group": the subject of a
		// negated copula (the phrase's "not a" negates the claim)
		" is not", " was not", " are not", " were not"} {
		if !strings.HasSuffix(trim, link) {
			continue
		}
		t := strings.TrimRight(stripMarks(withoutLinkTargets(trim[:len(trim)-len(link)])), " ")
		// "The Winnti Group (also known as APT41) is a ...": the
		// subject stands before its bracketed aliases.
		if k := strings.LastIndexByte(t, '('); strings.HasSuffix(t, ")") && k > 0 {
			t = strings.TrimRight(t[:k], " ")
		}
		t = withoutAliasApposition(t)
		if link == " be" {
			// "MuddyWater is considered by many vendors to be an
			// Iranian group": the subject before the view.
			t = viewChainRE.ReplaceAllString(t, "")
		}
		if link == " as" {
			// "MuddyWater has been described by Microsoft as an
			// Iranian group"
			t = describedChainRE.ReplaceAllString(t, "")
		}
		if link == " is" || link == " was" || link == " as" {
			// "Salt Typhoon, which they describe as a Chinese
			// state-sponsored group", "MuddyWater, which is an
			// Iranian group": the name the relative clause is on.
			t = relativeViewRE.ReplaceAllString(t, "")
		}
		for i := len(group) - 1; i >= 0; i-- {
			h := &group[i]
			if h.Kind == KindActor && h.End-a <= rs && strings.HasSuffix(t, strings.TrimRight(asciiLower(stripMarks(h.Mention.Mention)), " ")) {
				return h
			}
		}
		if r := refIn(t, groupRefs); r != "" && strings.HasSuffix(t, r) {
			if h := referent(doc, lastActor); h != nil {
				return h
			}
		}
		if link == " as" && (strings.HasSuffix(t, " it") || strings.HasSuffix(t, " them")) && doc.lastNamed == KindActor {
			// "described it as a Russian state-sponsored actor": the
			// actor the text speaks of.
			if h := referent(doc, lastActor); h != nil {
				return h
			}
		}
	}
	return nil
}

// describedChainRE matches a description between a subject and the "as"
// of its predicate: "has often been described by Microsoft".
var describedChainRE = regexp.MustCompile(`\s+(?:is|are|was|were|has been|have been|has [a-z]+ been|have [a-z]+ been)\s+(?:[a-z]+ly\s+)?(?:described|characteri[sz]ed|portrayed|labell?ed|branded)(?:\s+by\s+[^,;.()]{1,60}?)?$`)

// relativeViewRE matches a relative clause between a name and the link of
// its apposition: ", which", ", which they describe", ", who researchers
// call".
var relativeViewRE = regexp.MustCompile(`,\s*(?:which|who)(?:\s+(?:they|we|it|researchers|analysts|officials|vendors|experts))?(?:\s+(?:describe|describes|described|call|calls|called|consider|considers|considered|regard|regards|regarded))?$`)

// viewChainRE matches a view reported between a subject and the "to be"
// of its predicate: "is believed to", "are widely considered by vendors to".
var viewChainRE = regexp.MustCompile(`\s+(?:is|are|was|were|has been|have been)\s+(?:(?:widely|generally|often|also|still|now)\s+)?(?:believed|thought|considered|assessed|said|reported|suspected|presumed|understood|known)(?:\s+by\s+[^,;.()]{1,60}?)?\s+to$`)

// aliasAppositions open a list of other names set off by commas.
var aliasAppositions = []string{", also known as ", ", aka ", ", a.k.a. ", ", also called ", ", also tracked as ", ", known as ", ", tracked as ", ", also referred to as ",
	// and a relative clause set off by commas: "APT41, which other
	// vendors track as Winnti, is a Chinese state-sponsored group"
	", which ", ", who "}

// withoutAliasApposition cuts the other names set off by commas from the
// end of the lower-cased words before a copula: "muddywater, also known as
// static kitten, unc3313, or mercury," leaves "muddywater".
func withoutAliasApposition(t string) string {
	if !strings.HasSuffix(t, ",") {
		return t
	}
	best := -1
	for _, a := range aliasAppositions {
		if k := strings.LastIndex(t, a); k > best {
			best = k
		}
	}
	if best < 0 {
		return t
	}
	return strings.TrimRight(t[:best], " ")
}

// comparedBefore reports whether the clause that ends a lower-cased text
// (the last words before a cue) compares something with what follows
// ("similarities to the actor", "shares infrastructure with activity").
func comparedBefore(low string) bool {
	clause := low
	if k := strings.LastIndexAny(clause, ".;:"); k >= 0 {
		clause = clause[k+1:]
	}
	return containsAny(clause, []string{"similarit", "similar to", "resembl", "reminiscent of", "shares ", "share "})
}

// placeOfActivity reports whether a country's name, not its demonym,
// stands right before an activity noun: "the Turkey campaign", "the
// Ukraine attacks" are where the activity happened, not who did it
// ("the Turkish campaign", "a China-linked campaign" say who).
func placeOfActivity(low string, re int, h hit) bool {
	return !demonym(h.Mention) && hasAnyPrefix(low[re:], []string{" campaign", " operation", " attack", " intrusion", " activity"})
}

// activityHead reports whether a noun phrase ending at the end of low has
// an activity for its head ("the Russian operation") rather than a group.
func activityHead(low string) bool {
	for _, n := range []string{"campaign", "operation", "intrusion", "attack", "activity"} {
		if strings.HasSuffix(strings.TrimRight(low, " "), n) {
			return true
		}
	}
	return false
}
