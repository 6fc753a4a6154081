package extract

import (
	"regexp"
	"slices"
	"strings"
)

// Country roles. Each country or region mention gets one role, read from
// the words around it, after the claims are known:
//   - origin: the place is the object of an attribution claim (whatever its
//     polarity: a hedged or negated origin is still the origin the text
//     discusses), or a demonym qualifies a threat-actor noun ("Chinese
//     hackers", "a Russian-speaking gang", "Iran-based operators");
//   - target: victims are there ("organizations in Japan", "targeting
//     Ukraine", "Italian organizations", "against Taiwanese government
//     entities");
//   - other: anything else (a publisher's or an agency's home, a lure's
//     theme, a place in passing).
// A place may carry several roles in one text; the roles are per mention.

// victimNouns follow a demonym or a country that locates victims.
var victimNouns = []string{
	"organization", "organisation", "compan", "business", "firm", "entit", "government", "ministr", "agenc", "bank",
	"user", "victim", "customer", "subscriber", "citizen", "target", "individual", "enterprise", "institution", "industr", "network",
	"provider", "operator", "carrier", "hospital", "universit", "school", "embass", "diplomat", "military", "defense",
	"defence", "energy", "telecom", "financial", "manufactur", "retail", "media", "journalist", "activist", "dissident",
	"official", "infrastructure", "critical", "utilit", "sector", "public", "private", "local", "regional", "federal",
	"state-owned", "healthcare", "health", "pharma", "airline", "shipping", "port", "law firm", "think tank",
	"nonprofit", "ngo", "academ", "research", "educat", "oil", "gas", "water", "power", "election", "parliament",
	"supplier", "contractor", "vendor", "subsidiar", "branch", "office", "employee", "staff", "people", "population",
	"consulat", "website", "shop", "online", "e-commerce", "store", "merchant",
}

// victimBefore are the words that, right before a place, say victims are
// there.
var victimBefore = []string{
	" in", " against", "targeting", "targeted", "targets", "target", " across", "victims in", " into", " at", " throughout",
	" within", " inside", "attacks on", "attack on", "attacking", "attacked", "hit", "hitting", "compromised", "breached",
	"infected", "spying on", "spy on", "spies on", " including", " notably", " such as", " like", "espionage against", "focused on", "focus on", "interest in", "located in the",
}

// victimQualifiers may stand between a demonym and its victims' noun.
var victimQualifiers = wordSet(`mobile wireless cellular broadband satellite major large leading big small largest biggest`)

// relayPlaces locate machines that may only relay an attack's traffic.
var relayPlaces = []string{"routers in", "router in", "bots in"}

// relayCues say that traffic passed through machines: "came from
// compromised routers", "proxied via bots".
var relayCues = []string{"came from", "come from", "comes from", "coming from", "originated from", "originating from",
	"sent by", "sent from", "sent through", "launched from", "relayed", "proxied", "routed", "tunneled", "tunnelled", "bounced"}

// machineVerbs make the machines after them an object ("infected
// thousands of home routers"), unless a preposition, an article or a
// count leads them as an adjective ("from hijacked routers").
var machineVerbs = wordSet(`infect infects infected infecting compromise compromises compromised compromising hijack hijacks hijacked hijacking target targets targeted targeting`)

var adjectiveLeads = wordSet(`from by through via of the a an some many several dozens hundreds thousands other using with`)

// relayedThrough reports whether s, a sentence's lower-cased words up to
// a place after relayPlaces, says the machines there relayed traffic:
// a relay cue comes before them, and no verb after the cue makes them
// what was infected or hijacked.
func relayedThrough(s string) bool {
	c, cue := -1, ""
	for _, w := range relayCues {
		if j := strings.LastIndex(s, w); j > c {
			c, cue = j, w
		}
	}
	if c < 0 {
		return false
	}
	prev := cue[strings.LastIndexByte(cue, ' ')+1:]
	for _, w := range strings.Fields(s[c+len(cue):]) {
		if machineVerbs[w] && !adjectiveLeads[prev] {
			return false
		}
		prev = w
	}
	return true
}

// relayPlace reports whether a place locates machines that relayed an
// attack's traffic ("the flood came from compromised routers in Brazil"),
// where before is the text right before it.
func relayPlace(m *Mention, before string) bool {
	if !hasAnySuffix(before, relayPlaces) {
		return false
	}
	s := asciiLower(m.Sentence)
	if at := strings.Index(s, asciiLower(m.Mention)); at >= 0 {
		return relayedThrough(s[:at])
	}
	return relayedThrough(before)
}

// groupMembersRE matches a group's members set beside it, right before
// an origin cue: "a loose crew, mostly young people", "a gang of
// teenagers".
var groupMembersRE = regexp.MustCompile(`\b(?:crew|group|gang|collective|team|actor|hackers)(?:,\s+|\s+of\s+)(?:(?:mostly|largely|mainly|chiefly|all)\s+)?(?:young\s+)?(?:people|men|women|members|individuals|teenagers|adults)\s*$`)

// attackVerbs are what an attack does to its victims, right before them
// ("targeted a group of individuals based in Bahrain").
var attackVerbs = []string{"targeted", "targets", "targeting", "phished", "phishing", "hit", "attacked", "compromised",
	"breached", "infected", "surveilled", "lured", "hacked"}

// attackedBefore reports whether the clause before a group's noun ends in
// an attack on it: the group is a victim then, not the actor.
func attackedBefore(before string) bool {
	if k := strings.LastIndexAny(before, ",;:"); k >= 0 {
		before = before[k+1:]
	}
	for _, w := range strings.Fields(before) {
		if slices.Contains(attackVerbs, strings.Trim(w, ".")) {
			return true
		}
	}
	return containsAny(before, []string{"spied on", "went after"})
}

// launderCues say where stolen money went.
var launderCues = []string{"launder", "cashed out", "cash out", "cashing out", "cashed-out", "converted into cash"}

// launderedThrough reports whether a place is where the stolen money was
// laundered ("the coins were laundered through a desk in Laos"): a
// launder cue earlier in its sentence, and no word of attack between.
func launderedThrough(m *Mention) bool {
	s := asciiLower(m.Sentence)
	at := strings.Index(s, asciiLower(m.Mention))
	if at < 0 {
		return false
	}
	c := -1
	for _, w := range launderCues {
		c = max(c, strings.LastIndex(s[:at], w))
	}
	return c >= 0 && !containsAny(s[c:at], []string{"attack", "breach", "hit ", "target", "compromis", "stole", "hack", "phish",
		"exploit", "went after", "infect", "lure", "spied"})
}

// notVictimBefore are the words that, right before a place, say it is
// something else even after a victim word ("based in", "from").
var notVictimBefore = []string{"c2 in", "c2s in", "c&c in", "c2 server in", "c2 servers in", "infrastructure in", "hosted in", "hosted by", "user in", "users in", "registered in", "uploaded from", "servers in", "server in", "governments of", "government of", "authorities of", "advisory from", "according to", "based in", "located in", "operating in", "operating from", "out of", "from", "behind", "by", "of the", " with", "headquartered in", "origin in", "born in", "living in", "resides in",
	// who speaks, and where: "according to researchers in Japan"
	"researchers in", "researchers at", "analysts in", "analysts at", "experts in", "investigators in",
	// a lure's words and theme: "written in Kazakh", "a conference in Berlin"
	"written in", "conference in", "summit in", "exhibition in", "event in", "meeting in", "held in",
	// infrastructure the attackers rent: "servers rented in Bulgaria", "a
	// VPN exit node in Germany", "a registrar in Iceland"
	"rented in", "leased in", "node in", "nodes in", "registrar in", "registrars in", "reseller in", "resellers in",
	"vps in", "vpss in", "proxy in", "proxies in", "relay in", "relays in", "storage service in", "hosting service in",
	"cloud service in",
	// a place the speaker found spared: "we found no victims in Sweden"
	"no victims in", "no victim in"}

// assignRoles gives each country mention its role in the text: the actors'
// origin, the victims' place, or other. It drops mentions that are not
// places and works in phases: the origins claims name, the origins the
// words around a place name, the victims' places, then lists and the
// text's story share roles.
func assignRoles(text string, sents *sentences, res *Result) {
	originAt := claimedOrigins(res)
	software := newSoftwareSpans(res.Malware, res.Tools)
	cs := res.Countries[:0]
	for _, m := range res.Countries {
		if !notAPlace(text, &m) && !software.holds(m) {
			cs = append(cs, m)
		}
	}
	res.Countries = cs
	origins := markOrigins(text, cs, originAt, res.Actors, res.Organizations, containsAny(sents.lower(), operatorCompanies))
	markTargets(text, sents, cs, origins)
	spreadListRoles(text, cs)
	spreadStoryRoles(cs)
}

// claimedOrigins returns the offsets of the country mentions the claims
// make an origin: a claim's located object, the state a located service
// belongs to ("the Iranian MOIS"), or a country object inside the claim.
func claimedOrigins(res *Result) map[int]bool {
	originAt := map[int]bool{}
	for _, c := range res.Claims {
		if c.ObjectKind != "country" && c.ObjectKind != "region" && c.ObjectKind != "organization" {
			continue
		}
		if c.located && c.ObjectKind == "organization" {
			// "the Iranian MOIS", "the Ministry of State Security of
			// China": the state the service belongs to is the origin.
			for i := range res.Countries {
				m := &res.Countries[i]
				if m.Start >= c.objectAt-12 && m.Start < c.objectAt+len(c.Object) {
					originAt[m.Start] = true
				}
			}
			continue
		}
		if c.located {
			originAt[c.objectAt] = true
			continue
		}
		for i := range res.Countries {
			m := &res.Countries[i]
			if m.Start >= c.Start && m.End <= c.End && m.Name == c.Object {
				originAt[m.Start] = true
			}
		}
	}
	return originAt
}

// markOrigins sets RoleOrigin on the places a claim or the words around
// them make the actors' origin, and returns the names of those places.
func markOrigins(text string, cs []Mention, originAt map[int]bool, actors, orgs []Mention, telcos bool) map[string]bool {
	origins := map[string]bool{}
	for i := range cs {
		m := &cs[i]
		if originAt[m.Start] || demonymOrigin(text, m, telcos) || originCueBefore(text, m, actors, orgs) || stateActs(text, m) || accusedPeople(text, m) || malwareFrom(text, m) {
			m.Role = RoleOrigin
			origins[m.Name] = true
		}
	}
	return origins
}

// sharedLanguages are the first language of many states.
var sharedLanguages = wordSet(`spanish portuguese arabic french english`)

// sharedLanguageSpeakers reports whether a demonym names the speakers of
// a language many states share: "Spanish-speaking criminals" may come
// from any of twenty countries, where "Russian-speaking" is read as
// Russia (as the gold reads it).
func sharedLanguageSpeakers(text string, m *Mention) bool {
	return sharedLanguages[asciiLower(m.Mention)] && hasAnyPrefix(asciiLower(text[m.End:min(len(text), m.End+10)]), []string{"-speaking", " speaking"})
}

// demonymOrigin reports whether a place qualifies a threat-actor noun
// that stands for the actors ("Chinese hackers"), not for a company ("the
// Thai operator" in a story of mobile operators), an attacked party, a
// place's activity ("the Turkey campaign"), groups set apart ("unlike
// Iranian groups"), others the group deals with ("help from
// Russian-speaking gangs").
func demonymOrigin(text string, m *Mention, telcos bool) bool {
	if !actorNounAfter(text, m.End) || sharedLanguageSpeakers(text, m) {
		return false
	}
	if telcos && operatorCompany(asciiLower(text[m.End:min(len(text), m.End+40)])) {
		return false
	}
	before := asciiLower(text[max(0, m.Start-60):m.Start])
	return !attackedClause(m) && !objectOfAttack(before) && !leadIn(before, comparisonLeads) &&
		!placeOfActivity(asciiLower(text[m.End:min(len(text), m.End+12)]), 0, hit{Mention: *m}) &&
		!contrasted(text, m.Start) && !partnerNoun(before, len(before))
}

// markTargets sets RoleTarget on the places the words make victims'
// places, and RoleOther on the rest that are not origins.
func markTargets(text string, sents *sentences, cs []Mention, origins map[string]bool) {
	var cues cueCache
	for i := range cs {
		m := &cs[i]
		if m.Role == RoleOrigin {
			continue
		}
		m.Role = RoleOther
		// The actors' own country is a victims' place only when the
		// words say so outright ("targeting Chinese dissidents"), not
		// from a preposition in a sentence about an attack ("servers
		// in China used in the attack").
		if v := victimPlace(text, m, cues.has(sents, m.Start, attackWords)); v == strongVictim || v == weakVictim && !origins[m.Name] {
			m.Role = RoleTarget
		} else if actorNounAfter(text, m.End) && objectOfAttack(asciiLower(text[max(0, m.Start-60):m.Start])) {
			m.Role = RoleTarget // "broke into several Thai operators"
		}
	}
}

// spreadListRoles makes a list share its places' role: "in Georgia,
// India, Indonesia and Malaysia" (from its first), "Canadian and U.S.
// businesses" (from its last).
func spreadListRoles(text string, cs []Mention) {
	for i := 1; i < len(cs); i++ {
		if cs[i].Role == RoleOther && cs[i-1].Role != RoleOther && placeListed(text, cs, i) {
			cs[i].Role = cs[i-1].Role
		}
	}
	for i := len(cs) - 1; i > 0; i-- {
		if cs[i-1].Role == RoleOther && cs[i].Role == RoleTarget && placeListed(text, cs, i) {
			cs[i-1].Role = cs[i].Role
		}
	}
}

// placeListed reports whether place i follows place i-1 in one list.
func placeListed(text string, cs []Mention, i int) bool {
	return cs[i-1].End <= cs[i].Start && cs[i].Start-cs[i-1].End <= 28 && roleJoin(text[cs[i-1].End:cs[i].Start])
}

// spreadStoryRoles lets a place the text makes a victims' location or an
// origin keep that role where it comes back in passing: the role is the
// place's in the text's story, not the sentence's.
func spreadStoryRoles(cs []Mention) {
	story := map[string]string{}
	for _, m := range cs {
		if m.Role != RoleOther && story[m.Name] != RoleTarget {
			story[m.Name] = m.Role
		}
	}
	for i := range cs {
		if r := story[cs[i].Name]; cs[i].Role == RoleOther && r != "" {
			cs[i].Role = r
		}
	}
}

// listJoin reports whether the words between two places only join a list.
func listJoin(between string) bool {
	w := strings.TrimSpace(asciiLower(between))
	// "the United Arab Emirates (UAE) and Qatar": an abbreviation in
	// brackets belongs to the name before it.
	w = strings.TrimSpace(strings.Trim(w, ",()"))
	switch w {
	case "", "and", "or", ", and", "as well as", "&", "and the", ", and the", "the", "or the", ", or":
		return true
	}
	return false
}

// roleJoin reports whether the words between two places make the second
// share the first's role: a list ("Georgia, India and Malaysia") or a
// narrowing ("the Middle East, especially the United Arab Emirates").
func roleJoin(between string) bool {
	if len(between) <= 8 && listJoin(between) {
		return true
	}
	w := strings.TrimSpace(strings.Trim(strings.TrimSpace(asciiLower(between)), ","))
	w = strings.TrimSuffix(w, " the")
	// "Gulf targets, especially Oman": the narrowing reads past the
	// victims' noun.
	if first, rest, ok := strings.Cut(w, ", "); ok && victimNounWord(first) {
		w = rest
	}
	switch w {
	case "especially", "particularly", "in particular", "notably", "mainly", "mostly", "primarily", "chiefly", "including":
		return true
	}
	return false
}

// notAPlace reports whether a country's name is used for something else
// than the place: a currency ("US$68", "U.S. dollars"), a sea or an ocean
// ("the South China Sea", "the Indian Ocean"). A language ("a
// Russian-language forum") stays: the name annotations count it as the
// country's mention.
func notAPlace(text string, m *Mention) bool {
	after := asciiLower(text[m.End:min(len(text), m.End+12)])
	for _, w := range []string{"$", " dollar", " sea", " ocean"} {
		if strings.HasPrefix(after, w) && (m.Kind == KindCountry || w[0] == '$' || w == " dollar") {
			return true
		}
	}
	return false
}

// softwareSpans holds where software is named, so that a place inside a
// software's name ("the China Chopper web shell") is found by a binary
// search: starts sorted, and ends[i] the farthest end of the first i+1.
type softwareSpans struct{ starts, ends []int }

func newSoftwareSpans(lists ...[]Mention) softwareSpans {
	// Only the offsets are sorted, not the mentions: their order among
	// equal starts does not matter, as holds reads the farthest end of
	// all the spans that start at or before a mention.
	var spans [][2]int
	for _, l := range lists {
		for _, m := range l {
			spans = append(spans, [2]int{m.Start, m.End})
		}
	}
	slices.SortFunc(spans, func(x, y [2]int) int { return x[0] - y[0] })
	sp := softwareSpans{starts: make([]int, len(spans)), ends: make([]int, len(spans))}
	for i, m := range spans {
		end := m[1]
		if i > 0 {
			end = max(end, sp.ends[i-1])
		}
		sp.starts[i], sp.ends[i] = m[0], end
	}
	return sp
}

// holds reports whether a software name covers the mention.
func (sp softwareSpans) holds(m Mention) bool {
	i, _ := slices.BinarySearch(sp.starts, m.Start+1)
	return i > 0 && sp.ends[i-1] >= m.End
}

// originCues put an actor's origin right after them: "based in Moldova",
// "associated with North Korea", "working for Russia's Foreign
// Intelligence Service".
var originCues = []string{"based in", "based out of", "operating from", "operating out of", "operates from", "operate from",
	"operate out of", "operates out of", "operated from", "operated out of", "run from", "run out of", "ties to", "originating from",
	"originates from", "hails from", "hail from", "associated with", "linked to", "tied to", "attributed to", "sponsored by",
	"backed by", "working for", "on behalf of", "of the government of", "government of", "of interest to", "in support of",
	"in the interest of", "in the interests of", "for the benefit of", "interests of"}

// contrastCues set actors apart from the group the text is about: "is
// sometimes confused with Iranian actors", "unlike Chinese groups".
var contrastCues = []string{"confused with", "mistaken for", "unlike", "as opposed to", "rather than", "other than"}

// contrasted reports whether a contrast cue stands right before the place
// at start (with at most an article or "some" between).
func contrasted(text string, start int) bool {
	before := strings.TrimRight(asciiLower(text[max(0, start-24):start]), " ")
	for _, w := range []string{" the", " some", " other", " an", " a"} {
		before = strings.TrimSuffix(before, w)
	}
	return hasAnySuffix(before, contrastCues)
}

// orgBased reports whether an organisation is named right before the
// origin cue that starts at k, as its subject: "Check Point, which is",
// "Acme, a firm", "Acme is".
func orgBased(text string, k int, orgs []Mention) bool {
	for _, o := range orgs {
		if o.End > k || k-o.End > 24 {
			continue
		}
		gap := strings.TrimSpace(asciiLower(text[o.End:k]))
		for _, p := range []string{",", "which", "that", "is", "was", "are", "also"} {
			gap = strings.TrimSpace(strings.TrimPrefix(gap, p))
		}
		if gap == "" {
			return true
		}
	}
	return false
}

// firmBeforeCue matches a company's name after its noun, right before an
// origin cue: "Cybersecurity firm Vantor Labs, which is".
var firmBeforeCue = regexp.MustCompile(`(?i:firm|company|vendor|provider|start-?up|consultancy)\s+(?:[A-Z][\w&.-]*\s*){1,4},?\s*(?:which\s+|that\s+)?(?:is\s+|was\s+|are\s+)?(?:also\s+)?$`)

// securityFirmBased matches a security company's name before "based in":
// "Cybersecurity firm Vantor Labs, which is based in".
var securityFirmBased = regexp.MustCompile(`(?i:security|intelligence|research|forensics?|incident[- ]response)\s+(?i:firm|company|vendor|provider|consultancy)\s+(?:[A-Z][\w&.-]*\s*){1,4},?\s*(?:which\s+|that\s+)?(?:is\s+|was\s+)?(?:also\s+)?(?:based|located|headquartered)\s+in\s*$`)

// securityFirmBefore reports whether a security company is said to be
// based at the place: the investigator's home, not a victim's.
func securityFirmBefore(m *Mention) bool {
	k := strings.Index(m.Sentence, m.Mention)
	if k < 0 {
		return false
	}
	before := strings.TrimSuffix(strings.TrimRight(m.Sentence[max(0, k-90):k], " "), " the")
	return securityFirmBased.MatchString(before)
}

// firmNamedBefore reports whether the words before an origin cue name a
// company no dictionary holds: "Cybersecurity firm Vantor Labs, which is
// based in Israel" gives the company's home, not an actor's origin.
func firmNamedBefore(before string) bool {
	if k := strings.LastIndexAny(before, ".;"); k >= 0 {
		before = before[k+1:]
	}
	return firmBeforeCue.MatchString(before)
}

// writerSubject reports whether the words before an origin cue end with
// the writer as its subject: "we" ("we operate out of"), or "our" and a
// noun ("our exchange operates from"); not "we believe APT28 operates
// out of", where the writer only holds the view.
func writerSubject(words []string) bool {
	n := len(words)
	return n > 0 && (words[n-1] == "we" || words[n-1] == "our" || n > 1 && words[n-2] == "our")
}

// originCueBefore reports whether an origin cue stands right before a
// place named as a state (its name, or a demonym before a state word),
// with no victim noun before the cue ("a company based in Mexico").
func originCueBefore(text string, m *Mention, actors, orgs []Mention) bool {
	from := max(0, m.Start-90)
	// before stays a prefix of the window: the cue found at its end
	// starts at from+len(head) in the text.
	before := strings.TrimRight(asciiLower(text[from:m.Start]), " ")
	before = strings.TrimSuffix(before, " the")
	before = throughExamples(before)
	for _, c := range originCues {
		if !strings.HasSuffix(before, c) {
			continue
		}
		if demonym(*m) && !stateWordAfter(text, m.End) {
			return false
		}
		head := before[:len(before)-len(c)]
		if orgBased(text, from+len(head), orgs) || firmNamedBefore(text[max(0, from+len(head)-80):from+len(head)]) || reporterAfter(text[m.End:]) {
			// "Check Point, which is based in Israel": a company's
			// home, not an actor's origin.
			return false
		}
		if c == "government of" && !governmentOfAnActor(head) {
			// "the attack on the government of Costa Rica", "The
			// government of Peru declared an emergency": a state that
			// acts or is attacked is no actor's origin by itself.
			return false
		}
		words := strings.Fields(head)
		if loc := groupMembersRE.FindStringIndex(head); loc != nil && !attackedBefore(head[:loc[0]]) {
			// "a loose crew, mostly young people based in Canada":
			// the group's own members
			words = nil
		}
		for _, w := range words[max(0, len(words)-3):] {
			if victimNounWord(w) {
				// "a company based in Mexico"
				return false
			}
		}
		if writerSubject(words) {
			// the writer's own home: "Our exchange operates from
			// Malta", "We operate out of Malta"
			return false
		}
		if comparedBefore(head) {
			// "resembles one used by a group based in China": the
			// compared thing's group, not the text's.
			return false
		}
		// "file names of projects directly linked to Qatar": a link of a
		// thing, not of an actor, says nothing of anyone's origin.
		return !slices.Contains(tieCues, c) || actorBefore(text, max(0, m.Start-120), m.Start, actors)
	}
	return false
}

// reporterAfter reports whether what follows a place given as a base, in
// an aside, says that its subject reports or helps: "Northgate, which is
// based in South Africa, shared indicators with the CERTs" gives a
// responder's home, not an actor's origin.
func reporterAfter(after string) bool {
	rest, ok := strings.CutPrefix(asciiLower(after), ", ")
	if !ok {
		return false
	}
	rest = strings.TrimPrefix(strings.TrimPrefix(rest, "has "), "have ")
	return hasAnyPrefix(rest, reporterVerbs)
}

// reporterVerbs are what a security company or an authority does in a
// story: it reports, shares, warns, helps.
var reporterVerbs = []string{"said ", "says ", "shared ", "shares ", "published ", "publishes ", "reported ", "reports ",
	"notified ", "warned ", "warns ", "told ", "disclosed ", "declined ", "responded ", "tracks ", "tracked ", "discovered ",
	"released ", "wrote ", "helped ", "assisted ", "investigated "}

// governmentOfAnActor reports whether the words before "government of"
// tie something to that government: "working for the", "linked to the",
// "backed by the".
func governmentOfAnActor(head string) bool {
	head = strings.TrimSuffix(strings.TrimRight(head, " "), " the")
	for _, c := range originCues {
		if c != "government of" && strings.HasSuffix(head, c) {
			return true
		}
	}
	return hasAnySuffix(head, []string{" for", " by", " with", " to"})
}

// throughExamples reads a place that opens a list of examples as standing
// right after the words before the list's noun: in "operating from other
// Chinese-speaking hubs such as Hong Kong", Hong Kong follows "operating
// from". The noun phrase is at most six words, with no clause break.
func throughExamples(before string) string {
	for _, ex := range []string{" such as", " like", " including", " especially", " notably"} {
		head, ok := strings.CutSuffix(before, ex)
		if !ok {
			continue
		}
		head = strings.TrimSuffix(head, ",")
		k := strings.LastIndex(head, " from")
		if j := strings.LastIndex(head, " in"); j > k {
			k = j
		}
		if j := strings.LastIndex(head, " of"); j > k {
			k = j
		}
		if k < 0 || strings.ContainsAny(head[k:], ".;:,!?") {
			return before
		}
		np := strings.Fields(head[k:])[1:]
		if len(np) > 6 {
			return before
		}
		return head[:k+len(strings.Fields(head[k:])[0])+1]
	}
	return before
}

// malwareFrom reports whether a piece of malware is said to come from a
// place: "PurpleWave, a new infostealer from Russia". Its makers are
// there.
func malwareFrom(text string, m *Mention) bool {
	before, ok := strings.CutSuffix(strings.TrimRight(asciiLower(text[max(0, m.Start-30):m.Start]), " "), " from")
	if !ok || demonym(*m) {
		return false
	}
	w := strings.Trim(before[strings.LastIndexAny(before, " —-")+1:], "*_")
	for _, n := range malwareIntroNouns {
		switch n {
		case "payload", "variant", "strain", "family":
			// "a payload from Brazil" may be fetched from a server there
			continue
		}
		if w == n || w == n+"s" {
			return true
		}
	}
	return false
}

// tieCues tie anything to anything; they make an origin only when an actor
// is what they tie.
var tieCues = []string{"associated with", "linked to", "tied to", "ties to"}

// actorBefore reports whether the clause that ends at a place's cue names
// an actor, by a name the text gives one or by a threat-actor noun or a
// pronoun standing for one ("the crew, associated with", "APT33, linked
// to", "which is tied to").
func actorBefore(text string, from, to int, actors []Mention) bool {
	if k := strings.LastIndexAny(text[from:to], ".;:!?\n"); k >= 0 {
		from += k + 1
	}
	for _, a := range actors {
		if a.Start >= from && a.End <= to {
			return true
		}
	}
	for _, w := range strings.Fields(asciiLower(text[from:to])) {
		w = strings.Trim(w, ",()*[]\"“”'’")
		switch w {
		case "it", "they", "who", "which", "its", "their":
			return true
		}
		if _, ok := actorNounStart(w); ok {
			return true
		}
	}
	return false
}

// actorNounStart returns the threat-actor noun a text starts with
// ("hackers", "groups"), if any; "authorities" are no authors and
// "spyware" is no spy.
func actorNounStart(s string) (string, bool) {
	if strings.HasPrefix(s, "authorit") || strings.HasPrefix(s, "spyware") {
		return "", false
	}
	for _, w := range actorNouns {
		if strings.HasPrefix(s, w) {
			return w, true
		}
	}
	return "", false
}

// actorNounAfter reports whether a threat-actor noun follows a place,
// possibly after an attribution modifier: "Chinese hackers", "Iran-based
// operators", "a Russian state-sponsored group".
func actorNounAfter(text string, end int) bool {
	if end >= len(text) || text[end] != ' ' && text[end] != '-' {
		return false
	}
	after := asciiLower(text[end:min(len(text), end+60)])
	for changed := true; changed; {
		changed = false
		for _, p := range attributionModifiers {
			if strings.HasPrefix(after, p) && (len(after) == len(p) || !isASCIILetter(after[len(p)])) {
				after = after[len(p):]
				changed = true
			}
		}
	}
	if len(after) < 2 || after[0] != ' ' {
		return false
	}
	if hasAnyPrefix(after[1:], []string{"bph ", "bulletproof "}) {
		// "the Russian-based BPH service": criminals' hosting comes from
		// there (which actor rents it, the claims say, not the place).
		return true
	}
	if w, ok := actorNounStart(after[1:]); ok {
		// "the Chinese underground" is a community of criminals;
		// "Russian underground forums" are where things are sold.
		return w != "underground" || !marketAfter(after[1+len(w):])
	}
	return false
}

// marketAfter reports whether a place to trade follows: "Russian
// underground forums" are where things are sold, while "the Chinese
// underground" is a community of criminals.
func marketAfter(rest string) bool {
	return strings.HasPrefix(rest, " forum") || strings.HasPrefix(rest, " market")
}

// attributionModifiers sit between a demonym and a threat-actor noun.
var attributionModifiers = []string{
	"-based", "-linked", "-nexus", "-speaking", "-sponsored", "-backed", "-aligned", "-affiliated", "-origin", "-led",
	" - state aligned", " - state-aligned", " state-aligned", " state aligned", " state-sponsored", " state sponsored", " state-backed", " government-backed", " government-sponsored", " government-linked",
	" government linked", " nation-state", " nation state", " nation-sponsored", " state", " government", " sponsored",
	" military", " intelligence", " cyber", " threat", " apt", " advanced persistent threat", " cybercriminal", " criminal", " cybercrime",
	" ransomware", " hacking", " espionage", " cyberespionage", " cyber-espionage", " fraud", " scam", " extortion",
}

// operatorCompanies are the words by which a text speaks of operators as
// companies: "mobile network operators", "a fixed-line operator".
var operatorCompanies = []string{"mobile operator", "network operator", "telecom operator", "telecoms operator",
	"telecommunications operator", "fixed-line operator", "fixed line operator", "wireless operator", "cable operator",
	"satellite operator", "telco operator", "phone operator", "broadband operator"}

// operatorCompany reports whether the lower-cased words right after a
// demonym are "operator" or "operators" not followed by "of" or "behind":
// in a text that speaks of mobile operators, "the South African operator"
// is a company (a victim), where "the operators behind the campaign" and
// "Iran-based operators" stay a group.
func operatorCompany(rest string) bool {
	w := strings.Fields(rest)
	if len(w) == 0 {
		return false
	}
	switch strings.TrimRight(w[0], ",.;:)") {
	case "operator", "operators":
		return len(w) < 2 || w[1] != "of" && w[1] != "behind"
	}
	return false
}

// actorNouns name a threat actor after a demonym.
var actorNouns = []string{
	"hacker", "group", "actor", "apt", "operator", "attacker", "adversar", "gang", "crew", "spies", "spy", "cybercriminal",
	"criminal", "threat", "team", "unit", "cluster", "campaign", "operation", "intrusion set", "collective", "outfit",
	"developer", "author", "affiliate", "underground",
}

// How strongly the words around a place make it a victims' place.
const (
	noVictim = iota
	weakVictim
	strongVictim
)

// victimPlace tells whether a place locates victims. Strongly: a
// victim word right before it ("targeting Japan", "attacks on Ukraine"),
// a victim noun after it ("Italian organizations", "Ireland's health
// service") or an attack verb in its own clause ("companies in Japan were
// breached"). Weakly: a preposition ("in", "across") in a sentence that
// speaks of an attack, or a sentence whose targeting verb comes before it
// ("targeted German-speaking countries, notably Germany and Austria").
func victimPlace(text string, m *Mention, attack bool) int {
	before := strings.TrimRight(asciiLower(text[max(0, m.Start-40):m.Start]), " ")
	before = strings.TrimSuffix(strings.TrimSuffix(before, " the republic of"), " republic of")
	before = strings.TrimSuffix(before, " the")
	// "lures purporting to be from the Philippine government", "it is not
	// clear whether any of the targets were US companies": an
	// impersonated or doubted place is no victim's.
	if wide := asciiLower(text[max(0, m.Start-80):m.Start]); containsAny(wide, impersonationWords) || strings.Contains(wide[max(0, len(wide)-30):], " not ") {
		return noVictim
	}
	after := asciiLower(text[m.End:min(len(text), m.End+40)])
	after = strings.TrimPrefix(strings.TrimPrefix(after, "'s"), "’s")
	after = strings.TrimLeft(after, " -")
	after = strings.TrimPrefix(after, "based ")
	if notVictims(text, m, before, after) {
		return noVictim
	}
	if hasAnyPrefix(after, victimAsides) {
		// "a roaming partner in Egypt, itself a victim of the
		// campaign": the aside says so outright.
		return strongVictim
	}
	if v, ok := victimWordsBefore(m, before, attack); ok {
		return v
	}
	if !attack {
		// "a wave hitting mobile carriers in Australia": "hitting"
		// with victims after it speaks of an attack ("hitting the
		// headlines in" does not).
		if at := strings.Index(m.Sentence, m.Mention); at > 0 && hittingVictimsRE.MatchString(asciiLower(m.Sentence[:at])) {
			return weakVictim
		}
		return noVictim
	}
	// "the New Zealand stock exchange was hit by", "companies in Japan
	// were breached": the place's own clause says it was attacked.
	sentence := asciiLower(m.Sentence)
	at := strings.Index(sentence, asciiLower(m.Mention))
	if at >= 0 && attackedFrom(sentence, at) {
		return strongVictim
	}
	for _, w := range victimNouns {
		if strings.HasPrefix(after, w) && !stateItself(after) {
			return strongVictim
		}
	}
	// "a Norwegian mobile carrier": a word of size or service may
	// qualify the noun.
	if k := strings.IndexByte(after, ' '); k > 0 && victimQualifiers[after[:k]] {
		for _, w := range victimNouns {
			if strings.HasPrefix(after[k+1:], w) && !stateItself(after[k+1:]) {
				return strongVictim
			}
		}
	}
	// A targeting verb earlier in the sentence.
	if k := at; k > 0 {
		for _, v := range targetingVerbs {
			// "targeting ministries, according to an advisory from the
			// governments of Canada": who speaks is not a target.
			// Nor is a list after relaying machines: "compromised
			// routers in Brazil and Indonesia".
			if j := strings.Index(sentence[:k], v); j >= 0 && !containsAny(sentence[j:k], speechWords) && !(containsAny(sentence[j:k], relayPlaces) && relayedThrough(sentence[:k])) {
				return weakVictim
			}
		}
	}
	return noVictim
}

// hittingVictimsRE matches "hitting" followed, within two words, by
// victims and "in" before a place or a list of places ("hitting mobile
// carriers in Australia and "); a place further on in the sentence is not
// theirs.
var hittingVictimsRE = regexp.MustCompile(`\bhitting\s+(?:[a-z-]+\s+){0,2}(?:organi[sz]ations|companies|businesses|firms|providers|operators|carriers|telcos|banks|networks|hospitals|universities|users|customers|subscribers|governments|ministries|agencies)\s+(?:in|across|throughout)\s+(?:the\s+)?(?:[a-z]+(?:\s+[a-z]+)?(?:,\s+|\s+and\s+|,\s+and\s+))*$`)

// victimAsides, right after a place, say that who is there was attacked
// too.
var victimAsides = []string{", itself a victim", ", itself a target", ", also a victim", ", also a target", ", itself breached",
	", itself compromised", ", which was also breached", ", which was also compromised", ", which was also hit"}

// notAffected says that the places before it were spared: "Operators in
// Estonia and Latvia have not been affected".
var notAffected = regexp.MustCompile(`^[^.;]{0,30}?\b(?:have|has|had|were|was|are|is)\s+not\s+(?:been\s+)?(?:affected|targeted|hit|compromised|breached|attacked)\b`)

// notAffectedAfter reports whether the lower-cased words after a place
// say it was not attacked.
func notAffectedAfter(after string) bool {
	return strings.Contains(after, " not ") && notAffected.MatchString(after)
}

// fakeSender reports whether a place locates the sender a lure fakes: "a
// fake job offer from a Saudi telecom regulator" (where "card data from a
// Spanish bank" locates a victim).
func fakeSender(text string, m *Mention, before string) bool {
	if !hasAnySuffix(before, []string{"from a", "from an"}) {
		return false
	}
	return containsAny(asciiLower(text[max(0, m.Start-60):m.Start]), []string{"fake", "lure", "decoy", "bogus"})
}

// rentedFrom reports whether a place locates a provider the attackers
// rented from: "rented servers from a provider in the Netherlands".
func rentedFrom(m *Mention, before string) bool {
	if !hasAnySuffix(before, []string{"provider in", "providers in", "company in", "companies in", "host in", "hoster in"}) {
		return false
	}
	return containsAny(clauseAround(m), []string{"rented", "leased", "renting", "leasing", "bought", "purchased", "registered"})
}

// attackedClause reports whether the clause that starts at a place says
// it was attacked: "companies in Japan were breached", "the Thai developer
// was cyber-attacked".
func attackedClause(m *Mention) bool {
	sentence := asciiLower(m.Sentence)
	k := strings.Index(sentence, asciiLower(m.Mention))
	if k < 0 {
		return false
	}
	return attackedFrom(sentence, k)
}

// notVictims reports whether the words around a place (before and after
// it, lower-cased) say it is no victims' place: "experts in Middle Eastern
// affairs", "a message in the Russian language", a conference on
// “Security in the Middle East” (a subject, a language or a title); a
// place not affected, rented servers, a lure's faked sender, the home of
// who reports the story.
func notVictims(text string, m *Mention, before, after string) bool {
	return hasAnyPrefix(after, topicNouns) || languageUse(text, m, after) || inQuotedTitle(m) ||
		notAffectedAfter(after) || rentedFrom(m, before) || fakeSender(text, m, before) || reporterHome(before, after) ||
		reporterApposition(text, m, before) || stateBodyTied(m, before, after) ||
		hasAnySuffix(before, []string{"police in", "authorities in", "prosecutors in", "investigators in", "officials in",
			"law enforcement in", "court in", "courts in", "police from", "authorities from",
			// "Larchwood, which has offices in Estonia and Finland,
			// has shared indicators": a responder's seat
			"has offices in", "have offices in", "with offices in", "has an office in", "has staff in"})
}

// stateBodyTied reports whether a demonym qualifies a state's body that a
// tie cue reaches: "evidence linking the operators to a specific Chinese
// government agency" names who might be behind, not a victim.
func stateBodyTied(m *Mention, before, after string) bool {
	if !demonym(*m) || !hasAnyPrefix(after, stateNouns) {
		return false
	}
	b := before
	for _, w := range []string{" specific", " particular", " single", " a", " an", " the", " any"} {
		b = strings.TrimSuffix(b, w)
	}
	b, ok := strings.CutSuffix(b, " to")
	return ok && containsAny(b[max(0, len(b)-40):], []string{"link", " tie", " tying", "attribut", "connect", "point"})
}

// reporterApposition reports whether the place qualifies a company in an
// aside whose subject then reports: "Tidewatch, a Singapore-based
// company, has notified the carriers" gives the responder's home.
func reporterApposition(text string, m *Mention, before string) bool {
	if !hasAnySuffix(before, []string{", a", ", an", ","}) {
		return false
	}
	rest := text[m.End:min(len(text), m.End+50)]
	k := strings.IndexByte(rest, ',')
	if k < 0 || !containsAny(asciiLower(rest[:k]), []string{"company", "firm", "vendor", "consultancy", "start-up", "startup"}) {
		return false
	}
	return reporterAfter(rest[k:])
}

// reporterHome reports whether a place qualifies who reports the story:
// a security vendor or researchers after "reported by", "according to"
// ("first reported by a Japanese vendor", "according to a Chinese
// cybersecurity company"). before and after are the lower-cased words
// around the place.
func reporterHome(before, after string) bool {
	b := strings.TrimSuffix(strings.TrimSuffix(before, " a"), " an")
	return hasAnySuffix(b, reporterLeads) && hasAnyPrefix(after, reporterNouns)
}

var reporterLeads = []string{"reported by", "according to", "documented by", "discovered by", "disclosed by",
	"published by", "identified by", "researchers at", "analysts at", "researchers from", "analysts from", "experts at",
	"experts from", "detected by", "analyzed by", "analysed by", "tracked by",
	// "earlier reporting by a US vendor tied a similar theft to ..."
	"reporting by", "reporting from", "report by", "reports by", "report from", "analysis by", "research by", "research from"}

var reporterNouns = []string{"vendor", "security", "cybersecurity", "cyber security", "antivirus", "anti-virus",
	"researcher", "analyst", "threat intelligence", "intelligence firm", "intelligence company", "incident response"}

// objectOfAttack reports whether the lower-cased words right before a
// place (before ends where it starts) are a verb of attack, with at most
// determiners, a count or an adjective of number between: "attacked
// Ukrainian operators", "breached two Kenyan operators", "broke into
// several Thai operators". The noun the place qualifies is then the
// target, not the group ("targeted by Iranian operators" is not: the
// word before is "by").
func objectOfAttack(before string) bool {
	w := strings.Fields(before[max(0, len(before)-60):])
	for len(w) > 0 && (objectLeads[w[len(w)-1]] || allDigits(w[len(w)-1])) {
		w = w[:len(w)-1]
	}
	return len(w) > 0 && attackObjectVerbs[w[len(w)-1]]
}

// attackObjectVerbs are verbs of attack whose object is a victim (not
// the forms that are also nouns, "the attack Russian hackers launched").
var attackObjectVerbs = wordSet(`attacked attacking targeted targeting breached breaching compromised compromising
compromise hacked infiltrated infiltrating infiltrate infected infecting infect penetrated penetrating into hit`)

// objectLeads may stand between a verb and its object's place.
var objectLeads = wordSet(`the a an several two three four five six seven eight nine ten eleven twelve thirteen dozens
hundreds many multiple numerous some other various least at more than major large leading`)

// attackedFrom reports whether the clause of a lower-cased sentence from
// offset k on says its subject was attacked.
func attackedFrom(low string, k int) bool {
	rest := low[k:min(len(low), k+120)]
	if end := strings.IndexAny(rest, ",;"); end > 0 {
		rest = rest[:end]
	}
	return containsAny(rest, passiveVictimVerbs)
}

// topicNouns after a place make it a subject of study or news.
var topicNouns = []string{"affairs", "studies", "politics", "policy", "policies", "issues", "coverage", "history",
	"matters", "relations", "diplomacy", "geopolitic"}

// inQuotedTitle reports whether a place stands inside a quoted title in
// its sentence (the quotation opens with a capital and is not closed
// before the place): a lure's or a document's title names its theme.
func inQuotedTitle(m *Mention) bool {
	k := strings.Index(m.Sentence, m.Mention)
	if k < 0 {
		return false
	}
	before := m.Sentence[:k]
	open := strings.LastIndex(before, "“")
	if open >= 0 && strings.LastIndex(before, "”") < open {
		open += len("“")
	} else if n := strings.Count(before, `"`); n%2 == 1 {
		open = strings.LastIndexByte(before, '"') + 1
	} else {
		return false
	}
	q := strings.TrimLeft(before[open:], " *_'")
	return q != "" && q[0] >= 'A' && q[0] <= 'Z'
}

// victimWordsBefore reads the words right before a place: ok when they
// decide its role.
func victimWordsBefore(m *Mention, before string, attack bool) (int, bool) {
	// "the energy sectors of the Gulf": victims of a place, where the
	// state's own bodies ("governments of") are not.
	if head, ok := strings.CutSuffix(before, " of"); ok && attack {
		if w := head[strings.LastIndexByte(head, ' ')+1:]; victimNounWord(w) && !hasAnyPrefix(w, stateNouns) {
			return weakVictim, true
		}
	}
	// machines that only relay the traffic: "the flood came from
	// compromised routers in Brazil"; where the loot went: "laundered
	// through mixers and a trading desk in Laos"
	if relayPlace(m, before) || launderedThrough(m) {
		return noVictim, true
	}
	for _, w := range notVictimBefore {
		if strings.HasSuffix(before, w) {
			// "the state-run oil company based in Mexico": a victim's
			// home is still a target.
			if (w == "based in" || w == "located in" || w == "headquartered in") && attack && containsAny(before[max(0, len(before)-40):], victimNouns) && !securityFirmBefore(m) {
				return weakVictim, true
			}
			return noVictim, true
		}
	}
	if countedVictims(m, before, attack) {
		return weakVictim, true
	}
	if v, ok := victimCueBefore(m, before, attack); ok {
		return v, true
	}
	// "the countries that received cyberattacks were the USA, Malaysia":
	// the place completes a clause about an attack's victims.
	for _, w := range []string{" were", " are", " include", " included", " includes"} {
		if strings.HasSuffix(before, w) && attack && containsAny(clauseAround(m), attackWords) {
			return weakVictim, true
		}
	}
	return noVictim, false
}

// countIn ends with a count before "in": "two in", "one in".
var countIn = regexp.MustCompile(`(?:^|[\s,:;])(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+) in$`)

// countedVictims reports whether a count stands before "in" and the
// place in a sentence about an attack: "intrusions at four operators: two
// in Mexico, one in Peru" counts the victims in each place.
func countedVictims(m *Mention, before string, attack bool) bool {
	return attack && countIn.MatchString(before) && containsAny(asciiLower(m.Sentence), attackWords)
}

// victimNounEnds reports whether a text ends with a victim noun
// ("organizations", "banks").
// victimCueBefore reads a victim word or a preposition right before a
// place.
func victimCueBefore(m *Mention, before string, attack bool) (int, bool) {
	// "customers across several European countries": a count of
	// places stands between the preposition and the place.
	for _, q := range []string{" several", " many", " multiple", " numerous", " various", " a number of", " other"} {
		before = strings.TrimSuffix(before, q)
	}
	for _, w := range victimBefore {
		if strings.HasSuffix(before, w) {
			if w[0] != ' ' {
				return strongVictim, true
			}
			// "organizations across the U.S. received a threat": victims
			// right before the preposition stand in for the clause's
			// attack word.
			if attack && (containsAny(clauseAround(m), attackWords) || victimNounEnds(before[:len(before)-len(w)]) || placesExemplified(before, w)) {
				return weakVictim, true
			}
		}
	}
	return noVictim, false
}

// placesExemplified reports whether the words before an example cue end
// with a noun for places: "customers across several European countries,
// including Germany and France" gives examples of the victims' places.
func placesExemplified(before, cue string) bool {
	if !slices.Contains([]string{" including", " such as", " notably", " like"}, cue) {
		return false
	}
	return hasAnySuffix(strings.TrimRight(strings.TrimSuffix(before, cue), ", "), []string{" countries", " nations", " states", " regions"})
}

func victimNounEnds(s string) bool {
	return victimNounWord(s[strings.LastIndexByte(s, ' ')+1:])
}

// victimNounWord reports whether a lower-cased word is a victim noun.
func victimNounWord(w string) bool {
	return len(w) > 3 && hasAnyPrefix(w, victimNouns)
}

// clauseAround returns the lower-cased clause of a mention's sentence
// that holds it: from the last comma, semicolon or colon before it to the
// next one after it.
func clauseAround(m *Mention) string {
	sentence := asciiLower(m.Sentence)
	at := strings.Index(sentence, asciiLower(m.Mention))
	if at < 0 {
		return sentence
	}
	a := strings.LastIndexAny(sentence[:at], ",;:") + 1
	b := len(sentence)
	if k := strings.IndexAny(sentence[at:], ",;:"); k >= 0 {
		b = at + k
	}
	return sentence[a:b]
}

// stateNouns name a state's own bodies after a place.
var stateNouns = []string{"government", "military", "intelligence", "ministr", "regime", "army", "authorities"}

// stateItself reports whether the words after a place name the state
// itself rather than victims there: "ties to the Iranian government",
// "for the benefit of the Russian government", but not "Ukrainian
// government agencies" (bodies of the state as victims).
func stateItself(after string) bool {
	for _, w := range stateNouns {
		if !strings.HasPrefix(after, w) {
			continue
		}
		rest := after[len(w):]
		for rest != "" && isASCIILetter(rest[0]) {
			rest = rest[1:]
		}
		rest = strings.TrimLeft(rest, " -")
		for _, n := range victimNouns {
			if strings.HasPrefix(rest, n) {
				return false
			}
		}
		return true
	}
	return false
}

// stateActs reports whether a place's state is the one acting in its
// clause: "the Iranian regime developed a surveillance system", "the
// Chinese government is using the group": a state that spies or attacks
// is where the activity comes from.
func stateActs(text string, m *Mention) bool {
	after := asciiLower(text[m.End:min(len(text), m.End+80)])
	after = strings.TrimPrefix(strings.TrimPrefix(after, "'s"), "’s")
	if !stateItself(strings.TrimLeft(after, " ")) {
		return false
	}
	if k := strings.IndexAny(after, ",;:.("); k >= 0 {
		after = after[:k]
	}
	return containsAny(after, stateDeeds)
}

// stateDeeds are what a state does to others in a clause it is the
// subject of.
var stateDeeds = []string{" developed", " develops", " spies", " spied", " spying", " monitor", " hacked", " hacks",
	" stole", " steals", " launched", " conducted", " conducts", " is using", " uses", " used ", " deployed", " targets",
	" targeted", " compromised", " sponsors", " sponsored", " directs", " directed", " ordered", " carried out"}

// accusedPeople reports whether a demonym names people whom the law
// pursues for the activity: "the arrest of several Ukrainian nationals
// responsible for the botnet", "two Russian men were charged". Such
// people are the actors, so their country is the origin.
func accusedPeople(text string, m *Mention) bool {
	if !demonym(*m) {
		return false
	}
	_, ok := accusedNounAt(asciiLower(m.Sentence), strings.Index(m.Sentence, m.Mention)+len(m.Mention))
	return ok
}

// accusedNounAt reads, at offset re of a lower-cased sentence (right after
// a demonym), a noun for people in a sentence where the law pursues them;
// it returns where the noun ends.
func accusedNounAt(low string, re int) (int, bool) {
	if re < 0 || re >= len(low) || low[re] != ' ' {
		return 0, false
	}
	end := re + 1
	for end < len(low) && isASCIILetter(low[end]) {
		end++
	}
	w := low[re+1 : end]
	// "charged two men with extortion; the Moldovan man was released on
	// bail": the pursuit is read in the demonym's own clause.
	start, stop := strings.LastIndexByte(low[:re], ';')+1, len(low)
	if k := strings.IndexByte(low[re:], ';'); k >= 0 {
		stop = re + k
	}
	clause := low[start:stop]
	if !slices.Contains(personNouns, w) && !slices.Contains(personNouns, strings.TrimSuffix(w, "s")) || !containsAny(clause, pursuitWords) {
		return 0, false
	}
	return end, true
}

// personNouns name people after a demonym.
var personNouns = []string{"national", "citizen", "man", "men", "woman", "women", "individual", "suspect", "resident",
	"teenager", "programmer", "developer"}

// pursuitWords say that the law pursues someone.
var pursuitWords = []string{"arrest", "charged", "indict", "extradit", "convicted", "sentenced", "detained",
	"responsible for", "suspected of", "accused of", "pleaded guilty", "wanted by", "prosecut"}

// languageUse reports whether a demonym names a language ("a message in
// the Russian language", "spam in German, Italian and Polish followed"):
// a language is no victims' place.
func languageUse(text string, m *Mention, after string) bool {
	if !demonym(*m) {
		return false
	}
	if strings.HasPrefix(after, "language") || strings.HasPrefix(after, "-language") {
		return true
	}
	for _, n := range victimNouns {
		if strings.HasPrefix(after, n) {
			return false
		}
	}
	return languageList.MatchString(text[max(0, m.Start-80):m.Start])
}

// languageList ends with "in" and, maybe, the languages listed before
// this one.
var languageList = regexp.MustCompile(`\b(?:in|written in|language of)(?: the)? (?:[A-Z][a-z]+(?:,| and|, and)? +)*$`)

// attackWords make a sentence speak of an attack or its victims.
var attackWords = []string{"target", "gained access", "access to", " hit ", "login", "credential", "credit card",
	"card data", "database", "dump", "victim", "attack", "compromis", "breach", "hack", "infect", "intrusion", "campaign",
	"phishing", "ransomware", "espionage", "exploit", "malware", "stole", "steal", "theft", "leak", "extort", "spy",
	"spied", "infiltrat", "impacted", "affected", "hit by", "struck", "lure", "distribut", "addressed to", "addressee",
	"recipient", "malicious", "threat from", "threats from", "disabled", "disrupted", "wiped", "sabotag", "broke into", "break into", "breaking into", "breaks into",
	// where the intruders were found: "seen in the networks of Tajik
	// embassies"
	"in the networks of", "in the network of", "inside the networks of", "on the networks of"}

// impersonationWords before a place make it a lure's or a doubt's.
var impersonationWords = []string{"spoof", "impersonat", "purport", "masquerad", "pretend", "posing as", "pose as",
	"theme", "whether", "not clear", "unclear", "decoy"}

// passiveVictimVerbs say that the subject before them was attacked.
var passiveVictimVerbs = []string{"was hit", "were hit", "been hit", "was attacked", "were attacked", "been attacked",
	"was breached", "were breached", "been breached", "was compromised", "were compromised", "been compromised",
	"was targeted", "were targeted", "been targeted", "fell victim", "have seen a rash of", "suffered",
	"cyber-attacked", "cyberattacked"}

// speechWords introduce who says something.
var speechWords = []string{"according to", "advisory", "said", "says", "report", "warned", "statement", "announced", "published", "alert"}

// targetingVerbs say that what follows them in a sentence is a target.
var targetingVerbs = []string{"targeted", "targeting", "targets ", "target ", "victims", "attacks against", "attacks on",
	"attacked", "compromised", "breached", "infected", "hit ", "focused on", "aimed at", "against",
	"breaking into", "broke into", "break into", "breaks into", "broken into"}

// hasAnyPrefix reports whether s starts with one of the prefixes.
func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// hasAnySuffix reports whether s ends with one of suffixes.
func hasAnySuffix(s string, suffixes []string) bool {
	return slices.ContainsFunc(suffixes, func(x string) bool { return strings.HasSuffix(s, x) })
}
