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
versions version bytes characters lines samples files domains ips addresses`)

var approxBefore = []string{"more than ", "over ", "at least ", "nearly ", "almost ", "about ", "around ", "some ", "roughly ", "approximately ", "up to ", "upwards of ", "tens of "}

// numberWordsByLen holds the number words by length, for numberWord.
var numberWordsByLen = func() map[int][]string {
	m := map[int][]string{}
	for w := range numberWords {
		m[len(w)] = append(m[len(w)], w)
	}
	for w := range vagueNumbers {
		m[len(w)] = append(m[len(w)], w)
	}
	return m
}()

// numberWord returns the number word w spells, lower-cased, or "": the
// scan looks at every word of a text, so it does not lower-case them.
func numberWord(w string) string {
	for _, c := range numberWordsByLen[len(w)] {
		if strings.EqualFold(w, c) {
			return c
		}
	}
	return ""
}

type word struct {
	start, end int
	text       string
}

// findCounts scans the text word by word.
func findCounts(text string, sents *sentences, sectors []Mention) []Count {
	out := []Count{}
	var cues cueCache
	words := splitWords(text)
	for i := 0; i < len(words); i++ {
		w := words[i]
		low := numberWord(w.text)
		var value int64
		approx := false
		numEnd := i
		switch {
		case isNumber(w.text):
			v, err := strconv.ParseInt(strings.ReplaceAll(w.text, ",", ""), 10, 64)
			if err != nil || v == 0 {
				continue
			}
			if len(w.text) == 4 && v >= 1900 && v <= 2100 {
				continue // a year
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
			continue
		}
		// Up to four words, then the counted noun.
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
		if found < 0 {
			continue
		}
		start, end := w.start, words[found].end
		if !victimCount(text, sents, &cues, words[numEnd+1:found], start) {
			i = found
			continue
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
		out = append(out, c)
		i = found
	}
	return out
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
	return cues.has(text, sents, start, attackWords) || cues.has(text, sents, start, harmWords)
}

// harmWords say what happened to victims, beside the attack words.
var harmWords = []string{"expos", "affect", "impact", "stolen", "ransom", "encrypt", "defac", "disrupt", "wiped", "exfiltrat"}

// splitWords returns runs of letters, digits, commas between digits and
// inner hyphens.
func splitWords(text string) []word {
	out := make([]word, 0, len(text)/6)
	n := len(text)
	i := 0
	for i < n {
		for i < n && !isAlnum(text[i]) {
			i++
		}
		a := i
		for i < n && (isAlnum(text[i]) || ((text[i] == ',' || text[i] == '-' || text[i] == '.') && i+1 < n && isAlnum(text[i+1]) && i > a && (text[i] == '-' || (isDigit(text[i-1]) && isDigit(text[i+1]))))) {
			i++
		}
		if i > a {
			out = append(out, word{a, i, text[a:i]})
		}
	}
	return out
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
