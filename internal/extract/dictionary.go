package extract

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/telltale-cti/telltale"
)

// Kinds of dictionary entries: the root package's kinds of names.
const (
	KindActor        = telltale.KindActor
	KindMalware      = telltale.KindMalware
	KindTool         = telltale.KindTool
	KindCampaign     = telltale.KindCampaign
	KindSector       = telltale.KindSector
	KindCountry      = telltale.KindCountry
	KindRegion       = telltale.KindRegion
	KindOrganization = telltale.KindOrganization
	KindTechnique    = telltale.KindTechnique
)

// Entry is one surface form to look for: the root package's NameEntry
// (Name is the form as it appears in text, Canonical what a match
// reports, ID the object id or key the caller wants back; for
// KindTechnique, the ATT&CK id).
type Entry = telltale.NameEntry

// caseRule says how the case of a match is checked against its pattern.
type caseRule uint8

const (
	caseAny        caseRule = iota // any case
	caseExact                      // as written, or all upper-case
	caseExactInner                 // as written or all upper-case (an actor's capitals also capitalised), and not the first word of a sentence
	caseCapital                    // any case after an upper-case first letter
)

type dictEntry struct {
	Entry
	name    string // the surface form as given
	rule    caseRule
	stem    bool // match a word prefix (no right boundary), for technique phrases
	builtin bool // a built-in technique phrase
	// listOnly marks a generic sector name ("Defense", "Military") that
	// names its sector only inside a list of sectors.
	listOnly bool
	// confirm: the name counts only in a text where some occurrence of it
	// stands next to a context word (confirmCommonWords).
	confirm bool
	// own: the entry's name is the name it reports (or a variant of it).
	own bool
}

// secondaryWord reports whether the entry is a one-word actor alias that
// is not the actor's own name and has no digit: such synonyms are often
// also the names of products and companies ("Electrum", "Alibaba"), so
// they need context, unlike "APT28", "Sofacy Group" or an actor's name.
func (e *dictEntry) secondaryWord() bool {
	if e.Kind != KindActor || e.own || !isWord(e.name) {
		return false
	}
	for i := 0; i < len(e.name); i++ {
		if isDigit(e.name[i]) {
			return false
		}
	}
	return true
}

// Dictionary is a compiled set of entries; build it once with NewDictionary
// and share it: it is read-only and safe for concurrent use.
type Dictionary struct {
	ac       *acMatcher
	patterns [][]int32 // pattern id -> indexes into entries
	entries  []dictEntry
	// techNames maps a technique id to its name, from the caller's
	// KindTechnique entries.
	techNames map[string]string
}

// Len reports the number of patterns (distinct folded surface forms).
func (d *Dictionary) Len() int { return len(d.patterns) }

// Options for NewDictionaryWith.
type DictOptions struct {
	// NoGeo leaves out the built-in countries, regions and demonyms.
	NoGeo bool
	// NoBuiltins leaves out the built-in security vendors and agencies and the
	// built-in technique phrases.
	NoBuiltins bool
}

// NewDictionary compiles entries, plus the built-in geography (countries,
// regions, demonyms), security vendors and agencies, and ATT&CK technique
// phrases. Names that are too short, stop words ("will", "victim") or
// generic security vocabulary are dropped; short acronyms and names that are
// also common English words only match with the case they are written in,
// and common words not as the first word of a sentence.
func NewDictionary(entries []Entry) *Dictionary {
	return NewDictionaryWith(entries, DictOptions{})
}

// NewDictionaryWith is NewDictionary with options.
func NewDictionaryWith(entries []Entry, opt DictOptions) *Dictionary {
	all := make([]dictEntry, 0, len(entries)+1024)
	add := func(e Entry, stem bool) {
		e.Name = strings.TrimSpace(e.Name)
		if e.Canonical == "" {
			e.Canonical = e.Name
		}
		for _, v := range variants(e.Name, e.Kind) {
			rule, ok := ruleFor(v, e.Kind)
			if !ok {
				continue
			}
			de := dictEntry{Entry: e, name: v, rule: rule, stem: stem, listOnly: e.ListOnly, own: foldString(e.Name) == foldString(e.Canonical)}
			de.confirm = rule == caseExactInner && e.Kind != KindTechnique || de.secondaryWord()
			all = append(all, de)
		}
	}
	for _, e := range entries {
		add(e, false)
	}
	if !opt.NoGeo {
		for _, e := range geoEntries() {
			add(e, false)
		}
	}
	if !opt.NoBuiltins {
		for _, e := range organizationEntries() {
			add(e, false)
		}
		for _, p := range techniquePhrases() {
			all = append(all, dictEntry{Entry: Entry{Kind: KindTechnique, Name: p.phrase, Canonical: p.id, ID: p.id}, name: p.phrase, rule: caseAny, stem: p.stem, builtin: true})
		}
	}
	// Deterministic order: by folded name, then kind, canonical, id.
	sort.SliceStable(all, func(i, j int) bool {
		a, b := &all[i], &all[j]
		fa, fb := foldString(a.name), foldString(b.name)
		if fa != fb {
			return fa < fb
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Canonical != b.Canonical {
			return a.Canonical < b.Canonical
		}
		return a.ID < b.ID
	})
	d := &Dictionary{techNames: map[string]string{}}
	for _, e := range entries {
		if e.Kind == KindTechnique && e.ID != "" && e.Canonical != "" {
			if _, ok := d.techNames[e.ID]; !ok {
				d.techNames[e.ID] = e.Canonical
			}
		}
	}
	var pats []string
	index := map[string]int32{}
	seen := map[[4]string]bool{}
	for _, e := range all {
		key := [4]string{e.name, e.Kind, e.Canonical, e.ID}
		if seen[key] {
			continue
		}
		seen[key] = true
		f := foldString(e.name)
		id, ok := index[f]
		if !ok {
			id = int32(len(pats))
			index[f] = id
			pats = append(pats, f)
			d.patterns = append(d.patterns, nil)
		}
		d.entries = append(d.entries, e)
		d.patterns[id] = append(d.patterns[id], int32(len(d.entries)-1))
	}
	d.ac = newAnchoredACMatcher(pats)
	return d
}

// variants returns the surface forms to match for a name: the name itself,
// and for code-like names with digits ("APT-C-23", "ATK 51", "TEMP.Zagros")
// the forms with the separator changed, as vendors write them all ways.
func variants(name, kind string) []string {
	if name == "" {
		return nil
	}
	out := []string{name}
	if kind == KindCountry || kind == KindRegion || kind == KindSector || kind == KindTechnique {
		return out
	}
	if (kind == KindTool || kind == KindMalware) && isWord(name) {
		// Command-line tools are named by their executable: "ping.exe",
		// "whoami.exe"; unambiguous even when "ping" alone is a stop word.
		out = append(out, name+".exe")
	}
	if kind == KindActor {
		out = actorShortForms(out, name)
	}
	return separatorVariants(out, name)
}

// actorShortForms appends to out an actor's name without its "Group",
// "Team" or "Gang" suffix ("Lazarus Group", "Sandworm Team": reports drop
// the suffix), when the short form is one distinctive word.
func actorShortForms(out []string, name string) []string {
	for _, suffix := range []string{" Group", " Team", " Gang", " group", " team"} {
		if short, ok := strings.CutSuffix(name, suffix); ok && !strings.Contains(short, " ") && len(short) >= 5 && !commonWords[strings.ToLower(short)] {
			out = append(out, short)
		}
	}
	return out
}

// separatorVariants appends to out the forms of a code-like name with its
// separators changed ("APT-C-23", "APT C 23", "APTC23") or, for a name
// with none, with one added at its letter/digit change ("APT 41").
func separatorVariants(out []string, name string) []string {
	hasDigit := strings.ContainsAny(name, "0123456789")
	hasSep := strings.ContainsAny(name, " -.")
	if hasSep && (hasDigit || strings.Contains(name, ".")) && len(name) <= 24 {
		for _, sep := range []string{"", " ", "-", "."} {
			v := strings.NewReplacer(" ", sep, "-", sep, ".", sep).Replace(name)
			if v != name {
				out = append(out, v)
			}
		}
	}
	if !hasSep && hasDigit {
		// APT41 -> APT 41, APT-41; only at a letter/digit change.
		for i := 1; i < len(name); i++ {
			if isASCIILetter(name[i-1]) && isDigit(name[i]) {
				out = append(out, name[:i]+" "+name[i:], name[:i]+"-"+name[i:])
				break
			}
		}
	}
	return out
}

// ruleFor decides whether a surface form is matched at all, and with which
// case rule.
func ruleFor(name, kind string) (caseRule, bool) {
	f := strings.ToLower(name)
	n := utf8.RuneCountInString(name)
	if n < 2 {
		return 0, false
	}
	switch kind {
	case KindSector:
		return sectorRule(name, f, n)
	case KindCountry, KindRegion:
		return caseExact, true
	case KindTechnique:
		return techniqueRule(f, n)
	}
	return nameRule(name, f, n)
}

// sectorRule is ruleFor for a sector's surface form name, lower-cased f,
// of n runes.
func sectorRule(name, f string, n int) (caseRule, bool) {
	if isAcronym(name) {
		// "IT", "ICS": upper-case only, so "it" is never a sector.
		return caseExact, true
	}
	if stopWords[f] || n < 3 {
		return 0, false
	}
	return caseAny, true
}

// techniqueRule is ruleFor for a technique's surface form, lower-cased f,
// of n runes.
func techniqueRule(f string, n int) (caseRule, bool) {
	if n < 4 || stopWords[f] || genericWords[f] {
		return 0, false
	}
	if commonWords[f] {
		return caseExactInner, true
	}
	return caseAny, true
}

// nameRule is ruleFor for the name of an actor, malware, tool or other
// named thing: surface form name, lower-cased f, of n runes.
func nameRule(name, f string, n int) (caseRule, bool) {
	if stopWords[f] || genericWords[f] {
		return 0, false
	}
	if n < 3 {
		return 0, false
	}
	if !hasLetter(name) {
		return 0, false // "2017", "404"
	}
	if commonWords[f] {
		return caseExactInner, true
	}
	if commonPhrase(f) {
		// "Hacking Team", "Sea Turtle": a name made of common words is
		// a name only capitalised ("a North Korean hacking team" is
		// none).
		return caseCapital, true
	}
	if isAcronym(name) && n <= 5 {
		return caseExact, true
	}
	if strings.ContainsAny(name, "0123456789") && strings.Contains(name, " ") && !strings.ContainsAny(name[:1], "0123456789") {
		// "Group 13", "Unit 42": a common word and a number.
		return caseCapital, true
	}
	if n <= 5 || isAcronym(name) {
		// Short mixed-case names (QBot, Ryuk) and vendor upper-case
		// names (NETWIRE, BADNEWS) are written either way, but always
		// capitalised.
		return caseCapital, true
	}
	if !strings.ContainsAny(name, " -") && isLower(name) && n <= 6 {
		// Short lower-case tool names (whoami, nbtstat) are real commands
		// but also ordinary tokens; keep them case-exact.
		return caseExact, true
	}
	return caseAny, true
}

// commonPhrase reports whether a lower-cased name of several words is
// made only of common words.
func commonPhrase(f string) bool {
	words := strings.Fields(f)
	if len(words) < 2 {
		return false
	}
	for _, w := range words {
		if !commonWords[w] {
			return false
		}
	}
	return true
}

func isAcronym(s string) bool {
	upper := 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			return false
		}
	}
	return upper > 0 && len(s) <= 8
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func isLower(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool       { return c >= '0' && c <= '9' }

// isWordByte reports whether c continues a word for boundary checks. Bytes
// of multi-byte UTF-8 sequences do not, so "China’s" and «Green» match.
func isWordByte(c byte) bool {
	return c < 0x80 && (isASCIILetter(c) || isDigit(c) || c == '_')
}

// match is one dictionary hit in text.
type match struct {
	start, end int
	entry      int32
}

// find returns the hits of the dictionary in text: word-bounded, case rules
// applied, overlaps resolved leftmost-longest (several entries on the very
// same span are all kept: a name can be both a group and its malware).
func (d *Dictionary) find(text string) []match {
	if d == nil || d.ac == nil {
		return nil
	}
	var cands []match
	d.ac.scan(text, func(id int32, end int) {
		start := end - int(d.ac.lengths[id])
		if start > 0 && isWordByte(text[start-1]) && isWordByte(text[start]) {
			return
		}
		rightOK := end >= len(text) || !(isWordByte(text[end]) && isWordByte(text[end-1]))
		for _, ei := range d.patterns[id] {
			e := &d.entries[ei]
			if !rightOK && !e.stem {
				continue
			}
			if !caseOK(text, start, end, e) {
				continue
			}
			cands = append(cands, match{start, end, ei})
		}
	})
	if len(cands) == 0 {
		return nil
	}
	slices.SortStableFunc(cands, func(x, y match) int {
		if x.start != y.start {
			return x.start - y.start
		}
		return y.end - x.end
	})
	cands = confirmCommonWords(text, cands, d)
	// Technique phrases and names are resolved separately: a phrase such as
	// "cobalt strike" must not hide the tool's name, nor the reverse.
	out := cands[:0]
	var lastStart, lastEnd [2]int
	lastStart, lastEnd = [2]int{-1, -1}, [2]int{-1, -1}
	for _, c := range cands {
		f := 0
		if d.entries[c.entry].Kind == KindTechnique {
			f = 1
		}
		if c.start >= lastEnd[f] {
			out = append(out, c)
			lastStart[f], lastEnd[f] = c.start, c.end
			continue
		}
		if c.start == lastStart[f] && c.end == lastEnd[f] {
			out = append(out, c)
		}
	}
	return d.preferOwnNames(out)
}

// preferOwnNames resolves an alias several actors are said to have
// ("Winnti" is a name of the Winnti Group, and a synonym some sources give
// APT41): where one of the actors on a span is named by it (its own name,
// or that name without "Group"), the actors that only have it as a
// synonym are dropped. With no such actor, or several, all are kept, each
// once.
func (d *Dictionary) preferOwnNames(ms []match) []match {
	out := ms[:0]
	for i := 0; i < len(ms); {
		j := i + 1
		for j < len(ms) && ms[j].start == ms[i].start && ms[j].end == ms[i].end {
			j++
		}
		if j == i+1 {
			out = append(out, ms[i])
			i = j
			continue
		}
		own, actors := map[string]bool{}, map[string]bool{}
		for _, m := range ms[i:j] {
			if e := &d.entries[m.entry]; e.Kind == KindActor {
				actors[e.Canonical] = true
				if e.own {
					own[e.Canonical] = true
				}
			}
		}
		seen := map[[3]string]bool{}
		for _, m := range ms[i:j] {
			e := &d.entries[m.entry]
			if len(own) == 1 && len(actors) > 1 && e.Kind == KindActor && !own[e.Canonical] {
				continue
			}
			// Two spellings of one name ("Fancy Bear", "FANCY BEAR")
			// match the same span: one mention.
			if k := [3]string{e.Kind, e.Canonical, e.ID}; !seen[k] {
				seen[k] = true
				out = append(out, m)
			}
		}
		i = j
	}
	return out
}

func caseOK(text string, start, end int, e *dictEntry) bool {
	if e.rule == caseAny {
		return true
	}
	if e.rule == caseCapital {
		return text[start] >= 'A' && text[start] <= 'Z'
	}
	got := text[start:end]
	if got != e.name && !(isAllUpper(got) && strings.EqualFold(got, e.name)) && !capitalisedActor(got, e) {
		// Whitespace may differ (a line break inside a name).
		if !sameButSpace(got, e.name) {
			return false
		}
	}
	if e.rule == caseExactInner && sentenceInitial(text, start) {
		return false
	}
	return true
}

// capitalisedActor reports whether got writes the common-word actor name
// of e, which its source gives in capitals, as a capitalised word: reports
// write Microsoft's HAFNIUM and MERCURY as "Hafnium" and "Mercury". As in
// nameRule, capitals of five letters or fewer are an acronym, written as
// given (ZINC, LEAD: "Lead" is also a job title).
func capitalisedActor(got string, e *dictEntry) bool {
	if e.Kind != KindActor || e.rule != caseExactInner || len(e.name) <= 5 || !isAllUpper(e.name) || got[0] < 'A' || got[0] > 'Z' || !strings.EqualFold(got, e.name) {
		return false
	}
	for i := 1; i < len(got); i++ {
		if got[i] >= 'A' && got[i] <= 'Z' {
			return false
		}
	}
	return true
}

func isAllUpper(s string) bool {
	letters := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			return false
		}
		if c >= 'A' && c <= 'Z' {
			letters++
		}
	}
	return letters > 1
}

func sameButSpace(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] && !(foldTable[a[i]] == ' ' && foldTable[b[i]] == ' ') {
			return false
		}
	}
	return true
}

// sentenceInitial reports whether the word at start opens a sentence, a
// line or a heading.
func sentenceInitial(text string, start int) bool {
	i := start - 1
	for i >= 0 && (text[i] == ' ' || text[i] == '\t' || text[i] == '"' || text[i] == '\'' || text[i] == '(' || text[i] == '*' || text[i] == '#') {
		i--
	}
	if i < 0 {
		return true
	}
	switch text[i] {
	case '.', '!', '?', '\n', '\r', ':', '-':
		return true
	}
	if text[i] >= 0x80 {
		// Curly quotes and bullets: look past the multi-byte sequence.
		r, size := utf8.DecodeLastRuneInString(text[:i+1])
		if r == '“' || r == '‘' || r == '•' || r == '–' || r == '—' {
			return sentenceInitial(text, i+1-size)
		}
	}
	return false
}

// confirmCommonWords drops the matches of common-word names (rule
// caseExactInner, not techniques) unless some occurrence of the same name
// in the text has a context word within a few words.
func confirmCommonWords(text string, cands []match, d *Dictionary) []match {
	var confirmed map[string]bool
	need := false
	for _, c := range cands {
		e := &d.entries[c.entry]
		if e.confirm {
			need = true
			if hasContext(text, c.start, c.end) {
				if confirmed == nil {
					confirmed = map[string]bool{}
				}
				confirmed[e.Kind+"\x00"+e.Canonical] = true
			}
		}
	}
	if !need {
		return cands
	}
	out := cands[:0]
	for _, c := range cands {
		e := &d.entries[c.entry]
		if e.confirm && !confirmed[e.Kind+"\x00"+e.Canonical] {
			continue
		}
		out = append(out, c)
	}
	return out
}

// hasContext looks at the two words before and after text[start:end] for a
// context word.
func hasContext(text string, start, end int) bool {
	i := start
	for n := 0; n < 2; n++ {
		// skip separators, then a word, backwards
		for i > 0 && !isWordByte(text[i-1]) {
			if text[i-1] == '.' || text[i-1] == '\n' {
				i = 0
				break
			}
			i--
		}
		j := i
		for i > 0 && isWordByte(text[i-1]) {
			i--
		}
		if j > i && contextWords[strings.ToLower(text[i:j])] {
			return true
		}
	}
	k := end
	for n := 0; n < 2; n++ {
		for k < len(text) && !isWordByte(text[k]) {
			if text[k] == '.' || text[k] == '\n' {
				return false
			}
			k++
		}
		j := k
		for k < len(text) && isWordByte(text[k]) {
			k++
		}
		if k > j && contextWords[strings.ToLower(text[j:k])] {
			return true
		}
	}
	return false
}

// isWord reports whether s is one run of ASCII letters and digits.
func isWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return s != ""
}
