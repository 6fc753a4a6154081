package extract

import (
	"iter"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Attribution claims. A claim ties a subject (a named actor, or the unnamed
// group or campaign the text describes) to an object (a country, a state
// body, another actor) by a relation, with a polarity and a speaker. The
// rules read where the words stand, not which names share a sentence:
//
//   - a verbal cue joins what stands before it to what follows it: "X is
//     attributed to Y", "X, also known as Y", "X is a subgroup of Y", "X
//     is based in Y", "X operates separately from Y"; the object is the
//     first name after the cue (a list of names continues it), the subject
//     the nearest name before it, unless an activity noun ("the campaign",
//     "this attack") stands closer: then the subject is the unnamed
//     activity. "attributes the intrusion to Y" (active voice) has what
//     stands between the verb and "to" as subject;
//   - "Y behind the X breach", "Y is responsible for the X incident": the
//     name before the cue is the object, the definite activity after it the
//     subject ("a role in attacks using WhatsApp" says what an actor does,
//     not who did an attack);
//   - a place that qualifies a threat-actor noun makes a claim about the
//     actor that noun names: "Chinese state-sponsored group APT40",
//     "APT33, an Iranian group", "groups of Chinese origin such as APT1 and
//     APT27" (each listed actor), "the group is possibly China-based"; the
//     modifier gives the relation ("-sponsored", "state-backed":
//     sponsored-by; "-linked", "government": attributed-to; "-based",
//     "-speaking", a bare demonym: originates-from). A state word without a
//     place ("state-sponsored groups such as Gorgon") ties the actor to an
//     unspecified state;
//   - "another China-linked operation" qualifies the noun it stands before,
//     never the sentence's other names.
//
// References such as "the group" or "the actor" stand for the actor the
// text last named (or the one it names most); "the hackers", "the gang" in
// a text that names no actor are the unnamed group. Targeting is never a
// claim: a place after "targeting", "in", "against" is a victim's location
// (see roles.go).
//
// Polarity is read in the clause that holds the cue: denied ("denied any
// involvement"), negated ("does not claim a link", "could not attribute",
// "not conclusively attributing"; a generic negation counts only before the
// object), hedged ("likely", "allegedly", "with moderate confidence",
// "suspected ties"), else asserted ("with high confidence" is an
// assertion). The speaker is who the sentence says makes the claim
// ("according to X", "X said", "X assesses"), else the text's publisher:
// the organisation the text cites most when it is that organisation's own
// report, "the publisher" when the text reports another's findings.

type relCue struct {
	phrase   string
	relation string
	form     cueForm
}

type cueForm int

const (
	objectAfter       cueForm = iota // SUBJECT cue OBJECT
	objectBefore                     // OBJECT cue SUBJECT-activity
	activeAttribution                // cue SUBJECT to OBJECT: "attributes the intrusion to APT41"
	objectAfterAs                    // SUBJECT cue ... as OBJECT: "referred to by researchers as X"
	objectsBefore                    // OBJECTS ... cue: "APT28 and APT29 were identified as possible culprits"
	pairAfter                        // cue SUBJECT and OBJECT: "a link between APT41 and Russia"
	implicatedIn                     // cue OBJECT in ACTIVITY: "implicated APT40 in a supply chain attack"
	sameActorAs                      // ACTIVITY is cue: "it is probably the same actor reusing its servers"
)

// verbalCues are matched on the flattened sentence at word boundaries.
var verbalCues = []relCue{
	{"also known as", SameAs, objectAfter},
	{"the same actor", AttributedTo, sameActorAs},
	{"the same threat actor", AttributedTo, sameActorAs},
	{"the same group", AttributedTo, sameActorAs},
	{"otherwise known as", SameAs, objectAfter},
	{"better known as", SameAs, objectAfter},
	{"also referred to as", SameAs, objectAfter},
	{"referred to as", SameAs, objectAfter},
	{"referred to by", SameAs, objectAfterAs},
	{"also called", SameAs, objectAfter},
	{"also tracked as", SameAs, objectAfter},
	{"tracked as", SameAs, objectAfter},
	{"track as", SameAs, objectAfter},
	{"tracks as", SameAs, objectAfter},
	{"known by other security firms as", SameAs, objectAfter},
	{"known by the aliases", SameAs, objectAfter},
	{"known by the alias", SameAs, objectAfter},
	{"known under the name", SameAs, objectAfter},
	{"goes by the name", SameAs, objectAfter},
	{"known as", SameAs, objectAfter},
	{"a.k.a.", SameAs, objectAfter},
	{"a.k.a", SameAs, objectAfter},
	{"aka", SameAs, objectAfter},
	{"dubbed", SameAs, objectAfter},
	{"posing as", SameAs, objectAfter},
	{"posed as", SameAs, objectAfter},
	{"pretending to be", SameAs, objectAfter},
	{"masquerading as", SameAs, objectAfter},
	{"a rebrand of", SameAs, objectAfter},
	{"a rebranding of", SameAs, objectAfter},
	{"a rebranded version of", SameAs, objectAfter},
	{"rebranded from", SameAs, objectAfter},
	{"same group as", SameAs, objectAfter},
	{"same actor as", SameAs, objectAfter},
	{"same threat actor as", SameAs, objectAfter},
	{"overlaps with", SameAs, objectAfter},
	{"overlap with", SameAs, objectAfter},
	{"posing as", SameAs, objectAfter},
	{"claimed to represent", SameAs, objectAfter},
	{"claiming to be", SameAs, objectAfter},
	{"subgroup of", PartOf, objectAfter},
	{"a splinter of", PartOf, objectAfter},
	{"a splinter group of", PartOf, objectAfter},
	{"an offshoot of", PartOf, objectAfter},
	{"element within", PartOf, objectAfter},
	{"element of", PartOf, objectAfter},
	{"sub-group of", PartOf, objectAfter},
	{"a unit of", PartOf, objectAfter},
	{"division of", PartOf, objectAfter},
	{"an affiliate of", PartOf, objectAfter},
	{"a member of", PartOf, objectAfter},
	{"affiliates of", PartOf, objectAfter},
	{"affiliate of", PartOf, objectAfter},
	{"members of", PartOf, objectAfter},
	{"member of", PartOf, objectAfter},
	{"part of", PartOf, objectAfter},
	{"operating within", PartOf, objectAfter},
	{"operates within", PartOf, objectAfter},
	{"operate within", PartOf, objectAfter},
	{"working under", PartOf, objectAfter},
	{"works under", PartOf, objectAfter},
	{"work under", PartOf, objectAfter},
	{"operates separately from", DistinctFrom, objectAfter},
	{"separate from", DistinctFrom, objectAfter},
	{"distinct from", DistinctFrom, objectAfter},
	{"different from", DistinctFrom, objectAfter},
	{"not the same as", DistinctFrom, objectAfter},
	{"not to be confused with", DistinctFrom, objectAfter},
	{"not be confused with", DistinctFrom, objectAfter},
	{"never be confused with", DistinctFrom, objectAfter},
	{"unrelated to", DistinctFrom, objectAfter},
	{"sponsored by", SponsoredBy, objectAfter},
	{"aligned with", SponsoredBy, objectAfter},
	{"in support of", SponsoredBy, objectAfter},
	{"backed by", SponsoredBy, objectAfter},
	{"funded by", SponsoredBy, objectAfter},
	{"on behalf of", SponsoredBy, objectAfter},
	{"for the benefit of", SponsoredBy, objectAfter},
	{"working for", SponsoredBy, objectAfter},
	{"works for", SponsoredBy, objectAfter},
	{"work for", SponsoredBy, objectAfter},
	{"worked for", SponsoredBy, objectAfter},
	{"hired by", SponsoredBy, objectAfter},
	{"paid by", SponsoredBy, objectAfter},
	{"contracted by", SponsoredBy, objectAfter},
	{"tasked by", SponsoredBy, objectAfter},
	{"run by", SponsoredBy, objectAfter},
	{"controlled by", SponsoredBy, objectAfter},
	{"directed by", SponsoredBy, objectAfter},
	{"overseen by", SponsoredBy, objectAfter},
	{"under the control of", SponsoredBy, objectAfter},
	{"under the direction of", SponsoredBy, objectAfter},
	{"serving", SponsoredBy, objectAfter},
	{"based in", OriginatesFrom, objectAfter},
	{"based out of", OriginatesFrom, objectAfter},
	{"located in", OriginatesFrom, objectAfter},
	{"operating from", OriginatesFrom, objectAfter},
	{"operating out of", OriginatesFrom, objectAfter},
	{"operates from", OriginatesFrom, objectAfter},
	{"operate from", OriginatesFrom, objectAfter},
	{"operate out of", OriginatesFrom, objectAfter},
	{"operates out of", OriginatesFrom, objectAfter},
	{"operated from", OriginatesFrom, objectAfter},
	{"operated out of", OriginatesFrom, objectAfter},
	{"run from", OriginatesFrom, objectAfter},
	{"run out of", OriginatesFrom, objectAfter},
	{"originating from", OriginatesFrom, objectAfter},
	{"originates from", OriginatesFrom, objectAfter},
	{"comes from", OriginatesFrom, objectAfter},
	{"hails from", OriginatesFrom, objectAfter},
	{"is from", OriginatesFrom, objectAfter},
	{"be from", OriginatesFrom, objectAfter},
	{"probably from", OriginatesFrom, objectAfter},
	{"likely from", OriginatesFrom, objectAfter},
	{"possibly from", OriginatesFrom, objectAfter},
	{"presumably from", OriginatesFrom, objectAfter},
	{"are from", OriginatesFrom, objectAfter},
	{"hail from", OriginatesFrom, objectAfter},
	{"knowledge of the", OriginatesFrom, objectAfter},
	{"attributed to", AttributedTo, objectAfter},
	{"misattributed to", AttributedTo, objectAfter},
	{"attributes", AttributedTo, activeAttribution},
	{"attributed", AttributedTo, activeAttribution},
	{"attribute", AttributedTo, activeAttribution},
	{"attributing", AttributedTo, activeAttribution},
	{"link", AttributedTo, activeAttribution},
	{"links", AttributedTo, activeAttribution},
	{"linked", AttributedTo, activeAttribution},
	{"blamed", AttributedTo, activeAttribution},
	{"blames", AttributedTo, activeAttribution},
	{"pinned", AttributedTo, activeAttribution},
	{"tie", AttributedTo, activeAttribution},
	{"tied", AttributedTo, activeAttribution},
	{"tying", AttributedTo, activeAttribution},
	{"accused", AttributedTo, activeAttribution},
	{"attribution to", AttributedTo, objectAfter},
	{"implicated", AttributedTo, implicatedIn},
	{"affiliated with", AttributedTo, objectAfter},
	{"linked to", AttributedTo, objectAfter},
	{"linking", AttributedTo, activeAttribution},
	{"connecting", AttributedTo, activeAttribution},
	{"links them to", AttributedTo, objectAfter},
	{"links it to", AttributedTo, objectAfter},
	{"tied to", AttributedTo, objectAfter},
	{"ties to", AttributedTo, objectAfter},
	{"links to", AttributedTo, objectAfter},
	{"connected to", AttributedTo, objectAfter},
	{"connection to", AttributedTo, objectAfter},
	{"associated with", AttributedTo, objectAfter},
	{"associated to", AttributedTo, objectAfter},
	{"link between", AttributedTo, pairAfter},
	{"link of", AttributedTo, pairAfter},
	{"links of", AttributedTo, pairAfter},
	{"links between", AttributedTo, pairAfter},
	{"connection between", AttributedTo, pairAfter},
	{"ties between", AttributedTo, pairAfter},
	{"a link to", AttributedTo, objectAfter},
	{"the work of", AttributedTo, objectAfter},
	{"a front for", AttributedTo, objectAfter},
	{"nexus to", AttributedTo, objectAfter},
	{"nexus with", AttributedTo, objectAfter},
	{"ruled out", AttributedTo, objectAfter},
	{"rule out", AttributedTo, objectAfter},
	{"ruling out", AttributedTo, objectAfter},
	{"a cover for", AttributedTo, objectAfter},
	{"conducted by", AttributedTo, objectAfter},
	{"carried out by", AttributedTo, objectAfter},
	{"orchestrated by", AttributedTo, objectAfter},
	{"perpetrated by", AttributedTo, objectAfter},
	{"coordinated by", AttributedTo, objectAfter},
	{"caused by", AttributedTo, objectAfter},
	{"blamed", AttributedTo, objectAfter},
	{"campaign from", AttributedTo, objectAfter},
	{"campaign by", AttributedTo, objectAfter},
	{"possible culprits", AttributedTo, objectsBefore},
	{"the culprits", AttributedTo, objectsBefore},
	{"the culprit", AttributedTo, objectsBefore},
	{"likely culprit", AttributedTo, objectsBefore},
	{"the perpetrators", AttributedTo, objectsBefore},
	{"played a", AttributedTo, objectBefore},
	{"role in", AttributedTo, objectBefore},
	{"involvement in", AttributedTo, objectBefore},
	{"behind", AttributedTo, objectBefore},
	{"responsible for", AttributedTo, objectBefore},
	{"claimed responsibility for", AttributedTo, objectBefore},
	{"claiming responsibility for", AttributedTo, objectBefore},
}

// verbalCueMatcher finds every verbal cue in one pass.
var verbalCueMatcher = sync.OnceValue(func() *acMatcher {
	phrases := make([]string, len(verbalCues))
	for i, c := range verbalCues {
		phrases[i] = c.phrase
	}
	return newACMatcher(phrases)
})

var denialCues = []string{"denied", "denies", "deny", "denying", "rejected the", "rejects the", "dismissed the", "dismisses the", "refuted", "refutes", "repudiat", "hysteria"}

// denialIn returns the first denial cue of low, leaving out the speaker's
// own "could not confirm or deny a link", which is no denial by the
// accused but a negation.
func denialIn(low string) string {
	for _, f := range []string{"confirm or deny", "confirm nor deny"} {
		if strings.Contains(low, f) {
			low = strings.ReplaceAll(low, f, "confirm")
		}
	}
	// Most sentences deny nothing: one pass of an automaton says so,
	// where firstCue searches once a cue. (Shortening "confirm or deny"
	// joins no cue: none starts inside "confirm".)
	if m := cueMatcher(denialCues); m != nil && !m.containsExact(low) {
		if saidNothingToDoRE.MatchString(low) {
			// "the embassy says Russia had nothing to do with
			// the outage": a party says the accused is clear.
			return "nothing to do with"
		}
		return ""
	}
	return firstCue(low, denialCues)
}

// namesCountry reports whether group holds a country: in "the embassy
// says Russia had nothing to do with it" the state named is the one
// cleared, not the object of the claims just made.
func namesCountry(group []hit) bool {
	for _, h := range group {
		if h.Kind == KindCountry {
			return true
		}
	}
	return false
}

// saidNothingToDoRE matches a saying verb before "nothing to do with" in
// its clause: what a party says for the accused, not the writer's own
// "the outage had nothing to do with Iran".
var saidNothingToDoRE = regexp.MustCompile(`\b(?:said|says|say|insisted|insists|insist|stated|states|maintained|maintains|claimed|claims)\b[^.;]{0,60}?\bnothing to do with\b`)

// strongNegations speak of attribution itself; they count anywhere in the
// clause. weakNegations count only before the object.
var strongNegations = slices.Concat([]string{
	"not intended to suggest", "stopped short of", "stops short of", "does not claim", "do not claim", "did not claim",
	"not claim", "no link", "no evidence", "no connection", "no indication", "not attribut", "unable to attribute",
	"cannot attribute", "can't attribute", "could not attribute", "not conclusively", "not linked", "not connected",
	"not tied", "no ties", "not believe", "not involved", "not responsible", "not behind", "could not definitively",
	"not enough information", "not possible", "not dare", "false flag", "posing as", "not affiliated", "unlikely",
	"no available evidence", "no known connection", "no known link", "no solid", "not found any", "could not find",
	"have not found", "has not found", "did not find", "no strong", "cannot independently confirm",
	"could not confirm", "cannot confirm", "can't confirm", "unable to confirm", "not able to confirm",
	"not have enough", "not enough context", "not enough evidence", "insufficient evidence", "insufficient information",
	// "I can't really comment on that as I don't have information that
	// supports this": the speaker makes no link.
	"can't comment", "can't really comment", "cannot comment", "not have information", "don't have information",
	"have no information", "can’t comment", "can’t really comment", "don’t have information",
	// a theory the text reports as set aside: "a theory investigators
	// later dismissed"
	"dismissed", "debunked", "ruled out", "discredited", "refuted",
	// the writer's own dissent from another's attribution: "Another
	// vendor tied the campaign to Kimsuky, a link we do not share"
	"attribution we do not share", "attribution we don't share", "link we do not share", "link we don't share",
	"assessment we do not share", "assessment we don't share", "view we do not share", "view we don't share",
	"conclusion we do not share", "conclusion we don't share",
	// nothing as what ties: "Nothing links the outage to Iran",
	// "nothing we saw ties it to"
	"nothing links", "nothing ties", "nothing connects", "nothing that links", "nothing that ties", "nothing that connects",
	"nothing we saw", "nothing we have seen", "nothing we found",
	// and the corrections of an earlier attribution, and the claims the
	// evidence does not bear out
}, corrections, unsupported)

var weakNegations = []string{
	"does not", "do not", "did not", "doesn't", "don't", "didn't", "isn't", "aren't", "wasn't", "weren't",
	"is not", "are not", "was not", "were not", "has not", "have not", "had not", "cannot", "can't", "never",
	"neither", "nor ",
}

var hedgeCues = []string{
	"possibl", "potential", " think ", "lead us to", "leads us to", "likely", "probabl", " may ", " might ", " could ", "suspect", "believ", "moderate confidence",
	"low confidence", "medium confidence", "low-confidence", "appear", "seem", "suggest", "alleged", "reportedly",
	"some knowledge", "evidence that", "hint", "consistent with", "perhaps", "presumab", "apparent", "thought to",
	"purported", "unclear", "not clear", "unconfirmed", "speculat", "circumstantial", "tentative", "uncertain",
	"would be", "point to", "points to", "pointing to", "supposedly", "considered to be", "credited with", "if it is",
	"we assess", "assessed to be", "allegation", "possible culprit", "probability", " whether ",
	// others' views the text reports without taking them: "some
	// researchers have linked it to Iran", "early reports claimed"
	"some researchers have", "some researchers believe", "some researchers say", "some analysts have", "some analysts believe",
	"some experts have", "some experts believe", "some have", "others have", "early reports", "a theory",
	"other researchers have", "other vendors have", "is reported to", "are reported to", "was reported to",
	"widely reported", "is said to", "are said to", "was said to",
	// a view held by others or in general: "is widely assessed to work
	// for", "is considered by several vendors to be"
	"widely assessed", "widely considered", "widely regarded", "widely believed", "is assessed to", "are assessed to",
	"considered by", "regarded by",
	// "While some reporting describes X as part of Y, the agencies
	// assess...": a view the text sets against its own
	"some reporting", "some reports", "some vendors", "other reporting", "some public reporting",
	"speculated", "rumor", "rumour",
	// what was first reported, not what is known: "Some media outlets
	// initially linked the breaches to X", "an early media report"
	"initially linked", "initially attributed", "initially blamed", "initially tied", "earlier reporting",
	"early media report", "earlier report", "some media", "media outlets", "media reports", "press reports",
	// a partial match is no identity: "partially overlaps with reporting
	// on X"; and a suspicion is no finding: "on suspicion of leading"
	"partially overlap", "partly overlap", "partial overlap", "suspicion",
	// An accusation told in the passive hedges ("were accused of the
	// attack"); the accuser's own "accused China of stealing" asserts.
	"be accused", "been accused", "was accused", "were accused", "is accused", "are accused", "accusation",
}

// assertionOverrides turn a hedge cue back into an assertion: "we assess
// with high confidence", "we assess it is almost certain that" (the top of
// the scales of likelihood analysts use).
var assertionOverrides = []string{"high confidence", "almost certain", "near certain", "near-certain"}

// activityNouns name what an actor did: before a cue, the subject is that
// unnamed activity, not an actor named further back.
var activityNouns = []string{
	"campaign", "attack", "intrusion", "activity", "activities", "operation", "hack", "breach", "incident",
	"compromise", "operations", "attacks", "campaigns", "intrusions", "infection", "espionage", "leak", "theft",
	"wave", "spear-phishing", "phishing", "act", "persona", "personas", "profile", "profiles", "domain", "domains", "infrastructure",
}

// groupRefs are words that stand for an actor named elsewhere.
var groupRefs = []string{"the group", "this group", "the actor", "this actor", "the threat actor", "this threat actor",
	"the same group", "the same actor", "the same threat actor", "the apt", "this apt", "the crew", "the gang", "this gang",
	"the threat group", "the adversary", "the operators", "the actors", "the threat actors", "same group", "same actor",
	"same threat actor"}

// unnamedRefs designate an unnamed group when the text names no actor.
var unnamedRefs = []string{"the group", "this group", "the gang", "a gang of hackers", "the hackers", "these hackers",
	"actors", "threat actors", "criminals", "cybercriminals", "an actor", "a group", "the criminals", "actor",
	"hackers", "the attackers", "attackers", "the actor", "threat actor", "the actors", "the operators", "the pirates",
	"the developer", "the adversary", "the intruders", "the perpetrators", "the campaign", "the crew", "the threat group",
	// An indefinite group of a kind: "a threat group, possibly based in
	// Iran, broke into...".
	"a threat group", "a hacking group", "a hacker group", "an espionage group", "a cyberespionage group",
	"a cyber espionage group", "a cybercrime group", "an apt group", "an attack group", "an intrusion set",
	// who the law pursues and the firm they work for: "the defendants
	// worked for a contractor that carried out cyber operations on
	// behalf of the IRGC"
	"the defendants", "the suspects", "a contractor", "the contractor"}

// insideRefs are what may stand for the subject inside an attribution
// ("linking the hack to", "a link between the pirates and"): an unnamed
// group or an activity.
var insideRefs = slices.Concat(unnamedRefs, activityNouns)

var newsOrgs = wordSet(`reuters bloomberg gizmodo wired bleepingcomputer associated_press the_record the_new_york_times the_washington_post`)

// maxClaimSentence bounds the sentences read for claims.
const maxClaimSentence = 3000

// docContext is what the claim rules know of the whole text.
type docContext struct {
	text         string
	mainActor    *hit            // the actor the text names most
	mainSource   string          // the organisation the text cites most (not a news outlet)
	reported     bool            // the text reports another's findings ("according to a report from X")
	operations   map[string]bool // malware names the text also uses as a group's ("DarkSide operators")
	low          string          // the text lower-cased (ASCII letters only, so offsets are the text's)
	lastNamed    string          // the kind of the last actor, malware or tool named before the sentence read
	declined     map[int]bool    // the start offsets of the sentences that refuse to attribute
	fresh        map[int]bool    // the start offsets of the sentences that attribute to a name no dictionary holds
	bodies       map[int]bool    // the start offsets of the sentences without hits that tie something to a state's service
	actorCount   map[string]int  // how often the text names each actor
	firstAt      map[string]int  // where the text first names each actor
	formCount    map[string]int  // how often the text writes each actor name, by folded written form
	sentenceAt   int             // the index of the sentence read
	telcos       bool            // the text speaks of operators as companies ("mobile network operators")
	unnamedFirst bool            // the text tied unnamed actors to something before naming any
	turns        []turn          // the speakers' turns, when the text is a transcript
}

// findClaims reads the attribution claims of a text whose dictionary hits
// are hits, in phases: it counts whom the text names and cites (the
// docContext), picks the sentences to read (those with hits, and those
// that only refer to the actor in focus), reads each in text order, and
// names and dedupes the claims found.
func findClaims(text string, sents *sentences, hits []hit) []Claim {
	out := []Claim{}
	// The text lower-cased, with the same offsets: asciiLower changes
	// ASCII letters only.
	lowText := sents.lower()
	if len(hits) == 0 && !containsAny(lowText, declinedCues) && !strings.Contains(lowText, "attribut") {
		return out
	}
	doc := docContext{text: text, operations: map[string]bool{}, low: lowText, telcos: containsAny(lowText, operatorCompanies), turns: readTurns(text)}
	countDocHits(&doc, text, hits)
	markReported(&doc, text, hits)
	w := claimWalker{text: text, lowText: lowText, prevSentence: -10, out: out}
	// Sentences that name nobody but refer to the actor in focus ("it is
	// a new campaign from this same group") are read in their place
	// among those with names.
	refOnly := w.sentencesWithoutHits(&doc, sents, hits)
	for i := 0; i < len(hits); {
		j := i
		for j < len(hits) && hits[j].sentence == hits[i].sentence {
			j++
		}
		group := hits[i:j]
		si := hits[i].sentence
		for len(refOnly) > 0 && refOnly[0] < si {
			a, b := sents.span(sents.starts[refOnly[0]])
			w.visit(&doc, refOnly[0], a, b, nil)
			refOnly = refOnly[1:]
		}
		a, b := sents.span(hits[i].Start)
		w.visit(&doc, si, a, b, group)
		for k := range group {
			switch group[k].Kind {
			case KindActor:
				w.lastActor = &group[k]
				doc.lastNamed = KindActor
			case KindMalware, KindTool:
				doc.lastNamed = group[k].Kind
			}
		}
		i = j
	}
	for _, si := range refOnly {
		a, b := sents.span(sents.starts[si])
		w.visit(&doc, si, a, b, nil)
	}
	out = append(w.out, cardRowClaims(&doc, text, hits)...)
	nameActorObjects(out, hits)
	nameAbbreviatedObjects(text, out)
	nameAliasSubjects(out)
	return dedupeClaims(dropCorrected(retracted(text, dropVagueStates(out))))
}

// countDocHits fills the counts of doc from the text's hits: how often it
// names each actor and writes each actor name, the actor it names most,
// the organisation it quotes most as speaking, and the malware names it
// also uses as a group's.
func countDocHits(doc *docContext, text string, hits []hit) {
	orgCount := map[string]int{}
	actorCount := map[string]int{}
	doc.actorCount = actorCount
	doc.formCount = map[string]int{}
	doc.firstAt = map[string]int{}
	for i, h := range hits {
		switch h.Kind {
		case KindOrganization:
			// The text's own voice is the organisation it quotes most
			// as speaking ("Proofpoint assesses", "according to
			// Proofpoint"); one named only in passing ("Google Docs",
			// a link) speaks for nothing.
			if !newsOrgs[asciiLower(h.Name)] && speaksAt(text, h) {
				orgCount[h.Name]++
				if orgCount[h.Name] > orgCount[doc.mainSource] {
					doc.mainSource = h.Name
				}
			}
		case KindActor:
			if h.ID == "" {
				doc.operations[h.Name] = true
			}
			if i > 0 && hits[i-1].Start == h.Start && hits[i-1].Name == h.Name {
				// one name found twice at one place (two knowledge
				// entries give it) is named once
				continue
			}
			if actorCount[h.Name] == 0 {
				doc.firstAt[h.Name] = h.Start
			}
			actorCount[h.Name]++
			if i == 0 || hits[i-1].Start != h.Start {
				doc.formCount[foldName(h.Mention.Mention)]++
			}
			if doc.mainActor == nil || actorCount[h.Name] > actorCount[doc.mainActor.Name] {
				doc.mainActor = &hits[i]
			}
		}
	}
}

// markReported sets doc.reported when the text reports its main source's
// findings: "according to a report from CrowdStrike", "CrowdStrike told
// Reuters".
func markReported(doc *docContext, text string, hits []hit) {
	for _, h := range hits {
		if h.Kind != KindOrganization || h.Name != doc.mainSource || doc.reported {
			continue
		}
		before := strings.TrimRight(asciiLower(text[max(0, h.Start-24):h.Start]), " ")
		after := asciiLower(text[h.End:min(len(text), h.End+8)])
		for _, p := range []string{"according to", "report from", "report by", "company"} {
			doc.reported = doc.reported || strings.HasSuffix(before, p)
		}
		doc.reported = doc.reported || strings.HasPrefix(after, " told") || strings.HasPrefix(after, " said")
	}
}

// claimWalker holds what findClaims carries from one sentence read to the
// next: the last actor named, the claims of the last sentence with any and
// its index, and the claims found so far. The docContext is passed apart:
// held here, it would move to the heap with what the walker holds.
type claimWalker struct {
	text         string
	lowText      string
	lastActor    *hit
	prevClaims   []Claim
	prevSentence int
	out          []Claim
}

// sentencesWithoutHits returns, in order, the indexes of the sentences without
// hits to read among those with: those that refer to the actor in focus
// and those that attribute to a name no dictionary holds. It sets the
// doc's declined and fresh sentence starts.
func (w *claimWalker) sentencesWithoutHits(doc *docContext, sents *sentences, hits []hit) []int {
	withHits := map[int]bool{}
	for _, h := range hits {
		withHits[h.sentence] = true
	}
	var refOnly, bodies []int
	refOnly, doc.declined, bodies = refOnlySentences(w.lowText, sents, withHits)
	// A sentence that names a state's service and nothing a dictionary
	// holds ("the intrusions were coordinated by the FSB") is read for
	// the claims that tie something to the service.
	for _, si := range bodies {
		if doc.bodies == nil {
			doc.bodies = map[int]bool{}
		}
		doc.bodies[sents.starts[si]] = true
		refOnly = append(refOnly, si)
	}
	if fresh := freshAttributions(w.text, w.lowText, sents, withHits); len(fresh) > 0 {
		doc.fresh = map[int]bool{}
		for _, si := range fresh {
			doc.fresh[sents.starts[si]] = true
		}
		refOnly = append(refOnly, fresh...)
	}
	slices.Sort(refOnly)
	return slices.Compact(refOnly)
}

// visit reads the claims of sentence si, [a, b) of the text, whose hits
// are group (nil for a sentence without), when it may hold any: it names
// a party, follows a sentence with claims closely, refers to the actor in
// focus or declines to attribute. A sentence that only denies turns the
// claims just made, or the state it names, into denied claims.
func (w *claimWalker) visit(doc *docContext, si, a, b int, group []hit) {
	if b-a > maxClaimSentence || !(group == nil || doc.hasParty(group) || si-w.prevSentence <= 2 || referent(doc, w.lastActor) != nil && hasGroupRef(w.lowText[a:b]) || doc.declined[a]) {
		return
	}
	sentence := w.text[a:b]
	doc.sentenceAt = si
	claims := sentenceClaims(doc, sentence, a, group, w.lastActor)
	low := w.lowText[a:b]
	if len(claims) == 0 && denialIn(low) != "" {
		claims = w.denials(claims, sentence, low, si, a, b, group)
	}
	if len(claims) > 0 {
		w.prevClaims = claims
		w.prevSentence = si
	}
	if w.lastActor == nil {
		for _, c := range claims {
			// "PRC state-sponsored cyber actors have compromised ...":
			// the text speaks of unnamed actors before it names any.
			doc.unnamedFirst = doc.unnamedFirst || c.Subject == "unnamed" && c.phrase && c.ObjectKind != "actor"
		}
	}
	w.out = append(w.out, claims...)
}

// denials appends to claims the denied claims of a sentence that denies
// and claims nothing itself.
func (w *claimWalker) denials(claims []Claim, sentence, low string, si, a, b int, group []hit) []Claim {
	if si-w.prevSentence <= 2 && deniedActor(group) == nil && !(denialIn(low) == "nothing to do with" && namesCountry(group)) {
		// "The embassy denied any involvement": the denial is
		// of the claims just made (of a state or a body, not of
		// another group).
		n := len(claims)
		for _, c := range w.prevClaims {
			if c.ObjectKind == "actor" {
				continue
			}
			c.Polarity = Denied
			c.Cue = denialIn(low)
			c.By = denier(sentence, group)
			c.Evidence, c.Start, c.End = sentence, a, b
			claims = append(claims, c)
		}
		if len(claims) > n {
			return claims
		}
	}
	// "Beijing has denied the allegations", "the Kremlin
	// dismissed the accusations, saying Russia was not
	// involved": the state named is the accused.
	for _, h := range group {
		if h.Kind == KindCountry {
			c := Claim{Subject: "unnamed", Relation: AttributedTo, Object: h.Name, ObjectKind: "country",
				Polarity: Denied, Cue: denialIn(low), By: denier(sentence, group), Evidence: sentence, Start: a, End: b}
			if g := deniedActor(group); g != nil {
				// "India denied reports that linked SideWinder to
				// its intelligence services": the link of the actor
				// the denial names.
				c.Subject, c.SubjectRef, c.Mention = g.Name, g.Mention.Mention, g.Mention.Mention
			}
			claims = append(claims, c)
			break
		}
	}
	return claims
}

// deniedActor returns the one actor a denying sentence names, or nil.
func deniedActor(group []hit) *hit {
	var g *hit
	for i := range group {
		if h := &group[i]; h.Kind == KindActor {
			if g != nil && g.Name != h.Name {
				return nil
			}
			g = h
		}
	}
	return g
}

// dropVagueStates drops "sponsored by a state, none named" claims of an
// actor the text elsewhere ties to a named state with the same relation
// ("the Iranian state-sponsored group APT33" ... "state-sponsored groups
// such as APT33 and Gorgon"): the named state says more.
func dropVagueStates(cs []Claim) []Claim {
	named := map[[2]string]bool{}
	for _, c := range cs {
		if c.Subject != "unnamed" && c.ObjectKind != "actor" && !vagueObject(c.Object) && (c.Polarity == Asserted || c.Polarity == Hedged) {
			named[[2]string{c.Subject, c.Relation}] = true
		}
	}
	out := cs[:0]
	for _, c := range cs {
		if vagueObject(c.Object) && c.Polarity != Negated && c.Polarity != Denied && named[[2]string{c.Subject, c.Relation}] {
			continue
		}
		out = append(out, c)
	}
	return out
}

// corrections are the negation cues by which a speaker says an earlier
// attribution was wrong ("campaigns mistakenly attributed to X").
var corrections = []string{"mistakenly", "wrongly attribut", "erroneously attribut", "incorrectly attribut", "falsely attribut", "misattribut",
	// the speaker's own retraction: "We were wrong to attribute this
	// intrusion to X"
	"wrong to attribut", "wrong to link", "wrong to blame", "mistake to attribut",
	// a news story's correction: "An earlier version of this story said
	// Acme had attributed the attack to X."
	"earlier version of this", "earlier version of the"}

// retractions open the sentence after an attribution to say it was
// wrong: "This was wrong", "That vendor has since retracted the
// attribution", "Acme did not make that attribution".
var retractions = []string{"this was wrong", "that was wrong", "this is wrong", "that is wrong", "this was incorrect",
	"that was incorrect", "this is incorrect", "that is incorrect", "this was inaccurate", "that was inaccurate",
	"this was false", "that was false", "retracted the attribution", "retracted its attribution",
	"retracted that attribution", "retracted the claim", "withdrew the attribution", "withdrawn the attribution",
	"withdrew its attribution", "did not make that attribution", "did not make the attribution",
	"turned out to be wrong", "turned out to be false", "proved wrong", "proved false", "proved to be wrong",
	"ruled that out", "ruled it out", "ruled this out", "had been disproven", "has been disproven", "was disproven"}

// rejections open the sentence after an attribution to call it wrong
// ("That attribution was mistaken", "This claim is false") or to find
// nothing behind it ("We found no evidence of that"); they count only
// where the clause ends after them (rejectionAt), so that "no evidence of
// that loader", "its report is wrong about the date" and "this claim is
// false according to the Kremlin" (another's denial) reject nothing.
var rejections = func() []string {
	var out []string
	for _, d := range []string{"that", "this", "the", "their", "its", "such an", "such a"} {
		for _, n := range []string{"attribution", "claim", "link", "assessment", "report", "conclusion", "reporting"} {
			for _, v := range []string{"was", "is", "has been", "turned out to be", "proved"} {
				for _, a := range []string{"wrong", "mistaken", "incorrect", "false", "inaccurate", "unfounded", "baseless"} {
					out = append(out, d+" "+n+" "+v+" "+a)
				}
			}
		}
	}
	for _, v := range []string{"this was", "that was", "this is", "that is"} {
		for _, a := range []string{"mistaken", "unfounded", "baseless"} {
			out = append(out, v+" "+a)
		}
	}
	return out
}()

// noEvidence are the phrases of rejections that end their clause: each
// is written with what may follow it (a comma, a semicolon, "and") and is
// matched bare only at the end of the sentence (rejectionAt). Besides
// finding nothing behind a tie ("no evidence of that"), the writer may
// retract its own earlier one ("we no longer think so").
var noEvidence, noEvidenceEnds = func() ([]string, []string) {
	ends := slices.Clone(rejections)
	for _, p := range []string{"no evidence of", "no evidence for", "no evidence to support", "nothing to support",
		"nothing to back", "no sign of", "no basis for"} {
		// not "it": "looked for signs of data theft and found no
		// evidence of it"
		for _, d := range []string{"that", "this", "the claim", "the attribution", "that claim", "that attribution", "this claim"} {
			ends = append(ends, p+" "+d)
		}
	}
	for _, p := range []string{"we no longer believe", "we no longer think", "we no longer hold", "we no longer assess",
		"we no longer consider", "we no longer stand by", "we no longer accept", "we no longer share"} {
		for _, d := range []string{"that", "this", "it", "so", "that view", "this view", "that assessment", "that attribution", "that link"} {
			ends = append(ends, p+" "+d)
		}
	}
	var out []string
	for _, c := range ends {
		for _, e := range []string{",", ";", ":", " and ", " either", " as ", " because ", " since "} {
			out = append(out, c+e)
		}
	}
	return out, ends
}()

// rejectionAt returns the rejection cue of low, a sentence lower-cased:
// one of noEvidence (rejections among them) where its clause ends.
func rejectionAt(low string) string {
	if r := firstCue(low, noEvidence); r != "" {
		r = strings.TrimRight(r, " ")
		for _, e := range []string{",", ";", ":", " and", " either", " as", " because", " since"} {
			r = strings.TrimSuffix(r, e)
		}
		return r
	}
	low = strings.TrimRight(low, " .!?\"'”’)")
	for _, c := range noEvidenceEnds {
		if strings.HasSuffix(low, " "+c) || low == c {
			return c
		}
	}
	return ""
}

// openingClause returns the first clause of low, a lower-cased sentence,
// up to a comma (kept), a semicolon, a colon or "but": what may speak of
// the sentence before ("That attribution was mistaken, as ...", "We have
// seen no evidence of that, and ..."). A rejection in a later clause ("In
// 2021 we said it was new; we no longer believe that") rejects what its
// own sentence said.
func openingClause(low string) string {
	end := len(low)
	for _, sep := range []string{";", ":", " but ", ", "} {
		if k := strings.Index(low, sep); k >= 0 && k < end {
			end = k
		}
	}
	if end < len(low) && low[end] == ',' {
		// the comma right after the rejection ("no evidence of that,
		// and") belongs to it
		return low[:end+1]
	}
	return low[:end]
}

// dissents say the writer does not take an attribution it reports, in
// the sentence right after it or later in its own ("Some researchers tied
// the intrusions to Iran; we disagree with that assessment"): a verb of
// dissent and the attribution it is about, so that "we disagree with
// some of the timeline" or "we do not share their indicators" dissent
// from nothing.
var dissents = func() []string {
	var out []string
	for _, v := range []string{"we disagree with", "we do not agree with", "we don't agree with", "we dispute", "we reject",
		"we do not share", "we don't share", "we do not accept", "we don't accept",
		// "...; we found no evidence for that link", "it has seen no
		// evidence of such a link"
		"no evidence for", "no evidence of", "no evidence supporting", "no evidence to support", "nothing to support",
		"no support for", "no basis for"} {
		for _, d := range []string{"that", "this", "the", "their", "its", "such an", "such a", "these", "those"} {
			for _, n := range []string{"attribution", "assessment", "view", "conclusion", "link", "attributions", "assessments", "views", "conclusions", "links"} {
				out = append(out, v+" "+d+" "+n)
			}
		}
	}
	return out
}()

// retracted negates the claims that the sentence right after theirs
// retracts ("Earlier reporting attributed the activity to X. That vendor
// has since retracted the attribution."), or that the writer dissents
// from there or after the object in their own sentence: the text reports
// an attribution only to set it aside.
func retracted(text string, cs []Claim) []Claim {
	for i := range cs {
		c := &cs[i]
		if c.Polarity != Asserted && c.Polarity != Hedged || c.Relation == DistinctFrom || c.phrase || c.End <= 0 || c.End > len(text) {
			// a noun phrase's claim ("Kimsuky, another North Korean
			// group") describes; what is retracted is the attribution
			continue
		}
		raw := text[c.End:min(len(text), c.End+300)]
		next := strings.TrimLeft(raw, " \n\t\"”’')")
		if k := strings.IndexAny(next, ".!?\n"); k >= 0 {
			next = next[:k]
		}
		// a dissent in a sentence that makes a tie of its own is about
		// that tie, unless it opens the sentence
		dissentIn := next
		if at := c.End + len(raw) - len(strings.TrimLeft(raw, " \n\t\"”’')")); claimIn(cs, at, at+len(next)) {
			dissentIn = openingClause(asciiLower(next))
		}
		own := ""
		if c.located && c.objectAt > c.Start && c.objectAt < c.End {
			own = text[c.objectAt:c.End] // the words after the object
		}
		if r := firstCue(asciiLower(next), retractions); r != "" {
			c.Polarity, c.Cue = Negated, r
		} else if r := rejectionAt(openingClause(asciiLower(next))); r != "" {
			c.Polarity, c.Cue = Negated, r
		} else if r := rejectionAt(asciiLower(own)); r != "" {
			c.Polarity, c.Cue = Negated, r
		} else if r := firstCue(asciiLower(own)+" "+asciiLower(dissentIn), dissents); r != "" {
			c.Polarity, c.Cue = Negated, r
		}
	}
	return cs
}

// claimIn reports whether one of cs starts in text[start:end].
func claimIn(cs []Claim, start, end int) bool {
	for _, c := range cs {
		if c.Start >= start && c.Start < end {
			return true
		}
	}
	return false
}

// dropCorrected drops a speaker's asserted ties of unnamed activity to an
// object when the same speaker corrects an attribution of activity to that
// object: in "past waves were mistakenly attributed to X ... the campaigns
// attributed to X used Y", the campaigns are X's own, and the activity the
// text is about is not asserted to be X's. A tie negated otherwise ("no
// evidence ties these waves to X") says nothing of other activity, and a
// named subject is kept whatever its speaker corrects.
func dropCorrected(cs []Claim) []Claim {
	corrected := map[[2]string]bool{}
	for _, c := range cs {
		if c.Subject == "unnamed" && c.Polarity == Negated && containsAny(asciiLower(c.Cue), corrections) {
			corrected[[2]string{c.By, c.Object}] = true
		}
	}
	if len(corrected) == 0 {
		return cs
	}
	out := cs[:0]
	for _, c := range cs {
		if c.Subject == "unnamed" && c.Polarity == Asserted && corrected[[2]string{c.By, c.Object}] {
			continue
		}
		out = append(out, c)
	}
	return out
}

// vagueObject reports whether a claim's object names no state in
// particular.
func vagueObject(o string) bool { return strings.HasPrefix(o, "unspecified") }

// nameActorObjects names each known actor a claim points to as the text
// most often writes it ("Winnti Group" in a text that says so five times
// and "Winnti" once), so one actor is one object however a sentence
// abbreviates it. A same-as claim keeps the two names it joins.
func nameActorObjects(claims []Claim, hits []hit) {
	wanted := false
	for _, c := range claims {
		wanted = wanted || c.ObjectKind == "actor" && c.ObjectRef != ""
	}
	if !wanted {
		return
	}
	type form struct {
		name string
		n    int
	}
	best := map[string]form{}
	counts := map[[2]string]int{}
	for _, h := range hits {
		if h.Kind != KindActor || h.ID == "" {
			continue
		}
		m := strings.TrimSpace(stripMarks(h.Mention.Mention))
		k := [2]string{h.Name, m}
		counts[k]++
		if b := best[h.Name]; counts[k] > b.n || counts[k] == b.n && len(m) > len(b.name) {
			best[h.Name] = form{m, counts[k]}
		}
	}
	bestName := map[string]string{}
	for n, b := range best {
		bestName[n] = b.name
	}
	full := fullForms(counts, bestName)
	for i := range claims {
		c := &claims[i]
		if c.ObjectKind == "actor" && c.ObjectRef != "" && c.Relation != SameAs && c.Subject != c.ObjectRef {
			if f, ok := full[c.ObjectRef]; ok && sameNameForm(c.Object, f) && len(f) >= len(c.Object) {
				c.Object = f
			}
		}
	}
}

// nameAliasSubjects names the subject of a same-as claim as the text
// writes it when its canonical name is the object's: "Earth Preta (also
// known as Mustang Panda)" reads "Earth Preta same-as Mustang Panda", not
// "Mustang Panda same-as Mustang Panda".
func nameAliasSubjects(claims []Claim) {
	for i := range claims {
		c := &claims[i]
		if c.Relation == SameAs && foldName(c.Subject) == foldName(c.Object) && c.Mention != "" && foldName(c.Mention) != foldName(c.Object) {
			c.Subject = c.Mention
		}
	}
}

// nameAbbreviatedObjects names a state body a claim cites by its
// abbreviation ("in support of the IRGC") as the text defines it
// ("Islamic Revolutionary Guard Corps (IRGC)"), so that one body is one
// object however a sentence shortens it.
func nameAbbreviatedObjects(text string, claims []Claim) {
	defined, given := map[string]string{}, map[string]string{}
	var brackets []bracketedAcronym // read once, when a claim first needs them
	read := false
	for i := range claims {
		c := &claims[i]
		needs := c.ObjectKind == "organization" || c.ObjectKind == "actor" && c.ObjectRef == ""
		if !read && needs {
			brackets, read = bracketedAcronyms(text), true
		}
		if needs {
			// "Mahak Rayan Afraz (MRA)": a new name keeps the
			// abbreviation the text gives it (looked up once a name:
			// claims repeat their objects).
			abbr, ok := given[c.Object]
			if !ok {
				abbr = abbreviationAfter(text, brackets, c.Object)
				given[c.Object] = abbr
			}
			if abbr != "" {
				c.Object += " (" + abbr + ")"
				continue
			}
		}
		if c.ObjectKind != "organization" || !acronym(c.Object) {
			continue
		}
		long, ok := defined[c.Object]
		if !ok {
			long = definedAbbreviation(text, brackets, c.Object)
			defined[c.Object] = long
		}
		if long != "" {
			c.Object = long
		}
	}
}

// bracketedAcronym is an acronym a text writes in brackets, "(MRA)", and
// the offset of its opening bracket.
type bracketedAcronym struct {
	at   int
	abbr string
}

// bracketedAcronyms returns every acronym a text writes in brackets, in
// order: the only places abbreviationAfter and definedAbbreviation can
// find what they look for, read in one pass instead of one pass a name.
func bracketedAcronyms(text string) []bracketedAcronym {
	var out []bracketedAcronym
	for at := 0; ; at++ {
		k := strings.IndexByte(text[at:], '(')
		if k < 0 {
			return out
		}
		at += k
		e := strings.IndexByte(text[at+1:min(len(text), at+1+7)], ')')
		if e > 0 && acronym(text[at+1:at+1+e]) {
			out = append(out, bracketedAcronym{at, text[at+1 : at+1+e]})
		}
	}
}

// abbreviationAfter returns the abbreviation a text gives a name in
// brackets right after it ("Mahak Rayan Afraz (MRA)"), or "". brackets
// are the text's bracketed acronyms.
func abbreviationAfter(text string, brackets []bracketedAcronym, name string) string {
	if strings.Contains(name, "(") {
		// Occurrences of the name and its bracket could overlap,
		// which the reading below would count where a search does not.
		return abbreviationAfterSearch(text, name)
	}
	for _, b := range brackets {
		if k := b.at - 1; k >= len(name) && text[k] == ' ' && text[k-len(name):k] == name && spells(strings.Fields(name), b.abbr) {
			return b.abbr
		}
	}
	return ""
}

// abbreviationAfterSearch is abbreviationAfter by search of the text.
func abbreviationAfterSearch(text, name string) string {
	for at := 0; ; {
		k := strings.Index(text[at:], name+" (")
		if k < 0 {
			return ""
		}
		k += at + len(name) + len(" (")
		at = k
		e := strings.IndexByte(text[k:min(len(text), k+8)], ')')
		if e > 0 && acronym(text[k:k+e]) && spells(strings.Fields(name), text[k:k+e]) {
			return text[k : k+e]
		}
	}
}

// acronym reports whether a name is two to six capital letters.
func acronym(s string) bool {
	if len(s) < 2 || len(s) > 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// definedAbbreviation finds where a text defines an abbreviation, "Long
// Name (ABBR)", and returns that definition whole; "" when it does not.
// The long name is the shortest run of words before the bracket whose
// capitalised words' initials, with those of "of" and "and" where needed,
// spell the abbreviation. brackets are the text's bracketed acronyms,
// among them every "(ABBR)" of an acronym.
func definedAbbreviation(text string, brackets []bracketedAcronym, abbr string) string {
	paren := "(" + abbr + ")"
	for _, b := range brackets {
		if b.abbr != abbr {
			continue
		}
		k := b.at
		words := strings.Fields(text[max(0, k-100):k])
		for j := len(words) - 1; j >= 0 && j >= len(words)-len(abbr)*2; j-- {
			if w := words[j]; w[0] < 'A' || w[0] > 'Z' {
				continue
			}
			if spells(words[j:], abbr) {
				return strings.Join(words[j:], " ") + " " + paren
			}
		}
	}
	return ""
}

// spells reports whether the words' initials spell an abbreviation:
// each capitalised word gives its initial; "of", "and", "for" may give
// theirs or none.
func spells(words []string, abbr string) bool {
	if len(words) == 0 {
		return abbr == ""
	}
	w := words[0]
	switch w {
	case "of", "and", "for", "the":
		if abbr != "" && lowerByte(abbr[0]) == w[0] && spells(words[1:], abbr[1:]) {
			return true
		}
		return spells(words[1:], abbr)
	}
	if w[0] < 'A' || w[0] > 'Z' || abbr == "" || w[0] != abbr[0] {
		return false
	}
	return spells(words[1:], abbr[1:])
}

// fullForms names each actor in full: the form with the most words among
// the forms of its most frequent name written as a proper name ("Winnti
// Group" where the text also says "Winnti" more often; not "Lazarus
// group"), the more frequent among equals. counts holds how often each
// (actor, written form) occurs.
func fullForms(counts map[[2]string]int, best map[string]string) map[string]string {
	full := map[string]string{}
	for k, n := range counts {
		b, ok := best[k[0]]
		if !ok || !sameNameForm(k[1], b) || k[1] != b && !titleCased(k[1]) {
			continue
		}
		f := full[k[0]]
		wk, wf := len(strings.Fields(k[1])), len(strings.Fields(f))
		if f == "" || wk > wf || wk == wf && n > counts[[2]string{k[0], f}] {
			full[k[0]] = k[1]
		}
	}
	return full
}

// titleCased reports whether every word of a name starts with a capital
// or a digit ("Winnti Group", "APT 40"), as a name, not a noun phrase.
func titleCased(s string) bool {
	for _, w := range strings.Fields(s) {
		if !(w[0] >= 'A' && w[0] <= 'Z' || w[0] >= '0' && w[0] <= '9') {
			return false
		}
	}
	return true
}

// sameNameForm reports whether two ways of writing an actor are forms of
// one name ("Winnti" and "Winnti Group", "APT 40" and "APT40"), not two
// aliases ("Tortoiseshell" and "TA456"), which the text keeps apart on
// purpose. A claim's object is renamed only to a form at least as long
// as its own: "Winnti Group" stays whole in a text that mostly says
// "Winnti".
func sameNameForm(x, y string) bool {
	fx, fy := strings.Fields(asciiLower(x)), strings.Fields(asciiLower(y))
	if len(fx) == 0 || len(fy) == 0 {
		return false
	}
	return fx[0] == fy[0] || strings.ReplaceAll(asciiLower(x), " ", "") == strings.ReplaceAll(asciiLower(y), " ", "")
}

// hasParty reports whether a sentence's hits include a name a claim can
// hold (an actor, a country or a region, a malware name the text uses as
// a group's); such sentences make claims, as do those with a reference
// to the actor in focus ("the group"), and a denial only right after one.
func (doc *docContext) hasParty(group []hit) bool {
	for _, h := range group {
		if h.Kind == KindActor || h.Kind == KindCountry || h.Kind == KindRegion || h.Kind == KindMalware && doc.operations[h.Name] {
			return true
		}
	}
	return false
}

// party is a name a claim can hold: a hit, or a name the sentence gives
// after a cue that no dictionary holds ("referred to as the Balikbayan
// Foxes").
type party struct {
	hit
	fresh bool
}

// sentenceClaims reads the claims of one sentence that starts at offset a.
func sentenceClaims(doc *docContext, sentence string, a int, group []hit, lastActor *hit) []Claim {
	var parties []party
	for _, h := range group {
		switch h.Kind {
		case KindActor, KindCountry, KindRegion:
			parties = append(parties, party{hit: h})
		case KindMalware:
			// "caused by the DarkSide ransomware" in a text that names
			// the DarkSide operators as a group: the operation's name.
			if doc.operations[h.Name] {
				p := party{hit: h}
				p.Kind = KindActor
				parties = append(parties, p)
			}
		}
	}
	if len(parties) == 0 && referent(doc, lastActor) == nil && !doc.declined[a] && !doc.fresh[a] && !doc.bodies[a] && !namesWhoIsBehind(doc.low[a:a+len(sentence)]) {
		return nil
	}
	var out []Claim
	used := map[int]bool{} // objects already claimed
	// Cues are found in the sentence with quotes and emphasis marks
	// blanked and spaces collapsed ("a link” between"), then mapped back.
	// One scan finds every cue; they are then read in the order of
	// verbalCues, longer phrases first where they overlap.
	low := doc.low[a : a+len(sentence)]
	flat, _ := flatten(sentence, low, false)
	type found struct{ cue, k int }
	var cues []found
	verbalCueMatcher().scan(flat, func(id int32, end int) {
		k := end - len(verbalCues[id].phrase)
		if wordBoundary(flat, k, end) {
			cues = append(cues, found{int(id), k})
		}
	})
	slices.SortStableFunc(cues, func(x, y found) int { return x.cue - y.cue })
	var at []int
	if len(cues) > 0 {
		_, at = flatten(sentence, low, true)
	}
	for _, f := range cues {
		cue := verbalCues[f.cue]
		cs, ce := flatOffset(at, f.k), flatOffset(at, f.k+len(cue.phrase)-1)+1
		out = append(out, verbalClaims(doc, sentence, a, cs, ce, cue, parties, group, lastActor, used)...)
	}
	out = append(out, modifierClaims(doc, sentence, doc.low[a:a+len(sentence)], a, group, lastActor, used)...)
	out = append(out, predicateDemonymClaims(doc, sentence, a, parties, lastActor, used)...)
	out = append(out, vendorNameClaims(doc, sentence, a, parties, lastActor, used)...)
	out = append(out, nameClaims(doc, sentence, a, parties, group, lastActor)...)
	if doc.declined[a] {
		// A refusal that names candidates is read beside the claims the
		// sentence makes of them; one that names none only alone.
		if d := declinedAttribution(doc, sentence, a, parties); len(out) == 0 || len(d) > 0 && d[0].ObjectKind == "actor" {
			out = append(out, d...)
		}
	}
	if len(parties) == 0 && doc.bodies[a] && !doc.fresh[a] {
		// Read for the state's service it names: only the claims
		// that hold one.
		out = slices.DeleteFunc(out, func(c Claim) bool { return c.ObjectKind != "organization" })
	}
	for i := range out {
		setPolarity(doc, &out[i], sentence, a, group)
	}
	return out
}

// setPolarity reads how sure the claim c of sentence is, and who says it:
// the speaker, or the accused for a denial.
func setPolarity(doc *docContext, c *Claim, sentence string, a int, group []hit) {
	at := c.objectAt
	if c.polarityAt > 0 {
		at = c.polarityAt
	}
	var p, cueWord string
	switch {
	case c.phrase:
		p, cueWord = phrasePolarity(sentence, at-a)
	case c.Relation == DistinctFrom && (strings.HasPrefix(c.Cue, "not ") || strings.HasPrefix(c.Cue, "never ")):
		// "FIN7 is not the same as Ember Bear", "not to be confused
		// with", "must never be confused with": the cue's own "not"
		// is what asserts the difference.
		p, cueWord = claimPolarity(blanked(sentence, c.Cue), at-a)
	case c.Cue == "accused":
		// "launched accusations before, and it accused Iran of the
		// theft": the noun names the act the accuser's own verb
		// asserts, so it does not hedge it.
		p, cueWord = claimPolarity(blanked(sentence, "accusation"), at-a)
	default:
		p, cueWord = claimPolarity(sentence, at-a)
	}
	if p == Hedged && c.Relation == SameAs && aliasNamings[c.Cue] && cueWord == othersView(asciiLower(sentence)) {
		// "Several outlets pinned it on X (aka Y)": the writer names
		// the aliases; the outlets' view is the tie to X.
		p, cueWord = Asserted, ""
	}
	if c.Polarity == "" || p != Asserted {
		c.Polarity = p
		if cueWord != "" {
			c.Cue = cueWord
		}
	}
	if c.Relation == SameAs && c.Polarity != Denied {
		if cue := laterNotTheSame(asciiLower(sentence[min(len(sentence), max(0, at-a)):])); cue != "" {
			c.Polarity, c.Cue = Negated, cue
		}
	}
	if c.Polarity == Negated && selfStatement(sentence, a, group) {
		// "DarkSide operators claimed the group is not affiliated
		// with any government": the accused speaks for itself.
		c.Polarity, c.By = Denied, "the accused"
	} else if c.Polarity == Denied {
		c.By = denier(sentence, group)
	} else {
		c.By = speaker(doc, sentence, group)
		if s := turnSpeaker(doc.turns, a); s != "" && (c.By == Publisher || c.By == doc.mainSource) {
			// A transcript's witness speaks for the body in
			// the label's title, when the sentence names no
			// other speaker.
			c.By = s
		}
	}
	c.Evidence, c.Start, c.End = sentence, a, a+len(sentence)
}

// laterNotTheSame returns the words of a clause after an alias claim's
// object that deny the identity: "overlaps with LightBasin, but we do not
// consider the two the same group".
func laterNotTheSame(after string) string {
	for _, sep := range []string{", but ", " but ", ", however", "; ", ", although ", ", though "} {
		k := strings.Index(after, sep)
		if k < 0 {
			continue
		}
		rest := after[k:]
		if c := firstCue(rest, notTheSameCues); c != "" && containsAny(rest, weakNegations) || c == "distinct groups" || c == "separate groups" {
			return c
		}
	}
	return ""
}

// notTheSameCues, negated, deny that two names are one group.
var notTheSameCues = []string{"the same group", "the same actor", "the same threat actor", "one group", "a single group",
	"distinct groups", "separate groups"}

// nameClaims reads the claims names make without a verbal cue: two names
// written as one, a name given to whoever is behind an activity, and an
// actor that matches no known group.
func nameClaims(doc *docContext, sentence string, a int, parties []party, group []hit, lastActor *hit) []Claim {
	out := pairedNames(doc, sentence, a, parties)
	low := doc.low[a : a+len(sentence)]
	naming := namingClaims(sentence, low, a, parties, group)
	out = append(out, naming...)
	out = append(out, unknownActorClaims(doc, sentence, low, a, parties, naming, lastActor)...)
	return append(out, distinctListClaims(sentence, low, a, parties)...)
}

// distinctActorsRE announces a list of groups said to be separate: "two
// distinct threat actors — X and Y", "three different groups: X, Y and Z".
var distinctActorsRE = regexp.MustCompile(`\b(?:two|three|four|five|several)\s+(?:distinct|different|separate)\s+(?:threat\s+)?(?:actors|groups|clusters)\b`)

// distinctListClaims reads the list such an announcement introduces
// (after a dash or a colon, maybe past a relative clause) as pairwise
// distinct-from claims, in the order the text names them.
func distinctListClaims(sentence, low string, a int, parties []party) []Claim {
	if !strings.Contains(low, "distinct ") && !strings.Contains(low, "different ") && !strings.Contains(low, "separate ") {
		return nil // the pattern reads one of these
	}
	m := distinctActorsRE.FindStringIndex(low)
	if m == nil {
		return nil
	}
	var list []party
	prev := m[1]
	for _, p := range parties {
		rel := p.Start - a
		if p.Kind != KindActor || rel < prev {
			continue // before the list, or the same name again
		}
		gap := sentence[prev:rel]
		if len(list) == 0 && !introducesList(gap) || len(list) > 0 && !listGap(gap) {
			break
		}
		list = append(list, p)
		prev = p.End - a
	}
	var out []Claim
	for i, x := range list {
		for _, y := range list[i+1:] {
			c := Claim{Subject: x.Name, SubjectRef: x.Mention.Mention, Mention: x.Mention.Mention, Relation: DistinctFrom,
				Object: objectName(y), ObjectRef: y.Name, ObjectKind: "actor", Cue: strings.TrimSpace(sentence[m[0]:m[1]])}
			// The announcement's own words say how sure ("possibly two
			// distinct groups"), not a negation elsewhere in the sentence.
			c.objectAt, c.located, c.phrase, c.polarityAt = y.Start, true, true, a+m[0]
			out = append(out, c)
		}
	}
	return out
}

// introducesList reports whether the words between an announcement and a
// name open its list: a dash or a colon, after at most a short relative
// clause ("that have used the service in the last year:").
func introducesList(gap string) bool {
	g := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(stripMarks(gap)), "the"))
	if !strings.HasSuffix(g, ":") && !strings.HasSuffix(g, "—") && !strings.HasSuffix(g, "–") && !strings.HasSuffix(g, " -") && g != "-" {
		return false
	}
	return len(strings.Fields(g)) <= 14 && !strings.ContainsAny(g, ".;")
}

// declinedCues say the speaker makes no attribution at all.
var declinedCues = []string{"attribution is not possible", "not possible to attribute", "not possible to make any attribution",
	"enough information to make any type of attribution", "enough information to make an attribution",
	"enough information to attribute", "unable to attribute this", "cannot attribute this", "could not attribute this",
	"no attribution can be made", "not attributing this activity", "not attributing this campaign", "not attributing this attack",
	"refrain from attributing", "not making any attribution", "attribution remains unknown", "attribution is unknown",
	"not conclusively attributing", "not definitively attributing", "not formally attributing", "not publicly attributing",
	"cannot conclusively attribute", "could not conclusively attribute", "cannot definitively attribute"}

// declinedAttribution reads a refusal to attribute ("Attribution is not
// possible with the information we hold", "we do not have enough
// information to make any type of attribution") as a negated claim tying
// the actor the sentence names, else the activity, to nobody in
// particular. A refusal that names its object ("not attributing this
// attack to APT33") is a verbal claim instead.
func declinedAttribution(doc *docContext, sentence string, a int, parties []party) []Claim {
	low := doc.low[a : a+len(sentence)]
	cue := firstCue(" "+low+" ", declinedCues)
	if cue == "" {
		return nil
	}
	k := strings.Index(low, cue)
	rest := low[k+len(cue):]
	if i := strings.Index(rest, " to "); i >= 0 && i < 40 {
		var named []Claim
		for _, p := range parties {
			if p.Start-a > k && p.Kind == KindActor {
				if !strings.HasPrefix(rest[i+4:], "any ") {
					return nil
				}
				// "We are not attributing this attack to any particular
				// group, but groups such as APT33 used the same payload":
				// each group named as a candidate is a link not made.
				named = append(named, Claim{Subject: "unnamed", SubjectRef: "the activity", Mention: "the activity",
					Relation: AttributedTo, Object: objectName(p), ObjectRef: p.Name, ObjectKind: "actor", Cue: cue,
					Polarity: Negated, objectAt: p.Start, located: true})
			}
		}
		if named != nil {
			return named
		}
	}
	c := Claim{Subject: "unnamed", SubjectRef: "the activity", Mention: "the activity", Relation: AttributedTo,
		Object: "unspecified actor or state", ObjectKind: "country", Cue: cue, Polarity: Negated}
	named := false
	for _, p := range parties {
		if p.Kind == KindActor && p.Start-a < k {
			c.Subject, c.SubjectRef, c.Mention = p.Name, p.Mention.Mention, p.Mention.Mention
			named = true
		}
	}
	if m := doc.mainActor; !named && m != nil && (doc.actorCount[m.Name] >= 3 || doc.actorCount[m.Name] >= 2 && len(doc.actorCount) == 1) {
		// A report about WIRTE (named three times, or twice and no
		// other actor named) that "has not enough information to make
		// any type of attribution" declines to attribute WIRTE.
		c.Subject, c.SubjectRef, c.Mention = m.Name, m.Mention.Mention, m.Mention.Mention
	}
	c.objectAt, c.located = a+k, true
	return []Claim{c}
}

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
	if predicateGroupParticiple.MatchString(low) {
		// "Blind Eagle is a South American group, possibly operating
		// from Colombia": the participle qualifies the group the
		// subject is.
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

// stateBodyAbbrevs are the services of states that reports name as
// sponsors, by their usual abbreviations.
var stateBodyAbbrevs = wordSet(`GRU FSB SVR KGB MSS PLA IRGC MOIS RGB VAJA SBU`)

// stateBodyHeads start the names of state services.
var stateBodyHeads = []string{"Ministry of State Security", "Ministry of Intelligence", "Ministry of Security",
	"Ministry of Defense", "Ministry of Defence", "Islamic Revolutionary Guard Corps", "Revolutionary Guard",
	"People's Liberation Army", "People’s Liberation Army", "PLA Unit", "PLA unit", "Main Intelligence Directorate",
	"Main Directorate", "General Staff", "Foreign Intelligence Service", "Federal Security Service",
	"Reconnaissance General Bureau", "Strategic Support Force", "Unit "}

// stateBodyAfter reads the name of a state service a few words after a
// cue: "the GRU", "the Iranian MOIS", "the Islamic Revolutionary Guard
// Corps (IRGC)", "the Ministry of State Security of China", "PLA Unit
// 61398". The name runs over its capitalised words, "of Country" and a
// bracketed abbreviation.
func stateBodyAfter(sentence string, a, ce int, parties []party) (party, bool) {
	i := skipStateBodyLead(sentence, ce)
	var state *party
	for k := range parties {
		p := &parties[k]
		if p.Kind == KindCountry && p.Start-a == i {
			if n := possessiveAfter(sentence[p.End-a:]); n > 0 {
				// "China's Ministry of State Security": whose
				// service it is; "Russia's military intelligence
				// service, the GRU": the name after what it is.
				n += len(serviceDescriptionRE.FindString(sentence[p.End-a+n:]))
				if startsStateBody(sentence[p.End-a+n:]) {
					state, i = p, p.End-a+n
				}
			}
			break
		}
	}
	rest := sentence[i:]
	end := -1
	for _, h := range stateBodyHeads {
		if strings.HasPrefix(rest, h) {
			end = len(h)
			break
		}
	}
	if end < 0 {
		w, _ := rawWordAt(sentence, i)
		if !stateBodyAbbrevs[w] || !strings.HasPrefix(rest, w) {
			return party{}, false
		}
		end = len(w)
	} else {
		end = stateBodyNameEnd(rest, end)
	}
	name, start := sentence[i:i+end], i
	if state != nil {
		// named as one writes it without the possessive: "Ministry of
		// State Security (China)", "Ministry of Intelligence and
		// Security (MOIS, Iran)"
		if strings.HasSuffix(name, ")") {
			name = name[:len(name)-1] + ", " + state.Name + ")"
		} else {
			name += " (" + state.Name + ")"
		}
		start = state.Start - a
	}
	return party{hit: hit{Mention: Mention{Kind: KindOrganization, Name: name, Mention: name, Start: a + start, End: a + i + end}}, fresh: true}, true
}

// serviceDescriptionRE matches a state service described in lower case
// before its name: "military intelligence service, the ", "foreign
// intelligence agency (".
var serviceDescriptionRE = regexp.MustCompile(`^(?:(?:military|foreign|domestic|main|federal|national|state|security|intelligence|secret|spy)\s+){0,3}(?:service|agency|directorate|ministry|intelligence)(?:,\s*(?:the\s+)?|\s+\(\s*)`)

// possessiveAfter returns the length of the possessive ending ("'s ",
// "’s ") that starts s, or 0.
func possessiveAfter(s string) int {
	for _, p := range []string{"'s ", "’s "} {
		if strings.HasPrefix(s, p) {
			return len(p)
		}
	}
	return 0
}

// skipStateBodyLead steps from i over up to three words that may come
// before a state service's name: spaces and marks, "the", "a" and a
// demonym ("the Iranian"). It returns where the name may start.
func skipStateBodyLead(sentence string, i int) int {
	for n := 0; n < 3 && i < len(sentence); n++ {
		for i < len(sentence) && (sentence[i] == ' ' || sentence[i] == '*' || sentence[i] == '[') {
			i++
		}
		w, _ := rawWordAt(sentence, i)
		lw := asciiLower(w)
		if startsStateBody(sentence[i:]) {
			break
		}
		// "Iran's intelligence ministry": a possessive is the state
		// itself, not a demonym ("Iran" ends as "Afghan" does).
		if lw == "the" || lw == "a" || demonymWord(w) && possessiveAfter(sentence[i+len(w):]) == 0 {
			i += len(w)
			continue
		}
		break
	}
	return i
}

// stateBodyNameEnd extends a state service's name that starts rest with a
// head of end bytes over further capitalised words, numbers, "of" and
// "and", and a bracketed abbreviation, and returns its end without a
// trailing " of" or " and".
func stateBodyNameEnd(rest string, end int) int {
	for end < len(rest) {
		j := end
		for j < len(rest) && rest[j] == ' ' {
			j++
		}
		w, _ := rawWordAt(rest, j)
		if w == "" || !(w[0] >= 'A' && w[0] <= 'Z' || w[0] >= '0' && w[0] <= '9' || w == "of" || w == "and") {
			break
		}
		end = j + len(w)
	}
	if k := strings.Index(rest[end:min(len(rest), end+12)], ")"); strings.HasPrefix(rest[end:], " (") && k > 0 &&
		strings.Trim(rest[end+2:end+k], "[]0123456789, ") != "" {
		// "(IRGC)", not a reference number "([15])"
		end += k + 1
	}
	return len(strings.TrimSuffix(strings.TrimSuffix(rest[:end], " of"), " and"))
}

// startsStateBody reports whether s starts with a state service's name.
func startsStateBody(s string) bool {
	for _, h := range stateBodyHeads {
		if strings.HasPrefix(s, h) {
			return true
		}
	}
	w, _ := rawWordAt(s, 0)
	return stateBodyAbbrevs[w]
}

// rawWordAt returns the word that starts at i, as written.
func rawWordAt(s string, i int) (string, int) {
	j := i
	for j < len(s) && (isWordByte(s[j]) || s[j] >= 0x80 && s[j] != 0xc2) {
		j++
	}
	return s[i:j], j
}

// demonymWord reports whether a capitalised word is a nationality
// adjective ("Iranian", "Chinese") before a state service's name.
func demonymWord(w string) bool {
	if w == "" || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	return demonym(Mention{Mention: w, Name: w + "_"})
}

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

// nearSubject decides whether the actor named nearest before a cue (near,
// between the words from it to the cue) is the cue's subject: it returns
// the subject and true when the words decide, or near (nil when it is too
// far back to count) and false when group references may still decide.
func nearSubject(between string, near *party, parties []party) (*party, bool) {
	if groupRelative.MatchString(between) || predicateGroupParticiple.MatchString(between) {
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

// viewChainRE matches a view reported between a subject and the "to be"
// of its predicate: "is believed to", "are widely considered by vendors to".
var viewChainRE = regexp.MustCompile(`\s+(?:is|are|was|were|has been|have been)\s+(?:(?:widely|generally|often|also|still|now)\s+)?(?:believed|thought|considered|assessed|said|reported|suspected|presumed|understood|known)(?:\s+by\s+[^,;.()]{1,60}?)?\s+to$`)

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

// flatten lower-cases a sentence, blanks quotes and emphasis marks and
// collapses runs of spaces; with withAt, at maps each byte of the result
// to its offset in the sentence (most sentences hold no cue, and need no
// map). low is the sentence lower-cased by asciiLower: a sentence with
// nothing to blank or collapse is returned as low, with a nil at (each
// offset its own; see flatOffset).
func flatten(sentence, low string, withAt bool) (flat string, at []int) {
	if flatAlready(sentence) {
		return low, nil
	}
	var b strings.Builder
	b.Grow(len(sentence)) // the result is never longer
	if withAt {
		at = make([]int, 0, len(sentence))
	}
	space := false
	for i := 0; i < len(sentence); {
		c := sentence[i]
		n := 1
		blank := c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '*' || c == '"' || c == '_'
		if c == ']' {
			// "[linked by Flashpoint](https://...) to": a link's
			// target is not words of the sentence.
			if k := linkTargetEnd(sentence[i:]); k > 0 {
				blank, n = true, k
			}
		}
		if c >= 0x80 {
			for _, q := range []string{"“", "”", "‘", "\u00a0"} {
				if strings.HasPrefix(sentence[i:], q) {
					blank, n = true, len(q)
					break
				}
			}
		}
		if blank {
			if !space {
				b.WriteByte(' ')
				if withAt {
					at = append(at, i)
				}
			}
			space = true
			i += n
			continue
		}
		space = false
		for k := 0; k < n; k++ {
			b.WriteByte(lowerByte(sentence[i+k]))
			if withAt {
				at = append(at, i+k)
			}
		}
		i += n
	}
	return b.String(), at
}

// flatBytes are the bytes flatten may blank, or that start what it may
// blank (a link's "](", curly quotes, a no-break space).
var flatBytes = [256]bool{'\t': true, '\n': true, '\r': true, '*': true, '"': true, '_': true, ']': true, 0xe2: true, 0xc2: true}

// flatAlready reports whether flatten would only lower-case a sentence: no
// byte it blanks, no run of spaces.
func flatAlready(sentence string) bool {
	for i := 0; i < len(sentence); i++ {
		if c := sentence[i]; flatBytes[c] || c == ' ' && i > 0 && sentence[i-1] == ' ' {
			return false
		}
	}
	return true
}

// flatOffset maps an offset in flatten's result to the sentence's with the
// map flatten returned.
func flatOffset(at []int, k int) int {
	if at == nil {
		return k
	}
	return at[k]
}

// linkTargetEnd returns the length of a Markdown link's end at the start
// of s ("](https://example.com/x)"), or 0.
func linkTargetEnd(s string) int {
	if !strings.HasPrefix(s, "](") {
		return 0
	}
	k := strings.IndexAny(s[2:], ") ")
	if k <= 0 || s[2+k] != ')' {
		return 0
	}
	return 2 + k + 1
}

// visibleSpan returns how many bytes of s hold n bytes that are not the
// targets of Markdown links.
func visibleSpan(s string, n int) int {
	end := n
	for i := 0; i < end && i < len(s); i++ {
		if s[i] == ']' {
			k := linkTargetEnd(s[i:])
			end += max(0, k-1)
			i += max(0, k-1)
		}
	}
	return end
}

// withoutLinkTargets drops the targets of Markdown links from s.
func withoutLinkTargets(s string) string {
	for from := 0; ; {
		i := strings.Index(s[from:], "](")
		if i < 0 {
			return s
		}
		i += from
		if k := linkTargetEnd(s[i:]); k > 0 {
			s = s[:i+1] + s[i+k:]
		}
		from = i + 1
	}
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

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

func dedupeClaims(cs []Claim) []Claim {
	seen := map[[6]string]bool{}
	out := cs[:0]
	for _, c := range cs {
		k := [6]string{c.Subject, c.Relation, c.Object, c.Polarity, c.By, c.Evidence}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, c)
	}
	return out
}

func objectKind(kind string) string {
	switch kind {
	case KindActor:
		return "actor"
	case KindRegion:
		return "region"
	case KindOrganization:
		return "organization"
	}
	return "country"
}

// objectName is how a claim names its object: a place by its canonical
// name, an actor as the text writes it.
func objectName(p party) string {
	if p.Kind == KindCountry || p.Kind == KindRegion {
		return p.Name
	}
	return strings.TrimSpace(stripMarks(p.Mention.Mention))
}

// demonym reports whether a place is named by its adjective ("Chinese",
// "Russian") rather than its name.
func demonym(m Mention) bool {
	if m.Mention == m.Name {
		return false
	}
	low := asciiLower(m.Mention)
	for _, e := range []string{"an", "ese", "ish", "i", "ch", "ic", "ean"} {
		if strings.HasSuffix(low, e) && !strings.Contains(low, " ") {
			return true
		}
	}
	return false
}

// adjectiveOfPlace reports whether a place is named by an adjective,
// of one word ("Iranian") or of a name of several ("North Korean").
func adjectiveOfPlace(m Mention) bool {
	low := asciiLower(m.Mention)
	return demonym(m) || strings.Contains(low, " ") && m.Mention != m.Name && strings.HasPrefix(low, asciiLower(m.Name))
}

// stateWordAfter reports whether "government", "state" or "military"
// follows a place.
func stateWordAfter(sentence string, re int) bool {
	after := asciiLower(sentence[re:min(len(sentence), re+20)])
	for _, w := range []string{" government", " state", " military", " intelligence", " authorities", " regime", " ministry", " army", " security service"} {
		if !strings.HasPrefix(after, w) {
			continue
		}
		// "the Russian government had", not "an Iranian government
		// contractor": the state word ends the noun phrase.
		rest := asciiLower(sentence[re+len(w) : min(len(sentence), re+len(w)+24)])
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "s"), "'s")
		if !strings.HasPrefix(rest, " ") {
			return rest == "" || !isASCIILetter(rest[0])
		}
		next := strings.Fields(rest)
		if len(next) == 0 {
			return true
		}
		for _, n := range stateNounHeads {
			if strings.HasPrefix(next[0], n) {
				return false
			}
		}
		return true
	}
	return false
}

// stateOrganRE matches the words after a demonym that name one of the
// state's own bodies: "a Turkish government agency", "the Iranian
// intelligence ministry".
var stateOrganRE = regexp.MustCompile(`^\s+(?:government|state|intelligence|security|military)\s+(?:agency|agencies|department|ministry|body|bodies|service|services|unit|office)\b`)

// stateOrganAfter reports whether a state's own body follows a place
// ending at re: a sponsor's, where "a government contractor" is not.
func stateOrganAfter(sentence string, re int) bool {
	return stateOrganRE.MatchString(asciiLower(sentence[re:min(len(sentence), re+40)]))
}

// stateNounHeads follow a state word that only qualifies them ("a
// government contractor", "state media").
var stateNounHeads = []string{"contractor", "official", "website", "site", "document", "network", "system", "employee",
	"worker", "department", "bod", "entit", "organi", "agenc", "media", "outlet", "institution", "ministr", "networks",
	"compan", "firm", "bank", "server", "account", "email", "portal", "infrastructure", "target", "victim", "user",
	"sector", "owned", "run", "funded", "backed", "sponsored", "linked", "affiliated", "aligned"}

// wordBoundary reports whether low[i:j] is a whole phrase.
func wordBoundary(low string, i, j int) bool {
	if i > 0 && isWordByte(low[i-1]) {
		return false
	}
	return j >= len(low) || !isWordByte(low[j])
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

// lastWord returns the last word of s, without emphasis marks or dashes
// ("PurpleWave—A New Infostealer" gives "Infostealer").
func lastWord(s string) string {
	s = strings.TrimSpace(s)
	return strings.Trim(s[strings.LastIndexAny(s, " —-")+1:], "*_")
}
