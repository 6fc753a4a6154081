package telltale

import (
	"strings"
	"unicode"
)

// FoldVersion names the rules of Fold. The store keys the names it
// indexes with Fold and records this version with them; opening a
// database recorded with another version (with migrations on) rebuilds
// its keys (internal/store, refold.go). Change it whenever Fold returns
// something else for some name, including when a Go release's Unicode
// tables change what it lower-cases or counts as a letter or digit:
// TestFoldVersion fails until it is.
const FoldVersion = 1

// Fold returns the key under which names are matched: lower-cased, with Latin
// diacritics and ligatures reduced to plain letters, full-width forms mapped
// to ASCII, and everything that is not a letter or a digit dropped. So
// "ATK51", "ATK 51" and "atk-51" share a key, as do "TEMP.Zagros" and
// "TEMP Zagros", or "APT-C-23" and "APT_C_23".
//
// Dropping all punctuation rather than a chosen list is deliberate: vendors
// write the same name with spaces, dots, dashes, slashes or apostrophes, and
// none of those ever tells two actors apart. Letters of other scripts are
// kept (lower-cased), so names written in Cyrillic or Chinese still fold to
// something. A name made only of punctuation folds to "".
func Fold(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range name {
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII variants
			r -= 0xFEE0
		}
		if s, ok := foldLatin[r]; ok {
			b.WriteString(s)
			continue
		}
		switch {
		case r < 0x80:
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				b.WriteRune(r)
			case 'A' <= r && r <= 'Z':
				b.WriteRune(r + ('a' - 'A'))
			}
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsDigit(r):
			b.WriteRune(digitValue(r))
		}
		// Marks (combining accents), spaces, punctuation and symbols drop.
	}
	return b.String()
}

// digitValue maps a decimal digit of any script to its ASCII digit, so
// "ATK٥١" and "ATK51" meet. Unicode lays decimal digits out in runs of ten
// starting at zero, which the Nd table keeps as ranges of stride one.
func digitValue(r rune) rune {
	if r <= 0xFFFF {
		for _, rt := range unicode.Nd.R16 {
			if rt.Stride == 1 && rune(rt.Lo) <= r && r <= rune(rt.Hi) {
				return '0' + (r-rune(rt.Lo))%10
			}
		}
		return r
	}
	for _, rt := range unicode.Nd.R32 {
		if rt.Stride == 1 && rune(rt.Lo) <= r && r <= rune(rt.Hi) {
			return '0' + (r-rune(rt.Lo))%10
		}
	}
	return r
}

// foldLatin reduces precomposed Latin letters to their base letters; the
// standard library has no Unicode decomposition, and these are the letters
// that actually occur in actor, malware and sector names.
var foldLatin = func() map[rune]string {
	m := map[rune]string{
		'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
		'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d",
		'þ': "th", 'Þ': "th", 'ł': "l", 'Ł': "l", 'ı': "i", 'ħ': "h", 'Ħ': "h",
		'ŀ': "l", 'Ŀ': "l", 'ŧ': "t", 'Ŧ': "t", 'ĸ': "k", 'ŉ': "n",
		'ﬀ': "ff", 'ﬁ': "fi", 'ﬂ': "fl", 'ﬃ': "ffi", 'ﬄ': "ffl", 'ﬅ': "st", 'ﬆ': "st",
	}
	for base, letters := range map[string]string{
		"a": "ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎȀȁȂȃȦȧ",
		"c": "ÇçĆćĈĉĊċČč",
		"d": "Ďď",
		"e": "ÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇẸẹẼẽ",
		"g": "ĜĝĞğĠġĢģǦǧ",
		"h": "Ĥĥ",
		"i": "ÌÍÎÏìíîïĨĩĪīĬĭĮįİǏǐȈȉȊȋ",
		"j": "Ĵĵ",
		"k": "Ķķ",
		"l": "ĹĺĻļĽľ",
		"n": "ÑñŃńŅņŇň",
		"o": "ÒÓÔÕÖòóôõöŌōŎŏŐőǑǒȌȍȎȏƠơ",
		"r": "ŔŕŖŗŘřȐȑȒȓ",
		"s": "ŚśŜŝŞşŠšȘș",
		"t": "ŢţŤťȚț",
		"u": "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųǓǔȔȕȖȗƯư",
		"w": "Ŵŵ",
		"y": "ÝýÿŶŷŸ",
		"z": "ŹźŻżŽž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
