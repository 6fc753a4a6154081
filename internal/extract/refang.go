package extract

import (
	"sort"
	"strings"
)

// Refanging: reports write indicators "defanged" so that nobody clicks them
// (hxxps://evil[.]example, user[at]example(dot)com). Before scanning,
// the text is rewritten with every common defanging undone; the rewrite
// keeps a list of replacements so that each indicator's span can be mapped
// back to the exact bytes of the original text.

// repl is one replacement: out[outStart:outEnd] replaced orig[origStart:origEnd].
// An escape is a Markdown escape undone ("install\_flash"), not a
// defanging.
type repl struct {
	outStart, outEnd, origStart, origEnd int
	escape                               bool
}

type refanged struct {
	text  string
	repls []repl
}

// refangTrigger marks the bytes at which a defanging can start.
var refangTrigger = func() (t [256]bool) {
	for _, c := range []byte("[({\\]") {
		t[c] = true
	}
	return t
}()

func isAlnum(c byte) bool { return isASCIILetter(c) || isDigit(c) }

// refang returns s with defangings undone. It runs in one pass; each
// candidate looks at most a few bytes ahead, so the cost is linear.
func refang(s string) refanged {
	r := refanger{s: s}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !refangTrigger[c] {
			continue
		}
		switch c {
		case '[', '(', '{':
			i = r.bracket(i)
		case ']':
			i = r.halfBracket(i)
		case '\\':
			i = r.backslash(i)
		}
	}
	if !r.started {
		return refanged{text: s}
	}
	r.b.WriteString(s[r.last:])
	return refanged{text: r.b.String(), repls: r.repls}
}

// refanger is refang's state. Each of its rules looks at the trigger byte
// s[i], replaces what it undoes, and returns the index of the last byte it
// consumed (i when it consumed nothing).
type refanger struct {
	s string
	// A strings.Builder hands its buffer over without a copy.
	b       strings.Builder
	started bool // no copy until the first replacement
	repls   []repl
	last    int // s[last:i] not yet copied to b
}

// replace writes with for s[i:j].
func (r *refanger) replace(i, j int, with string, escape bool) {
	if !r.started {
		r.b.Grow(len(r.s))
		r.started = true
	}
	r.b.WriteString(r.s[r.last:i])
	outStart := r.b.Len()
	r.b.WriteString(with)
	r.repls = append(r.repls, repl{outStart, r.b.Len(), i, j, escape})
	r.last = j
}

// bracket undoes a bracketed token at an opening bracket: "evil[.]com",
// "hxxp[://]", and with spaces around it "example [.] com", "user [at]
// example [dot] com".
func (r *refanger) bracket(i int) int {
	s, n := r.s, len(r.s)
	if i > 1 && s[i-1] == ' ' && isAlnum(s[i-2]) && i-1 >= r.last {
		if j, with := bracketToken(s, i); j > 0 && (with == "." || with == "@") && j+1 < n && s[j] == ' ' && isAlnum(s[j+1]) {
			r.replace(i-1, j+1, with, false)
			return j
		}
	}
	j, with := bracketToken(s, i)
	if j <= 0 || i == 0 || i < r.last || !bracketFits(s, i, j, with) {
		return i
	}
	r.replace(i, j, with, false)
	return j - 1
}

// bracketFits reports whether the bracketed token s[i:j], read as with,
// sits inside an indicator: a name before it and one after it (an address
// after "@" or a separator may start otherwise), or a scheme before "://".
func bracketFits(s string, i, j int, with string) bool {
	n := len(s)
	if with == "://" || with == ":" {
		return isASCIILetter(s[i-1]) && j < n && (s[j] == '/' || isAlnum(s[j]))
	}
	prevOK := isAlnum(s[i-1]) || s[i-1] == '-' || s[i-1] == '_' || (with == "." && s[i-1] == ']')
	nextOK := j < n && (isAlnum(s[j]) || (with != "." && with != "@"))
	return prevOK && nextOK
}

// halfBracket undoes half brackets: "miandfish.]store", "115].231.218.133";
// not the end of a bracket pair: "[12].In 2020", "model[0].to".
func (r *refanger) halfBracket(i int) int {
	s, n := r.s, len(r.s)
	switch {
	case i >= 2 && i+1 < n && s[i-1] == '.' && isAlnum(s[i-2]) && isAlnum(s[i+1]) && i-1 >= r.last && !openedBracket(s, i-1):
		r.replace(i-1, i+1, ".", false)
	case i >= 1 && i+2 < n && s[i+1] == '.' && isAlnum(s[i-1]) && isAlnum(s[i+2]) && i >= r.last && !openedBracket(s, i):
		r.replace(i, i+2, ".", false)
		return i + 1
	}
	return i
}

// backslash undoes an escaped dot ("evil\.com") and a Markdown escape
// inside a name ("host32\_pic.bin", "/\_ah/logout").
func (r *refanger) backslash(i int) int {
	s, n := r.s, len(r.s)
	if i == 0 || i+2 >= n || i < r.last {
		return i
	}
	switch {
	case s[i+1] == '.' && isAlnum(s[i-1]) && isASCIILetter(s[i+2]):
		r.replace(i, i+2, ".", false)
	case s[i+1] == '_' && s[i-1] > ' ' && s[i-1] != '\\' && s[i+2] > ' ':
		r.replace(i, i+2, "_", true)
	default:
		return i
	}
	return i + 1
}

// openedBracket reports whether the name that ends at s[i] (letters,
// digits, dots, hyphens; at most 64 bytes are looked at) follows a "[",
// so that the "]" at s[i] closes a pair.
func openedBracket(s string, i int) bool {
	j := i
	for j > 0 && i-j < 64 && (isAlnum(s[j-1]) || s[j-1] == '.' || s[j-1] == '-') {
		j--
	}
	return j > 0 && s[j-1] == '['
}

// bracketToken recognises a defanging in brackets at s[i] ("[.]", "(dot)",
// "[:]", "[://]", "[@]", "[at]", "[/]") and returns the end offset and the
// replacement, or 0.
func bracketToken(s string, i int) (int, string) {
	open := s[i]
	var close byte
	switch open {
	case '[':
		close = ']'
	case '(':
		close = ')'
	case '{':
		close = '}'
	}
	limit := i + 6
	if limit > len(s) {
		limit = len(s)
	}
	for j := i + 1; j < limit; j++ {
		if s[j] != close {
			continue
		}
		inner := s[i+1 : j]
		var lower [4]byte
		if len(inner) > 4 || len(inner) == 0 {
			return 0, ""
		}
		for k := 0; k < len(inner); k++ {
			lower[k] = inner[k] | 0x20
			if inner[k] < 'A' {
				lower[k] = inner[k]
			}
		}
		switch string(lower[:len(inner)]) {
		case ".", "dot", "d0t":
			return j + 1, "."
		case "@", "at":
			return j + 1, "@"
		case ":":
			return j + 1, ":"
		case "://":
			return j + 1, "://"
		case "/":
			return j + 1, "/"
		case "//":
			return j + 1, "//"
		}
		return 0, ""
	}
	return 0, ""
}

// origStart maps an offset of the refanged text to the original, for the
// start of a span.
func (r *refanged) origStart(p int) int {
	if len(r.repls) == 0 {
		return p
	}
	// last replacement with outStart <= p
	k := sort.Search(len(r.repls), func(k int) bool { return r.repls[k].outStart > p }) - 1
	if k < 0 {
		return p
	}
	x := r.repls[k]
	if p < x.outEnd {
		return x.origStart
	}
	return x.origEnd + (p - x.outEnd)
}

// origEnd maps an offset of the refanged text to the original, for the end
// of a span.
func (r *refanged) origEnd(p int) int {
	if len(r.repls) == 0 {
		return p
	}
	// last replacement with outStart < p
	k := sort.Search(len(r.repls), func(k int) bool { return r.repls[k].outStart >= p }) - 1
	if k < 0 {
		return p
	}
	x := r.repls[k]
	if p <= x.outEnd {
		return x.origEnd
	}
	return x.origEnd + (p - x.outEnd)
}

// defanged reports whether out[start:end] contains a defanging (not only
// Markdown escapes).
func (r *refanged) defanged(start, end int) bool {
	if len(r.repls) == 0 {
		return false
	}
	for k := sort.Search(len(r.repls), func(k int) bool { return r.repls[k].outEnd > start }); k < len(r.repls) && r.repls[k].outStart < end; k++ {
		if !r.repls[k].escape {
			return true
		}
	}
	return false
}
