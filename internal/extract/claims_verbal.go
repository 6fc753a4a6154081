package extract

import (
	"regexp"
	"slices"
	"strings"
)

// Claims made by a verbal cue ("attributed to", "also known as", "a
// subgroup of"): the cue's object and subject, read from where the words
// stand around it.

// verbalClaims reads the claims of one verbal cue at [cs, ce) of sentence:
// a phase per form of cue finds the objects and the subject, then claims
// makes a claim of each object.
func verbalClaims(doc *docContext, sentence string, a, cs, ce int, cue relCue, parties []party, group []hit, lastActor *hit, used map[int]bool) []Claim {
	// one and spare hold an object and a subject the phases make, in this
	// frame: the phases take and return the verbalFind, so what they find
	// stays off the heap as it did in one function.
	var one [1]party
	var spare party
	f := verbalFind{one: one[:0], spare: &spare}
	v := verbalRead{sentence: sentence, a: a, cs: cs, ce: pastLinkTarget(sentence, ce), cue: cue, parties: parties, group: group, lastActor: lastActor}
	ok := true
	switch cue.form {
	case activeAttribution:
		f, ok = v.activeAttribution(doc, f)
	case sameActorAs:
		f, ok = v.sameActorAs(doc, f)
	case implicatedIn:
		f, ok = v.implicatedIn(f)
	case pairAfter:
		if f, ok = v.pairAfter(f); !ok {
			if !strings.HasSuffix(cue.phrase, " between") {
				return nil // "the download link of the payload"
			}
			v.cue.form = objectAfter
			return verbalClaims(doc, sentence, a, cs, v.ce, v.cue, parties, group, lastActor, used)
		}
	case objectAfter, objectAfterAs:
		f, ok = v.objectAfter(doc, f)
	case objectsBefore:
		f, ok = v.objectsBefore(f)
	case objectBefore:
		f, ok = v.objectBefore(doc, f)
	}
	if !ok {
		return nil
	}
	return v.claims(f, used)
}

// verbalRead is what the phases of verbalClaims share: the cue read, its
// sentence, and the unnamed subject the phases find. A phase returns false
// when the cue makes no claim.
type verbalRead struct {
	sentence  string
	a, cs, ce int // the sentence's offset in the text; the cue's span in the sentence
	cue       relCue
	parties   []party
	group     []hit
	lastActor *hit

	subjectRef string
	unnamed    bool
}

// verbalFind is the objects and the subject the phases of verbalClaims
// find, apart from verbalRead: what a verbalRead holds moves to the heap,
// and these have room in verbalClaims' frame.
type verbalFind struct {
	objects []party
	subject *party
	one     []party // room for one object
	spare   *party  // room for a subject
}

// keep stores p in the spare room and returns it, as a subject.
func (f verbalFind) keep(p party) *party {
	*f.spare = p
	return f.spare
}

// objectsAfterTo reads the object of an active attribution after its
// "to", which ends at k: the parties there, a state's service, or a name
// of the text's own.
func (v *verbalRead) objectsAfterTo(f verbalFind, k int) []party {
	sentence, a, parties := v.sentence, v.a, v.parties
	objects := partiesAfter(sentence, a, k, parties, AttributedTo)
	if b, ok := stateBodyAfter(sentence, a, k, parties); ok {
		// "tie APT41 to China’s Ministry of State Security"
		objects = append(f.one, b)
	}
	if len(objects) == 0 && strings.HasPrefix(v.cue.phrase, "attribut") {
		// "attributing this campaign to HydroJiin": a name of the
		// text's own.
		if p, ok := freshName(sentence, a, k, v.group); ok {
			objects = append(f.one, p)
		}
	}
	return objects
}

// activeAttribution reads "cue SUBJECT to OBJECT": "attributes the
// intrusion to APT41", "accused China of stealing".
func (v *verbalRead) activeAttribution(doc *docContext, f verbalFind) (verbalFind, bool) {
	sentence, a, cs, parties := v.sentence, v.a, v.cs, v.parties
	if strings.HasPrefix(v.cue.phrase, "link") && nounBefore(sentence, cs) || v.cue.phrase == "link" && capitalisedBefore(sentence, cs) {
		// "a Google document link that leads to": the noun, not
		// the verb.
		return f, false
	}
	rest := asciiLower(sentence[v.ce:min(len(sentence), v.ce+visibleSpan(sentence[v.ce:], 160))])
	to := strings.Index(rest, " to ")
	if strings.HasPrefix(v.cue.phrase, "blame") || v.cue.phrase == "pinned" {
		// "blamed the attack on Ukraine's grid on Russia", "pinned
		// the outage on X": the last "on" of the clause names who is
		// blamed.
		clause := rest
		if k := strings.IndexAny(rest, ",;."); k >= 0 {
			clause = rest[:k]
		}
		if on := strings.LastIndex(clause, " on "); on > 0 && (to < 0 || on < to) {
			to = on
		}
	}
	prep := " of "
	if strings.HasPrefix(v.cue.phrase, "blame") {
		prep = " for "
	}
	if of := strings.Index(rest, prep); (v.cue.phrase == "accused" || prep == " for ") && of >= 0 && (to < 0 || of < to) {
		// "accused China of stealing", "blamed APT28 for the attack":
		// the object comes first.
		f.objects = partiesAfter(sentence, a, v.ce, parties, AttributedTo)
		if len(f.objects) == 0 || f.objects[0].Start-a > v.ce+of {
			return f, false
		}
		v.unnamed, v.subjectRef = true, strings.TrimSpace(sentence[v.ce+of+len(prep):min(len(sentence), v.ce+of+len(prep)+36)])
		return f, true
	}
	if to <= 0 || strings.ContainsAny(withoutLinkTargets(rest[:to]), ".;") || len(strings.Fields(rest[:to])) > 20 {
		return f, false
	}
	inner := v.ce + to
	f.objects = v.objectsAfterTo(f, inner+len(" to"))
	if !v.toObjects(&f, inner) {
		return f, false
	}
	return v.activeSubject(doc, f, inner), true
}

// toObjects completes the objects read after the "to" (or "on") at inner:
// a state, none in particular, when no party follows ("has not tied APT41
// to any state"). It reports false when there is none, or when "pinned"
// sets something on a thing ("pinned the certificate on a host in Iran"),
// not on who is blamed.
func (v *verbalRead) toObjects(f *verbalFind, inner int) bool {
	if len(f.objects) == 0 {
		p, ok := unspecifiedStateAt(v.sentence, v.a, inner+len(" to"))
		if !ok {
			return false
		}
		f.objects = append(f.one, p)
		v.cue.relation = SponsoredBy
	}
	return v.cue.phrase != "pinned" || f.objects[0].Start-v.a <= inner+len(" on the ")
}

// activeSubject reads the subject of an active attribution between its
// cue and its "to", which starts at inner: an actor named there, the
// actor a pronoun or a group reference stands for, else an unnamed one.
func (v *verbalRead) activeSubject(doc *docContext, f verbalFind, inner int) verbalFind {
	sentence, a, parties, lastActor := v.sentence, v.a, v.parties, v.lastActor
	for i := range parties {
		p := &parties[i]
		if p.Kind == KindActor && p.Start-a >= v.ce && p.End-a <= inner {
			f.subject = p
		}
	}
	if f.subject != nil {
		return f
	}
	v.unnamed = true
	v.subjectRef = strings.TrimSpace(sentence[v.ce:inner])
	if (v.subjectRef == "it" || v.subjectRef == "them") && lastActor != nil && doc.lastNamed == KindActor && sentenceEnds(doc.text[lastActor.End:a]) <= 1 {
		// "stopped short of linking it to Vietnam": the actor the
		// text last named, in this sentence or the one before, when
		// nothing was named after it.
		v.unnamed, f.subject = false, f.keep(party{hit: *lastActor})
		return f
	}
	if r := refIn(" "+asciiLower(v.subjectRef)+" ", groupRefs); r != "" {
		if h := refReferent(doc, lastActor, asciiLower(v.subjectRef), r); h != nil {
			v.unnamed, f.subject = false, f.keep(party{hit: *h})
		}
	}
	return f
}

// namingVerbs give a group another's name: "Microsoft tracks APT29 as
// Midnight Blizzard".
var namingVerbs = []string{" tracks ", " track ", " tracked ", " tracking ", " calls ", " call ", " refers to ", " refer to "}

// vendorNameClaims reads the names others give a group: "Microsoft tracks
// APT29 as Midnight Blizzard", "other vendors track the group as X",
// "APT29 is tracked by Microsoft as X", "APT29, which Microsoft tracks as
// X". The object is the name after "as"; the subject is the group named
// or referred to between the verb and "as", or, when nothing stands there,
// the one before the namer.
func vendorNameClaims(doc *docContext, sentence string, a int, parties []party, lastActor *hit, used map[int]bool) []Claim {
	var out []Claim
	low := doc.low[a : a+len(sentence)]
	for i := range parties {
		p := &parties[i]
		if p.Kind != KindActor || used[p.Start] || p.Start <= a {
			continue
		}
		before := strings.TrimSuffix(strings.TrimRight(low[:p.Start-a], " "), " the")
		cueAs := " as"
		switch {
		case strings.HasSuffix(before, " as"):
			before = before[:len(before)-len(" as")] + " "
		case hasAnySuffix(before, []string{" that calls", " calls", " call"}) && !hasAnySuffix(before, []string{" we call", " to call"}):
			// "LightBasin, a group that Mandiant calls UNC1945": the
			// name follows the verb.
			before, cueAs = before+" ", ""
		default:
			continue
		}
		v, k := lastOf(before, namingVerbs)
		if k < 0 || strings.ContainsAny(before[k:], ".;") || len(before)-k > 60 {
			continue
		}
		inner := before[k+len(v):]
		subj, ref := vendorNameSubject(doc, sentence, a, k, inner, p, parties, lastActor)
		if subj == nil {
			continue
		}
		c := Claim{Subject: subj.Name, SubjectRef: ref, Mention: ref, Relation: SameAs, Object: objectName(*p), ObjectKind: "actor", ObjectRef: p.Name, Cue: strings.TrimSpace(v) + cueAs}
		if p.fresh {
			c.ObjectRef = ""
		}
		c.objectAt, c.located = p.Start, true
		used[p.Start] = true
		out = append(out, c)
	}
	return out
}

// vendorNameSubject finds the group a naming verb at k names: the actor or
// the reference in inner (the words between the verb and "as"), else, for
// "is tracked by Microsoft as" and "which Microsoft tracks as", the actor
// named before.
func vendorNameSubject(doc *docContext, sentence string, a, k int, inner string, obj *party, parties []party, lastActor *hit) (*party, string) {
	innerStart := a + k
	for i := range parties {
		q := &parties[i]
		if q != obj && q.Kind == KindActor && q.Start-a > k && q.End <= obj.Start && len(strings.Fields(inner)) <= 6 {
			return q, q.Mention.Mention
		}
	}
	if t := strings.TrimSpace(inner); t == "it" || t == "them" || refIn(" "+t+" ", groupRefs) != "" && strings.HasSuffix(t, refIn(" "+t+" ", groupRefs)) {
		if h := referent(doc, lastActor); h != nil {
			return &party{hit: *h}, t
		}
		return nil, ""
	}
	if strings.TrimSpace(inner) != "" && !strings.HasPrefix(strings.TrimSpace(inner), "by ") {
		return nil, ""
	}
	// "APT29 is tracked by Microsoft as", "APT29, which Microsoft
	// tracks as": the actor before the naming clause.
	var near *party
	for i := range parties {
		if q := &parties[i]; q.Kind == KindActor && q.End <= innerStart {
			near = q
		}
	}
	if near == nil {
		return nil, ""
	}
	gap := strings.Fields(asciiLower(sentence[near.End-a : k]))
	if len(gap) > 6 || len(gap) > 0 && gap[0] != "," && !copulas[gap[0]] && gap[0] != "is" {
		return nil, ""
	}
	return near, near.Mention.Mention
}

// lastOf returns the one of subs that occurs last in s and where, or -1.
func lastOf(s string, subs []string) (string, int) {
	best, at := "", -1
	for _, x := range subs {
		if k := strings.LastIndex(s, x); k > at {
			best, at = x, k
		}
	}
	return best, at
}

// predicateLeads may stand between a copula and a demonym that ends its
// clause: "is believed to be Iranian", "are possibly Russian".
var predicateLeads = wordSet(`believed thought assessed said suspected reported to be likely probably possibly almost certainly most presumably reportedly allegedly also all`)

// predicateDemonymClaims reads a demonym that is what its clause says the
// group is: "Charming Kitten is believed to be Iranian", "the hackers are
// possibly Russian". The subject stands right before the copula: an actor,
// a group reference (the actor the text speaks of, else an unnamed group).
func predicateDemonymClaims(doc *docContext, sentence string, a int, parties []party, lastActor *hit, used map[int]bool) []Claim {
	var out []Claim
	for _, p := range parties {
		if p.Kind != KindCountry || used[p.Start] || !demonym(p.Mention) && !twoWordDemonym(p.Mention) {
			continue
		}
		rest := strings.TrimLeft(sentence[p.End-a:], " ")
		if rest != "" && !strings.ContainsAny(rest[:1], ".,;:") && !strings.HasPrefix(rest, "and ") && !strings.HasPrefix(rest, "or ") {
			continue // "Iranian hackers": a modifier, read elsewhere
		}
		words := strings.Fields(doc.low[a:p.Start])
		n := len(words)
		for n > 0 && predicateLeads[words[n-1]] {
			n--
		}
		if n == 0 || !copulas[words[n-1]] {
			continue
		}
		before := strings.Join(words[:n-1], " ")
		c := Claim{Relation: OriginatesFrom, Object: p.Name, ObjectKind: "country", Cue: "is " + p.Mention.Mention}
		c.objectAt, c.located, c.phrase = p.Start, true, false
		var subj *party
		for i := range parties {
			// the actor right before the copula and the words after it
			if q := &parties[i]; q.Kind == KindActor && q.End <= p.Start && len(strings.Fields(sentence[q.End-a:p.Start-a])) == len(words)-n+1 {
				subj = q
			}
		}
		switch r := refIn(" "+before+" ", unnamedRefs); {
		case subj != nil:
			c.Subject, c.SubjectRef, c.Mention = subj.Name, subj.Mention.Mention, subj.Mention.Mention
		case r != "" && strings.HasSuffix(before, r):
			c.Subject, c.SubjectRef, c.Mention = "unnamed", r, r
			if h := refReferent(doc, lastActor, before, r); h != nil && refIn(" "+r+" ", groupRefs) != "" {
				c.Subject, c.SubjectRef, c.Mention = h.Name, r, r
			}
		default:
			continue
		}
		used[p.Start] = true
		out = append(out, c)
	}
	return out
}

// twoWordDemonym reports whether a place is written as a demonym of two
// words: "North Korean", "South African".
func twoWordDemonym(m Mention) bool {
	first, last, ok := strings.Cut(m.Mention, " ")
	return ok && first != "" && !strings.Contains(last, " ") && demonym(Mention{Mention: last, Name: m.Name})
}

// lineageCues say two things are related without saying who did what.
var lineageCues = map[string]bool{"associated with": true, "linked to": true, "tied to": true, "connected to": true, "related to": true}

// softwareAfter reports whether the words after a name at end (in
// sentence) make it a piece of software's: "BitPaymer ransomware", "the
// BitPaymer aka FriedEx ransomware", "Ryuk (or Conti) malware".
func softwareAfter(sentence string, end int) bool {
	if end < 0 || end > len(sentence) {
		return false // named in another sentence
	}
	words := strings.Fields(asciiLower(stripMarks(sentence[end:min(len(sentence), end+60)])))
	i := 0
	switch {
	case len(words) > 2 && (words[0] == "aka" || words[0] == "a.k.a." || words[0] == "or"):
		i = 2
	case len(words) > 0 && strings.HasPrefix(words[0], "("):
		for i < len(words) && i < 4 && !strings.HasSuffix(words[i], ")") {
			i++
		}
		i++
	}
	return i < len(words) && slices.Contains(malwareIntroNouns, strings.TrimRight(words[i], ",.;:"))
}

// sentenceEnds counts the full stops that end a sentence in s.
func sentenceEnds(s string) int {
	return strings.Count(s, ". ") + strings.Count(s, ".\n")
}

// sameActorAs reads "the same actor": the activity is the work of the
// actor the text is about.
func (v *verbalRead) sameActorAs(doc *docContext, f verbalFind) (verbalFind, bool) {
	sentence, cs, lastActor := v.sentence, v.cs, v.lastActor
	// "This indicates that it is probably the same actor reusing
	// his old infrastructure": the activity is the work of the
	// actor the text is about.
	h := referent(doc, lastActor)
	if h == nil || !copulaBefore(asciiLower(sentence[max(0, cs-40):cs])) {
		return f, false
	}
	p := party{hit: *h}
	p.Start = -1 // named in another sentence
	f.objects = append(f.one, p)
	v.unnamed, v.subjectRef = true, "the activity"
	return f, true
}

// implicatedIn reads "implicated ACTOR in ACTIVITY".
func (v *verbalRead) implicatedIn(f verbalFind) (verbalFind, bool) {
	sentence, a, parties := v.sentence, v.a, v.parties
	// "implicated the Chinese government-linked threat actor APT40
	// in a supply chain attack": the first actor named after the
	// cue, the activity after "in".
	for _, p := range parties {
		if p.Kind == KindActor && p.Start-a >= v.ce {
			if gap := sentence[v.ce : p.Start-a]; len(strings.Fields(gap)) <= 8 && !strings.ContainsAny(gap, ".;:") {
				f.objects = append(f.one, p)
			}
			break
		}
	}
	if len(f.objects) == 0 {
		return f, false
	}
	rest := f.objects[0].End - a
	in := strings.Index(asciiLower(sentence[rest:min(len(sentence), rest+12)]), " in ")
	if in < 0 || !containsAny(asciiLower(sentence[rest:min(len(sentence), rest+80)]), activityNouns) {
		return f, false
	}
	v.unnamed, v.subjectRef = true, activityAfter(sentence, rest+in+len(" in"))
	return f, true
}

// pairAfter reads "a link between SUBJECT and OBJECT" when an actor is
// named first; false sends the cue to be read as objectAfter.
func (v *verbalRead) pairAfter(f verbalFind) (verbalFind, bool) {
	sentence, a, parties := v.sentence, v.a, v.parties
	// "no link between APT41 and Russia": an actor named first is
	// the subject; else "a link between the pirates and China"
	// reads as a cue with its object after.
	if first := partiesAfter(sentence, a, v.ce, parties, AttributedTo); len(first) > 0 && first[0].Kind == KindActor && first[0].Start >= 0 {
		rest := first[0].End - a
		if k := strings.Index(asciiLower(sentence[rest:min(len(sentence), rest+8)]), " and "); k >= 0 {
			if objs := partiesAfter(sentence, a, rest+k+len(" and"), parties, AttributedTo); len(objs) > 0 {
				p := first[0]
				f.subject, f.objects = f.keep(p), objs[:1]
				if objs[0].Kind == KindActor {
					// "no link between APT41 and APT28": a link
					// between two groups, each named as a peer,
					// asks whether they are one.
					v.cue.relation = SameAs
				}
				return f, true
			}
		}
	}
	// "the link of PLA unit 61398 with APT41", "a link between the MSS
	// and APT41": a state's service named first is the object of the
	// group named second.
	if b, ok := stateBodyAfter(sentence, a, v.ce, parties); ok {
		rest := asciiLower(sentence[b.End-a : min(len(sentence), b.End-a+visibleSpan(sentence[b.End-a:], 48))])
		for _, c := range []string{" and ", " with ", " to "} {
			k := strings.Index(rest, c)
			if k < 0 || strings.ContainsAny(rest[:k], ",;") {
				continue
			}
			if objs := partiesAfter(sentence, a, b.End-a+k+len(c)-1, parties, AttributedTo); len(objs) > 0 && objs[0].Kind == KindActor && objs[0].Start >= 0 {
				f.subject, f.objects = f.keep(objs[0]), append(f.one, b)
				return f, true
			}
		}
	}
	return f, false
}

// objectAfter reads "SUBJECT cue OBJECT" ("also known as", "linked to"),
// and "cue ... as OBJECT" for objectAfterAs, in phases: the checks that
// the cue ties names, its objects, its subject, and where that subject
// stands.
func (v *verbalRead) objectAfter(doc *docContext, f verbalFind) (verbalFind, bool) {
	selfSubject, ok := v.objectAfterTies()
	if !ok {
		return f, false
	}
	if f, ok = v.objectAfterObjects(doc, f); !ok {
		return f, false
	}
	if f, ok = v.objectAfterSubject(doc, f, selfSubject); !ok {
		return f, false
	}
	f, pronoun := v.pronounSubject(doc, f)
	return v.subjectAdjacent(f, selfSubject, pronoun)
}

// objectAfterTies moves past "as" for objectAfterAs and reports whether
// the cue ties what stands before it to what follows; selfSubject says
// the cue's own noun is the subject ("An affiliate of NEMTY").
func (v *verbalRead) objectAfterTies() (selfSubject, ok bool) {
	sentence, cs := v.sentence, v.cs
	if v.cue.form == objectAfterAs {
		// "referred to by Proofpoint threat researchers as the X"
		as := strings.Index(asciiLower(sentence[v.ce:min(len(sentence), v.ce+70)]), " as ")
		if as < 0 {
			return false, false
		}
		v.ce += as + len(" as")
	}
	line := strings.Trim(asciiLower(stripMarks(sentence[strings.LastIndexByte(sentence[:cs], '\n')+1:cs])), " #")
	article := strings.HasPrefix(v.cue.phrase, "an ") || strings.HasPrefix(v.cue.phrase, "a ")
	switch {
	case (v.cue.relation == SameAs || v.cue.relation == PartOf) && (line == "" || line == "also") && !article:
		// "Also known as the Stimulus Package, the Rescue Plan was
		// signed": the subject follows; nothing before is tied.
		return false, false
	case v.cue.relation == PartOf && article && (line == "" || strings.HasSuffix(line, " that") || strings.HasSuffix(line, ":")):
		// "An affiliate of NEMTY ran a blog", "we found that a member
		// of APT41 ...": the cue's own noun is the subject.
		selfSubject = true
	}
	if v.cue.relation == SameAs {
		// "claiming to be members of Fancy Bear": the part-of cue
		// after it says how the names relate.
		next := strings.TrimLeft(asciiLower(sentence[v.ce:min(len(sentence), v.ce+24)]), " ")
		for _, p := range []string{"members of", "a member of", "part of", "affiliates of", "an affiliate of", "a subgroup of", "a unit of"} {
			if strings.HasPrefix(next, p) {
				return false, false
			}
		}
	}
	if v.cue.relation == SameAs && namesAnActivity(sentence, cs) {
		// "This operation, dubbed SpoofedScholars, ...": the name is
		// the operation's, no alias of a group.
		return false, false
	}
	if v.cue.relation == SameAs && comparedBefore(asciiLower(sentence[max(0, cs-60):cs])) {
		// "shares similarities to the threat actor we dubbed X": the
		// actor compared with is named, not said to be the text's.
		return false, false
	}
	return selfSubject, true
}

// objectAfterObjects finds the objects after the cue: the parties named,
// the examples a noun gives, a state's service, a reference's actor, a
// state none in particular, a fresh name, and further aliases.
func (v *verbalRead) objectAfterObjects(doc *docContext, f verbalFind) (verbalFind, bool) {
	sentence, a, cs, parties, group := v.sentence, v.a, v.cs, v.parties, v.group
	f.objects = partiesAfter(sentence, a, v.ce, parties, v.cue.relation)
	if v.cue.relation == OriginatesFrom {
		// "operating from other Chinese hubs like Hong Kong and
		// Taiwan": the places are the examples the noun gives.
		if k := examplesAt(sentence, v.ce); k > 0 {
			if ex := partiesAfter(sentence, a, k, parties, v.cue.relation); len(ex) > 0 {
				f.objects = ex
			}
		}
	}
	if v.cue.phrase == "dubbed" && len(f.objects) > 0 && f.objects[0].Start >= 0 && namedThing(sentence[v.ce:max(v.ce, f.objects[0].Start-a)]) {
		// "researchers have dubbed this method BazarCall": the name
		// is the method's.
		return f, false
	}
	if v.cue.relation == AttributedTo || v.cue.relation == SponsoredBy || v.cue.relation == PartOf {
		// "linked to the GRU", "working under the Iranian MOIS",
		// "attributed to the Ministry of State Security of China":
		// a state's service is the object, not the country in its
		// name.
		if b, ok := stateBodyAfter(sentence, a, v.ce, v.parties); ok {
			f.objects = append(f.one, b)
		}
	}
	f = v.objectFallbacks(doc, f)
	if (v.cue.relation == SameAs || v.cue.relation == PartOf) && len(f.objects) > 0 {
		f.objects = moreAliases(sentence, a, f.objects, parties, group)
		if w, _ := wordAt(sentence, f.objects[len(f.objects)-1].End-a); v.cue.relation == SameAs && slices.Contains(malwareIntroNouns, strings.TrimSuffix(w, "s")) {
			// "the BitPaymer aka FriedEx ransomware": two names of
			// one piece of malware, no group's.
			return f, false
		}
	}
	if len(f.objects) == 0 {
		return f, false
	}
	if v.cue.relation == AttributedTo && softwareBefore(sentence, cs) {
		// "Dridex payloads associated with this threat actor": what
		// an actor uses, not who is behind an activity.
		return f, false
	}
	return f, true
}

// objectFallbacks finds an object when no party follows the cue: the
// actor a reference stands for, "any government", or a fresh name.
func (v *verbalRead) objectFallbacks(doc *docContext, f verbalFind) verbalFind {
	sentence, a, group, lastActor := v.sentence, v.a, v.group, v.lastActor
	if len(f.objects) == 0 && v.cue.relation == AttributedTo {
		// "a new campaign from this same group": the object is the
		// actor the reference stands for.
		t := " " + asciiLower(sentence[v.ce:min(len(sentence), v.ce+24)]) + " "
		if r := refIn(t, groupRefs); r != "" && !namesItsActor(asciiLower(sentence[v.ce:])) {
			if p, ok := v.refNamesNext(r); ok {
				// "attributed to the group WatchDog": the reference
				// comes with its own name, no actor named before.
				f.objects = append(f.one, p)
				return f
			}
			if h := refReferent(doc, lastActor, t, r); h != nil {
				p := party{hit: *h}
				p.Start = -1 // named in another sentence
				f.objects = append(f.one, p)
			}
		}
	}
	if len(f.objects) == 0 && (v.cue.relation == AttributedTo || v.cue.relation == SponsoredBy) {
		// "not affiliated with any government apparatus": a state,
		// none in particular.
		if p, ok := unspecifiedStateAt(sentence, a, v.ce); ok {
			f.objects = append(f.one, p)
			v.cue.relation = SponsoredBy
		}
	}
	if len(f.objects) == 0 && (v.cue.relation == SameAs || v.cue.relation == PartOf) {
		if p, ok := freshName(sentence, a, v.ce, group); ok {
			f.objects = append(f.one, p)
		}
	}
	return f
}

// unspecifiedStateAt reads a state, none in particular, right after offset
// i of sentence ("any government", "a foreign state"), which starts at a
// in the text.
func unspecifiedStateAt(sentence string, a, i int) (party, bool) {
	next := strings.TrimLeft(asciiLower(sentence[i:min(len(sentence), i+24)]), " ")
	for _, p := range []string{"any government", "a government", "any state", "a foreign government", "any foreign government", "a nation-state", "any nation-state", "a nation state",
		"a state", "a foreign state"} {
		// "operates on behalf of a state"; "works for a state-owned
		// carrier" names a company.
		if strings.HasPrefix(next, p) && wordBoundary(next, 0, len(p)) && !strings.HasPrefix(next[len(p):], "-") {
			k := strings.Index(asciiLower(sentence[i:]), p) + i
			return party{hit: hit{Mention: Mention{Kind: KindCountry, Name: "unspecified government", Mention: sentence[k : k+len(p)], Start: a + k, End: a + k + len(p)}}, fresh: true}, true
		}
	}
	return party{}, false
}

// refNamesNext returns the name no dictionary holds that follows the
// group reference ref, the first after the cue ("the group WatchDog",
// "the threat actor Storm-0978"): the reference's own name.
func (v *verbalRead) refNamesNext(ref string) (party, bool) {
	k := strings.Index(asciiLower(v.sentence[v.ce:]), ref)
	if k < 0 || !strings.HasPrefix(v.sentence[v.ce+k+len(ref):], " ") {
		return party{}, false
	}
	// A common word with its capital is a name there too ("the group
	// WatchDog").
	return readFreshName(v.sentence, v.a, v.ce+k+len(ref), v.group, true)
}

// objectAfterSubject finds the subject before the cue, or the campaign,
// the cue's own noun or a bracketed actor that stands for it.
func (v *verbalRead) objectAfterSubject(doc *docContext, f verbalFind, selfSubject bool) (verbalFind, bool) {
	sentence, a, cs, parties, lastActor := v.sentence, v.a, v.cs, v.parties, v.lastActor
	f.subject, v.subjectRef, v.unnamed = subjectBefore(doc, sentence, a, cs, parties, lastActor, f.objects, v.cue)
	if namingCues[v.cue.phrase] && indefiniteNamed(sentence, cs) {
		// "A threat actor tracked as Kimsuky targeted banks": a group
		// the text brings in as it names it, not one named before.
		return f, false
	}
	if v.subjectRef != "" && namingCues[v.cue.phrase] && refNamedByCue(sentence, cs, v.subjectRef) {
		// "the threat actor Proofpoint tracks as TA575", "a Russian
		// group they track as APT28": the phrase names the group the
		// noun stands for; it ties that group to no other.
		return f, false
	}
	if f.subject != nil && v.subjectRef != "" && (v.cue.phrase == "claimed to represent" || v.cue.phrase == "claiming to be" || v.cue.phrase == "posing as") {
		// "the threat actors claimed to represent Fancy Bear": whoever
		// borrows a group's name is not the group the text last named.
		f.subject, v.unnamed = nil, true
	}
	if strings.Contains(v.cue.phrase, "campaign") {
		// "a new campaign from this same group": the campaign is the
		// subject. "a new campaign from the actor known as TA551"
		// only says whose campaign the text describes: no judgement
		// ties it to a group named elsewhere.
		if f.objects[0].Start >= 0 && f.objects[0].Kind == KindActor {
			return f, false
		}
		f.subject, v.subjectRef, v.unnamed = nil, "campaign", true
	}
	if selfSubject {
		f.subject, v.subjectRef, v.unnamed = nil, strings.TrimSuffix(v.cue.phrase, " of"), true
	}
	if slices.Contains(ruleOutCues, v.cue.phrase) {
		// "We have ruled out APT41": who is ruled out is ruled out as
		// the author of what the text is about.
		f.subject, v.subjectRef, v.unnamed = nil, "the activity", true
	}
	if f.subject == nil && (v.cue.relation == AttributedTo || v.cue.relation == SponsoredBy) {
		// "APT groups presumably associated with the People’s
		// Republic of China (APT10)": the group the brackets name.
		if p, ok := bracketedActorAfter(sentence, a, f.objects[len(f.objects)-1], parties); ok {
			f.subject, v.subjectRef, v.unnamed = p, "", false
		}
	}
	return f, true
}

// pronounSubject makes the actor the text last named the subject of
// "It is known by other security firms as Shathak", and reports whether
// it did.
func (v *verbalRead) pronounSubject(doc *docContext, f verbalFind) (verbalFind, bool) {
	sentence, cs, lastActor := v.sentence, v.cs, v.lastActor
	pronoun := false
	switch strings.TrimSpace(asciiLower(strings.ReplaceAll(sentence[:cs], "’", "'"))) {
	case "it is", "it is also", "it's", "it's also", "it was", "it was also":
		// "It is known by other security firms as Shathak": the
		// actor the text last named, when software was not named
		// after it.
		if v.cue.relation == SameAs && lastActor != nil && doc.lastNamed == KindActor {
			f.subject, v.subjectRef, v.unnamed, pronoun = f.keep(party{hit: *lastActor}), "it", false, true
		}
	}
	return f, pronoun
}

// subjectAdjacent checks the subject stands right before the cue where
// the relation needs it, reads a name of the text's own or an unnamed
// reference there, and reports whether the cue has a subject.
func (v *verbalRead) subjectAdjacent(f verbalFind, selfSubject, pronoun bool) (verbalFind, bool) {
	sentence, a, cs, group := v.sentence, v.a, v.cs, v.group
	if v.cue.relation == SameAs && !pronoun && !adjacentSubject(sentence, a, cs, f.subject, v.subjectRef) {
		// "TA3546, also known as FIN7": a name of the text's own
		// right before the cue.
		if p, ok := nameBefore(sentence, a, cs, group); ok {
			f.subject, v.subjectRef, v.unnamed = f.keep(p), "", false
		}
	}
	if (v.cue.relation == SameAs || v.cue.relation == PartOf || v.cue.relation == OriginatesFrom) && !selfSubject && !pronoun {
		// "X, also known as Y", "the group (aka Y)", "X is a subgroup
		// of Y": the subject stands right before the cue; "One group,
		// which CrowdStrike had dubbed Cozy Bear" names nobody known,
		// and "companies located in Colombia" are not the actor.
		if !adjacentSubject(sentence, a, cs, f.subject, v.subjectRef) {
			return f, false
		}
	}
	if f.subject == nil && !v.unnamed && v.cue.relation == AttributedTo && f.objects[0].Start-a >= v.ce {
		// "linking the hack to", "a link between the pirates and":
		// the subject stands inside.
		gap := " " + asciiLower(sentence[v.ce:f.objects[0].Start-a]) + " "
		if r := refIn(gap, insideRefs); r != "" {
			v.subjectRef, v.unnamed = strings.TrimSpace(r), true
		}
	}
	if f.subject == nil && !v.unnamed {
		return f, false // "resources located in the Eastern Mediterranean": nobody is said to come from there
	}
	if f.objects[0].fresh && f.subject == nil && (f.objects[0].Kind != KindOrganization || !unnamedClauseSubject(sentence, cs, v.subjectRef)) {
		// A name no dictionary holds needs a named subject; a state's
		// service needs the unnamed group as the subject right before
		// the cue ("the intruders are working under the MOIS"), not a
		// company or an activity named further back.
		return f, false
	}
	return f, true
}

// describedAsAside matches an apposition that says who describes the
// subject as what follows: ", a cluster the FBI has described as ", ", a
// group Mandiant describes as ".
var describedAsAside = regexp.MustCompile(`^\s*,\s+(?:a|an)\s+(?:cluster|group|actor|crew|gang|unit|set|intrusion set)\s+(?:that\s+|which\s+)?(?:[a-z0-9&.-]+\s+){1,4}(?:has\s+|have\s+|had\s+)?(?:also\s+)?(?:described|describes|describe|considers|considered|regards|regarded|sees)\s+as\s+(?:(?:a|an|the)\s+)?$`)

// unnamedClauseSubject reports whether the unnamed reference ref stands
// close before the cue at cs as its clause's subject: "the intruders are
// working under the MOIS", not "attributed to threat actors working for
// the SVR", where the reference is itself an attribution's object.
func unnamedClauseSubject(sentence string, cs int, ref string) bool {
	if ref == "" || !adjacentSubject(sentence, 0, cs, nil, ref) {
		return false
	}
	before := asciiLower(sentence[:cs])
	k := strings.LastIndex(before, asciiLower(ref))
	if refIn(" "+before[k+len(ref):]+" ", unnamedRefs) != "" {
		// "this campaign was attributed to threat actors working
		// for": the nearer group is the cue's subject.
		return false
	}
	if hasAnyPrefix(before[k+len(ref):], []string{" that ", " which ", " who "}) {
		// "worked for a contractor that carried out operations on
		// behalf of": the reference opens the relative clause it is the
		// subject of.
		return true
	}
	// "attributed to threat actors", "carried out by hackers": the
	// reference is governed by a preposition a few words before it, in
	// its clause ("according to the report, the intruders" is not).
	words := strings.Fields(before[:k])
	for i := len(words) - 1; i >= max(0, len(words)-3); i-- {
		w := words[i]
		if strings.HasSuffix(w, ",") || strings.HasSuffix(w, ";") || strings.HasSuffix(w, ":") {
			break
		}
		switch w {
		case "to", "by", "from", "with", "for":
			return false
		}
	}
	return true
}

// objectsBefore makes every actor the clause names before the cue a
// suspect of the activity the text describes.
func (v *verbalRead) objectsBefore(f verbalFind) (verbalFind, bool) {
	sentence, a, cs, parties := v.sentence, v.a, v.cs, v.parties
	// Every actor the clause names before the cue is a suspect of
	// the activity the text describes.
	for _, p := range parties {
		if p.Kind == KindActor && p.End-a <= cs && !clauseBreak(asciiLower(sentence[p.End-a:cs])) {
			f.objects = append(f.objects, p)
		}
	}
	if len(f.objects) == 0 {
		return f, false
	}
	v.unnamed = true
	return f, true
}

// objectBefore reads "OBJECT ... cue ACTIVITY": the party right before
// the cue, or the actor a reference there stands for.
func (v *verbalRead) objectBefore(doc *docContext, f verbalFind) (verbalFind, bool) {
	sentence, a, cs, parties, lastActor := v.sentence, v.a, v.cs, v.parties, v.lastActor
	p, ok := partyBefore(sentence, a, cs, parties)
	if !ok {
		// "The group, which has been named as the one responsible for
		// the Colonial Pipeline incident": the reference's actor.
		before := asciiLower(sentence[:cs])
		r := refIn(before, groupRefs)
		h := refReferent(doc, lastActor, before, r)
		if r == "" || h == nil || len(strings.Fields(before[strings.LastIndex(before, r):])) > 12 {
			return f, false
		}
		p = party{hit: *h}
		p.Start = -1 // not in this sentence
	}
	f.objects = append(f.one, p)
	if p.Kind == KindActor && !definiteActivity(sentence, v.ce) {
		return f, false
	}
	v.unnamed = true
	v.subjectRef = activityAfter(sentence, v.ce)
	return f, true
}

// claims makes a claim of each object the phases found that is not used
// already, with the subject found, unless the object is the subject or
// the words make it no object of the cue.
func (v *verbalRead) claims(f verbalFind, used map[int]bool) []Claim {
	var out []Claim
	for i := range f.objects {
		o := &f.objects[i]
		if used[o.Start] && v.cue.relation != SameAs {
			continue
		}
		subj, ref, unn, ok := v.subjectFor(f.subject, o)
		if !ok {
			continue
		}
		rel, ok := v.objectRelation(o)
		if !ok {
			continue
		}
		used[o.Start] = true
		out = append(out, v.newClaim(o, subj, ref, unn, rel))
	}
	return out
}

// subjectFor returns the subject of the claim of object o, and false when
// the subject is the object itself.
func (v *verbalRead) subjectFor(subject, o *party) (subj *party, ref string, unn, ok bool) {
	subj, ref, unn = subject, v.subjectRef, v.unnamed
	if subj != nil && (subj.Name == o.Name || subj.Start == o.Start) {
		switch {
		case v.cue.relation == SameAs && subj.Start != o.Start && !strings.EqualFold(subj.Mention.Mention, o.Mention.Mention):
			// "Salt Typhoon, also known as GhostEmperor", "MuddyWater
			// phished banks. It is also known as ATK51": two names the
			// dictionary already joins are still a same-as claim.
		case ref != "":
			// "the group is a subgroup of Lazarus": the reference is
			// not the object itself.
			subj, unn = nil, true
		case subj.Start == o.Start:
			return nil, "", false, false
		default:
			return nil, "", false, false
		}
	}
	return subj, ref, unn, true
}

// objectRelation returns the relation the cue gives object o, and false
// when o is no object of it: no name for a same-as or part-of claim, an
// actor for an origin, or a place the words make something else's.
func (v *verbalRead) objectRelation(o *party) (string, bool) {
	sentence, a := v.sentence, v.a
	rel := v.cue.relation
	if o.Kind != KindActor && o.Kind != KindOrganization && !o.fresh && (rel == SameAs || rel == PartOf || rel == DistinctFrom) {
		return "", false
	}
	place := o.Kind == KindCountry || o.Kind == KindRegion
	if place && v.placeRefused(o) {
		return "", false
	}
	if strings.HasPrefix(v.cue.phrase, "run ") && o.Start >= 0 && !slices.Contains([]string{"", "the"}, strings.TrimSpace(asciiLower(sentence[min(v.ce, o.Start-a):o.Start-a]))) {
		// "is run from Russia" places who runs it; "can run from a
		// USB drive made in Germany" places a thing.
		return "", false
	}
	if o.Kind == KindActor && (rel == OriginatesFrom || rel == SponsoredBy) {
		return "", false
	}
	if o.Kind == KindActor && lineageCues[v.cue.phrase] && softwareAfter(sentence, o.End-a) {
		// "DoppelPaymer is associated with the BitPaymer aka FriedEx
		// ransomware": code shared with a piece of software, not a tie
		// to the group named after it ("caused by the DarkSide
		// ransomware", "an affiliate of the NEMTY ransomware service"
		// still tie).
		return "", false
	}

	if rel == AttributedTo && place && stateInterestsAfter(sentence, o.End-a) {
		// "associated with Chinese state interests": backed by the
		// state, not only linked to the place.
		rel = SponsoredBy
	}
	return rel, true
}

// placeRefused reports whether place o is no object of the cue read.
func (v *verbalRead) placeRefused(o *party) bool {
	sentence, a := v.sentence, v.a
	// "blamed the attack on Russia": the place after "on" is who is
	// blamed, not where the attack was.
	if strings.HasPrefix(v.cue.phrase, "blame") && o.Start >= 0 && strings.HasSuffix(strings.TrimRight(asciiLower(sentence[:o.Start-a]), " "), " on") {
		return false
	}
	// "hired by a Turkish government agency": the state's own body
	// is the sponsor.
	if v.cue.relation == SponsoredBy && stateOrganAfter(sentence, o.End-a) {
		return false
	}
	return placeNotObject(sentence, a, o)
}

// placeNotObject reports whether the words around place o of sentence,
// which starts at offset a, make it no object of a cue: a place that owns
// the object, qualifies groups or something else than a state, or is
// where an event happened.
func placeNotObject(sentence string, a int, o *party) bool {
	if rest := sentence[o.End-a:]; (strings.HasPrefix(rest, "’s ") || strings.HasPrefix(rest, "'s ")) && len(rest) > 4 && rest[len("’s "):][0] >= 'A' && rest[len("’s "):][0] <= 'Z' {
		// "working for Russia’s Foreign Intelligence Service": the
		// object is the service the place owns.
		return true
	}
	if _, _, ok := modifiedActorNoun(asciiLower(sentence), o.End-a); ok && !stateWordAfter(sentence, o.End-a) {
		// "attributed to other China-linked groups such as APT17":
		// the place qualifies the groups it names.
		return true
	}
	if demonym(o.Mention) && !stateWordAfter(sentence, o.End-a) &&
		!strings.HasPrefix(asciiLower(sentence[o.End-a:]), " language") {
		// "associated with a Chinese VPN": the adjective qualifies
		// something else than a state.
		if _, ok := actorNounAt(asciiLower(sentence), o.End-a); !ok {
			return true
		}
	}
	if o.Start >= 0 && eventBeforePlace(sentence, o.Start-a) {
		// "to previous attacks in Pakistan": the place is where the
		// attacks were.
		return true
	}
	if !demonym(o.Mention) && eventAfterPlace(sentence, o.End-a) {
		// "a link between the access and the Oldsmar, Florida
		// incident": the place is where the event happened.
		return true
	}
	return false
}

// newClaim makes the claim of object o with relation rel and subject subj
// (or ref, unnamed when unn).
func (v *verbalRead) newClaim(o *party, subj *party, ref string, unn bool, rel string) Claim {
	c := Claim{Relation: rel, Object: objectName(*o), ObjectKind: objectKind(o.Kind), Cue: v.cue.phrase}
	if impostorCue(v.cue.phrase) {
		c.Polarity = Negated // who poses as a group is not that group
	}
	if rel == SameAs && appositiveCue(v.sentence, v.cs) {
		// "the group it tracks as ITG14, also known as FIN7": an
		// aside whose own words say how sure, not the verb it sits
		// under ("which we assess was created by ...").
		c.phrase = true
	}
	if o.fresh && o.Kind == KindActor {
		c.ObjectKind = "actor"
	} else if o.Kind == KindActor {
		c.ObjectRef = o.Name
	}
	if unn || subj == nil {
		c.Subject, c.SubjectRef, c.Mention = "unnamed", ref, ref
	} else {
		c.Subject, c.SubjectRef, c.Mention = subj.Name, subj.Mention.Mention, subj.Mention.Mention
		if ref != "" {
			c.SubjectRef = ref
		}
	}
	switch {
	case v.cue.form == objectsBefore:
		// "were identified as possible culprits": the clause up to
		// the cue's end says how sure.
		c.objectAt, c.located = o.Start, true
		c.polarityAt = v.a + v.ce
	case o.Start >= 0:
		c.objectAt, c.located = o.Start, true
	default:
		c.objectAt = v.a + v.cs
	}
	return c
}

// appositiveCue reports whether the cue at cs opens an aside: right
// after a comma or an opening bracket.
func appositiveCue(sentence string, cs int) bool {
	before := strings.TrimRight(sentence[:cs], " ")
	for _, w := range []string{" also", " better", " otherwise"} {
		// "known as" inside "also known as"
		if strings.HasSuffix(asciiLower(before), w) {
			before = strings.TrimRight(before[:len(before)-len(w)], " ")
		}
	}
	return strings.HasSuffix(before, ",") || strings.HasSuffix(before, "(")
}

// adjacentSubject reports whether the subject found for a cue at cs stands
// close before it: at most five words between, none of them a victim
// noun, no clause boundary.
func adjacentSubject(sentence string, a, cs int, subject *party, ref string) bool {
	var between string
	switch {
	case subject != nil && subject.End-a <= cs && subject.Start-a >= 0 && ref == "":
		between = sentence[subject.End-a : cs]
	case ref != "":
		k := strings.LastIndex(asciiLower(sentence[:cs]), asciiLower(ref))
		if k < 0 {
			return false
		}
		between = sentence[k+len(ref) : cs]
	default:
		// A subject from an earlier sentence: only for "It is also
		// known as", "also tracked as" at the start of a clause.
		before := strings.Fields(asciiLower(sentence[:cs]))
		return len(before) <= 3
	}
	low := " " + asciiLower(stripMarks(between)) + " "
	if describedAsAside.MatchString(low) {
		// "APT41, a cluster the FBI has described as part of": the
		// apposition says who describes the subject so.
		return true
	}
	// "The hackers, who claimed to be Iranian, were actually based in":
	// a relative clause closed before the verb is an aside.
	low = closedRelativeAside.ReplaceAllString(low, " ")
	if qualifiedGroup(low) {
		// "Blind Eagle is a South American group, possibly operating
		// from Colombia", "APT41, a group said to be based in": the
		// participle qualifies the group the subject is.
		return true
	}
	words := withoutDashes(strings.Fields(low))
	if len(words) > 0 && (words[0] == "and" || words[0] == "or") {
		// "members of APT41 and former members of MuddyWater": the
		// name before is the conjunct of the cue's noun, not its
		// subject.
		return false
	}
	if clauseBreak(low) && !relativeOpening(low) || len(words) > 5 && (len(words) > 8 || !passiveAuxiliaries[words[len(words)-1]]) {
		// A subject stands within five words of its cue, or eight
		// when they end in the passive's auxiliary: "operations in
		// cyberspace attributed to Russia were coordinated by".
		return false
	}
	for i, w := range words {
		if i == 1 && ownPeople[w] && (words[0] == "'s" || words[0] == "s") {
			// "APT41's operators are based in": the group's own people
			// (stripMarks leaves "s" of a curly "’s").
			continue
		}
		for _, n := range victimNouns {
			if strings.HasPrefix(w, n) && len(w) > 3 {
				return false
			}
		}
	}
	return true
}

// ownPeople are the nouns that, after an actor's possessive, name its own
// people: "APT41's operators", never a carrier.
var ownPeople = wordSet(`operator operators staff employees members`)

// closedRelativeAside matches a relative clause set off by two commas
// right after a subject, up to a verb of the subject's own clause.
var closedRelativeAside = regexp.MustCompile(`^\s*,\s*(?:who|which)\s+[^,;:]{3,80},\s*(?:(?:actually|in fact|really)\s+)?(?:were|was|are|is|have|has|had)\s`)

// passiveAuxiliaries end the words between a subject and the participle
// of its passive verb.
var passiveAuxiliaries = wordSet(`was were is are been`)

// withoutDashes drops the dashes between words and any aside they set off
// ("actors – some of them – are operating from", "actors do break through
// — or are operating from"): punctuation, not words of the clause.
func withoutDashes(words []string) []string {
	out := words[:0:0]
	open := -1
	for _, w := range words {
		if w == "-" || w == "–" || w == "—" {
			if open >= 0 {
				out, open = out[:open], -1 // a closed aside
			} else {
				open = len(out)
			}
			continue
		}
		out = append(out, w)
	}
	return out
}
