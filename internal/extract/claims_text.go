package extract

import "strings"

// A sentence's text as the cues read it: lower-cased, quotes and
// emphasis marks blanked, spaces collapsed, Markdown link targets dropped,
// with offsets back into the sentence.

// flatten lower-cases a sentence, blanks quotes and emphasis marks and
// collapses runs of spaces; with withAt, at maps each byte of the result
// to its offset in the sentence (most sentences hold no cue, and need no
// map). low is the sentence lower-cased by asciiLower: a sentence with
// nothing to blank or collapse is returned as low, with a nil at (each
// offset its own; see flatOffset).
func flatten(sentence, low string, withAt bool) (flat string, at []int) {
	if flatAlready(sentence) {
		return low, nil
	}
	var b strings.Builder
	b.Grow(len(sentence)) // the result is never longer
	if withAt {
		at = make([]int, 0, len(sentence))
	}
	space := false
	for i := 0; i < len(sentence); {
		c := sentence[i]
		n := 1
		blank := c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '*' || c == '"' || c == '_'
		if c == ']' {
			// "[linked by Flashpoint](https://...) to": a link's
			// target is not words of the sentence.
			if k := linkTargetEnd(sentence[i:]); k > 0 {
				blank, n = true, k
			}
		}
		if c >= 0x80 {
			for _, q := range []string{"“", "”", "‘", "\u00a0"} {
				if strings.HasPrefix(sentence[i:], q) {
					blank, n = true, len(q)
					break
				}
			}
		}
		if blank {
			if !space {
				b.WriteByte(' ')
				if withAt {
					at = append(at, i)
				}
			}
			space = true
			i += n
			continue
		}
		space = false
		for k := 0; k < n; k++ {
			b.WriteByte(lowerByte(sentence[i+k]))
			if withAt {
				at = append(at, i+k)
			}
		}
		i += n
	}
	return b.String(), at
}

// flatBytes are the bytes flatten may blank, or that start what it may
// blank (a link's "](", curly quotes, a no-break space).
var flatBytes = [256]bool{'\t': true, '\n': true, '\r': true, '*': true, '"': true, '_': true, ']': true, 0xe2: true, 0xc2: true}

// flatAlready reports whether flatten would only lower-case a sentence: no
// byte it blanks, no run of spaces.
func flatAlready(sentence string) bool {
	for i := 0; i < len(sentence); i++ {
		if c := sentence[i]; flatBytes[c] || c == ' ' && i > 0 && sentence[i-1] == ' ' {
			return false
		}
	}
	return true
}

// flatOffset maps an offset in flatten's result to the sentence's with the
// map flatten returned.
func flatOffset(at []int, k int) int {
	if at == nil {
		return k
	}
	return at[k]
}

// linkTargetEnd returns the length of a Markdown link's end at the start
// of s ("](https://example.com/x)"), or 0.
func linkTargetEnd(s string) int {
	if !strings.HasPrefix(s, "](") {
		return 0
	}
	k := strings.IndexAny(s[2:], ") ")
	if k <= 0 || s[2+k] != ')' {
		return 0
	}
	return 2 + k + 1
}

// visibleSpan returns how many bytes of s hold n bytes that are not the
// targets of Markdown links.
func visibleSpan(s string, n int) int {
	end := n
	for i := 0; i < end && i < len(s); i++ {
		if s[i] == ']' {
			k := linkTargetEnd(s[i:])
			end += max(0, k-1)
			i += max(0, k-1)
		}
	}
	return end
}

// withoutLinkTargets drops the targets of Markdown links from s.
func withoutLinkTargets(s string) string {
	for from := 0; ; {
		i := strings.Index(s[from:], "](")
		if i < 0 {
			return s
		}
		i += from
		if k := linkTargetEnd(s[i:]); k > 0 {
			s = s[:i+1] + s[i+k:]
		}
		from = i + 1
	}
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
