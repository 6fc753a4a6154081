package extract

import (
	"strconv"
	"strings"
)

// Counts of victims: a number (digits or words, or a vague quantity such as
// "millions"), up to four describing words, and a noun for what is
// counted: "13 different global telecommunications companies", "millions of
// subscribers", "more than 100 organizations".

var countedNouns = wordSet(`companies company organizations organization organisations organisation firms firm
businesses business entities entity operators operator carriers carrier providers provider subscribers
subscriber customers customer users user victims victim targets banks bank hospitals agencies agency
governments government ministries universities institutions enterprises individuals people persons
employees countries nations telcos telecoms utilities schools accounts devices systems computers machines
endpoints hosts servers networks websites sites records institutions municipalities retailers manufacturers
vendors suppliers partners clients members patients citizens journalists activists dissidents diplomats
officials embassies ministries`)

var numberWords = map[string]int64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1000000,
	"dozen": 12, "billion": 1000000000,
}

var vagueNumbers = map[string]int64{
	"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2000000, "billions": 2000000000,
	"tens": 20,
}

// Words that end a count phrase: time units, prepositions, verbs that
// would make the noun belong to another clause.
var countBreakers = wordSet(`years year months month weeks week days day hours hour minutes times percent per cent
in on at by to from with for and or but than that which who were was are is had have has been be
versions version bytes characters lines samples files domains ips addresses
kb mb gb tb kilobytes megabytes gigabytes terabytes`)

var approxBefore = []string{"more than ", "over ", "at least ", "nearly ", "almost ", "about ", "around ", "some ", "roughly ", "approximately ", "up to ", "upwards of ", "tens of "}

// numberWordSet maps each number word, lower-case, to itself, and
// numberShapes has bit n set for the bytes a number word of n bytes starts
// with, either case: numberWord looks at every word of a text, so it turns
// most away on their first byte and length and finds the others with one
// lookup, without allocating.
var numberWordSet, numberShapes, maxNumberWord = func() (map[string]string, [256]uint32, int) {
	set := map[string]string{}
	var shapes [256]uint32
	longest := 0
	for _, m := range []map[string]int64{numberWords, vagueNumbers} {
		for w := range m {
			set[w] = w
			shapes[w[0]] |= 1 << len(w)
			shapes[w[0]-'a'+'A'] |= 1 << len(w)
			longest = max(longest, len(w))
		}
	}
	return set, shapes, longest
}()

// numberWord returns the number word w spells, lower-cased, or "". Case is
// folded for ASCII letters only: a number word is ASCII, and a word with
// another byte spells none.
func numberWord(w string) string {
	if len(w) == 0 || len(w) > maxNumberWord || numberShapes[w[0]]&(1<<len(w)) == 0 {
		return ""
	}
	var buf [16]byte
	low := buf[:len(w)]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	return numberWordSet[string(low)]
}

type word struct {
	start, end int
	text       string
}

// countWindow is how many words after a number findCounts hands to countAt:
// the number's multiplier ("2 million"), "of", four describing words and
// the counted noun, and the noun after it ("telecom service providers").
const countWindow = 8

// findCounts reads the text word by word. Only a number starts a count, so
// the words are not held all at once: at a number, the word before it and
// the countWindow words after it are handed to countAt, and the reading
// goes on after the last word countAt used.
func findCounts(text string, sents *sentences, sectors []Mention) []Count {
	out := []Count{}
	var cues cueCache
	var window []word
	var prev word // the word before w, if hasPrev
	hasPrev := false
	for w, ok := nextWord(text, 0); ok; w, ok = nextWord(text, w.end) {
		if !isNumber(w.text) && numberWord(w.text) == "" {
			prev, hasPrev = w, true
			continue
		}
		window = window[:0]
		if hasPrev {
			window = append(window, prev)
		}
		i := len(window)
		window = append(window, w)
		for e := w.end; len(window) <= i+countWindow; {
			nw, ok := nextWord(text, e)
			if !ok {
				break
			}
			window = append(window, nw)
			e = nw.end
		}
		c, last, found := countAt(text, sents, &cues, window, i, sectors)
		if found {
			out = append(out, c)
		}
		w = window[last]
		prev, hasPrev = w, true
	}
	return out
}

// countAt reads the count that words[i], a number, may start. It returns
// the count, whether there is one, and the index of the last word it read:
// the reading goes on after it.
func countAt(text string, sents *sentences, cues *cueCache, words []word, i int, sectors []Mention) (Count, int, bool) {
	w := words[i]
	value, numEnd, approx, ok := countNumber(text, words, i)
	if !ok {
		return Count{}, i, false
	}
	found := countedNoun(text, words, numEnd)
	if found < 0 {
		return Count{}, i, false
	}
	start, end := w.start, words[found].end
	if !victimCount(text, sents, cues, words[numEnd+1:found], start) || atRisk(text, sents, words[found].end) {
		return Count{}, found, false
	}
	lowBefore := strings.ToLower(text[max(0, start-12):start])
	for _, a := range approxBefore {
		if strings.HasSuffix(lowBefore, a) {
			approx = true
		}
	}
	c := Count{
		Phrase: text[start:end], Number: text[w.start:words[numEnd].end], Value: value, Approx: approx,
		Noun: words[found].text, Start: start, End: end, Sentence: sents.quote(start, end),
	}
	for _, s := range sectors {
		if s.Start >= start && s.End <= end {
			c.Sector = s.Name
			break
		}
	}
	return c, found, true
}

// countNumber reads the number words[i] spells: its value, the index of
// its last word ("2 million" is two), whether it is vague, and whether it
// is a number that may count victims at all (not zero, not a year, not
// "one").
func countNumber(text string, words []word, i int) (value int64, numEnd int, approx, ok bool) {
	w := words[i]
	low := numberWord(w.text)
	numEnd = i
	switch {
	case isNumber(w.text):
		v, err := strconv.ParseInt(strings.ReplaceAll(w.text, ",", ""), 10, 64)
		if err != nil || v == 0 {
			return 0, i, false, false
		}
		if len(w.text) == 4 && v >= 1900 && v <= 2100 {
			return 0, i, false, false // a year
		}
		value = v
		// "2 million"
		if i+1 < len(words) && gap(text, w, words[i+1]) {
			if m, ok := numberWords[numberWord(words[i+1].text)]; ok && m >= 100 {
				value *= m
				numEnd = i + 1
			}
		}
	case numberWords[low] > 0 && low != "one":
		value = numberWords[low]
		if low == "dozen" && i > 0 && strings.EqualFold(words[i-1].text, "a") {
			approx = true
		}
	case vagueNumbers[low] > 0:
		value = vagueNumbers[low]
		approx = true
	default:
		return 0, i, false, false
	}
	return value, numEnd, approx, true
}

// countedNoun returns the index of the noun that says what the number
// ending at words[numEnd] counts, or -1: up to four words after the number
// (and an "of"), then the noun.
func countedNoun(text string, words []word, numEnd int) int {
	j := numEnd + 1
	if j < len(words) && strings.EqualFold(words[j].text, "of") && gap(text, words[j-1], words[j]) {
		j++
	}
	found := -1
	for k := j; k < len(words) && k < j+5; k++ {
		if !gap(text, words[k-1], words[k]) {
			break
		}
		lw := strings.ToLower(words[k].text)
		if countedNouns[lw] {
			found = k
			// prefer the last noun of a compound: "telecom service providers"
			if k+1 < len(words) && gap(text, words[k], words[k+1]) && countedNouns[strings.ToLower(words[k+1].text)] {
				continue
			}
			break
		}
		if countBreakers[lw] || isNumber(words[k].text) {
			break
		}
	}
	return found
}

// victimCount reports whether a count phrase counts the victims of the
// activity described: its sentence speaks of an attack or a theft, and the
// phrase is not a general quantity ("a gateway to millions of other
// businesses", "any of thousands of users").
func victimCount(text string, sents *sentences, cues *cueCache, between []word, start int) bool {
	for _, w := range between {
		switch strings.ToLower(w.text) {
		case "other", "potential", "possible", "future", "such":
			return false
		}
	}
	before := strings.TrimRight(strings.ToLower(text[max(0, start-12):start]), " ")
	for _, g := range []string{"any", "all", "every", "of the", "gateway to", "serves", "serving"} {
		if strings.HasSuffix(before, g) {
			return false
		}
	}
	return cues.has(sents, start, attackWords) || cues.has(sents, start, harmWords)
}

// atRiskCues say that what a count counts could be hit, not that it was:
// "millions of businesses remain exposed to similar attacks".
var atRiskCues = []string{"remain exposed", "remain vulnerable", "remains exposed", "remains vulnerable", "at risk", "exposed to",
	"vulnerable to", "susceptible to", "could be targeted", "could be hit", "could fall victim", "could be next"}

// atRisk reports whether the rest of the sentence after a count phrase
// ending at end says its things are at risk only.
func atRisk(text string, sents *sentences, end int) bool {
	_, b := sents.span(max(0, end-1))
	if b <= end {
		return false
	}
	return containsAny(strings.ToLower(text[end:b]), atRiskCues)
}

// harmWords say what happened to victims, beside the attack words.
var harmWords = []string{"expos", "affect", "impact", "stolen", "ransom", "encrypt", "defac", "disrupt", "wiped", "exfiltrat",
	// "were hit." (attackWords' " hit " wants a space after it; "the
	// storm hit, and" hit no one), "lost their data" (not "lost data
	// service")
	" were hit", " was hit", " been hit", " got hit", "lost their data", "lost personal data", "lost customer data"}

// nextWord returns the first word at or after byte i: a run of letters,
// digits, commas and dots between digits, and inner hyphens. Whether a byte
// belongs to a word depends only on its neighbours, so reading from the end
// of one word finds the next one as a split of the whole text would.
func nextWord(text string, i int) (word, bool) {
	n := len(text)
	for i < n && !alnumBytes[text[i]] {
		i++
	}
	a := i
	for i < n && (alnumBytes[text[i]] || ((text[i] == ',' || text[i] == '-' || text[i] == '.') && i+1 < n && isAlnum(text[i+1]) && i > a && (text[i] == '-' || (isDigit(text[i-1]) && isDigit(text[i+1]))))) {
		i++
	}
	if i > a {
		return word{a, i, text[a:i]}, true
	}
	return word{}, false
}

// gap reports whether two consecutive words are separated by spaces only
// (no punctuation that would end the phrase).
func gap(text string, a, b word) bool {
	between := text[a.end:b.start]
	if len(between) == 0 || len(between) > 3 {
		return false
	}
	for i := 0; i < len(between); i++ {
		if between[i] != ' ' && between[i] != '\n' && between[i] != '\t' {
			return false
		}
	}
	return true
}

// alnumBytes is isAlnum as a table, for the loops over every byte.
var alnumBytes = func() (t [256]bool) {
	for i := range t {
		t[i] = isAlnum(byte(i))
	}
	return t
}()

func isNumber(s string) bool {
	if s == "" || !isDigit(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && s[i] != ',' {
			return false
		}
	}
	return true
}
