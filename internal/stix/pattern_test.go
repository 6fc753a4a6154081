package stix

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// validPatterns use every kind of token, comments and every operator.
var validPatterns = []string{
	`[file:hashes.MD5 = '5d8129be965fab8115eca34fc84bd7f0']`,
	`[file:hashes.'SHA-256' = 'ef53' OR file:name == 'a\'b\\c']`,
	`[ipv4-addr:value ISSUBSET '198.51.100.0/24']`,
	`[network-traffic:dst_port >= 443 AND network-traffic:protocols[*] = 'tcp' AND network-traffic:src_ref.value != '1.2.3.4']`,
	`[windows-registry-key:values[0].data LIKE 'x%'] FOLLOWEDBY [process:pid < -1]`,
	`([email-message:subject MATCHES '^Re:' AND email-message:is_multipart = true] OR [mutex:name IN ('a', 'b')]) REPEATS 5 TIMES WITHIN 1.5 SECONDS`,
	`[file:created NOT > t'2016-01-01T00:00:00Z'] START t'2016-01-01T00:00:00Z' STOP t'2017-01-01T00:00:00.123Z'`,
	`[artifact:payload_bin = b'aGVsbG8='] AND [file:magic_number_hex = h'ffd8']`,
	`[x-custom-thing:prop.sub.'odd key'[*] = 1.0]`,
	`[EXISTS file:name] // a comment`,
	`/* comment */ [file:size > 0]`,
}

func TestParsePattern(t *testing.T) {
	for _, p := range validPatterns {
		if _, err := ParsePattern(p); err != nil {
			t.Errorf("ParsePattern(%s) = %v, want nil", p, err)
		}
	}
}

// BenchmarkParsePattern lexes and parses the valid patterns above.
func BenchmarkParsePattern(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range validPatterns {
			if _, err := ParsePattern(p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func TestParsePatternComparisons(t *testing.T) {
	got, err := ParsePattern(`[file:hashes.'SHA-256' = 'x' AND process:parent_ref.pid = 1]`)
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, c := range got {
		s = append(s, c.ObjectType+":"+strings.Join(c.Path, "/"))
	}
	if want := "file:hashes/SHA-256 process:parent_ref/pid"; strings.Join(s, " ") != want {
		t.Errorf("comparisons = %v, want %s", s, want)
	}
}

// The values a comparison asks for are those of equalities and sets of
// strings, unescaped, and not those of negations, inequalities or
// matches.
func TestParsePatternValues(t *testing.T) {
	for _, tt := range []struct{ pattern, want string }{
		{`[ipv4-addr:value = '198.51.100.7']`, "ipv4-addr:value=198.51.100.7"},
		{`[domain-name:value = 'a.example' OR domain-name:value = 'b.example']`, "domain-name:value=a.example domain-name:value=b.example"},
		{`[url:value IN ('http://x.example/a', 'http://y.example/it\'s')]`, "url:value=http://x.example/a,http://y.example/it's"},
		{`[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' AND file:size = 10]`, "file:hashes/MD5=d41d8cd98f00b204e9800998ecf8427e file:size="},
		{`[ipv4-addr:value != '10.0.0.1' AND ipv4-addr:value NOT = '10.0.0.2']`, "ipv4-addr:value= ipv4-addr:value="},
		{`[domain-name:value LIKE '%.example' AND domain-name:value MATCHES '^x']`, "domain-name:value= domain-name:value="},
		{`[network-traffic:dst_ref.value = '203.0.113.9'] FOLLOWEDBY [email-addr:value = 'a@b.example']`, "network-traffic:dst_ref/value=203.0.113.9 email-addr:value=a@b.example"},
	} {
		got, err := ParsePattern(tt.pattern)
		if err != nil {
			t.Errorf("%s: %v", tt.pattern, err)
			continue
		}
		var s []string
		for _, c := range got {
			s = append(s, c.ObjectType+":"+strings.Join(c.Path, "/")+"="+strings.Join(c.Values, ","))
		}
		if strings.Join(s, " ") != tt.want {
			t.Errorf("%s: values %s, want %s", tt.pattern, strings.Join(s, " "), tt.want)
		}
	}
}

func TestParsePatternErrors(t *testing.T) {
	for _, tt := range []struct {
		name, pattern, want string
		at                  int
	}{
		{"ErrUnknownOperator", `[network-traffic:dst_port INVALID-CONDITION 80]`, "expected a comparison operator", 26},
		{"ErrUnconvertedTerm", `[unconverted_term:example:observable-c534 AND x]`, "expected a comparison operator", 25},
		{"ErrUnclosedBracket", `[file:name = 'a'`, "expected ']'", 16},
		{"ErrUnterminatedString", `[file:name = 'a]`, "unterminated string", 13},
		{"ErrBadEscape", `[file:name = 'a\n']`, "escapes", 15},
		{"ErrBareWord", `file:name = 'a'`, "expected '[' or '('", 0},
		{"ErrHexLiteral", `[file:x_hex = h'abc']`, "hex literal", 14},
		{"ErrTimestampLiteral", `[file:created = t'2016-13-01T00:00:00Z']`, "timestamp literal", 16},
		{"ErrBooleanOrdering", `[file:size > true]`, "expected a literal value", 13},
		{"ErrQualifier", `[file:size > 0] WITHIN -1 SECONDS`, "WITHIN needs a positive number", 23},
		{"ErrLowerCaseKeyword", `[file:size > 0 and file:name = 'a']`, "expected ']'", 15},
		{"ErrTrailing", `[file:size > 0] [file:size > 1]`, "unexpected", 16},
		{"ErrEmpty", ``, "expected '[' or '('", 0},
		{"ErrDeepNesting", strings.Repeat("(", 200) + "[file:size > 0]" + strings.Repeat(")", 200), "nested too deeply", 101},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePattern(tt.pattern)
			var pe *PatternError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *PatternError", err)
			}
			if !strings.Contains(err.Error(), tt.want) || pe.Offset != tt.at {
				t.Errorf("err = %v (offset %d), want %q at %d", err, pe.Offset, tt.want, tt.at)
			}
		})
	}
}

// An indicator's pattern values are read whether or not it was validated
// (a stored object read back is not), alike.
func TestPatternValues(t *testing.T) {
	raw := `{"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '198.51.100.7' OR domain-name:value = 'c2.example'] AND [file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' AND file:name = 'a.exe'] AND [ipv4-addr:value = '198.51.100.7']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}`
	want := "198.51.100.7 c2.example d41d8cd98f00b204e9800998ecf8427e"
	for _, validate := range []bool{false, true} {
		o, err := Parse([]byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		if validate {
			if err := Validate(o); err != nil {
				t.Fatal(err)
			}
		}
		if got := strings.Join(o.PatternValues(), " "); got != want {
			t.Errorf("validated %v: %q, want %q", validate, got, want)
		}
	}
	for _, raw := range []string{
		`{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","pattern":"alert tcp any any -> 198.51.100.7 any","pattern_type":"snort"}`,
		`{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","pattern":"[ipv4-addr:value = '198.51.100.7'","pattern_type":"stix"}`,
		`{"type":"note","id":"note--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix"}`,
	} {
		o, err := Parse([]byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		if got := o.PatternValues(); got != nil {
			t.Errorf("%s: values %q, want none", raw, got)
		}
	}
}

// An indicator gets at most MaxPatternValues names from its pattern,
// however long its set.
func TestPatternValuesBounded(t *testing.T) {
	var vals []string
	for i := range MaxPatternValues + 500 {
		vals = append(vals, fmt.Sprintf("'10.%d.%d.%d'", i>>16, (i>>8)&255, i&255))
	}
	raw := fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","pattern":%q,"pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}`,
		"[ipv4-addr:value IN ("+strings.Join(vals, ", ")+")]")
	o, err := Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(o); err != nil {
		t.Fatal(err)
	}
	if got := o.PatternValues(); len(got) != MaxPatternValues || got[0] != "10.0.0.0" {
		t.Errorf("%d values (first %q), want the first %d", len(got), got[0], MaxPatternValues)
	}
}
