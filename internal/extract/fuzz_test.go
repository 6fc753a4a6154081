package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets: the extractor and the readers must never panic, and every
// span must point at the text it reports. Crashers found by "go test
// -fuzz" are kept under testdata/fuzz/<Target>/ and replayed by "go test".

var fuzzDict = NewDictionary([]Entry{
	{Kind: KindActor, Name: "APT41", Canonical: "APT41"},
	{Kind: KindActor, Name: "ATK51", Canonical: "MuddyWater"},
	{Kind: KindActor, Name: "TEMP.Zagros", Canonical: "MuddyWater"},
	{Kind: KindMalware, Name: "Cobalt Strike", Canonical: "Cobalt Strike"},
	{Kind: KindSector, Name: "telecom operators", Canonical: "Telecommunications"},
	{Kind: KindTechnique, Name: "Phishing", Canonical: "Phishing", ID: "T1566"},
})

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"",
		"hxxps://evil[.]com/a?b=1 and 45[.]77[.]12[.]9/24",
		"user[at]evil(dot)com, fe80::1%eth0, 2001:db8::/32",
		`HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Run evil.exe`,
		"ATK51 is possibly China-based; the embassy denied any involvement.",
		"13 different global telecom operators and millions of subscribers",
		"cve-2021-44228 T1566.001 TA0001 G0069 S0154 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
		"[.][.][.](.)(dot)[at]\\.\\.\\.",
		"1.2.3.4.5.6.7.8 v1.5.0.1 version 2.0.0.1",
		"a@b@c@d.e.f@@@...:::///",
		"é“China’s”\xff\xfe partners in Türkiye",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := ExtractWith(text, fuzzDict, Options{Publisher: "https://example.org/"})
		for _, ind := range r.Indicators {
			checkSpan(t, text, ind.Start, ind.End)
			if ind.Text != text[ind.Start:ind.End] {
				t.Fatalf("indicator text %q != span %q", ind.Text, text[ind.Start:ind.End])
			}
		}
		for _, list := range [][]Mention{r.Actors, r.Malware, r.Tools, r.Campaigns, r.Sectors, r.Countries, r.Organizations} {
			for _, m := range list {
				checkSpan(t, text, m.Start, m.End)
				if m.Mention != text[m.Start:m.End] {
					t.Fatalf("mention %q != span %q", m.Mention, text[m.Start:m.End])
				}
			}
		}
		for _, tq := range r.Techniques {
			checkSpan(t, text, tq.Start, tq.End)
		}
		for _, c := range r.Counts {
			checkSpan(t, text, c.Start, c.End)
		}
		for _, c := range r.Claims {
			checkSpan(t, text, c.Start, c.End)
			// A denial or a negation, as words, never leaves an asserted
			// claim in its clause ("basedenied" is no denial; "X is
			// Chinese; China denied it" is an assertion and a denial).
			clause := c.Evidence
			if c.located && c.objectAt >= c.Start && c.objectAt-c.Start <= len(c.Evidence) {
				clause = clauseAt(c.Evidence, c.objectAt-c.Start)
			}
			if c.Polarity == Asserted && (hasWord(clause, "denied") || hasWord(clause, "does not claim")) {
				t.Fatalf("asserted claim from a denial or negation: %+v", c)
			}
		}
	})
}

func checkSpan(t *testing.T, text string, start, end int) {
	t.Helper()
	if start < 0 || end > len(text) || start >= end {
		t.Fatalf("bad span %d:%d in text of %d bytes", start, end, len(text))
	}
	if utf8.ValidString(text) && (!utf8.RuneStart(text[start]) || (end < len(text) && !utf8.RuneStart(text[end]))) {
		t.Fatalf("span %d:%d cuts a UTF-8 sequence", start, end)
	}
}

func FuzzReadHTML(f *testing.F) {
	for _, s := range []string{
		"",
		"<p>hello</p>",
		testPage,
		"<html><body><div><div><div><p>deep</p></div></div></div><script>x</script></body></html>",
		"<table><tr><td>a<td>b</table><img alt='x'><br><br>",
		"<!doctype html><meta charset=latin1><p>caf\xe9</p>",
		"<<<>>><p <a href='hxxp://evil[.]com'>link</a>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		got, err := ReadHTML(strings.NewReader(page), "", "")
		if err == nil && !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 in %q", got)
		}
	})
}

func FuzzReadPDF(f *testing.F) {
	f.Add(minimalPDF("APT41 used 45.77.12.9"))
	f.Add(minimalPDF("line one", "line (two)", `back\slash`))
	f.Add([]byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"))
	f.Add([]byte("%PDF-"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadPDF(data)
		if err == nil && !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 in %q", got)
		}
	})
}

// hasWord reports whether w occurs in s, case-insensitively, with no
// letter or digit on either side.
func hasWord(s, w string) bool {
	low := strings.ToLower(s)
	for from := 0; ; {
		k := strings.Index(low[from:], w)
		if k < 0 {
			return false
		}
		k += from
		before := k == 0 || !isAlnumByte(low[k-1])
		after := k+len(w) >= len(low) || !isAlnumByte(low[k+len(w)])
		if before && after {
			return true
		}
		from = k + 1
	}
}

func isAlnumByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}
