package extract

import (
	"slices"
	"unicode/utf8"
)

// Sentence splitting, good enough to quote evidence: a sentence ends at
// ".", "!" or "?" followed by space and then something that is not a
// lower-case letter, at a blank line, or at a line break after a heading-like
// line. Abbreviations ("U.S.", "e.g.", "Inc.") do not end sentences.

type sentences struct {
	text   string
	starts []int  // sorted sentence start offsets; starts[0] == 0
	low    string // text lower-cased by asciiLower (same offsets), once lower has run
}

// lower returns the text lower-cased by asciiLower, with the same offsets:
// the rules that read a sentence's words in lower case slice it instead of
// lowering the sentence each time.
func (s *sentences) lower() string {
	if len(s.low) != len(s.text) {
		s.low = asciiLower(s.text)
	}
	return s.low
}

func splitSentences(text string) *sentences {
	s := &sentences{text: text, starts: []int{0}}
	n := len(text)
	for i := 0; i < n; i++ {
		if !sentenceMarks[text[i]] {
			continue // most bytes: one table load, no switch
		}
		switch text[i] {
		case '.', '!', '?':
			if k := sentenceAfter(text, i); k >= 0 {
				s.add(k)
				i = k - 1
			}
		case '\n':
			k, starts := afterLineBreak(text, i)
			if k >= n {
				continue
			}
			if starts {
				s.add(k)
			}
			i = k - 1
		}
	}
	return s
}

// sentenceMarks are the bytes splitSentences looks at.
var sentenceMarks = [256]bool{'.': true, '!': true, '?': true, '\n': true}

// sentenceAfter returns where the sentence after the ".", "!" or "?" at i
// starts, or -1 when it ends none: the mark is followed by space and then
// something that is not a lower-case letter, and ends no abbreviation.
func sentenceAfter(text string, i int) int {
	n := len(text)
	j := i + 1
	// closing quotes and brackets stay with the sentence
	for j < n {
		if text[j] == '"' || text[j] == '\'' || text[j] == ')' || text[j] == ']' {
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[j:])
		if r == '”' || r == '’' || r == '»' {
			j += size
			continue
		}
		break
	}
	if j >= n || !isSpace(text[j]) {
		return -1
	}
	k := j
	for k < n && isSpace(text[k]) {
		k++
	}
	if k >= n || text[k] >= 'a' && text[k] <= 'z' {
		return -1
	}
	if text[i] == '.' && abbreviation(text, i) {
		return -1
	}
	return k
}

// afterLineBreak returns the first non-space byte after the line break at
// i (len(text) when none), and whether a sentence starts there: after a
// blank line, a heading-like line, or before a list item ("-", "*", "•").
func afterLineBreak(text string, i int) (k int, starts bool) {
	n := len(text)
	k = i + 1
	blank := false
	for k < n && isSpace(text[k]) {
		if text[k] == '\n' {
			blank = true
		}
		k++
	}
	if k >= n {
		return n, false
	}
	return k, blank || headingLine(text, i) || text[k] == '-' || text[k] == '*' || (k+2 < n && text[k] == 0xe2 && text[k+1] == 0x80 && text[k+2] == 0xa2)
}

func (s *sentences) add(k int) {
	if k > s.starts[len(s.starts)-1] {
		s.starts = append(s.starts, k)
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// headingLine reports whether the line ending at nl looks like a heading or
// a list item: short, and not ending in a word that a wrapped line would.
func headingLine(text string, nl int) bool {
	start := nl
	for start > 0 && text[start-1] != '\n' {
		start--
	}
	line := text[start:nl]
	for len(line) > 0 && isSpace(line[len(line)-1]) {
		line = line[:len(line)-1]
	}
	if len(line) == 0 {
		return true
	}
	last := line[len(line)-1]
	if last == ',' || last == '-' || (last >= 'a' && last <= 'z' && len(line) > 60) {
		return false
	}
	return len(line) < 80 || last == '.' || last == ':' || last == '!' || last == '?'
}

var abbreviations = wordSet(`mr mrs ms dr prof inc ltd co corp jr sr st vs etc e.g i.e u.s u.k u.s.a no fig al approx dept est jan feb mar apr jun jul aug sep sept oct nov dec gov govt op vol ver`)

// abbreviation reports whether the dot at text[dot] ends an abbreviation.
func abbreviation(text string, dot int) bool {
	start := dot
	for start > 0 && (isAlnum(text[start-1]) || text[start-1] == '.') {
		start--
	}
	w := text[start:dot]
	if len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
		return true // initials: "J. Smith"
	}
	low := make([]byte, len(w))
	for i := 0; i < len(w); i++ {
		low[i] = w[i] | 0x20
		if w[i] == '.' {
			low[i] = '.'
		}
	}
	return abbreviations[string(low)] && string(low) != "etc"
}

// span returns the sentence [start, end) that holds offset p, trimmed of
// surrounding space.
func (s *sentences) span(p int) (int, int) {
	k := s.index(p)
	start := s.starts[k]
	end := len(s.text)
	if k+1 < len(s.starts) {
		end = s.starts[k+1]
	}
	for end > start && isSpace(s.text[end-1]) {
		end--
	}
	return start, end
}

// index returns the number of the sentence that holds offset p.
func (s *sentences) index(p int) int {
	// The first start after p, less one (p+1 cannot overflow: p is an
	// offset in the text).
	k, _ := slices.BinarySearch(s.starts, p+1)
	return max(k-1, 0)
}

// maxQuote bounds the evidence quoted for one mention, so a megabyte-long
// "sentence" (a line of dots, a minified script) is not repeated per hit.
const maxQuote = 600

// quote returns the sentence around [start, end), cut to at most maxQuote
// bytes around the mention on UTF-8 boundaries.
func (s *sentences) quote(start, end int) string {
	a, b := s.span(start)
	if end > b {
		b = end
	}
	if b-a <= maxQuote {
		return s.text[a:b]
	}
	lo := start - maxQuote/2
	if lo < a {
		lo = a
	}
	hi := lo + maxQuote
	if hi < end {
		hi = end
	}
	if hi > b {
		hi = b
	}
	for lo > a && !utf8.RuneStart(s.text[lo]) {
		lo--
	}
	for hi < b && !utf8.RuneStart(s.text[hi]) {
		hi++
	}
	return s.text[lo:hi]
}
