package extract

import (
	"slices"
	"sort"
	"strings"
	"sync"
)

// Names a text introduces. A report often names a group or a piece of
// malware no dictionary holds yet, but says what it is as it names it: "a
// group calling itself «Green Leakers»", "a threat actor we dubbed
// ReconHellcat", "the Desert Falcons gang", "a backdoor called FooRAT",
// "its custom tool BarDump". Such a name is reported as an actor, malware
// or tool with no id (the knowledge holds nothing to link); ingestion
// lists it as unknown instead of dropping it.

// introducers put the name after them; the noun before them says its kind.
var introducers = []string{"calling itself", "calls itself", "called", "named", "dubbed", "known as", "tracked as",
	"which we call", "we call", "we named", "we dubbed", "referred to as", "self-styled", "that goes by"}

// groupIntroNouns make the introduced name an actor's.
var groupIntroNouns = []string{"group", "gang", "actor", "threat actor", "crew", "collective", "channel", "team",
	"cluster", "outfit", "hackers", "operators", "adversary", "apt", "persona", "syndicate", "activity", "set",
	// "the intruders, which the firm tracks as X"
	"intruder", "attacker",
	// "an affiliate we track as X": a ransomware operation's affiliate
	"affiliate"}

// malwareIntroNouns make it a piece of malware; toolIntroNouns a tool.
var malwareIntroNouns = []string{"backdoor", "malware", "trojan", "implant", "loader", "stealer", "infostealer",
	"ransomware", "rat", "dropper", "downloader", "web shell", "webshell", "rootkit", "wiper", "botnet", "payload",
	"variant", "strain", "family", "keylogger", "spyware", "worm", "bootkit", "miner"}
var toolIntroNouns = []string{"tool", "utility", "framework", "toolkit", "tooling", "script", "scanner"}

// introducedNames returns a mention for each name the text introduces and
// no hit covers.
func introducedNames(text string, sents *sentences, hits []hit) []Mention {
	var out []Mention
	// A name is covered when a hit that starts at or before it ends after
	// its start (names are short: a few hits back are enough to look at),
	// unless that hit is a common word read as an actor's name that the
	// longer name goes on from ("Copper" in "Copper Wren").
	type span struct {
		start, end int
		word       bool // a common word read as an actor's name
	}
	spans := make([]span, len(hits))
	for i, h := range hits {
		spans[i] = span{h.Start, h.End, commonWordActor(text, h)}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	covered := func(s, e int) bool {
		i := sort.Search(len(spans), func(i int) bool { return spans[i].start > s })
		for j := i - 1; j >= 0 && j >= i-16; j-- {
			if spans[j].end > s && !(spans[j].word && spans[j].end < e) {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{}
	add := func(kind string, s, e int) {
		name := strings.TrimSpace(text[s:e])
		key := kind + "\x00" + asciiLower(name)
		if name == "" || seen[key] || covered(s, s+len(name)) {
			return
		}
		seen[key] = true
		out = append(out, Mention{Kind: kind, Name: name, Mention: name, Start: s, End: s + len(name), Sentence: sents.quote(s, s+len(name))})
	}
	leads := introLeads()
	introMatcher().scan(text, func(id int32, end int) {
		l := leads[id]
		k := end - len(l.phrase)
		if k > 0 && isWordByte(text[k-1]) && isWordByte(l.phrase[0]) || end < len(text) && isWordByte(text[end]) {
			return
		}
		introduceAt(text, l, k, end, add)
	})
	return out
}

// commonWordActor reports whether h is an actor's name that is one common
// word ("Copper", an alias of Tonto Team; "Mercury"): inside a longer
// name a text introduces, it is a word of that name.
func commonWordActor(text string, h hit) bool {
	return h.Kind == KindActor && isWord(text[h.Start:h.End]) && commonWords[asciiLower(text[h.Start:h.End])]
}

// introduceAt adds the name the lead l introduces, which spans k to end
// in text, with its kind: after the lead, read from the words before it
// or fixed by it, or before it ("the X gang").
func introduceAt(text string, l introLead, k, end int, add func(kind string, s, e int)) {
	switch {
	case l.after == "":
		// "a group called X": the noun before says what X is.
		if kind := introKind(asciiLower(text[max(0, k-40):k])); kind != "" {
			if s, e, ok := properName(text, end); ok {
				add(kind, s, e)
			}
		}
	case l.after == "relative":
		// "a group that Acme Labs tracks as X", "the group Acme
		// calls X": the kind is the noun before the naming clause.
		if kind := introKind(asciiLower(beforeNamingClause(text, k))); kind != "" {
			if s, e, ok := properName(text, end); ok {
				add(kind, s, e)
			}
		}
	case l.after == "apposed":
		// "Ember Lynx, a group formerly known as TA9120", "Quill Moth,
		// a Russian-speaking threat actor": a group's noun in the
		// apposition names what the name before it is ("Acme, a
		// security firm" and "Bob, a member of the team" do not).
		if apposedGroup(text, end) {
			// "Indeed, a group ...": one capitalised word opening a
			// sentence is a name only when the text writes it so
			// inside a sentence too.
			if s, e, ok := properNameBefore(text, k); ok && (strings.Contains(text[s:e], " ") || !opensSentence(text, s) || writtenInside(text, text[s:e])) {
				add(KindActor, s, e)
			}
		}
	case l.after == "before" || l.after == "quoted":
		// "the “Predator the Thief” cybercriminal group": a quoted name
		// before a group's noun; a bare "group" needs the words of a
		// group's kind ("the “Everyone” group" holds Windows users).
		if s, e, ok := quotedNameBefore(text, k); ok && (l.phrase != " group" || strings.Trim(text[e:k], "\"”’' \u00a0") != "") {
			add(KindActor, s, e)
			break
		}
		// "the Desert Falcons gang"
		if s, e, ok := properNameBefore(text, k); ok && l.after == "before" && strings.HasSuffix(strings.TrimRight(asciiLower(text[max(0, s-5):s]), " "), "the") {
			add(KindActor, s, e)
		}
	default:
		// "custom malware FooRAT", "a new backdoor BarDoor"
		if s, e, ok := properName(text, end); ok {
			add(l.after, s, e)
		}
	}
}

// opensSentence reports whether the word at i opens a sentence or a line.
func opensSentence(text string, i int) bool {
	t := strings.TrimRight(text[:i], " \t\"“*_")
	return t == "" || strings.ContainsAny(t[len(t)-1:], ".!?:\n")
}

// apposedGroup reports whether the apposition that starts at i names a
// group: a group's noun among its first four words, not followed by "of".
func apposedGroup(text string, i int) bool {
	words := strings.Fields(asciiLower(text[i:min(len(text), i+60)]))
	for k := 0; k < len(words) && k < 4; k++ {
		w := strings.TrimRight(words[k], ",.;:")
		if slices.Contains(groupIntroNouns, w) || slices.Contains(groupIntroNouns, strings.TrimSuffix(w, "s")) {
			return w == words[k] && (k+1 == len(words) || words[k+1] != "of") || w != words[k]
		}
		if w != words[k] || w == "of" || w == "for" || w == "with" || w == "at" || w == "in" {
			return false // the apposition ends, or its head came before
		}
	}
	return false
}

// introLead is a phrase that introduces a name: after it (after ""),
// with the kind read from the words before it; before it ("before": "the
// X gang"); or after it with a fixed kind.
type introLead struct{ phrase, after string }

var introLeads = sync.OnceValue(func() []introLead {
	var ls []introLead
	for _, p := range introducers {
		ls = append(ls, introLead{p, ""})
	}
	for _, p := range []string{"tracks as", "track as", "tracks it as", "tracks them as", "calls", "call", "dubs", "dub", "refers to as", "refer to as"} {
		ls = append(ls, introLead{p, "relative"})
	}
	for _, n := range []string{"gang", "crew", "collective", "syndicate"} {
		ls = append(ls, introLead{" " + n, "before"})
	}
	for _, n := range []string{"group", "actor", "team", "operators"} {
		ls = append(ls, introLead{" " + n, "quoted"})
	}
	for _, p := range []string{"custom malware", "custom backdoor", "new backdoor", "new malware", "new loader", "new stealer", "new ransomware", "new implant", "new variant"} {
		ls = append(ls, introLead{p, KindMalware})
	}
	for _, p := range []string{"the handle", "the moniker", "the nickname", "under the handle", "under the moniker", "under the nickname", "under the alias"} {
		// "the handle Guccifer was used by", "posts under the moniker X":
		// a person's or a group's name online.
		ls = append(ls, introLead{p, KindActor})
	}
	for _, p := range []string{"the threat actor", "The threat actor", "a threat actor", "threat group"} {
		// "the threat actor HydroJiin has been active since": the
		// noun says what the name after it is.
		ls = append(ls, introLead{p, KindActor})
	}
	for _, v := range []string{"track", "tracks", "tracked", "tracking"} {
		// "we track this activity as UNC9001": a tracking name is an
		// actor's, whatever the noun.
		for _, o := range []string{"this activity", "the activity", "this cluster", "the cluster", "this group", "this actor", "this threat actor", "this intrusion set", "this campaign", "these activities", "the same activity", "the same cluster"} {
			ls = append(ls, introLead{v + " " + o + " as", KindActor})
		}
	}
	for _, v := range []string{"we call", "we named", "we name", "we dubbed"} {
		// "We call the intrusion set behind this campaign Copper Wren":
		// the name after the group's noun phrase is an actor's.
		for _, o := range []string{"this activity", "this cluster", "the cluster", "this intrusion set", "the intrusion set", "the group", "this group", "the actor", "this actor", "the threat actor"} {
			for _, b := range []string{"", " behind this campaign", " behind this activity", " behind these intrusions", " behind these attacks", " behind the campaign", " behind the attacks", " behind the intrusions"} {
				ls = append(ls, introLead{v + " " + o + b, KindActor})
			}
		}
	}
	for _, p := range []string{", a", ", an"} {
		// "Ember Lynx, a group formerly known as TA9120"
		ls = append(ls, introLead{p, "apposed"})
	}
	for _, p := range []string{"custom tool", "new tool"} {
		ls = append(ls, introLead{p, KindTool})
	}
	return ls
})

var introMatcher = sync.OnceValue(func() *acMatcher {
	var ps []string
	for _, l := range introLeads() {
		ps = append(ps, l.phrase)
	}
	return newACMatcher(ps)
})

// beforeNamingClause returns the words before the clause that names
// something at k: those before "that" or "which" ("a group that security
// firm Acme Labs tracks as"), or those before the namer's capitalised
// words ("the group Acme calls"), or those before "we" when the namer is
// the writer ("an intrusion set we track as"); "" when none of these is
// there.
func beforeNamingClause(text string, k int) string {
	words := strings.Fields(text[max(0, k-120):k])
	for i := len(words) - 1; i >= 1 && i >= len(words)-7; i-- {
		if strings.ContainsAny(words[i], ",;:.()") {
			break
		}
		if words[i] == "that" || words[i] == "which" {
			return strings.Join(words[:i], " ")
		}
	}
	i := len(words)
	for i > 1 && len(words)-i < 4 && words[i-1][0] >= 'A' && words[i-1][0] <= 'Z' && !strings.ContainsAny(words[i-1], ",;:.()") {
		i--
	}
	if i == len(words) {
		// "an affiliate we track as X", "a cluster we now track as X":
		// the text's own voice names it; "a backdoor it calls X", "a
		// group they track as X": the firm the text reports on.
		for i > 1 && (namerPronoun(words[i-1]) || words[i-1] == "now" || words[i-1] == "also" || words[i-1] == "internally") {
			i--
		}
		if i == len(words) || !namerPronoun(words[i]) {
			return ""
		}
	}
	return strings.Join(words[:i], " ")
}

// namerNouns end a noun phrase that names something ("the carriers'
// responders named X").
var namerNouns = wordSet(`researchers responders analysts investigators defenders experts hunters vendor vendors firm
	company authorities agency police victims victim operator operators carrier carriers team`)

// withoutNamer drops a namer's noun phrase right before the introducer,
// of at most four words opened by "the", "its" or "their": "a
// custom implant the carriers' responders named X" is read as "a custom
// implant named X".
func withoutNamer(words []string) []string {
	n := len(words)
	if n < 2 || !namerNouns[words[n-1]] {
		return words
	}
	for j := n - 2; j >= 0 && j >= n-4; j-- {
		w := words[j]
		if w == "the" || w == "its" || w == "their" {
			return words[:j]
		}
		if strings.ContainsAny(w, ",;:.()") {
			break
		}
	}
	return words
}

// namerPronoun reports whether w stands for who names something: the
// writer ("we") or the firm or people the text reports on ("it", "they").
func namerPronoun(w string) bool {
	return w == "we" || w == "it" || w == "they"
}

// introKind reads the kind of an introduced name from the words before the
// introducer: "a group", "a backdoor", "a tool".
func introKind(before string) string {
	words := strings.Fields(before)
	// "the threat actor we previously dubbed X": the coiner's words
	// stand between the noun and the verb.
	for len(words) > 0 {
		switch words[len(words)-1] {
		case "we", "previously", "have", "had", "initially", "originally", "first", "also", "which", "that", "formerly", "now":
			words = words[:len(words)-1]
			continue
		}
		break
	}
	words = withoutNamer(words)
	if len(words) > 2 {
		words = words[len(words)-2:]
	}
	// the noun right before the introducer decides ("a group calling
	// itself", "threat actor dubbed"; not "operators with a system called")
	for i := len(words) - 1; i >= 0 && i >= len(words)-2; i-- {
		if i < len(words)-1 && words[i+1] != "threat" && !strings.HasSuffix(words[i+1], "-") {
			// only "threat actor" reaches back past one word
			break
		}
		w := strings.Trim(words[i], ",;:()")
		for _, n := range groupIntroNouns {
			if w == n || w == n+"s" {
				return KindActor
			}
		}
		for _, n := range malwareIntroNouns {
			if w == n || w == n+"s" {
				return KindMalware
			}
		}
		for _, n := range toolIntroNouns {
			if w == n || w == n+"s" {
				return KindTool
			}
		}
	}
	return ""
}

// properName reads a name that starts at or after i: optional quotes, then
// one to four words of which the first starts with a capital or a digit
// and none is a common word in lower case.
func properName(text string, i int) (int, int, bool) {
	for i < len(text) && text[i] == ' ' {
		i++
	}
	if s, e, ok, quoted := quotedNameAt(text, i); quoted {
		return s, e, ok
	}
	if strings.HasPrefix(text[i:], "the ") {
		i += 4
	}
	start := i
	end, words := properWords(text, i)
	name := text[start:end]
	if words == 0 || len(name) < 3 || stopWords[asciiLower(name)] || commonWords[asciiLower(name)] || genericWords[asciiLower(name)] {
		return 0, 0, false
	}
	return start, end, true
}

// properWords reads up to four capitalised words from i (later words may
// start with a digit; a word may hold '-' and dots between word bytes) and
// returns where the last one ends and how many it read.
func properWords(text string, i int) (end, words int) {
	end = i
	for words < 4 && i < len(text) {
		c := text[i]
		if !(c >= 'A' && c <= 'Z' || words > 0 && c >= '0' && c <= '9') {
			break
		}
		j := i
		for j < len(text) && (isWordByte(text[j]) || text[j] == '-' || text[j] == '.' && j+1 < len(text) && isWordByte(text[j+1])) {
			j++
		}
		words++
		end = j
		if j+1 < len(text) && text[j] == ' ' && (text[j+1] >= 'A' && text[j+1] <= 'Z') {
			i = j + 1
			continue
		}
		break
	}
	return end, words
}

// quotedNameAt reads a quoted name that starts at i: the whole quotation
// is the name ("dubbed “ATM & POS Malware Injector”"). quoted is false
// when no quotation closes within 60 bytes, and the caller reads an
// unquoted name; otherwise ok says whether the quotation is a name.
func quotedNameAt(text string, i int) (start, end int, ok, quoted bool) {
	for _, q := range [][2]string{{"«", "»"}, {"“", "”"}, {"\"", "\""}, {"‘", "’"}, {"'", "'"}, {"*", "*"}, {"[", "]"}} {
		if strings.HasPrefix(text[i:], q[0]) {
			s := i + len(q[0])
			for s < len(text) && text[s] == ' ' {
				s++
			}
			e := strings.Index(text[s:min(len(text), s+60)], q[1])
			if e <= 0 {
				break
			}
			// "[*Guccifer*](link)": emphasis inside a link's text.
			lead := len(text[s:s+e]) - len(strings.TrimLeft(text[s:s+e], "*_ "))
			s, e = s+lead, e-lead
			name := strings.TrimSpace(strings.TrimRight(text[s:s+e], "*_ "))
			if name == "" || !(name[0] >= 'A' && name[0] <= 'Z' || name[0] >= '0' && name[0] <= '9') || strings.Count(name, " ") > 4 || commonWords[asciiLower(name)] {
				return 0, 0, false, true
			}
			return s, s + len(name), true, true
		}
	}
	return 0, 0, false, false
}

// properNameBefore reads one to three capitalised words that end right
// before offset e ("the Desert Falcons gang").
// quotedNameBefore reads a quoted name that ends before offset e, perhaps
// with words of its group's kind between: the “Predator the Thief”
// cybercriminal group, the "Scarlet Widow" gang.
func quotedNameBefore(text string, e int) (int, int, bool) {
	before := text[max(0, e-80):e]
	off := e - len(before)
	// up to two words that say what kind of group it is
	const spaces = " \u00a0" // a no-break space often follows a quote
	for n := 0; n < 2; n++ {
		t := strings.TrimRight(before, spaces)
		k := strings.LastIndexAny(t, spaces)
		if w := asciiLower(strings.TrimLeft(t[max(k, 0):], spaces)); !groupKindWords[w] {
			break
		}
		before = t[:max(k, 0)]
	}
	before = strings.TrimRight(before, spaces)
	var open string
	switch {
	case strings.HasSuffix(before, `"`):
		before, open = before[:len(before)-1], `"`
	case strings.HasSuffix(before, "”"):
		before, open = before[:len(before)-len("”")], "“"
	default:
		return 0, 0, false
	}
	k := strings.LastIndex(before, open)
	if k < 0 {
		return 0, 0, false
	}
	name := before[k+len(open):]
	if len(name) < 3 || name[0] < 'A' || name[0] > 'Z' || len(strings.Fields(name)) > 4 || strings.ContainsAny(name, "\"“”.,;:\n") {
		return 0, 0, false
	}
	s := off + k + len(open)
	return s, s + len(name), true
}

// groupKindWords say what kind of group a quoted name names.
var groupKindWords = wordSet(`cybercriminal criminal cybercrime hacking hacker threat ransomware extortion apt espionage`)

func properNameBefore(text string, e int) (int, int, bool) {
	end := e
	for end > 0 && (text[end-1] == ' ' || text[end-1] == '*' || text[end-1] == '"') {
		end--
	}
	start := end
	for words := 0; words < 3; words++ {
		j := start
		if words > 0 {
			if j < 2 || text[j-1] != ' ' {
				break
			}
			j--
		}
		k := j
		for k > 0 && (isWordByte(text[k-1]) || text[k-1] == '-') {
			k--
		}
		if k == j || text[k] < 'A' || text[k] > 'Z' || stopWords[asciiLower(text[k:j])] {
			break
		}
		start = k
	}
	name := text[start:end]
	if start == end || len(name) < 3 || stopWords[asciiLower(name)] || commonWords[asciiLower(name)] || genericWords[asciiLower(name)] {
		return 0, 0, false
	}
	return start, end, true
}
