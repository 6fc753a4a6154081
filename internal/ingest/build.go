package ingest

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/geo"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Confidence of the relationships a report makes. An attribution claim
// keeps its polarity: asserted claims are strong, hedged ones weak;
// negated and denied claims make no relationship at all (they become
// notes). Targeting read from a sentence that names both the actor and
// the sector is firmer than targeting read from the report's topic.
const (
	ConfidenceAsserted     = 85
	ConfidenceHedged       = 40
	ConfidenceSameSentence = 70
	ConfidenceTopic        = 50
)

// draftEncoding writes the objects of a draft bundle: keys in order and
// no HTML escaping, as drafts have always been written.
var draftEncoding = stix.Encoding{SortKeys: true, NoHTMLEscape: true}

// input is everything build needs: the document, what the extractor found,
// the report's identity and times, and what the store already holds.
type input struct {
	doc       *Document
	res       *extract.Result
	reportID  string
	created   string // first ingest of the report
	modified  string // this version
	textHash  string
	publisher string         // display name
	pubID     string         // identity id of the publisher
	pubObj    *stix.Identity // the publisher's identity when the bundle must bring it
	exists    func(id string) bool
	technique func(attackID string) (id, name string) // "" when the store has no such attack pattern
	knownName func(surface string) bool               // a stored name or alias is spelt exactly so
	// forced are actors an analyst said a mention stands for: linked
	// whatever the mention's form.
	forced map[string]bool
	// unnamedAs is the known actor (id, name) an analyst said the
	// unnamed group is: what the report says of the group goes to it.
	unnamedAs [2]string
	// coined is the one group name the text gives that the knowledge
	// does not hold ("an intrusion set we track as Quartz Lynx"), "" when
	// it gives none or several: the group it describes, by its name.
	coined string
}

type builder struct {
	in    *input
	objs  map[string]stix.Typed
	order []string
	refs  []string
	ref   map[string]bool
	sum   *Summary
	names map[string]string // id → display name, for the summary
	weak  map[string]bool   // folded names and surface forms of actors mentioned only weakly
	// topic is the sector the report is about, as precisely as it says:
	// the one it names most within its main top-level sector.
	topic string
}

// build turns an extraction into a report bundle and its summary.
func build(in *input) ([]stix.Typed, *Summary) {
	b := &builder{in: in, objs: map[string]stix.Typed{}, ref: map[string]bool{}, names: map[string]string{}, weak: map[string]bool{}}
	doc := in.doc
	b.sum = &Summary{
		ReportID: in.reportID, Title: doc.Title, Published: doc.Published, Modified: in.modified, URL: doc.URL,
		Publisher: in.publisher, PublisherID: in.pubID, TextSHA256: in.textHash, Status: StatusDraft,
		Sectors: []SectorRow{}, Victims: []VictimCount{}, VictimOrgs: []string{}, StolenData: []string{}, SourcesQuoted: []string{},
		Actors: []ActorRow{}, UnknownActors: []string{}, UnknownSoftware: []string{}, Malware: []Link{}, Tools: []Link{}, Techniques: []Link{}, Countries: []CountryRow{},
		Vulnerabilities: []Link{}, Indicators: []IndicatorRow{}, Benign: []IndicatorRow{}, Claims: []ClaimRow{},
		Relationships: []RelRow{}, Notes: []Link{}, Created: []string{}, Linked: []string{},
	}
	b.addTelltale()
	if in.pubObj != nil {
		b.add(in.pubObj)
	}

	b.sectors()
	b.countries()
	b.organizations()
	b.victims()
	actors := b.actors()
	unnamed := b.unnamed()
	if unnamed != "" && !slices.Contains(actors, unnamed) {
		actors = append(actors, unnamed)
	}
	b.targets(actors, unnamed)
	b.targetCountries(actors, unnamed)
	b.claims(actors, unnamed)
	b.software(actors)
	b.techniques(actors)
	b.vulnerabilities()
	b.indicators(actors)

	report := b.report()
	out := []stix.Typed{report}
	for _, id := range b.order {
		out = append(out, b.objs[id])
	}
	return out, b.sum
}

// add puts an object into the bundle (once) and, unless it is an identity
// that only authors things, into the report's object_refs.
func (b *builder) add(o stix.Typed) {
	id := o.Props().ID
	if _, ok := b.objs[id]; ok {
		return
	}
	b.objs[id] = o
	b.order = append(b.order, id)
	b.sum.Created = append(b.sum.Created, id)
}

// holds reports whether the store or the bundle holds the object id.
func (b *builder) holds(id string) bool {
	return b.in.exists(id) || b.objs[id] != nil
}

// refer adds id to the report's object_refs.
func (b *builder) refer(id string) {
	if id == "" || b.ref[id] {
		return
	}
	b.ref[id] = true
	b.refs = append(b.refs, id)
	if _, ok := b.objs[id]; !ok {
		b.sum.Linked = append(b.sum.Linked, id)
	}
}

// include adds an object the store may already hold: when it does, the
// stored one is referred to and left as it is (an ingested report never
// rewrites someone else's object); otherwise the bundle brings it.
func (b *builder) include(o stix.Typed) (isNew bool) {
	id := o.Props().ID
	if !b.in.exists(id) {
		b.add(o)
		isNew = true
	}
	b.refer(id)
	return isNew
}

func (b *builder) addTelltale() {
	if !b.in.exists(knowledge.TelltaleID) {
		b.add(knowledge.NewTelltaleIdentity())
	}
}

// base returns the common properties of an object Telltale creates for
// this report.
func (b *builder) base(typ, id string) stix.Common {
	return stix.NewCommon(typ, id, b.in.pubID, b.in.created, b.in.modified)
}

// sectors links the sector identities the text names and picks the
// top-level sector it is most about.
func (b *builder) sectors() {
	counts := map[string]int{}
	var keys []string
	for _, m := range b.in.res.Sectors {
		if counts[m.ID] == 0 {
			keys = append(keys, m.ID)
		}
		counts[m.ID]++
	}
	top := map[string]int{}
	var tops []string
	for _, k := range keys {
		t := topLevel(k)
		if top[t] == 0 {
			tops = append(tops, t)
		}
		top[t] += counts[k]
	}
	best := ""
	for _, t := range tops {
		if best == "" || top[t] > top[best] {
			best = t
		}
	}
	b.sum.MainSector, b.topic = best, best
	for _, k := range keys {
		if topLevel(k) == best && (b.topic == best && counts[best] == 0 || counts[k] > counts[b.topic]) {
			b.topic = k
		}
	}
	if best != "" && counts[best] == 0 {
		keys = append(keys, best)
	}
	for _, k := range keys {
		sec, ok := knowledge.SectorByKey(k)
		if !ok {
			continue
		}
		if b.in.exists(sec.ID) { // most drafts name known sectors: no object to build
			b.refer(sec.ID)
		} else if o, ok := knowledge.NewSectorIdentity(k); ok {
			b.include(o)
		}
		b.names[sec.ID] = sec.Name
		b.sum.Sectors = append(b.sum.Sectors, SectorRow{Key: k, Name: sec.Name, ID: sec.ID, Mentions: counts[k]})
	}
}

func topLevel(key string) string {
	if a := knowledge.Ancestors(key); len(a) > 0 {
		return a[len(a)-1]
	}
	return key
}

func sectorID(key string) string {
	sec, _ := knowledge.SectorByKey(key)
	return sec.ID
}

// countries links the locations of the countries and regions the text
// names, each with the roles the text gives it (target, origin, other): a
// victim's country, the actor's origin and the publisher's home are not
// the same thing. A place the knowledge lacks (a new database holds only
// the starter knowledge's countries, and no region) is brought by the
// bundle, as Telltale ships such reference objects (placeLocation), so
// that it is linked the same way as a known one.
func (b *builder) countries() {
	at := map[string]int{}
	for _, m := range b.in.res.Countries {
		if i, ok := at[m.Name]; ok {
			if i >= 0 && m.Role != "" && !contains(b.sum.Countries[i].Roles, m.Role) {
				b.sum.Countries[i].Roles = append(b.sum.Countries[i].Roles, m.Role)
			}
			continue
		}
		id := countryID(m)
		if !b.in.exists(id) {
			o := placeLocation(m)
			if o == nil {
				at[m.Name] = -1
				continue // no place package geo holds: nothing to link
			}
			b.add(o)
		}
		at[m.Name] = len(b.sum.Countries)
		b.names[id] = m.Name
		b.refer(id)
		row := CountryRow{ID: id, Name: m.Name, Roles: []string{}}
		if m.Role != "" {
			row.Roles = append(row.Roles, m.Role)
		}
		b.sum.Countries = append(b.sum.Countries, row)
	}
}

// placeLocation is the location of a country or region that the
// knowledge lacks: the reference object Telltale ships for it
// (stix.NewPlace, as the MISP adapter makes countries), so that importing
// a galaxy or a bundle with the same place later finds the object
// unchanged and no view shows the place twice. nil for a place package
// geo does not hold.
func placeLocation(m extract.Mention) *stix.Location {
	if m.Kind == extract.KindRegion {
		if r, ok := geo.RegionByName(m.Name); ok {
			return stix.NewPlace("Region", r.Name, r.STIX, knowledge.TelltaleID, knowledge.Epoch)
		}
		return nil
	}
	if c, ok := geo.CountryByName(m.Name); ok {
		return stix.NewPlace("Country", c.Name, c.Code, knowledge.TelltaleID, knowledge.Epoch)
	}
	return nil
}

func countryID(m extract.Mention) string {
	if m.Kind == extract.KindRegion {
		return stix.LocationID(m.Name, "Region")
	}
	return stix.LocationID(m.Name, "Country")
}

// organizations sorts the organisations the text names into sources it
// quotes and victims.
func (b *builder) organizations() {
	seen := map[string]bool{}
	for _, m := range b.in.res.Organizations {
		if seen[m.Name+m.Role] {
			continue
		}
		seen[m.Name+m.Role] = true
		switch m.Role {
		case "source":
			if !contains(b.sum.SourcesQuoted, m.Name) {
				b.sum.SourcesQuoted = append(b.sum.SourcesQuoted, m.Name)
			}
		case "victim":
			if !contains(b.sum.VictimOrgs, m.Name) {
				b.sum.VictimOrgs = append(b.sum.VictimOrgs, m.Name)
			}
		}
	}
	// Whoever makes a claim is a source the text quotes too.
	for _, c := range b.in.res.Claims {
		if c.By != "" && !contains(b.sum.SourcesQuoted, c.By) {
			b.sum.SourcesQuoted = append(b.sum.SourcesQuoted, c.By)
		}
	}
}

// victims keeps the victim counts and the kinds of data said stolen.
func (b *builder) victims() {
	for _, c := range b.in.res.Counts {
		b.sum.Victims = append(b.sum.Victims, VictimCount{Phrase: c.Phrase, Value: c.Value, Approx: c.Approx, Noun: c.Noun, Sector: c.Sector})
	}
	b.sum.StolenData = extract.StolenData(b.in.doc.Text)
	b.sum.ActiveSince, _ = knowledge.ActivityYears(b.in.doc.Text)
}

// actors returns the cluster ids of the actors named strongly enough to
// be linked, and lists every actor mention in the summary.
func (b *builder) actors() []string {
	res := b.in.res
	subjects := map[string]bool{}
	for _, c := range res.Claims {
		subjects[c.Subject] = true
	}
	type acc struct {
		row     ActorRow
		inner   int  // exact-case mentions not at the start of a sentence
		capital bool // some mention starts with a capital
		reason  string
	}
	byID := map[string]*acc{}
	var order []string
	for _, m := range res.Actors {
		a := byID[m.ID]
		if a == nil {
			a = &acc{row: ActorRow{ID: m.ID, Name: m.Name}}
			byID[m.ID] = a
			order = append(order, m.ID)
		}
		if !contains(a.row.Mentions, m.Mention) {
			a.row.Mentions = append(a.row.Mentions, m.Mention)
		}
		if why := strongForm(m.Mention); why != "" && a.reason == "" {
			a.reason = why
		}
		if r, _ := utf8.DecodeRuneInString(m.Mention); unicode.IsUpper(r) {
			a.capital = true
		}
		if b.exactName(m) && !sentenceStart(b.in.doc.Text, m.Start) {
			a.inner++
		}
	}
	var strong []string
	for _, id := range order {
		a := byID[id]
		switch {
		case b.in.forced[id]:
			a.reason = "linked by an analyst"
		case a.reason != "":
		case subjects[a.row.Name] && a.capital:
			a.reason = "capitalised subject of an attribution claim"
		case a.inner >= 1:
			a.reason = "a known name, capitalised as known, mid-sentence"
		}
		a.row.Strong = a.reason != ""
		if a.row.Strong {
			a.row.Reason = a.reason
			strong = append(strong, id)
			b.refer(id)
			b.names[id] = a.row.Name
		} else {
			b.weak[knowledge.Fold(a.row.Name)] = true
			for _, m := range a.row.Mentions {
				b.weak[knowledge.Fold(m)] = true
			}
			a.row.Reason = "weak mention: a common word or a lone capitalised word"
		}
		b.sum.Actors = append(b.sum.Actors, a.row)
	}
	return strong
}

// exactName reports whether a mention is written exactly as a known name
// or alias is (case included), starting with a capital: "Turla", not
// "turla"; "Sofacy" as an alias of APT28.
func (b *builder) exactName(m extract.Mention) bool {
	r, _ := utf8.DecodeRuneInString(m.Mention)
	if !unicode.IsUpper(r) {
		return false
	}
	return m.Mention == m.Name || (b.in.knownName != nil && b.in.knownName(m.Mention))
}

// strongForm says why a surface form cannot be a common word: it has a
// digit, an inner capital (MuddyWater, APT-C-23) or is several capitalised
// words (Lazarus Group). "" when it could be an ordinary word.
func strongForm(s string) string {
	upper, digit := 0, false
	for i, r := range s {
		if unicode.IsDigit(r) {
			digit = true
		}
		if unicode.IsUpper(r) && i > 0 {
			upper++
		}
	}
	switch {
	case digit:
		return "name with a digit"
	case upper > 0 && !strings.Contains(s, " "):
		return "name with an inner capital"
	}
	words := strings.Fields(s)
	if len(words) < 2 {
		return ""
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return ""
		}
	}
	return "capitalised name of several words"
}

// sentenceStart reports whether the word at i starts a sentence.
func sentenceStart(text string, i int) bool {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if !unicode.IsSpace(r) && !strings.ContainsRune("\"“‘'(«", r) {
			return strings.ContainsRune(".!?:", r)
		}
		j -= size
	}
	return true
}

// unnamedSubject reports whether a claim is about a group the text does
// not name: the extractor found none, or only a weak mention.
func (b *builder) unnamedSubject(c extract.Claim) bool {
	return c.Subject == "unnamed" || b.weak[knowledge.Fold(c.Subject)] || b.coinedSubject(c)
}

// coinedSubject reports whether a claim is about the group the text names
// that the knowledge does not hold (input.coined).
func (b *builder) coinedSubject(c extract.Claim) bool {
	return b.in.coined != "" && knowledge.Fold(c.Subject) == knowledge.Fold(b.in.coined)
}

// unnamed creates an intrusion set for the unnamed group a text describes:
// only when the text makes claims about it ("a group, possibly based in
// China") and says what it did (victim counts or victims). Its name is
// deterministic: "Unnamed actor: <report title>".
func (b *builder) unnamed() string {
	res := b.in.res
	var claim *extract.Claim
	for i := range res.Claims {
		c := &res.Claims[i]
		if !b.unnamedSubject(*c) || ownedActivity(*c) {
			continue
		}
		claim = c
		break
	}
	if claim == nil || (len(res.Counts) == 0 && len(b.sum.VictimOrgs) == 0) {
		return ""
	}
	as := b.in.unnamedAs
	if as[0] == "" && b.focusedOnNamed() {
		return ""
	}
	if as[0] != "" {
		b.refer(as[0])
		b.names[as[0]] = as[1]
		b.sum.Actors = append(b.sum.Actors, ActorRow{ID: as[0], Name: as[1], Mentions: []string{claim.SubjectRef}, Strong: true, Reason: "the unnamed group the text describes, linked by an analyst"})
		return as[0]
	}
	name, reason := "Unnamed actor: "+b.in.doc.Title, "unnamed group the text describes (claims and victims)"
	desc := "A group the report does not name, described as: “" + claim.Evidence + "”"
	if b.coinedSubject(*claim) {
		// The text names its group, and the knowledge holds no such
		// name: the new actor carries it, so a later report that names
		// it links to it.
		name, reason = b.in.coined, "a group the text names that the knowledge does not hold (claims and victims)"
		desc = "A group the report names " + name + ", which the knowledge did not hold, described as: “" + claim.Evidence + "”"
	}
	id := stix.NamedID("intrusion-set", name)
	o := &stix.IntrusionSet{Common: b.base("intrusion-set", id), Name: name, Description: desc}
	if len(res.Counts) > 0 {
		o.Description += " It is said to have hit " + res.Counts[0].Phrase + ": “" + res.Counts[0].Sentence + "”"
	}
	if since, _ := knowledge.ActivityYears(b.in.doc.Text); since > 0 {
		// "active since 2016": what tells it from known actors first seen later.
		o.FirstSeen = fmt.Sprintf("%d-01-01T00:00:00.000Z", since)
	}
	o.ExternalReferences = b.extRefs()
	o.Custom.Set("x_telltale_report_ref", b.in.reportID)
	b.include(o)
	b.names[id] = name
	b.sum.Actors = append(b.sum.Actors, ActorRow{ID: id, Name: name, Mentions: []string{claim.SubjectRef}, Strong: true, Reason: reason, New: true})
	return id
}

// focusedOnNamed reports whether the text is about an actor it names: one
// named (strongly) at least three times and more often than the text
// makes claims about an unnamed group. Its "Chinese hackers" or "a
// North Korea-aligned threat actor" is then that actor or a passing
// mention, and no unnamed group of its own.
func (b *builder) focusedOnNamed() bool {
	counts := map[string]int{}
	top := 0
	for _, m := range b.in.res.Actors {
		if m.ID == "" || b.weak[knowledge.Fold(m.Name)] {
			continue
		}
		counts[m.Name]++
		top = max(top, counts[m.Name])
	}
	unnamed := 0
	for _, c := range b.in.res.Claims {
		if b.unnamedSubject(c) {
			unnamed++
		}
	}
	return top >= 3 && top > unnamed
}

// ownedActivity reports whether an unnamed subject's claim gives the
// activity to an actor ("the campaigns are attributed to TA505", "a new
// campaign from this same group"): that activity is the actor's, not an
// unnamed group's.
func ownedActivity(c extract.Claim) bool {
	return c.ObjectKind == "actor" && (c.Polarity == extract.Asserted || c.Polarity == extract.Hedged) &&
		(c.Relation == extract.AttributedTo || c.Relation == extract.SameAs || c.Relation == extract.PartOf)
}

// targets adds "targets" relationships from the actors to the sectors: the
// sectors named in the actor's sentences, else the report's main sector.
// The unnamed group targets the sectors of the victim counts.
func (b *builder) targets(actors []string, unnamed string) {
	res := b.in.res
	for _, a := range actors {
		sents := b.sentencesOf(a, unnamed)
		if a != unnamed && allNegated(sents) {
			continue // "MuddyWater was not involved": named, but not as an attacker here
		}
		found := map[string]bool{}
		var keys []string
		if a == unnamed {
			for _, c := range res.Counts {
				if sec, ok := knowledge.ResolveSector(c.Sector); ok && c.Sector != "" && !found[sec.Key] {
					found[sec.Key] = true
					keys = append(keys, sec.Key)
				}
			}
		}
		for _, m := range res.Sectors {
			if sents[m.Sentence] && !found[m.ID] {
				found[m.ID] = true
				keys = append(keys, m.ID)
			}
		}
		if len(keys) > 0 {
			for _, k := range keys {
				why := "the report names the actor and the sector together: “" + firstSentence(res, a, k, unnamed) + "”"
				b.relate("targets", a, sectorID(k), ConfidenceSameSentence, why)
			}
			continue
		}
		if b.topic != "" {
			// the sector as precisely as the report names it: a report on
			// mobile carriers is about Telecommunications, and so about
			// Communication too
			b.relate("targets", a, sectorID(b.topic), ConfidenceTopic,
				"the report is about the "+b.names[sectorID(b.topic)]+" sector and names the actor")
		}
	}
}

// targetCountries adds "targets" relationships from the report's actors
// to the countries the text places victims in (countries whose role is
// target): from the actors named in the country's sentence, else, when
// the report is about one actor (a named one or the unnamed group), from
// that one. A sentence that negates or doubts ("it is not clear whether
// any of the targets were US companies") makes no target.
func (b *builder) targetCountries(actors []string, unnamed string) {
	res := b.in.res
	var attackers []string
	sents := map[string]map[string]bool{}
	for _, a := range actors {
		s := b.sentencesOf(a, unnamed)
		if a != unnamed && allNegated(s) {
			continue
		}
		attackers = append(attackers, a)
		sents[a] = s
	}
	for _, m := range res.Countries {
		if m.Role != extract.RoleTarget {
			continue
		}
		id := countryID(m)
		if !b.holds(id) || containsAny(" "+strings.ToLower(m.Sentence)+" ", doubtCues) || b.namesOrganization(m) {
			continue
		}
		var from []string
		for _, a := range attackers {
			if sents[a][m.Sentence] {
				from = append(from, a)
			}
		}
		conf, why := ConfidenceSameSentence, "the report names the actor and victims in "+m.Name+" together: “"+m.Sentence+"”"
		if len(from) == 0 && len(attackers) == 1 {
			from = attackers
			conf, why = ConfidenceTopic, "the report is about one actor and places victims in "+m.Name+": “"+m.Sentence+"”"
		}
		for _, a := range from {
			b.relate("targets", a, id, conf, why)
		}
	}
}

// namesOrganization reports whether a country mention is part of an
// organisation's name or says whose it is ("the US Cybersecurity and
// Infrastructure Security Agency", "the German BSI"): the country is the
// organisation's home, not where victims are.
func (b *builder) namesOrganization(m extract.Mention) bool {
	text := b.in.doc.Text
	for _, o := range b.in.res.Organizations {
		if m.Start >= o.Start && m.End <= o.End {
			return true
		}
		if o.Start >= m.End && o.Start <= len(text) && m.End >= 0 && strings.TrimSpace(text[m.End:o.Start]) == "" {
			return true
		}
	}
	return false
}

// doubtCues are the words of a sentence that does not state what it
// names as a fact: a negation, or a question.
var doubtCues = append([]string{"whether", "unclear", "unknown if", "if any"}, negationCues...)

var negationCues = []string{" not ", "n't ", " no ", " never ", "denied", "denies", "unrelated", "ruled out", "rather than"}

// allNegated reports whether every sentence has a negation cue.
func allNegated(sents map[string]bool) bool {
	if len(sents) == 0 {
		return false
	}
	for s := range sents {
		if !containsAny(" "+strings.ToLower(s)+" ", negationCues) {
			return false
		}
	}
	return true
}

// sentencesOf returns the sentences that name an actor (for the unnamed
// group: its claims' and the victim counts' sentences).
func (b *builder) sentencesOf(id, unnamed string) map[string]bool {
	out := map[string]bool{}
	res := b.in.res
	if id == unnamed {
		for _, c := range res.Claims {
			if b.unnamedSubject(c) {
				out[c.Evidence] = true
			}
		}
		for _, c := range res.Counts {
			out[c.Sentence] = true
		}
		return out
	}
	for _, m := range res.Actors {
		if m.ID == id {
			out[m.Sentence] = true
		}
	}
	return out
}

func firstSentence(res *extract.Result, actor, key, unnamed string) string {
	for _, c := range res.Counts {
		if actor == unnamed && c.Sector != "" {
			if sec, ok := knowledge.ResolveSector(c.Sector); ok && sec.Key == key {
				return c.Sentence
			}
		}
	}
	for _, m := range res.Sectors {
		if m.ID == key {
			for _, a := range res.Actors {
				if a.ID == actor && a.Sentence == m.Sentence {
					return m.Sentence
				}
			}
			if actor == unnamed {
				return m.Sentence
			}
		}
	}
	return ""
}

// claims turns attribution claims into relationships (asserted, hedged)
// or notes (negated, denied), never both for one claim. A relationship
// says how firmly it was claimed (x_telltale_polarity: "asserted" or
// "hedged", with a confidence from the polarity, the cue and the speaker)
// and who claimed it (x_telltale_claim_by), so that no view has to guess
// from the confidence. Ties to a country or region become
// "originates-from"; ties to another actor "attributed-to" (attributed,
// sponsored by, part of) or "related-to" marked same-as (clusters are
// joined only by an analyst's link); a claim that two actors are distinct,
// or whose object the knowledge lacks, stays a note.
func (b *builder) claims(actors []string, unnamed string) {
	names := b.claimNames()
	strong := map[string]bool{}
	for _, a := range actors {
		strong[a] = true
	}
	for _, c := range b.in.res.Claims {
		b.sum.Claims = append(b.sum.Claims, b.keepClaim(c, names, strong, unnamed))
	}
}

// claimNames resolves the names a claim gives its subject and object.
type claimNames struct {
	actors map[string]string // folded name → actor id
	places map[string]string // folded name → the place's canonical name
}

// claimNames indexes the actors and places of the extraction by any name
// it gives them: canonical or as written, so that a claim's subject or
// object resolves whichever it carries ("Chinese" or "China").
func (b *builder) claimNames() claimNames {
	res := b.in.res
	n := claimNames{actors: map[string]string{}, places: map[string]string{}}
	for _, m := range res.Actors {
		for _, s := range []string{m.Name, m.Mention} {
			if k := knowledge.Fold(s); k != "" && n.actors[k] == "" {
				n.actors[k] = m.ID
			}
		}
	}
	for _, m := range res.Countries {
		for _, s := range []string{m.Name, m.Mention} {
			if k := knowledge.Fold(s); k != "" && n.places[k] == "" {
				n.places[k] = m.Name
			}
		}
	}
	return n
}

// actorID is the id of the actor named so, "" when the extraction has none.
func (n claimNames) actorID(name string) string { return n.actors[knowledge.Fold(name)] }

// placeName is the canonical name of the place named so, the name itself
// when the extraction has no such place.
func (n claimNames) placeName(name string) string {
	if p := n.places[knowledge.Fold(name)]; p != "" {
		return p
	}
	return name
}

// keepClaim keeps one claim as a relationship or a note (or as nothing,
// when the knowledge already says it) and returns its summary row.
func (b *builder) keepClaim(c extract.Claim, names claimNames, strong map[string]bool, unnamed string) ClaimRow {
	if id := names.actorID(c.Subject); c.Subject != "unnamed" && id != "" && !strong[id] {
		// The subject was a weak mention (a common word that is an
		// alias): the claim is about whoever the text means, unnamed.
		c.Subject = "unnamed"
	}
	row := ClaimRow{ExtractedClaim: c.Exported()}
	subject := names.actorID(c.Subject)
	if c.Subject == "unnamed" || b.coinedSubject(c) {
		subject = unnamed
	}
	if !strong[subject] {
		subject = ""
	}
	target, relType := claimTarget(c, names.actorID, names.placeName)
	if target != "" && !b.holds(target) {
		target = ""
	}
	switch {
	case c.Polarity != extract.Asserted && c.Polarity != extract.Hedged:
		row.KeptAs = b.note(c, subject, target)
	case subject != "" && target == subject:
		// "APT41, also known as Wicked Panda": the knowledge says so
		// already; nothing to relate.
	case subject != "" && target != "" && relType != "":
		row.KeptAs = b.claimRelationship(c, relType, subject, target)
	default:
		row.KeptAs = b.note(c, subject, target)
	}
	return row
}

// claimRelationship relates a claim's subject to its target, marked with
// how firmly and by whom it was claimed, and returns the relationship's id.
func (b *builder) claimRelationship(c extract.Claim, relType, subject, target string) string {
	by := c.By
	if by == "" {
		by = "the report"
	}
	b.refer(target)
	conf := claimConfidence(c)
	id := b.relate(relType, subject, target, conf, fmt.Sprintf("%s claim by %s (cue %q): “%s”", c.Polarity, by, c.Cue, c.Evidence))
	b.markClaim(id, c, by, conf)
	return id
}

// claimTarget is the object a claim ties its subject to and the type of
// the relationship that keeps it ("" when a note keeps it).
func claimTarget(c extract.Claim, actorID, placeName func(string) string) (target, relType string) {
	switch c.ObjectKind {
	case "country", "region":
		if c.Relation == extract.DistinctFrom {
			return "", ""
		}
		typ := "Country"
		if c.ObjectKind == "region" {
			typ = "Region"
		}
		return stix.LocationID(placeName(c.Object), typ), "originates-from"
	case "actor":
		// The canonical name when the dictionary knows it, else the
		// object as written.
		if target = actorID(c.ObjectRef); target == "" {
			target = actorID(c.Object)
		}
		switch c.Relation {
		case extract.DistinctFrom:
			return target, ""
		case extract.SameAs:
			return target, "related-to"
		}
		return target, "attributed-to"
	}
	return "", ""
}

// markClaim marks a relationship made from a claim with its polarity, the
// claim's relation and who made it. When two claims of a report make the
// same relationship, the firmer one's marks win.
func (b *builder) markClaim(id string, c extract.Claim, by string, conf int) {
	o, ok := b.objs[id].(*stix.Relationship)
	if !ok {
		return
	}
	if _, marked := o.Custom.Get("x_telltale_polarity"); marked && *o.Confidence != conf {
		return // a firmer claim made it
	}
	markClaim(&o.Common, c, by)
	for i := range b.sum.Relationships {
		if b.sum.Relationships[i].ID == id {
			b.sum.Relationships[i].Polarity = c.Polarity
		}
	}
}

// markClaim sets the custom properties that say how firmly and by whom a
// claim was made.
func markClaim(o *stix.Common, c extract.Claim, by string) {
	o.Custom.Set("x_telltale_polarity", c.Polarity)
	o.Custom.Set("x_telltale_claim_by", by)
	o.Custom.SetNonEmpty("x_telltale_relation", c.Relation)
}

// claimConfidence is the confidence of a relationship made from an
// asserted or hedged claim. Asserted claims are strong (85; 95 when the
// words say the attribution is confirmed or held with high confidence),
// hedged ones weak (40; 50 for "likely", "probably", "moderate
// confidence"; 30 for "possibly", "potentially", "may"). A claim nobody
// in particular makes (the text itself, no vendor or agency) loses 10.
// Hedged claims stay below 70, the weakest asserted one (75) above.
func claimConfidence(c extract.Claim) int {
	cue := " " + strings.ToLower(c.Cue) + " "
	var conf int
	if c.Polarity == extract.Hedged {
		conf = ConfidenceHedged
		switch {
		case containsAny(cue, []string{"unlikely", "low confidence", "possib", "potential", " may ", " might ", " could ", "perhaps", "suspect"}):
			conf = ConfidenceHedged - 10
		case containsAny(cue, []string{"likely", "probabl", "moderate confidence"}):
			conf = ConfidenceHedged + 10
		}
	} else {
		conf = ConfidenceAsserted
		if containsAny(cue, []string{"high confidence", "confirm", "conclusive", "definitive"}) {
			conf = ConfidenceAsserted + 10
		}
	}
	if c.By == "" || c.By == extract.Publisher {
		// no one in particular: the text's own words, its author unknown
		conf -= 10
	}
	return conf
}

// note keeps a claim as a STIX note quoting the evidence and who said it.
func (b *builder) note(c extract.Claim, subject, target string) string {
	by := c.By
	if by == "" {
		by = "the report"
	}
	var verb string
	switch c.Polarity {
	case extract.Negated:
		verb = "does not attribute"
	case extract.Denied:
		verb = "denies an attribution of"
	case extract.Hedged:
		verb = "suggests, without asserting, a link between"
	default:
		verb = "attributes"
	}
	subj := c.Subject
	if subj == "unnamed" {
		subj = "the unnamed group of the report"
	}
	content := fmt.Sprintf("%s %s %s to %s: “%s”", by, verb, subj, c.Object, c.Evidence)
	if c.Polarity == extract.Hedged || c.Polarity == extract.Asserted {
		content = fmt.Sprintf("%s %s %s and %s: “%s”", by, verb, subj, c.Object, c.Evidence)
	}
	id := stix.NoteID(content, b.in.created)
	o := &stix.Note{Common: b.base("note", id), Abstract: fmt.Sprintf("%s attribution: %s → %s", c.Polarity, subj, c.Object),
		Content: content, Authors: []string{by}, ObjectRefs: []string{b.in.reportID}}
	for _, r := range []string{subject, target} {
		if r != "" {
			o.ObjectRefs = append(o.ObjectRefs, r)
		}
	}
	markClaim(&o.Common, c, by)
	o.Custom.Set("x_telltale_report_ref", b.in.reportID)
	b.add(o)
	b.refer(id)
	b.sum.Notes = append(b.sum.Notes, Link{ID: id, Name: o.Abstract, New: true})
	return id
}

// relate adds a relationship from the report and returns its id. Its id
// depends on the report, so two reports saying the same thing keep their
// own provenance.
func (b *builder) relate(typ, src, tgt string, confidence int, why string) string {
	id := stix.DeterministicID("relationship", map[string]any{
		"relationship_type": typ, "source_ref": src, "target_ref": tgt, "x_telltale_report_ref": b.in.reportID,
	})
	if o, ok := b.objs[id].(*stix.Relationship); ok {
		if *o.Confidence < confidence {
			o.SetConfidence(confidence)
			o.Description = why
			for i := range b.sum.Relationships {
				if b.sum.Relationships[i].ID == id {
					b.sum.Relationships[i].Confidence, b.sum.Relationships[i].Why = confidence, why
				}
			}
		}
		return id
	}
	o := &stix.Relationship{Common: b.base("relationship", id), RelationshipType: typ, Description: why, SourceRef: src, TargetRef: tgt}
	o.SetConfidence(confidence)
	o.ExternalReferences = b.extRefs()
	o.Custom.Set("x_telltale_report_ref", b.in.reportID)
	b.add(o)
	b.refer(id)
	b.sum.Relationships = append(b.sum.Relationships, RelRow{ID: id, Type: typ, Source: src, SourceName: b.names[src], Target: tgt, TargetName: b.names[tgt], Confidence: confidence, Why: why})
	return id
}

// extRefs points at the report: its URL when it has one.
func (b *builder) extRefs() []stix.ExternalReference {
	return []stix.ExternalReference{{SourceName: b.in.publisher, URL: b.in.doc.URL,
		Description: "Telltale report " + b.in.reportID + ": " + b.in.doc.Title}}
}

// software links malware and tools named strongly, and "uses" from the
// actors named in the same sentence.
func (b *builder) software(actors []string) {
	for _, kind := range []string{extract.KindMalware, extract.KindTool} {
		ms := b.in.res.Malware
		list := &b.sum.Malware
		if kind == extract.KindTool {
			ms, list = b.in.res.Tools, &b.sum.Tools
		}
		seen := map[string]bool{}
		for _, m := range ms {
			if seen[m.ID] || strongForm(m.Mention) == "" && (!b.exactName(m) || sentenceStart(b.in.doc.Text, m.Start)) {
				continue
			}
			seen[m.ID] = true
			if !b.in.exists(m.ID) {
				continue
			}
			b.refer(m.ID)
			b.names[m.ID] = m.Name
			*list = append(*list, Link{ID: m.ID, Name: m.Name})
			for _, a := range actors {
				if b.sameSentence(a, m.Sentence) {
					b.relate("uses", a, m.ID, ConfidenceSameSentence, "named together: “"+m.Sentence+"”")
				}
			}
		}
	}
}

func (b *builder) sameSentence(actor, sentence string) bool {
	for _, m := range b.in.res.Actors {
		if m.ID == actor && m.Sentence == sentence {
			return true
		}
	}
	return false
}

// techniques links the ATT&CK techniques the text cites (by id, by name,
// or by telling phrases often enough) and "uses" from actors named in the
// same sentence.
func (b *builder) techniques(actors []string) {
	for _, tid := range extract.TechniqueIDs(b.in.res.Techniques, extract.DefaultMinPhrases) {
		id, name := b.in.technique(tid)
		if id == "" {
			continue
		}
		b.refer(id)
		b.names[id] = name
		b.sum.Techniques = append(b.sum.Techniques, Link{ID: id, Name: tid + " " + name})
		for _, t := range b.in.res.Techniques {
			if t.ID != tid {
				continue
			}
			for _, a := range actors {
				if b.sameSentence(a, t.Sentence) {
					b.relate("uses", a, id, ConfidenceSameSentence, "named together: “"+t.Sentence+"”")
				}
			}
		}
	}
}

// vulnerabilities creates or links a vulnerability per CVE.
func (b *builder) vulnerabilities() {
	seen := map[string]bool{}
	for _, c := range b.in.res.CVEs {
		if seen[c.ID] {
			continue
		}
		seen[c.ID] = true
		id := stix.NamedID("vulnerability", c.ID)
		o := &stix.Vulnerability{Common: b.base("vulnerability", id), Name: c.ID}
		o.ExternalReferences = []stix.ExternalReference{{SourceName: "cve", ExternalID: c.ID, URL: "https://www.cve.org/CVERecord?id=" + c.ID}}
		isNew := b.include(o)
		b.names[id] = c.ID
		b.sum.Vulnerabilities = append(b.sum.Vulnerabilities, Link{ID: id, Name: c.ID, New: isNew})
	}
}

// indicators turns observables into indicators with STIX patterns; benign
// ones (the extractor's warning) are listed with the reason instead. When
// the report names exactly one actor, its indicators indicate it.
func (b *builder) indicators(actors []string) {
	seen := map[string]bool{}
	for _, ind := range b.in.res.Indicators {
		pattern := patternOf(ind)
		if pattern == "" || seen[ind.Type+ind.Value] {
			continue
		}
		seen[ind.Type+ind.Value] = true
		if ind.Warning != "" {
			b.sum.Benign = append(b.sum.Benign, IndicatorRow{Type: ind.Type, Value: ind.Value, Reason: ind.Warning})
			continue
		}
		id := stix.IndicatorID(pattern)
		// valid from when the report made it known, when it says
		validFrom := cmp.Or(b.in.doc.Published, b.in.created)
		o := &stix.Indicator{Common: b.base("indicator", id), Name: ind.Value, Pattern: pattern, PatternType: "stix", ValidFrom: validFrom,
			IndicatorTypes: []string{"malicious-activity"}, Description: "From the report “" + b.in.doc.Title + "”: “" + ind.Sentence + "”"}
		o.ExternalReferences = b.extRefs()
		b.include(o)
		b.names[id] = ind.Value
		b.sum.Indicators = append(b.sum.Indicators, IndicatorRow{Type: ind.Type, Value: ind.Value, ID: id, Pattern: pattern})
		if len(actors) == 1 {
			b.relate("indicates", id, actors[0], ConfidenceTopic, "the report names one actor and gives this indicator")
		}
	}
}

// patternOf is the STIX pattern of an indicator, "" for kinds that make
// no indicator (CVE and ATT&CK ids, wallets, file names...).
func patternOf(ind extract.Indicator) string {
	v := strings.ReplaceAll(strings.ReplaceAll(ind.Value, `\`, `\\`), `'`, `\'`)
	switch ind.Type {
	case extract.TypeIPv4:
		return "[ipv4-addr:value = '" + v + "']"
	case extract.TypeIPv6:
		return "[ipv6-addr:value = '" + v + "']"
	case extract.TypeDomain:
		return "[domain-name:value = '" + v + "']"
	case extract.TypeURL:
		return "[url:value = '" + v + "']"
	case extract.TypeEmail:
		return "[email-addr:value = '" + v + "']"
	case extract.TypeMD5:
		return "[file:hashes.MD5 = '" + v + "']"
	case extract.TypeSHA1:
		return "[file:hashes.'SHA-1' = '" + v + "']"
	case extract.TypeSHA256:
		return "[file:hashes.'SHA-256' = '" + v + "']"
	case extract.TypeSHA512:
		return "[file:hashes.'SHA-512' = '" + v + "']"
	}
	return ""
}

// report is the report object itself. Custom properties:
//
//	x_telltale_text           the original text, as read (plain text of HTML/PDF)
//	x_telltale_text_sha256    its SHA-256, which makes re-ingesting the same text a no-op
//	x_telltale_status         draft until accepted (then "accepted")
//	x_telltale_source_url     where the text was fetched from
//	x_telltale_victim_counts  the victim counts the text gives
//	x_telltale_stolen_data    the kinds of data it says were stolen
//	x_telltale_sources_quoted organisations the text quotes
//	x_telltale_claims         attribution claims with polarity, who made them and the evidence
//	x_telltale_benign_indicators observables not made indicators, with the reason
func (b *builder) report() *stix.Report {
	in, s := b.in, b.sum
	o := &stix.Report{Common: b.base("report", in.reportID), Name: in.doc.Title, Published: in.doc.Published,
		ReportTypes: []string{"threat-report"}, Description: describe(s), ObjectRefs: b.refs}
	if len(o.ObjectRefs) == 0 {
		o.ObjectRefs = []string{in.pubID}
	}
	ref := stix.ExternalReference{SourceName: in.publisher, URL: in.doc.URL}
	if in.doc.URL != "" {
		o.Custom.Set("x_telltale_source_url", in.doc.URL)
	} else {
		ref.Description = "ingested text " + in.textHash
	}
	o.ExternalReferences = []stix.ExternalReference{ref}
	o.Custom.Set("x_telltale_text", in.doc.Text)
	o.Custom.Set("x_telltale_text_sha256", in.textHash)
	o.Custom.Set("x_telltale_status", StatusDraft)
	o.Custom.SetNonEmpty("x_telltale_victim_counts", s.Victims)
	o.Custom.SetNonEmpty("x_telltale_stolen_data", s.StolenData)
	o.Custom.SetNonEmpty("x_telltale_sources_quoted", s.SourcesQuoted)
	var cl []map[string]any
	for _, c := range s.Claims {
		cl = append(cl, map[string]any{"subject": c.Subject, "relation": c.Relation, "object": c.Object, "polarity": c.Polarity, "by": c.By, "cue": c.Cue, "evidence": c.Evidence, "kept_as": c.KeptAs})
	}
	o.Custom.SetNonEmpty("x_telltale_claims", cl)
	o.Custom.SetNonEmpty("x_telltale_benign_indicators", s.Benign)
	return o
}

// describe writes the report's description: a summary of what it says.
func describe(s *Summary) string {
	var parts []string
	if s.MainSector != "" {
		sec, _ := knowledge.SectorByKey(s.MainSector)
		var subs []string
		for _, r := range s.Sectors {
			if r.Mentions > 0 {
				subs = append(subs, r.Name)
			}
		}
		parts = append(parts, fmt.Sprintf("About the %s sector (sectors named: %s).", sec.Name, strings.Join(subs, ", ")))
	}
	if len(s.Victims) > 0 {
		var v []string
		for _, c := range s.Victims {
			v = append(v, c.Phrase)
		}
		parts = append(parts, "Victims: "+strings.Join(v, "; ")+".")
	}
	if len(s.VictimOrgs) > 0 {
		parts = append(parts, "Victim organisations: "+strings.Join(s.VictimOrgs, ", ")+".")
	}
	if len(s.StolenData) > 0 {
		parts = append(parts, "Stolen data: "+strings.Join(s.StolenData, ", ")+".")
	}
	var actors []string
	for _, a := range s.Actors {
		if a.Strong {
			actors = append(actors, a.Name)
		}
	}
	if len(actors) > 0 {
		parts = append(parts, "Actors: "+strings.Join(actors, ", ")+".")
	}
	if len(s.SourcesQuoted) > 0 {
		parts = append(parts, "Sources quoted: "+strings.Join(s.SourcesQuoted, ", ")+".")
	}
	for _, c := range s.Claims {
		by := c.By
		if by == "" {
			by = "the text"
		}
		parts = append(parts, fmt.Sprintf("Claim (%s, by %s): %s → %s.", c.Polarity, by, c.Subject, c.Object))
	}
	if len(s.Indicators) > 0 {
		parts = append(parts, fmt.Sprintf("%d indicator(s).", len(s.Indicators)))
	}
	if len(s.Benign) > 0 {
		var v []string
		for _, i := range s.Benign {
			v = append(v, i.Value+" ("+i.Reason+")")
		}
		parts = append(parts, "Not made indicators, judged benign: "+strings.Join(v, ", ")+".")
	}
	if len(parts) == 0 {
		return "Ingested text; nothing was recognised in it."
	}
	return strings.Join(parts, " ")
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// hostOf returns the host of a URL without "www.", "" when there is none.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
