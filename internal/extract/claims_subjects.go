package extract

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Subjects and objects around a cue: what "the group" refers to, the
// parties after a cue, the gaps between names that continue a list or
// break it, fresh names no dictionary holds, and the subject before a cue.

// activityAfter returns the activity a cue at ce speaks of: the noun
// phrase of the first activity noun after it ("role in the hacking
// campaign": "the hacking campaign").
func activityAfter(sentence string, ce int) string {
	rest := sentence[ce:min(len(sentence), ce+100)]
	low := asciiLower(rest)
	best := -1
	for _, n := range activityNouns {
		if k := strings.Index(low, n); k >= 0 && (best < 0 || k < best) && wordBoundary(low, k, k+len(n)) {
			best = k
		}
	}
	if best < 0 {
		return strings.TrimSpace(rest)
	}
	end := best
	for end < len(rest) && isWordByte(rest[end]) {
		end++
	}
	start := 0
	for _, d := range []string{"the ", "this ", "these ", "that ", "its ", "their ", "a ", "an "} {
		if k := strings.LastIndex(low[:best], d); k >= 0 && (k == 0 || low[k-1] == ' ' || low[k-1] == '(') && k >= start {
			start = k
		}
	}
	return strings.TrimSpace(stripMarks(rest[start:end]))
}

// definiteActivity reports whether a definite activity follows offset ce:
// "the SolarWinds breach", "this campaign", "NotPetya".
func definiteActivity(sentence string, ce int) bool {
	after := asciiLower(strings.TrimLeft(stripMarks(sentence[ce:min(len(sentence), ce+80)]), " "))
	if hasAnyPrefix(after, []string{"the development of", "the creation of", "the distribution of"}) {
		// "behind the development of this stealer": what the group
		// made stands for the activity.
		return true
	}
	if !containsAny(after, activityNouns) {
		return false
	}
	for _, d := range []string{"the ", "this ", "these ", "that ", "those ", "last ", "its ", "their "} {
		if strings.HasPrefix(after, d) {
			return true
		}
	}
	named := strings.TrimLeft(sentence[ce:], " *[\"“")
	return len(named) > 0 && named[0] >= 'A' && named[0] <= 'Z'
}

// referent is the actor a reference ("the group") stands for: the one the
// text last named, else the one it names most.
func referent(doc *docContext, lastActor *hit) *hit {
	if lastActor != nil && doc.mainActor != nil && lastActor.Name != doc.mainActor.Name &&
		doc.actorCount[doc.mainActor.Name] >= 3*doc.actorCount[lastActor.Name] && doc.firstAt[doc.mainActor.Name] < lastActor.Start {
		// "the group" in a report about Winnti, just after Ke3chang was
		// named once in passing: the actor the text is about. An actor
		// the text names only further on (a newsletter's later item)
		// is not the one it speaks of yet.
		return doc.mainActor
	}
	if lastActor != nil && doc.mainActor != nil && lastActor.Name != doc.mainActor.Name && rejectedTie(doc.text, lastActor) &&
		doc.actorCount[doc.mainActor.Name] > doc.actorCount[lastActor.Name] && doc.firstAt[doc.mainActor.Name] < lastActor.Start {
		// "Some vendors tie the loader to Kimsuky, a link we do not
		// share. The group is probably based in Vietnam": an actor last
		// named as the object of a tie the writer rejects is not the
		// group the text goes on about.
		return doc.mainActor
	}
	if lastActor != nil {
		return lastActor
	}
	if doc.unnamedFirst {
		// "PRC state-sponsored cyber actors have compromised carriers.
		// ... the actors operate on behalf of the MSS": before any
		// name, a reference stands for the unnamed actors, not for an
		// actor the text names later.
		return nil
	}
	return doc.mainActor
}

// rejectedTie reports whether the actor h is named as the object of a
// tie ("to X", "with X", "from X") in a sentence whose tie the writer
// rejects or negates ("a link we do not share", "no evidence ties").
func rejectedTie(text string, h *hit) bool {
	switch asciiLower(lastWord(text[max(0, h.Start-12):h.Start])) {
	case "to", "with", "from":
	default:
		return false
	}
	s, e := h.Start, h.End
	for s > 0 && !strings.ContainsRune(".!?\n", rune(text[s-1])) {
		s--
	}
	for e < len(text) && !strings.ContainsRune(".!?\n", rune(text[e])) {
		e++
	}
	low := asciiLower(text[s:e])
	return firstCue(low, strongNegations) != "" || firstCue(low, dissents) != ""
}

// refReferent returns the actor a reference r found in low stands for.
// "The same actor" compares an activity with one just told: it stands for
// an actor named in this sentence or the one before, else for the unnamed
// actor behind that activity ("similar campaigns since 2018 ... the same
// threat actor is responsible"); "this same group" points back as "the
// group" does.
func refReferent(doc *docContext, lastActor *hit, low, r string) *hit {
	if strings.Contains(r, "same") && !strings.Contains(low, "this same") && !strings.Contains(low, "that same") &&
		(lastActor == nil || doc.sentenceAt-lastActor.sentence > 1) {
		return nil
	}
	return referent(doc, lastActor)
}

// partiesAfter returns the object of a cue that ends at ce: the first
// party after it with only a few linking words between ("tied to the
// groups they call Cozy Bear"), and the parties that continue it as a list
// ("also known as TEMP.Periscope or TEMP.Jumper").
func partiesAfter(sentence string, a, ce int, parties []party, relation string) []party {
	var out []party
	prevEnd := ce
	for _, p := range parties {
		rel := p.Start - a
		if rel < ce || rel < prevEnd {
			continue
		}
		if p.Kind != KindActor && (relation == SameAs || relation == PartOf || relation == DistinctFrom) {
			// "claimed to represent the Russian hacker group Fancy Bear":
			// a place qualifies the name; only a group is the object.
			continue
		}
		if len(out) == 0 && (p.Kind == KindCountry || p.Kind == KindRegion) && relation == AttributedTo {
			if _, nounEnd, ok := modifiedActorNoun(asciiLower(sentence), p.End-a); ok && !stateWordAfter(sentence, p.End-a) && actorRightAfter(sentence, a, nounEnd, parties) {
				// "linked to the North Korea-linked APT group Lazarus":
				// the place qualifies the group named next, which is the
				// object.
				continue
			}
		}
		if len(out) == 0 {
			place := p.Kind == KindCountry || p.Kind == KindRegion
			if !linkingGap(sentence[ce:rel], relation) || place && (victimsPlaceGap(sentence[ce:rel]) || infrastructurePlaceGap(sentence[ce:rel])) {
				return nil
			}
		} else if parallel := parallelObjectGap(sentence[prevEnd:rel]); !parallel && (!listGap(sentence[prevEnd:rel]) || (p.Kind == KindActor) != (out[0].Kind == KindActor)) {
			break
		}
		out = append(out, p)
		prevEnd = p.End - a
	}
	return out
}

// victimsPlaceGap reports whether the words between a tie cue and a place
// name victims that the place only locates: "affiliated with think tanks
// or universities in Israel" ties people to institutions, not to Israel.
func victimsPlaceGap(gap string) bool {
	g := strings.TrimRight(asciiLower(stripMarks(gap)), " ")
	if !strings.HasSuffix(g, " in") && !strings.HasSuffix(g, " across") {
		return false
	}
	for _, w := range strings.Fields(g) {
		for _, n := range victimNouns {
			if strings.HasPrefix(w, n) && n != "government" && n != "military" {
				return true
			}
		}
	}
	return false
}

// infrastructurePlaceGap reports whether the words between a tie cue and a
// place name the machines the place only locates: "connected to those
// servers through VPN exit nodes in Canada" says where the traffic went,
// not who the operators are.
func infrastructurePlaceGap(gap string) bool {
	g := strings.TrimRight(asciiLower(stripMarks(gap)), " ")
	if !hasAnySuffix(g, []string{" in", " at", " across", " from", " located in", " hosted in"}) {
		return false
	}
	return containsAny(g, infrastructureNouns)
}

// infrastructureNouns name machines and services an actor uses.
var infrastructureNouns = []string{"server", "exit node", "node", "vpn", "proxy", "proxies", "relay", "hosting",
	"data center", "datacenter", "router", "infrastructure", "ip address", "domain", "cloud"}

// linkNounWords before "link" make it the noun ("a document link", "the
// linked file").
var linkNounWords = wordSet(`a an the this that these those its their our his her my your document download phishing malicious url web shortened embedded file email dead direct external internal hyper sharing`)

// nounBefore reports whether the word before offset cs makes the word at
// cs a noun or an adjective rather than a verb.
func nounBefore(sentence string, cs int) bool {
	w := strings.Fields(asciiLower(sentence[max(0, cs-30):cs]))
	return len(w) > 0 && linkNounWords[strings.Trim(w[len(w)-1], "*[(\"“")]
}

// capitalisedBefore reports whether a capitalised word, not the
// sentence's first, stands right before offset cs: "a OneDrive link" is a
// noun (a verb "link" after a name would read "links"), while
// "Researchers link" is capitalised only as the first word.
func capitalisedBefore(sentence string, cs int) bool {
	head := strings.TrimRight(sentence[:cs], " ")
	k := strings.LastIndexByte(head, ' ')
	if k < 0 || strings.TrimSpace(head[:k]) == "" {
		return false
	}
	x := head[k+1:]
	return len(x) > 1 && x[0] >= 'A' && x[0] <= 'Z'
}

// actorRightAfter reports whether an actor is named right after offset
// end of the sentence.
func actorRightAfter(sentence string, a, end int, parties []party) bool {
	for _, p := range parties {
		if p.Kind == KindActor && p.Start-a >= end {
			gap := strings.TrimSpace(stripMarks(sentence[end : p.Start-a]))
			return gap == "" || namingClause(gap)
		}
	}
	return false
}

// namingClause reports whether the words between a group's noun and a
// name give the name: "a Russian group [that] they track as APT28", "the
// group Mandiant calls".
func namingClause(gap string) bool {
	words := strings.Fields(gap)
	if len(words) < 2 || len(words) > 6 {
		return false
	}
	n := 2 // "track as"
	if !namingCues[asciiLower(strings.Join(words[len(words)-2:], " "))] {
		switch asciiLower(words[len(words)-1]) {
		case "call", "calls", "dubbed", "named":
			n = 1
		default:
			return false
		}
	}
	return coinersOnly(words[:len(words)-n])
}

// coinersOnly reports whether words are only a coiner's: "that", "we",
// "they", "researchers" or a capitalised name ("Proofpoint").
func coinersOnly(words []string) bool {
	for _, w := range words {
		if !coinerWords[asciiLower(w)] && !(w[0] >= 'A' && w[0] <= 'Z') {
			return false
		}
	}
	return true
}

// moreAliases continues a list of names after the first object of a
// same-as cue with names no dictionary holds: "also known as Primitive
// Bear, Armageddon or Shuckworm", "known by the aliases 'Hydro' and 'JiiN'".
func moreAliases(sentence string, a int, objects []party, parties []party, group []hit) []party {
	last := objects[len(objects)-1]
	if last.Start < 0 {
		return objects
	}
	end := last.End - a
	for len(objects) < 8 {
		i := end
		for i < len(sentence) && strings.ContainsRune("*]\"'’”) ", rune(sentence[i])) {
			i++
		}
		for i < len(sentence) && sentence[i] >= 0x80 {
			// closing curly quotes
			i++
		}
		rest := asciiLower(sentence[i:min(len(sentence), i+6)])
		var sep int
		switch {
		case strings.HasPrefix(rest, ", and "), strings.HasPrefix(rest, ", or "):
			sep = strings.Index(rest[1:], " ") + 2
			sep += strings.Index(rest[sep:], " ") + 1
		case strings.HasPrefix(rest, "and "), strings.HasPrefix(rest, "or "):
			sep = strings.Index(rest, " ") + 1
		case strings.HasPrefix(rest, ", "), strings.HasPrefix(rest, "/"):
			sep = 1
		default:
			return objects
		}
		i += sep
		var next party
		found := false
		for _, p := range parties {
			if p.Kind == KindActor && p.Start-a >= i && strings.TrimLeft(stripMarks(sentence[i:p.Start-a]), " ") == "" {
				next, found = p, true
				break
			}
		}
		if !found {
			next, found = readFreshName(sentence, a, i, group, true)
		}
		if !found {
			return objects
		}
		objects = append(objects, next)
		end = next.End - a
	}
	return objects
}

// eventAfterPlace reports whether an activity noun follows the place at
// re, maybe after its state or country ("the Oldsmar, Florida incident",
// "the Ukraine attacks"): the place locates the event.
func eventAfterPlace(sentence string, re int) bool {
	rest := strings.TrimLeft(stripMarks(sentence[re:min(len(sentence), re+40)]), " ")
	if strings.HasPrefix(rest, ", ") {
		if w := strings.Fields(rest[2:]); len(w) > 1 && w[0][0] >= 'A' && w[0][0] <= 'Z' {
			rest = strings.TrimPrefix(rest[2:], w[0]+" ")
		}
	}
	low := asciiLower(rest)
	for _, n := range activityNouns {
		if strings.HasPrefix(low, n) && wordBoundary(low, 0, len(n)) || strings.HasPrefix(low, n+"s") && wordBoundary(low, 0, len(n)+1) {
			return true
		}
	}
	return false
}

// eventBeforePlace reports whether the place at rs follows an activity
// noun and a preposition: "attacks in Pakistan", "the campaign against
// Ukraine".
func eventBeforePlace(sentence string, rs int) bool {
	before := strings.TrimRight(asciiLower(stripMarks(sentence[max(0, rs-40):rs])), " ")
	before = strings.TrimSuffix(before, " the")
	for _, prep := range []string{" in", " against", " on", " targeting"} {
		if !strings.HasSuffix(before, prep) {
			continue
		}
		w := strings.Fields(before[:len(before)-len(prep)])
		if len(w) == 0 {
			return false
		}
		last := w[len(w)-1]
		for _, n := range activityNouns {
			if last == n || last == n+"s" {
				return true
			}
		}
	}
	return false
}

// stateInterestsAfter reports whether the place at re is followed by
// "state interests" or "government interests".
func stateInterestsAfter(sentence string, re int) bool {
	rest := strings.TrimLeft(asciiLower(stripMarks(sentence[re:min(len(sentence), re+40)])), " ")
	if strings.HasPrefix(rest, "(") {
		if k := strings.Index(rest, ")"); k > 0 {
			rest = strings.TrimLeft(rest[k+1:], " ")
		}
	}
	for _, w := range []string{"state interests", "state's interests", "government interests", "national interests", "state-sponsored", "government-sponsored"} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// linkingGap reports whether the words between a cue and a name keep the
// name the cue's object: few words, no clause boundary.
func linkingGap(gap string, relation string) bool {
	g := stripMarks(gap)
	if strings.ContainsAny(g, ".;:!?") || strings.Contains(g, ", which") || strings.Contains(g, ", who") {
		return false
	}
	words := strings.Fields(g)
	limit := 5
	if relation == AttributedTo {
		limit = 12 // "a link between the pirates and China", "to the prolific North Korea-linked APT group Lazarus"
	}
	if len(words) > limit {
		return false
	}
	return !(len(words) > 2 && strings.Contains(g, ",") && relation != SameAs)
}

// parallelObjectGap reports whether the words between two names repeat
// the cue's preposition: "cannot attribute the intrusion to MuddyWater or
// to Iran" gives two objects, an actor and a state.
func parallelObjectGap(gap string) bool {
	switch strings.TrimSpace(asciiLower(stripMarks(gap))) {
	case "or to", ", or to", "and to", ", and to", "nor to", "or to the", "and to the":
		return true
	}
	return false
}

// listGap reports whether the words between two names join a list.
func listGap(gap string) bool {
	g := strings.TrimSpace(asciiLower(stripMarks(gap)))
	g = strings.TrimSpace(strings.Trim(g, ","))
	switch g {
	case "", "and", "or", ", and", ", or", "/", "as well as", "&", "and the", "or the", "the":
		return true
	}
	return false
}

// stripMarks removes emphasis and quoting marks around names.
func stripMarks(s string) string {
	return marksReplacer.Replace(s)
}

// examplesAt returns where the examples start when a short noun phrase
// after a cue introduces them ("from other popular hubs like X"), else 0.
func examplesAt(sentence string, ce int) int {
	rest := asciiLower(sentence[ce:min(len(sentence), ce+80)])
	for _, ex := range []string{" like ", " such as ", " including "} {
		k := strings.Index(rest, ex)
		if k > 0 && len(strings.Fields(rest[:k])) <= 6 && !strings.ContainsAny(rest[:k], ".;:,") {
			return ce + k + len(ex) - 1
		}
	}
	return 0
}

// pastLinkTarget returns where the words after a cue go on when the cue
// is a Markdown link's text ("[attributed](https://...) the campaign to"):
// past the link's target.
func pastLinkTarget(sentence string, ce int) int {
	rest := sentence[ce:]
	if !strings.HasPrefix(rest, "](") {
		return ce
	}
	k := strings.IndexByte(rest, ')')
	if k < 0 || strings.ContainsAny(rest[:k], " ") {
		return ce
	}
	return ce + k + 1
}

var marksReplacer = strings.NewReplacer("*", "", "[", "", "]", "", "\"", "", "“", "", "”", "", "‘", "", "’", "", "_", "")

// freshName reads a name no dictionary holds right after a cue: one to
// four capitalised words ("referred to as the Balikbayan Foxes",
// "known by other security firms as [Shathak]").
func freshName(sentence string, a, ce int, group []hit) (party, bool) {
	return readFreshName(sentence, a, ce, group, false)
}

// readFreshName reads the name freshName does; inList accepts a common
// word written with a capital, as in a list of aliases ("also known as
// Primitive Bear, Armageddon or Shuckworm").
func readFreshName(sentence string, a, ce int, group []hit, inList bool) (party, bool) {
	start := skipFreshNameLead(sentence, ce)
	i, words := capitalisedRun(sentence, start)
	name := strings.TrimSpace(sentence[start:i])
	for _, h := range group {
		if h.Start-a <= start && h.End-a > start {
			return party{}, false // a name the dictionary holds, of another kind (malware, a tool)
		}
	}
	if words == 0 || len(name) < 3 || stopWords[asciiLower(name)] || commonWords[asciiLower(name)] && !inList || strings.HasPrefix(name, "CVE-") {
		return party{}, false
	}
	if i+1 < len(sentence) && sentence[i] == ' ' {
		if w, _ := rawWordAt(sentence, i+1); artifactNouns[w] {
			return party{}, false // "overlaps with the PDB path": a name of a thing, not a group
		}
	}
	return party{hit: hit{Mention: Mention{Kind: KindActor, Name: name, Mention: name, Start: a + start, End: a + start + len(name)}}, fresh: true}, true
}

// skipFreshNameLead steps from i over the spaces, marks, opening quotes
// and "the" before a fresh name, and returns where the name may start.
func skipFreshNameLead(sentence string, i int) int {
	for i < len(sentence) {
		switch {
		case strings.ContainsRune(" *[\"('", rune(sentence[i])):
			i++
			continue
		case strings.HasPrefix(sentence[i:], "“"), strings.HasPrefix(sentence[i:], "‘"):
			i += len("“")
			continue
		case strings.HasPrefix(sentence[i:], "the ") || strings.HasPrefix(sentence[i:], "The "):
			i += 4
			continue
		}
		break
	}
	return i
}

// capitalisedRun reads up to four capitalised words from i (later words
// may start with a digit; a word may hold '-' and inner dots) and returns
// where the run ends and how many words it holds.
func capitalisedRun(sentence string, i int) (end, words int) {
	for words < 4 && i < len(sentence) {
		c := sentence[i]
		if !(c >= 'A' && c <= 'Z') && !(words > 0 && c >= '0' && c <= '9') {
			break
		}
		j := i
		for j < len(sentence) && (isWordByte(sentence[j]) || sentence[j] == '-' || sentence[j] == '.') {
			j++
		}
		for j > i && sentence[j-1] == '.' {
			j--
		}
		words++
		i = j
		if i+1 < len(sentence) && sentence[i] == ' ' && sentence[i+1] >= 'A' && sentence[i+1] <= 'Z' {
			i++
			continue
		}
		break
	}
	return i, words
}

// artifactNouns after a capitalised word make it a modifier of a thing:
// "the PDB path", "the RTF header".
var artifactNouns = wordSet(`path paths file files string strings header headers hash hashes key keys code server servers domain domains certificate certificates template templates document documents macro macros library libraries module modules folder directory registry`)

// nameBefore reads a name of the text's own that ends right before a cue:
// one token with a capital and a digit ("TA3546", "UNC2452") followed by
// a comma or an opening bracket.
func nameBefore(sentence string, a, cs int, group []hit) (party, bool) {
	k := cs
	for k > 0 && (sentence[k-1] == ' ' || sentence[k-1] == ',' || sentence[k-1] == '(' || sentence[k-1] == '*') {
		k--
	}
	if k == cs {
		return party{}, false
	}
	j := k
	for j > 0 && (isWordByte(sentence[j-1]) || sentence[j-1] == '-' || sentence[j-1] == '.') {
		j--
	}
	name := sentence[j:k]
	if len(name) < 3 || name[0] < 'A' || name[0] > 'Z' || !strings.ContainsAny(name, "0123456789") || strings.HasPrefix(name, "CVE-") {
		// "the CVE-2021-34527 (aka PrintNightmare) vulnerability": a
		// flaw's names, no group's.
		return party{}, false
	}
	for _, h := range group {
		if h.Start-a <= j && h.End-a > j {
			return party{}, false
		}
	}
	return party{hit: hit{Mention: Mention{Kind: KindActor, Name: name, Mention: name, Start: a + j, End: a + k}}, fresh: true}, true
}

// subjectBefore finds the subject of a cue that starts at cs: the nearest
// actor before it, unless an activity noun stands closer ("the campaign
// ... attributed to"), or a reference ("the group") stands for an actor
// named elsewhere. unnamed is true when the subject is an unnamed group or
// activity; no subject and not unnamed means the cue ties nobody.
func subjectBefore(doc *docContext, sentence string, a, cs int, parties []party, lastActor *hit, objects []party, cue relCue) (subject *party, ref string, unnamed bool) {
	var near *party
	for i := range parties {
		p := &parties[i]
		if p.Kind != KindActor || p.End-a > cs {
			continue
		}
		near = p
	}
	from := 0
	if near != nil {
		from = near.End - a
	}
	between := asciiLower(sentence[from:cs])
	if cue.relation == AttributedTo {
		if r := refIn(" "+between+" ", activityNouns); r != "" {
			if comparedBefore(asciiLower(sentence[:from+max(0, strings.LastIndex(between, r))])) {
				// "The campaign resembles the operations that were
				// attributed to APT10": the compared activity's
				// attribution, not this one's.
				return nil, "", false
			}
			return nil, activityRef(sentence[from:cs]), true
		}
		if r := ordinalRef(between); r != "" && near == nil {
			return nil, r, true
		}
	}
	if near != nil {
		var decided bool
		if near, decided = nearSubject(between, near, parties); decided {
			return near, "", false
		}
	}
	if r := refIn(between, groupRefs); r != "" {
		k := strings.LastIndex(between, r)
		ref := strings.TrimSpace(sentence[from+k : from+k+len(r)])
		if h := refReferent(doc, lastActor, between, r); h != nil {
			return &party{hit: *h}, ref, false
		}
		return nil, ref, true
	}
	if near != nil {
		return near, "", false
	}
	if r := refIn(between, unnamedRefs); r != "" && impostorCue(cue.phrase) {
		// "criminals posing as Lazarus Group": whoever poses is not the
		// group the text names.
		return nil, r, true
	}
	if cue.relation == SameAs && objects[0].Kind == KindActor {
		if thingSubject(between) {
			// "Some indicators overlap with Sandworm": the things
			// resemble the group's; no group is named the same.
			return nil, "", false
		}
		if h := referent(doc, lastActor); h != nil {
			return &party{hit: *h}, "", false
		}
	}
	if r := refIn(between, unnamedRefs); r != "" {
		if comparedBefore(asciiLower(sentence[:from+max(0, strings.LastIndex(between, r))])) {
			// "The loader resembles one used by a group based in
			// China": the compared thing's group, not the text's.
			return nil, "", false
		}
		return nil, r, true
	}
	return nil, "", false
}

// thingSubject reports whether the words before an alias cue end in a
// noun for things an actor leaves or uses ("some indicators", "several
// artefacts", "the samples").
func thingSubject(between string) bool {
	words := strings.Fields(between)
	if len(words) == 0 {
		return false
	}
	w := strings.Trim(words[len(words)-1], ",;:()")
	return softwareNouns[w] || traceNouns[w]
}

// traceNouns name what an intrusion leaves behind.
var traceNouns = wordSet(`indicator indicators ioc iocs artefact artefacts artifact artifacts trace traces`)

// nearSubject decides whether the actor named nearest before a cue (near,
// between the words from it to the cue) is the cue's subject: it returns
// the subject and true when the words decide, or near (nil when it is too
// far back to count) and false when group references may still decide.
func nearSubject(between string, near *party, parties []party) (*party, bool) {
	if groupRelative.MatchString(between) || qualifiedGroup(between) {
		// "Kimsuky, a group that the South Korean government has tied
		// to": the relative clause is on the group the name is.
		return near, true
	}
	if n := len(strings.Fields(between)); n > 12 || strings.Contains(between, ",") && n > 8 {
		// "samples attributed to GC02 contained ... the ones attributed
		// to GC01": a name that far back is another clause's.
		return nil, false
	}
	if coordinatedPredicate(between) {
		// "Quartz Lynx is a splinter of APT41 and is linked to China":
		// the second predicate's subject is the first's, the actor
		// that opens the clause, not the object named last.
		for i := range parties {
			if p := &parties[i]; p.Kind == KindActor && p.Start < near.Start {
				return p, true
			}
		}
	}
	if !clauseBreak(between) || relativeOnName(between) {
		return near, true
	}
	if relativeOnOther(between) {
		// "APT41 used ShadowPad, which is linked to China": the clause
		// is on the noun before it.
		return nil, true
	}
	return near, false
}

// predicateGroupParticiple matches a copula and a group noun phrase
// before a participle that qualifies it: " is a South American group,
// possibly ".
var predicateGroupParticiple = regexp.MustCompile(`^\s*(?:is|was)\s+(?:a|an)\s+(?:[a-z-]+\s+){0,3}(?:group|actor|threat actor|gang|crew|cluster)\s*,\s*(?:(?:possibly|probably|likely|perhaps|reportedly|apparently)\s+)?$`)

// groupReputed matches an apposition of a group noun that others' view
// qualifies, up to a tie cue: ", a group said to be ", ", a crew
// believed to be ".
var groupReputed = regexp.MustCompile(`^\s*,\s*(?:a|an|the)\s+(?:[a-z-]+\s+)?(?:group|actor|threat actor|gang|crew|cluster)\s+(?:widely\s+|often\s+|also\s+)?(?:said|believed|thought|reported|suspected|understood)\s+to\s+be\s*$`)

// qualifiedGroup reports whether the words between a name and a cue are a
// group noun a participle or others' view qualifies: " is a South
// American group, possibly ", ", a group said to be ".
func qualifiedGroup(between string) bool {
	return predicateGroupParticiple.MatchString(between) || groupReputed.MatchString(between)
}

// groupRelative matches an apposition of a group noun opening a relative
// clause whose own subject names no other actor, up to a tie cue.
var groupRelative = regexp.MustCompile(`^\s*,\s*(?:a|an|the)\s+(?:[a-z-]+\s+)?(?:group|actor|threat actor|gang|crew|cluster)\s+(?:that|which|whom)\s+(?:[a-z-]+\s+){1,6}(?:has|have|had)(?:\s+long|\s+since|\s+also|\s+previously)?\s*$`)

// coordinatedPredicate reports whether the words between a name and a
// cue open a second predicate of the clause's subject: "and is", "and
// has long been".
func coordinatedPredicate(between string) bool {
	w := strings.Fields(between)
	if len(w) < 2 || len(w) > 4 || w[0] != "and" {
		return false
	}
	return verbChain(w[1:])
}

// relativeOnName reports whether the words between a name and a cue are
// only a relative clause's opening on that name: "APT35, which is based
// in", "APT35, which has long been linked to".
func relativeOnName(between string) bool {
	w := strings.Fields(between)
	if len(w) < 2 || len(w) > 5 || w[0] != "," || w[1] != "which" && w[1] != "who" {
		return false
	}
	return verbChain(w[2:])
}

// relativeOpening reports whether the lower-cased words between a
// subject and its cue only open a relative clause on it, with a verb and
// perhaps whose view it is: "APT28, which is based in", "the group, which
// some analysts believe operates out of", "the group, which is believed
// to operate from".
func relativeOpening(between string) bool {
	w := strings.Fields(between)
	if len(w) < 2 || len(w) > 7 || w[0] != "," || w[1] != "which" && w[1] != "who" {
		return false
	}
	for _, x := range w[2:] {
		if !verbChainWords[x] && !relativeViews[x] {
			return false
		}
	}
	return true
}

// relativeViews may say whose view a relative clause gives.
var relativeViews = wordSet(`believed thought said reported assessed suspected to some many analysts researchers experts
believe think assess suspect likely probably possibly allegedly`)

// verbChainWords make the verb that opens a clause on its subject: "is",
// "has long been", "was also reportedly".
var verbChainWords = wordSet(`is was are were be been being remains has have also long reportedly`)

// verbChain reports whether words hold only such verbs and adverbs.
func verbChain(words []string) bool {
	for _, x := range words {
		if !verbChainWords[x] {
			return false
		}
	}
	return true
}

// relativeOnOther reports whether the cue after between stands in a
// relative clause on a word other than the name before between: "used
// ShadowPad, which is", "the servers, which were".
func relativeOnOther(between string) bool {
	for _, r := range []string{", which ", ", who "} {
		if k := strings.LastIndex(between, r); k > 0 && strings.TrimSpace(between[:k]) != "" {
			rest := strings.Fields(between[k+len(r):])
			return len(rest) <= 3
		}
	}
	return false
}

// namingCues give a group its name: the noun phrase before them is the
// group they name.
var namingCues = map[string]bool{"tracks as": true, "track as": true, "tracked as": true, "also tracked as": true,
	"dubbed": true, "known as": true, "referred to as": true, "also called": true}

// refNamedByCue tells whether the reference ref ("the threat actor")
// ends right before the cue that starts at cs, with at most a coiner
// between: "the threat actor [that] Proofpoint tracks as", "a group we
// dubbed", "the actor researchers have called".
func refNamedByCue(sentence string, cs int, ref string) bool {
	k := strings.LastIndex(asciiLower(sentence[:cs]), asciiLower(ref))
	if k < 0 {
		return false
	}
	words := strings.Fields(sentence[k+len(ref) : cs])
	return len(words) <= 4 && coinersOnly(words)
}

// indefiniteNamed reports whether a group's noun with an indefinite
// article stands right before the naming cue at cs, with at most a coiner
// between: "a threat actor tracked as", "an espionage group we call".
func indefiniteNamed(sentence string, cs int) bool {
	words := strings.Fields(asciiLower(sentence[max(0, cs-80):cs]))
	for len(words) > 0 && coinerWords[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	if len(words) == 0 || introKind(words[len(words)-1]) != KindActor {
		return false
	}
	for i := len(words) - 2; i >= 0 && i >= len(words)-4; i-- {
		switch words[i] {
		case "a", "an", "one", "another":
			// "APT29 is a Russian group known as Cozy Bear", "APT29,
			// a group known as": a predicate or an apposition names
			// the group before it.
			if i > 0 && (copulas[words[i-1]] || strings.HasSuffix(words[i-1], ",") || strings.HasSuffix(words[i-1], "—")) {
				return false
			}
			return true
		}
		if strings.ContainsAny(words[i], ",.;:") {
			return false
		}
	}
	return false
}

// copulas link a subject to what it is.
var copulas = wordSet(`is was are were be been being remains`)

// coinerWords may stand between a group's noun and the cue that names it.
var coinerWords = wordSet(`that which whom we they researchers analysts it has have had now currently also internally previously`)

// bracketedActorAfter returns the actor a bracket names right after an
// object: "associated with China (APT10)".
func bracketedActorAfter(sentence string, a int, o party, parties []party) (*party, bool) {
	if o.Start < 0 {
		return nil, false
	}
	at := o.End - a
	rest := strings.TrimLeft(sentence[at:], " ")
	if !strings.HasPrefix(rest, "(") {
		return nil, false
	}
	open := len(sentence) - len(rest) + a + 1
	for i := range parties {
		p := &parties[i]
		if p.Kind == KindActor && p.Start == open && strings.HasPrefix(sentence[p.End-a:], ")") {
			return p, true
		}
	}
	return nil, false
}

// impostorCue reports whether a cue says someone poses as another.
func impostorCue(phrase string) bool {
	switch phrase {
	case "posing as", "posed as", "pretending to be", "masquerading as":
		return true
	}
	return false
}

// groupRefMatcher finds the references to an actor in one pass.
var groupRefMatcher = sync.OnceValue(func() *acMatcher { return newACMatcher(groupRefs) })

// refOnlySentences returns, in order, the indexes of the sentences with
// no hit (withHits holds those with one) that hold a singular reference
// to an actor ("this same group", "the group"), a pronoun for it ("It is
// also known as X") or a refusal to attribute; declined holds the start offsets of every sentence with
// such a refusal; bodies, in order, the sentences with no hit that name a
// state's service. One pass over the text finds the references, refusals
// and services.
func refOnlySentences(low string, sents *sentences, withHits map[int]bool) (out []int, declined map[int]bool, bodies []int) {
	declined = map[int]bool{}
	phrases := refAndDeclinedPhrases()
	refAndDeclinedMatcher().scan(low, func(id int32, end int) {
		r := phrases[id]
		if !wordBoundary(low, end-len(r), end) {
			return
		}
		si := sents.index(end - 1)
		if int(id) >= len(groupRefs)+len(declinedCues) {
			if !withHits[si] && (len(bodies) == 0 || bodies[len(bodies)-1] != si) {
				bodies = append(bodies, si)
			}
			return
		}
		if int(id) >= len(groupRefs) {
			declined[sents.starts[si]] = true
		} else if strings.HasSuffix(r, "s") {
			// "the threat actors behind the campaign" may be anyone's.
			return
		}
		if !withHits[si] && (len(out) == 0 || out[len(out)-1] != si) {
			out = append(out, si)
		}
	})
	// "It is also known as Shathak": a pronoun for the actor in focus.
	n := len(out)
	for si, st := range sents.starts {
		if withHits[si] || !strings.HasPrefix(low[st:], "it") {
			continue
		}
		rest := strings.ReplaceAll(low[st:min(len(low), st+40)], "’", "'")
		for _, p := range []string{"it is known ", "it is also known ", "it is tracked ", "it is also tracked ", "it is also called ", "it's also known ", "it's known "} {
			if strings.HasPrefix(rest, p) {
				out = append(out, si)
				break
			}
		}
	}
	if len(out) > n {
		slices.Sort(out)
		out = slices.Compact(out)
	}
	return out, declined, bodies
}

// freshAttributions finds the sentences that name nothing the dictionary
// holds (withHits: the sentences that do) but attribute an activity to a
// name of the text's own: "We are attributing this campaign to HydroJiin
// with high confidence".
func freshAttributions(text, low string, sents *sentences, withHits map[int]bool) []int {
	var out []int
	for _, w := range []string{"attribut", " behind "} {
		for k := range occurrences(low, w) {
			si := sents.index(k)
			if withHits[si] || len(out) > 0 && out[len(out)-1] == si {
				continue
			}
			a, b := sents.span(sents.starts[si])
			if b-a > maxClaimSentence {
				continue
			}
			if w == " behind " && namesWhoIsBehind(low[a:b]) || w == "attribut" && freshAttribution.MatchString(text[k:b]) {
				out = append(out, si)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// freshAttribution is an active attribution to a capitalised name: "attribute the
// attack to ReconHellcat", "attributing this campaign to *HydroJiin*".
var freshAttribution = regexp.MustCompile(`^attribut(?:e|es|ing) [^.;]{0,60}? to [*"“‘(]*[A-Z]`)

// refAndDeclinedPhrases are the group references, then the refusal cues,
// then the state services' names lower-cased (but "Unit ", too common a
// word to look further at each).
var refAndDeclinedPhrases = sync.OnceValue(func() []string {
	out := append(append([]string{}, groupRefs...), declinedCues...)
	for _, w := range slices.Sorted(maps.Keys(stateBodyAbbrevs)) {
		out = append(out, asciiLower(w))
	}
	for _, h := range stateBodyHeads {
		if h != "Unit " {
			out = append(out, asciiLower(h))
		}
	}
	return out
})

var refAndDeclinedMatcher = sync.OnceValue(func() *acMatcher { return newACMatcher(refAndDeclinedPhrases()) })

// hasGroupRef reports whether a lower-cased sentence holds a reference
// to an actor ("the group") as whole words.
func hasGroupRef(low string) bool {
	found := false
	groupRefMatcher().scan(low, func(id int32, end int) {
		found = found || wordBoundary(low, end-len(groupRefs[id]), end)
	})
	return found
}

// refIn returns the last of refs that stands as whole words in low.
// namingRefRE is a reference that goes on to give its actor's name: "the
// threat actor tracked by Proofpoint as TA543", "a group known as X".
var namingRefRE = regexp.MustCompile(`^\s*(?:an?|the|this|that|same)\b[^,;.]{0,30}?\b(?:actors?|group|adversary|operators?)\s+(?:(?:which|that|who)\s+(?:is|are)\s+)?(?:also\s+)?(?:tracked|known|referred\s+to|called|named|dubbed)\b`)

// namesItsActor reports whether the words after an attribution cue are a
// reference that names its actor, not one that stands for an actor named
// before.
func namesItsActor(low string) bool {
	return namingRefRE.MatchString(low)
}

// refIn returns the reference of refs (one of the package's lists, whose
// automata cueMatcher keeps) that stands last in low, at word boundaries;
// "" when none does.
func refIn(low string, refs []string) string {
	// Most stretches hold no reference: one pass of the list's automaton
	// says so, where LastIndex searches once a reference.
	if m := cueMatcher(refs); m != nil && !m.containsExact(low) {
		return ""
	}
	best, at := "", -1
	for _, r := range refs {
		if k := strings.LastIndex(low, r); k > at && wordBoundary(low, k, k+len(r)) {
			best, at = r, k
		}
	}
	return best
}

// clauseBreak reports whether the words between a name and a cue leave
// the name's clause.
func clauseBreak(between string) bool {
	for _, s := range []string{";", ". ", ", which", ", who", ", while", " while ", ", but", " but ", ", although", " although ", ", whereas"} {
		if strings.Contains(between, s) {
			return true
		}
	}
	for k := range occurrences(between, ".") {
		// "BlackCat ransomware.†These capabilities": a sentence end
		// the splitter missed, a word's full stop before a sign.
		if k > 0 && k+1 < len(between) && between[k-1] >= 'a' && between[k-1] <= 'z' && between[k+1] >= 0x80 {
			return true
		}
	}
	return false
}

// activityRef cuts the activity noun phrase out of the words before a cue.
func activityRef(s string) string {
	low := asciiLower(s)
	best := -1
	for _, n := range activityNouns {
		if k := strings.LastIndex(low, n); k > best {
			best = k
		}
	}
	if best < 0 {
		return strings.TrimSpace(s)
	}
	start := strings.LastIndexAny(low[:best], ",;(") + 1
	// "Two people told reporters the attack was ...": the activity's
	// words start after the verb of saying.
	if v, k := lastOf(low[:best], []string{" told reporters ", " said ", " says ", " told ", " believe ", " believes "}); k >= start {
		start = k + len(v)
		if strings.HasPrefix(low[start:], "that ") {
			start += len("that ")
		}
	}
	end := best
	for end < len(s) && s[end] != ' ' && s[end] != ',' {
		end++
	}
	return strings.TrimSpace(s[start:end])
}

// partyBefore finds the name right before a cue that takes its object
// first ("the nation-sponsored attackers behind", "the Chinese government
// had played a role in"): an actor, or a state.
func partyBefore(sentence string, a, cs int, parties []party) (party, bool) {
	for i := len(parties) - 1; i >= 0; i-- {
		p := parties[i]
		if p.End-a > cs || p.Start-a >= cs {
			continue
		}
		if p.Kind != KindActor && !(p.Kind == KindCountry && stateWordAfter(sentence, p.End-a)) {
			continue
		}
		gap := asciiLower(stripMarks(sentence[p.End-a : cs]))
		if strings.ContainsAny(gap, ".;") || len(strings.Fields(gap)) > 6 {
			return party{}, false
		}
		return p, true
	}
	return party{}, false
}
