package extract

import (
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
	// "told that maybe the group is Chinese" (not "Maybelline")
	" maybe ", " maybe,",
	// "a group said to be based in" (as "is said to")
	" said to be ",
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
