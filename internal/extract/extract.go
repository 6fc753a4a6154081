package extract

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// Options tune ExtractWith.
type Options struct {
	// Publisher is the host or URL the report came from. Indicators on the
	// publisher's own registered domain get the warning "publisher's own
	// site".
	Publisher string
}

// Extract finds everything in text: indicators, names from d (which may be
// nil: then only the built-in countries are looked for), techniques, CVEs,
// victim counts and attribution claims. It is pure and deterministic: the
// same text and dictionary give the same result, in text order.
func Extract(text string, d *Dictionary) *Result {
	return ExtractWith(text, d, Options{})
}

// builtinDict is the dictionary of a nil one, built on first use: every
// process that links this package would otherwise build it at start-up
// (tenths of a second and 17 MB for `telltale stats`, which never uses it).
var builtinDict = sync.OnceValue(func() *Dictionary { return NewDictionary(nil) })

// ExtractWith is Extract with options.
func ExtractWith(text string, d *Dictionary, opt Options) *Result {
	if strings.Contains(text, nbsp) {
		// Pages copied from the web put no-break spaces between words
		// ("Winnti\u00a0group"): every rule reads them as spaces, and the
		// result's offsets and surface forms are the text's own.
		norm, pos := foldNBSP(text)
		res := extractWith(norm, d, opt)
		res.remap(text, pos)
		return res
	}
	return extractWith(text, d, opt)
}

func extractWith(text string, d *Dictionary, opt Options) *Result {
	if d == nil {
		d = builtinDict()
	}
	res := newResult()
	sents := splitSentences(text)
	res.addIndicators(text, sents, d, opt)
	hits, kinds := res.dictionaryHits(text, sents, d)
	hits = dropGeoInsideNames(hits)
	hits = dropInURLs(text, hits)
	hits = dropActorsInCompanyNames(text, hits)
	hits = sameNameKinds(text, hits)
	hits = dropActorsInLongerNames(text, hits)
	if ops := operationActors(text, hits); len(ops) > 0 {
		hits = append(hits, ops...)
		slices.SortStableFunc(hits, func(a, b hit) int { return a.Start - b.Start })
	}
	res.growMentions(kinds)
	res.addMentions(text, sents, hits)
	sortTechniques(res.Techniques)
	res.Counts = findCounts(text, sents, res.Sectors)
	intro := introducedNames(text, sents, hits)
	for _, m := range intro {
		switch m.Kind {
		case KindActor:
			res.Actors = append(res.Actors, m)
		case KindMalware:
			res.Malware = append(res.Malware, m)
		case KindTool:
			res.Tools = append(res.Tools, m)
		}
	}
	sortMentions(res.Actors, res.Malware, res.Tools)
	withIntro, inner := withIntroducedActors(text, sents, hits, intro)
	if len(inner) > 0 {
		// "Lynx" inside the introduced group name "Quartz Lynx" is no
		// malware.
		for _, ms := range []*[]Mention{&res.Actors, &res.Malware, &res.Tools} {
			*ms = slices.DeleteFunc(*ms, func(m Mention) bool { return inner[m.Start] && m.ID != "" })
		}
	}
	res.Claims = findClaims(text, sents, withIntro)
	assignRoles(text, sents, res)
	return res
}

// addIndicators adds the indicators of the (refanged) text, and the CVE
// and ATT&CK technique ids among them.
func (res *Result) addIndicators(text string, sents *sentences, d *Dictionary, opt Options) {
	rf := refang(text)
	publisher := registeredDomain(opt.Publisher)
	raws := scanIndicators(&rf)
	// The lists are grown once to their likely size: on a long text, growing
	// them append by append copies them several times over.
	res.Indicators = slices.Grow(res.Indicators, len(raws))
	for _, r := range raws {
		s, e := rf.origStart(r.start), rf.origEnd(r.end)
		if s < 0 || e > len(text) || s >= e {
			continue
		}
		ind := Indicator{
			Type: r.typ, Value: r.value, Warning: indicatorWarning(text, r, s, e, publisher),
			Text: text[s:e], Defanged: r.defanged, Start: s, End: e, Sentence: sents.quote(s, e),
		}
		res.Indicators = append(res.Indicators, ind)
		switch r.typ {
		case TypeCVE:
			res.CVEs = append(res.CVEs, CVE{ID: r.value, Mention: ind.Text, Start: s, End: e, Sentence: ind.Sentence})
		case TypeAttackTechnique:
			res.Techniques = append(res.Techniques, Technique{ID: r.value, Name: d.techNames[r.value], Mention: ind.Text, Via: "id", Start: s, End: e, Sentence: ind.Sentence})
		}
	}
}

// dictionaryHits adds the techniques the dictionary finds by name or
// phrase and returns its other matches, to be judged, with how many
// matches of each kind it found.
func (res *Result) dictionaryHits(text string, sents *sentences, d *Dictionary) ([]hit, map[string]int) {
	ms := d.find(text)
	kinds := map[string]int{}
	for _, m := range ms {
		kinds[d.entries[m.entry].Kind]++
	}
	res.Techniques = slices.Grow(res.Techniques, kinds[KindTechnique])
	hits := make([]hit, 0, len(ms)-kinds[KindTechnique])
	for _, m := range ms {
		e := &d.entries[m.entry]
		quote := sents.quote(m.start, m.end)
		surface := text[m.start:m.end]
		if e.Kind == KindTechnique {
			via := "name"
			if e.builtin {
				via = "phrase"
			}
			res.Techniques = append(res.Techniques, Technique{ID: e.ID, Name: d.techNames[e.ID], Mention: surface, Via: via, Start: m.start, End: m.end, Sentence: quote})
			continue
		}
		mn := Mention{Kind: e.Kind, Name: e.Canonical, Mention: surface, ID: e.ID, Start: m.start, End: m.end, Sentence: quote}
		if e.Kind == KindCountry {
			if end, ok := languageArea(text, m.end); ok {
				// "a French-speaking region": a language's area, not
				// the country.
				area := text[m.start:end]
				mn = Mention{Kind: KindRegion, Name: area, Mention: area, ID: area, Start: m.start, End: end, Sentence: sents.quote(m.start, end)}
			}
		}
		hits = append(hits, hit{Mention: mn, sentence: sents.index(m.start), listOnly: e.listOnly})
	}
	return hits, kinds
}

// languageAreaNouns name the area where a language is spoken.
var languageAreaNouns = []string{"regions", "region", "countries", "country", "world", "nations", "areas", "area", "territories", "communities"}

// languageArea reads "-speaking region" (or countries, world...) right
// after a demonym that ends at i, and returns where the phrase ends.
func languageArea(text string, i int) (int, bool) {
	const speaking = "-speaking "
	if !strings.HasPrefix(text[i:], speaking) {
		return 0, false
	}
	j := i + len(speaking)
	for _, n := range languageAreaNouns {
		if strings.HasPrefix(text[j:], n) && (j+len(n) == len(text) || !isWordByte(text[j+len(n)])) {
			return j + len(n), true
		}
	}
	return 0, false
}

// addMentions adds the hits to their lists: sectors only where the text
// speaks of victims' sectors, organisations with their role.
func (res *Result) addMentions(text string, sents *sentences, hits []hit) {
	var cues cueCache
	for i := range hits {
		h := &hits[i]
		switch h.Kind {
		case KindActor:
			res.Actors = append(res.Actors, h.Mention)
		case KindMalware:
			res.Malware = append(res.Malware, h.Mention)
		case KindTool:
			res.Tools = append(res.Tools, h.Mention)
		case KindCampaign:
			res.Campaigns = append(res.Campaigns, h.Mention)
		case KindSector:
			if sectorOfVictims(text, sents, &cues, hits, i) {
				res.Sectors = append(res.Sectors, h.Mention)
			}
		case KindCountry, KindRegion:
			res.Countries = append(res.Countries, h.Mention)
		case KindOrganization:
			h.Role = orgRole(text, sents, &cues, h.Mention)
			res.Organizations = append(res.Organizations, h.Mention)
		}
	}
}

// sectorOfVictims reports whether the sector hit i names the sector of
// victims, not a name, an impersonated brand, a lure's theme or a
// responder.
func sectorOfVictims(text string, sents *sentences, cues *cueCache, hits []hit, i int) bool {
	h := &hits[i]
	if !cues.has(sents, h.Start, sectorCues) || sectorInName(text, h.Mention) || inProperName(text, sents, h.Mention) || impersonated(sents, h.Mention) || lureTheme(sents, h.Mention) {
		return false
	}
	if responderSectors[h.ID] && !cues.has(sents, h.Start, sectorVictimCues) {
		return false
	}
	if h.listOnly && !inSectorList(text, hits, i) && !sectorNounAfter(text, h.Mention) {
		return false
	}
	return h.Name != multiSector || !otherSectorInSentence(hits, i)
}

// companyHeads, after a name, make it a company's or a product's:
// "Alibaba Cloud" is no alias of Cleaver, "Carbanak Technologies" no
// group.
var companyHeads = wordSet(`Cloud Inc Ltd Corp Corporation Technologies Technology Holdings Airlines Airways Bank Telecom Labs Software Systems Networks University`)

// dropActorsInCompanyNames drops the actor names that start a company's
// or a product's name.
func dropActorsInCompanyNames(text string, hs []hit) []hit {
	out := hs[:0]
	for _, h := range hs {
		if h.Kind == KindActor && h.End+1 < len(text) && text[h.End] == ' ' {
			j := h.End + 1
			for j < len(text) && (isWordByte(text[j]) || text[j] == '.') {
				j++
			}
			if companyHeads[text[h.End+1:j]] || companyHeads[strings.TrimRight(text[h.End+1:j], ".")] {
				continue
			}
		}
		out = append(out, h)
	}
	return out
}

// nameTails may follow an actor's name without making another name of it
// ("Medusa Ransomware", "Turla Group").
var nameTails = wordSet(`Group Team Gang Crew Ransomware Malware Operators Operation Operations Campaign Actor Actors Affiliates Hackers Backdoor Loader Stealer Botnet Toolkit Leaks Leak`)

// dropActorsInLongerNames drops a one-word actor name that the text
// writes, again and again, as the start of a longer name: "Medusa Lynx
// rents its locker", "the Medusa Lynx leak site" name Medusa Lynx, which
// no dictionary holds, not the Medusa group. A next word that is itself a
// dictionary name ("Turla Kazuar") and a headline repeated as a page's
// title and heading ("Kimsuky Targets Think Tanks") coin no name.
func dropActorsInLongerNames(text string, hs []hit) []hit {
	starts := map[int]bool{} // where another name, of any kind, starts
	for _, h := range hs {
		starts[h.Start] = true
	}
	out := hs[:0]
	for _, h := range hs {
		// A code name ("TA544 Ursnif campaigns") qualifies what
		// follows; a word name ("Medusa") may open a two-word name.
		if h.Kind == KindActor && titleWord(h.Mention.Mention) && h.End+1 < len(text) && text[h.End] == ' ' && !starts[h.End+1] {
			w, _ := rawWordAt(text, h.End+1)
			if titleWord(w) && !nameTails[w] && countOutsideHeadings(text, h.Mention.Mention+" "+w) >= 2 {
				continue
			}
		}
		out = append(out, h)
	}
	return out
}

// countOutsideHeadings counts the times s is written outside heading-like
// lines: a page's title and its first heading often repeat one headline
// ("Kimsuky Targets Think Tanks"), which is no coined name.
func countOutsideHeadings(text, s string) int {
	n := 0
	for i := 0; ; i += len(s) {
		k := strings.Index(text[i:], s)
		if k < 0 {
			return n
		}
		i += k
		start := strings.LastIndexByte(text[:i], '\n') + 1
		end := strings.IndexByte(text[i:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += i
		}
		if !titleLine(text[start:end]) {
			n++
		}
	}
}

// titleLine reports whether a line reads as a headline: title-cased
// words with no final period.
func titleLine(line string) bool {
	line = strings.TrimSpace(line)
	return line != "" && !strings.HasSuffix(line, ".") && titleCased(line)
}

// titleWord reports whether w is a capitalised word of ASCII letters with
// the rest lower-case ("Lynx", not "APT" or "the").
func titleWord(w string) bool {
	if len(w) < 3 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for i := 1; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// dropInURLs drops the names inside a URL or a Markdown link target
// ("wired.com/story/sandworm-android-malware/"): the words of a path are
// the linked page's, and the text around the link names what it means.
func dropInURLs(text string, hs []hit) []hit {
	out := hs[:0]
	for _, h := range hs {
		if !inURL(text, h.Start) {
			out = append(out, h)
		}
	}
	return out
}

// inURL reports whether the byte at p is inside a URL: the run of
// non-space characters before it starts with a scheme or "www.", or is
// the target of a Markdown link "](...)".
func inURL(text string, p int) bool {
	i := p
	for i > 0 && p-i < 400 {
		c := text[i-1]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '<' || c == '"' || c == '[' {
			break
		}
		if c == '(' {
			return i >= 2 && text[i-2] == ']' && i < p
		}
		i--
	}
	if i == p {
		return false
	}
	tok := asciiLower(text[i:min(p, i+8)])
	return strings.HasPrefix(tok, "http://") || strings.HasPrefix(tok, "https://") || strings.HasPrefix(tok, "hxxp") || strings.HasPrefix(tok, "www.")
}

// hit is a name mention with the number of its sentence.
type hit struct {
	Mention
	sentence int
	listOnly bool // a generic sector name, counted only in a list of sectors
}

// dropGeoInsideNames settles conflicting kinds on the same span: a country
// wins over a same-span malware or actor name that is a country ("Cuba").
func dropGeoInsideNames(hs []hit) []hit {
	out := hs[:0]
	for i := 0; i < len(hs); i++ {
		h := hs[i]
		if h.Kind != KindCountry && h.Kind != KindRegion {
			geo := false
			for j := i - 1; j >= 0 && hs[j].Start == h.Start; j-- {
				if hs[j].End == h.End && (hs[j].Kind == KindCountry || hs[j].Kind == KindRegion) {
					geo = true
				}
			}
			for j := i + 1; j < len(hs) && hs[j].Start == h.Start; j++ {
				if hs[j].End == h.End && (hs[j].Kind == KindCountry || hs[j].Kind == KindRegion) {
					geo = true
				}
			}
			if geo {
				continue
			}
		}
		out = append(out, h)
	}
	return out
}

// growMentions grows the mention lists to hold the given number of
// mentions of each kind.
func (r *Result) growMentions(kinds map[string]int) {
	for _, l := range []struct {
		list  *[]Mention
		kinds []string
	}{
		{&r.Actors, []string{KindActor}}, {&r.Malware, []string{KindMalware}}, {&r.Tools, []string{KindTool}},
		{&r.Campaigns, []string{KindCampaign}}, {&r.Sectors, []string{KindSector}},
		{&r.Countries, []string{KindCountry, KindRegion}}, {&r.Organizations, []string{KindOrganization}},
	} {
		n := 0
		for _, k := range l.kinds {
			n += kinds[k]
		}
		*l.list = slices.Grow(*l.list, n)
	}
}

// sortMentions keeps lists in text order after introduced names join them.
func sortMentions(lists ...[]Mention) {
	for _, l := range lists {
		slices.SortStableFunc(l, func(a, b Mention) int { return a.Start - b.Start })
	}
}

func sortTechniques(ts []Technique) {
	// A stable sort moving the (large) structs costs more than ordering
	// their indexes, with the index as the tie-break, and moving each once.
	idx := make([]int32, len(ts))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		if d := ts[a].Start - ts[b].Start; d != 0 {
			return d
		}
		return int(a - b)
	})
	sorted := make([]Technique, len(ts))
	for i, j := range idx {
		sorted[i] = ts[j]
	}
	copy(ts, sorted)
}

var sourceCues = []string{"according to", "report", "said", "says", "told", "published", "research", "analys", "discovered", "observed", "assess", "blog", "warned", "noted", "found", "tracks", "tracked", "attribut", "wrote", "stated", "disclosed"}
var victimCues = []string{"breach", "hacked", "compromis", "targeted", "victim", "attack on", "attacks on", "attacked", "infiltrat", "impacted", "affected", "intrusion at", "hit by", "stolen from", "ransomed"}

// orgRole says whether an organisation is quoted as a source or named as a
// victim, from the words of its sentence; security vendors and agencies
// default to source.
func orgRole(text string, sents *sentences, cc *cueCache, m Mention) string {
	src, vic := cc.has(sents, m.Start, sourceCues), cc.has(sents, m.Start, victimCues)
	switch {
	case vic && !src:
		return "victim"
	case src:
		return "source"
	}
	return ""
}

// cueCache answers "does the sentence around offset p hold one of these
// cues?" once per sentence (or, in a very long sentence, once per 256-byte
// stretch, reading a window around it), so a text packed with names costs
// no more than one look per sentence.
type cueCache struct {
	m map[cueKey]bool
}

type cueKey struct {
	from int
	list *string
}

func (c *cueCache) has(sents *sentences, p int, cues []string) bool {
	a, b := sents.span(p)
	if b-a > 600 {
		bucket := p &^ 255
		a, b = max(a, bucket-200), min(b, bucket+456)
	}
	k := cueKey{a, &cues[0]}
	if v, ok := c.m[k]; ok {
		return v
	}
	var v bool
	if m := cueMatcher(cues); m != nil {
		v = m.containsExact(sents.lower()[a:b])
	} else {
		v = containsAny(sents.lower()[a:b], cues)
	}
	if c.m == nil {
		c.m = map[cueKey]bool{}
	}
	c.m[k] = v
	return v
}

// cueMatchers holds an automaton for each cue list cueCache has read, by
// the address of its first cue.
var cueMatchers sync.Map // *string -> *acMatcher

// cueMatcher returns the automaton of a cue list, one pass over a sentence
// instead of one strings.Contains per cue; nil when it would not find what
// strings.Contains does (see exactPatterns).
func cueMatcher(cues []string) *acMatcher {
	if m, ok := cueMatchers.Load(&cues[0]); ok {
		return m.(*acMatcher)
	}
	m := newACMatcher(cues)
	if !m.exactPatterns() {
		m = nil
	}
	v, _ := cueMatchers.LoadOrStore(&cues[0], m)
	return v.(*acMatcher)
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// indicatorWarning says why the indicator r, at text[s:e], is probably
// benign, or "".
func indicatorWarning(text string, r rawIndicator, s, e int, publisher string) string {
	if w := warning(r.typ, r.value, publisher, r.defanged); w != "" {
		return w
	}
	if r.typ == TypeURL && !r.defanged && referenceLink(text, s, e) {
		return "reference link: a live link in the text, where a report defangs what it means as malicious"
	}
	return ""
}

// ScanIndicators returns only the indicators of text: refanged, normalised,
// with spans and warnings, without sentences. It is the indicator half of
// Extract, for callers that want nothing else.
func ScanIndicators(text string) []Indicator {
	rf := refang(text)
	raws := scanIndicators(&rf)
	out := make([]Indicator, 0, len(raws))
	for _, r := range raws {
		s, e := rf.origStart(r.start), rf.origEnd(r.end)
		if s < 0 || e > len(text) || s >= e {
			continue
		}
		out = append(out, Indicator{Type: r.typ, Value: r.value, Warning: indicatorWarning(text, r, s, e, ""), Text: text[s:e], Defanged: r.defanged, Start: s, End: e})
	}
	return out
}

// Match returns only the dictionary hits in text (names, sectors,
// countries, organisations, technique names and phrases), without
// sentences, in text order. Technique hits have Kind "technique" and the
// technique id as Name.
func (d *Dictionary) Match(text string) []Mention {
	ms := d.find(text)
	out := make([]Mention, 0, len(ms))
	for _, m := range ms {
		e := &d.entries[m.entry]
		out = append(out, Mention{Kind: e.Kind, Name: e.Canonical, Mention: text[m.start:m.end], ID: e.ID, Start: m.start, End: m.end})
	}
	return out
}

// multiSector is the taxonomy's catch-all sector, for "various sectors"
// said without naming them.
const multiSector = "Multiple or unspecified sectors"

// otherSectorInSentence reports whether the sentence of hits[i] names
// another sector: "various sectors such as energy and finance" names its
// sectors, so the catch-all adds nothing.
// Only the nearest hits are looked at, so that a sentence made of
// thousands of names stays linear.
func otherSectorInSentence(hs []hit, i int) bool {
	for j := max(0, i-64); j < min(len(hs), i+65); j++ {
		if j != i && hs[j].sentence == hs[i].sentence && hs[j].Kind == KindSector && hs[j].Name != multiSector {
			return true
		}
	}
	return false
}

// responderSectors are the taxonomy keys of sectors that reports mostly
// name as responders or as the attacker's suppliers, not as victims
// ("disrupted by law enforcement", "security vendors flag it", "domains
// hosted with the same hosting provider"): they count only where the
// sentence speaks of attacks or victims.
var responderSectors = map[string]bool{"law-enforcement": true, "intelligence": true, "cybersecurity": true, "digital-infrastructure": true}

// inSectorList reports whether hits[i] is an item of a list of sectors:
// the hit next to it on either side is a sector, with only a comma, "and",
// "or", "/" or "&" between them.
func inSectorList(text string, hs []hit, i int) bool {
	listed := func(gap string) bool {
		g := strings.ToLower(strings.Join(strings.Fields(gap), ""))
		switch g {
		case ",", "and", ",and", "or", ",or", "/", "&", ";":
			return true
		}
		return false
	}
	for j := i - 1; j >= 0; j-- {
		if hs[j].End <= hs[i].Start {
			if hs[j].Kind == KindSector && listed(text[hs[j].End:hs[i].Start]) {
				return true
			}
			break
		}
	}
	for j := i + 1; j < len(hs); j++ {
		if hs[j].Start >= hs[i].End {
			if hs[j].Kind == KindSector && listed(text[hs[i].End:hs[j].Start]) {
				return true
			}
			break
		}
	}
	return false
}

// sectorNouns follow a sector word to make it name a sector: "defense
// contractors", "financial institutions", "the government sector".
var sectorNouns = wordSet(`sector sectors industry industries organizations organisations organization organisation
companies company firms firm entities entity institutions institution contractors contractor suppliers agencies agency
bodies targets verticals providers manufacturers businesses departments ministries`)

// sectorNounAfter reports whether a sector noun follows m ("defense"
// + "contractors"), possibly after "industrial" ("defense industrial
// base" is said "defense industrial base companies" too).
func sectorNounAfter(text string, m Mention) bool {
	w, next := wordAt(text, m.End)
	if (w == "entity" || w == "entities") && strings.EqualFold(m.Mention, "legal") {
		return false // "legal entities" are juridical persons
	}
	if w == "industrial" {
		if w2, _ := wordAt(text, next); w2 == "base" {
			return true
		}
	}
	return sectorNouns[w]
}

// inProperName reports whether a capitalised sector word is part of a
// proper name ("Michigan State University", "University of London"): the
// organisation is named, not its sector. The word before must itself be
// capitalised and not open the sentence ("Energy firms were hit" and
// "The Energy sector" stay sectors).
func inProperName(text string, sents *sentences, m Mention) bool {
	if m.Mention == "" || m.Mention[0] < 'A' || m.Mention[0] > 'Z' {
		return false
	}
	// "University of London", "Bank of America".
	if after, ok := strings.CutPrefix(text[m.End:min(len(text), m.End+8)], " of "); ok && after != "" && after[0] >= 'A' && after[0] <= 'Z' {
		return true
	}
	a, _ := sents.span(m.Start)
	i := m.Start
	if i < 2 || text[i-1] != ' ' {
		return false
	}
	j := i - 1
	for j > a && text[j-1] != ' ' && text[j-1] != '\n' {
		j--
	}
	prev := text[j : i-1]
	if prev == "" || prev[0] < 'A' || prev[0] > 'Z' || j <= a {
		return false
	}
	for k := 0; k < len(prev); k++ {
		if !isAlnum(prev[k]) && prev[k] < 0x80 {
			return false
		}
	}
	return !nameFunctionWords[prev]
}

// nameFunctionWords are capitalised words that do not make a name in a
// title ("Attacks On Government Agencies").
var nameFunctionWords = map[string]bool{"On": true, "Of": true, "In": true, "And": true, "Or": true, "The": true, "For": true, "To": true, "At": true, "By": true, "With": true, "From": true, "Against": true, "Targets": true, "Targeting": true, "Hits": true}

// sectorBodyWords, before a sector word, make it part of the name of a
// public body ("Department of Health", "Ministry of Information
// Technology"): the body is the organisation, not its field.
var sectorBodyWords = []string{"ministry of ", "minister of ", "department of ", "secretary of ", "bureau of ", "office of ", "commission of ", "committee on ",
	// sponsors, not victims: "actors aligned with governments"
	"aligned with ", "backed by ", "sponsored by ", "on behalf of ", "working for ", "linked to "}

// sectorThingWords, right after a sector word, make it describe a thing
// rather than the organisations of the sector: "insurance claim",
// "health claim themes", "bank account".
var sectorThingWords = []string{"claim", "claims", "theme", "themes", "themed", "account", "accounts", "login", "logins", "credential", "credentials", "platform", "platforms"}

// sectorInName reports whether a sector mention names a thing or a public
// body rather than the sector.
func sectorInName(text string, m Mention) bool {
	before := asciiLower(text[max(0, m.Start-24):m.Start])
	for _, w := range sectorBodyWords {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	// "government-backed", "state-sponsored": the sponsor of an actor.
	for _, w := range []string{"-backed", "-linked", "-sponsored", "-aligned", "-affiliated", "-nexus"} {
		if strings.HasPrefix(text[m.End:], w) {
			return true
		}
	}
	// The word after, past an abbreviation in brackets: "Managed Service
	// Provider (MSP) platform".
	after := text[m.End:min(len(text), m.End+40)]
	after = strings.TrimPrefix(after, ")")
	if strings.HasPrefix(after, " (") {
		if k := strings.IndexByte(after, ')'); k > 0 && k < 16 {
			after = after[k+1:]
		}
	}
	if len(after) > 0 && after[0] == ' ' {
		after = after[1:]
		n := 0
		for n < len(after) && isASCIILetter(after[n]) {
			n++
		}
		return slices.Contains(sectorThingWords, asciiLower(after[:n]))
	}
	return false
}

// impersonationCues and sectorVictimCues decide whom a sector names when the
// sentence speaks of a disguise: "purports to be Italian courier or energy
// organizations" names the disguise, not the victims.
var (
	impersonationCues = []string{"impersonat", "spoof", "masquerad", "purport", "pretend", "posing as", "poses as", "pose as", "disguis", "mimick", "mimic "}
	sectorVictimCues  = []string{"target", "attack", "breach", "compromis", "victim", "against", "infect", "hit ", "affect", "impact"}
)

// impersonated reports whether the nearest of those cues before a sector
// mention, in its sentence, is a disguise.
func impersonated(sents *sentences, m Mention) bool {
	a, _ := sents.span(m.Start)
	a = max(a, m.Start-400)
	before := sents.lower()[a:m.Start]
	if cm := cueMatcher(impersonationCues); cm != nil && !cm.containsExact(before) {
		return false // no disguise: one pass says so, where last searches once a cue
	}
	last := func(cues []string) int {
		at := -1
		for _, c := range cues {
			at = max(at, strings.LastIndex(before, c))
		}
		return at
	}
	imp := last(impersonationCues)
	return imp >= 0 && imp > last(sectorVictimCues)
}

// lureTheme reports whether a sector word names the theme of lures, not
// their targets: "finance-themed emails", or a list of themes, "lures
// included legal, media release and health claim themes". The theme word
// must be attached to the sector word, or end a list that reads as one
// (commas, "and", "or", nouns: no word of attack, no preposition) -
// "targeted the energy sector with COVID-themed lures" keeps its target.
func lureTheme(sents *sentences, m Mention) bool {
	_, b := sents.span(m.Start)
	b = min(b, m.End+120)
	if b <= m.End {
		return false
	}
	after := sents.lower()[m.End:b]
	for _, p := range []string{"-themed", " themed", "-theme", " theme"} {
		if strings.HasPrefix(after, p) {
			return true
		}
	}
	theme := strings.Index(after, "theme")
	if theme < 0 {
		return false
	}
	between := after[:theme]
	if !strings.Contains(between, ",") && !strings.Contains(between, " and ") && !strings.Contains(between, " or ") {
		return false
	}
	for _, w := range strings.FieldsFunc(between, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if notInThemeList[w] {
			return false
		}
	}
	for _, c := range sectorVictimCues {
		if strings.Contains(between, c) {
			return false
		}
	}
	return true
}

// notInThemeList are words that end a list of lure themes: a sentence
// that has them says something else ("targeted X with Y-themed lures").
var notInThemeList = wordSet(`with using via by through in on to for from at of into against as sent send sends
delivered delivering deliver used use uses targeting targeted target targets lured lure lures`)

// sectorCues are the words that make a sector word a sector of victims or
// of interest, rather than a word in passing ("bank account", "energy
// reserves" in a history paragraph).
var sectorCues = []string{"target", "attack", "breach", "compromis", "victim", "hit ", "affect", "impact", "infiltrat",
	"intru", "sector", "industr", "organi", "compan", "entit", "provider", "operator", "firm", "institution", "agenc",
	"customer", "subscriber", "vertical", "espionage", "campaign", "against", "ransomware", "phishing", "lure"}

const nbsp = "\u00a0"

// foldNBSP replaces each no-break space (two bytes) with a space; at
// lists, in order, the offsets in the result of the spaces that were
// no-break spaces, from which remap finds the text's offsets.
func foldNBSP(text string) (string, []int) {
	var b strings.Builder
	b.Grow(len(text))
	var at []int
	for {
		k := strings.Index(text, nbsp)
		if k < 0 {
			b.WriteString(text)
			return b.String(), at
		}
		b.WriteString(text[:k])
		at = append(at, b.Len())
		b.WriteByte(' ')
		text = text[k+len(nbsp):]
	}
}

// remap turns a result's offsets into the original text's and takes its
// surface forms from there. at holds the folded no-break spaces' offsets:
// each one before an offset moved it back by one byte.
func (r *Result) remap(text string, at []int) {
	orig := func(n int) int { return n + sort.SearchInts(at, n) }
	span := func(s, e *int) string {
		a, b := orig(*s), orig(*e)
		if *e > *s {
			// the last byte of the span, and all of it if it was a
			// no-break space
			last := *e - 1
			b = orig(last) + 1
			if k := sort.SearchInts(at, last); k < len(at) && at[k] == last {
				b = orig(last) + len(nbsp)
			}
		}
		*s, *e = a, b
		return text[a:b]
	}
	for i := range r.Indicators {
		x := &r.Indicators[i]
		x.Text = span(&x.Start, &x.End)
	}
	for _, l := range [][]Mention{r.Actors, r.Malware, r.Tools, r.Campaigns, r.Sectors, r.Countries, r.Organizations} {
		for i := range l {
			l[i].Mention = span(&l[i].Start, &l[i].End)
		}
	}
	for i := range r.Techniques {
		x := &r.Techniques[i]
		x.Mention = span(&x.Start, &x.End)
	}
	for i := range r.CVEs {
		x := &r.CVEs[i]
		x.Mention = span(&x.Start, &x.End)
	}
	for i := range r.Counts {
		x := &r.Counts[i]
		x.Phrase = span(&x.Start, &x.End)
	}
	for i := range r.Claims {
		x := &r.Claims[i]
		x.Evidence = span(&x.Start, &x.End)
	}
}

// hitsInside returns the starts of the hits that overlap [s, e), and
// whether they all lie inside it; an actor's hit there counts as covering
// it, unless it is a common word read as an actor's name that the longer
// name goes on from ("Copper" in "Copper Wren").
func hitsInside(text string, hs []hit, s, e int) ([]int, bool) {
	i, _ := slices.BinarySearchFunc(hs, e, func(h hit, e int) int { return h.Start - e })
	var in []int
	for j := i - 1; j >= 0 && j >= i-16; j-- {
		if hs[j].End <= s {
			continue
		}
		if hs[j].Start < s || hs[j].End > e || hs[j].Kind == KindActor && !(commonWordActor(text, hs[j]) && hs[j].End-hs[j].Start < e-s) {
			return nil, false
		}
		in = append(in, hs[j].Start)
	}
	return in, true
}

// withIntroducedActors adds a hit for each place the text writes an actor
// name it introduces ("a group we dubbed ReconHellcat", then "ReconHellcat
// used"), so that claims read it as a subject or an object as they read a
// known name. The hits carry no id: the knowledge holds nothing to link.
// A hit inside such a name ("Lynx" in "Quartz Lynx") is dropped; inner
// holds the starts of those.
func withIntroducedActors(text string, sents *sentences, hits []hit, intro []Mention) ([]hit, map[int]bool) {
	var add []hit
	inner := map[int]bool{} // starts of hits inside an introduced name ("Lynx" in "Quartz Lynx")
	for _, m := range intro {
		if m.Kind != KindActor || len(m.Name) < 3 {
			continue
		}
		for at := 0; ; {
			k := strings.Index(text[at:], m.Name)
			if k < 0 {
				break
			}
			s, e := at+k, at+k+len(m.Name)
			at = e
			if s > 0 && isWordByte(text[s-1]) || e < len(text) && isWordByte(text[e]) {
				continue
			}
			if in, ok := hitsInside(text, hits, s, e); !ok {
				continue // a longer name covers it
			} else {
				for _, k := range in {
					inner[k] = true
				}
			}
			mn := Mention{Kind: KindActor, Name: m.Name, Mention: m.Name, Start: s, End: e, Sentence: sents.quote(s, e)}
			add = append(add, hit{Mention: mn, sentence: sents.index(s)})
		}
	}
	if len(add) == 0 {
		return hits, nil
	}
	if len(inner) > 0 {
		hits = slices.DeleteFunc(slices.Clone(hits), func(h hit) bool { return inner[h.Start] })
	}
	byStart := func(a, b hit) int { return a.Start - b.Start }
	slices.SortStableFunc(add, byStart)
	if !slices.IsSortedFunc(hits, byStart) {
		out := append(slices.Clip(hits), add...)
		slices.SortStableFunc(out, byStart)
		return out, inner
	}
	// Merge, a hit before an added one at the same offset, as a stable
	// sort of hits then add would: the hits are many, the added few.
	out := make([]hit, 0, len(hits)+len(add))
	for len(add) > 0 {
		i, _ := slices.BinarySearchFunc(hits, add[0].Start+1, func(h hit, start int) int { return h.Start - start })
		out = append(append(out, hits[:i]...), add[0])
		hits, add = hits[i:], add[1:]
	}
	return append(out, hits...), inner
}
