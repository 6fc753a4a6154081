package stix

import (
	"errors"
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
