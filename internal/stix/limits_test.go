package stix

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// list returns a JSON list of n strings, each s.
func list(n int, s string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(items, ",") + "]"
}

const limitID = "intrusion-set--9b19d6b4-cfcb-492f-8ca8-8449e7331573"

// withProp returns an intrusion set with one more property, placed before
// its id so that the id is found without the parser reaching it. A given
// name replaces the set's own.
func withProp(prop string) string {
	name := `,"name":"X"`
	if strings.Contains(prop, `"name":`) {
		name = ""
	}
	return `{"type":"intrusion-set","spec_version":"2.1",` + prop + `,"id":"` + limitID + `","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z"` + name + `}`
}

func TestLimits(t *testing.T) {
	lim := Limits{MaxListItems: 10, MaxAliases: 3, MaxNameBytes: 8, MaxStringBytes: 60}
	dict := func(n int) string {
		keys := make([]string, n)
		for i := range keys {
			keys[i] = fmt.Sprintf(`"k%d":1`, i)
		}
		return `"x_dict":{` + strings.Join(keys, ",") + `}`
	}
	for _, tt := range []struct {
		name, at, over string // at the limit passes, one more is refused
		reason         string
	}{
		{"Aliases", `"aliases":` + list(3, "a"), `"aliases":` + list(4, "a"), `property "aliases": more than 3 aliases`},
		{"MitreAliases", `"x_mitre_aliases":` + list(3, "a"), `"x_mitre_aliases":` + list(4, "a"), `property "x_mitre_aliases": more than 3 aliases`},
		{"AliasBytes", `"aliases":["12345678"]`, `"aliases":["123456789"]`, `property "aliases": a string of 9 bytes, over the limit of 8`},
		{"NameBytes", `"x_name":"x","name":"12345678"`, `"x_name":"x","name":"123456789"`, `property "name": a string of 9 bytes, over the limit of 8`},
		{"ListItems", `"goals":` + list(10, "g"), `"goals":` + list(11, "g"), `property "goals": more than 10 items`},
		{"NestedListItems", `"x_deep":{"a":[` + list(10, "g") + `]}`, `"x_deep":{"a":[` + list(11, "g") + `]}`, `property "x_deep": more than 10 items`},
		{"DictionaryKeys", dict(10), dict(11), `property "x_dict": more than 10 properties in one JSON object`},
		{"StringBytes", `"description":"` + strings.Repeat("d", 60) + `"`, `"description":"` + strings.Repeat("d", 61) + `"`, `property "description": a string of 61 bytes, over the limit of 60`},
		{"EscapedStringBytesDecoded", `"description":"` + strings.Repeat(`\u0064`, 60) + `"`, `"description":"` + strings.Repeat(`\u0064`, 61) + `"`, `a string of 61 bytes`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Name limits (8 bytes) would refuse the "name" of withProp
			// when the test is about something else: "X" is 1 byte.
			if _, err := lim.Parse([]byte(withProp(tt.at))); err != nil {
				t.Fatalf("at the limit: %v", err)
			}
			_, err := lim.Parse([]byte(withProp(tt.over)))
			var le *LimitError
			if !errors.As(err, &le) || !errors.Is(err, ErrLimit) {
				t.Fatalf("over the limit: error %v, want a *LimitError", err)
			}
			if !strings.Contains(le.Error(), tt.reason) || le.ID != limitID {
				t.Errorf("error %q (id %q), want %q and id %s", le.Error(), le.ID, tt.reason, limitID)
			}
			// Parse, which reads what the store holds, has no limits.
			if _, err := Parse([]byte(withProp(tt.over))); err != nil {
				t.Errorf("Parse: %v", err)
			}
		})
	}
	t.Run("NegativeIsNoLimit", func(t *testing.T) {
		if _, err := (Limits{MaxAliases: -1}).Parse([]byte(withProp(`"aliases":` + list(DefaultMaxAliases+1, "a")))); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("DefaultsAliases", func(t *testing.T) {
		if _, err := (Limits{}).Parse([]byte(withProp(`"aliases":` + list(DefaultMaxAliases, "a")))); err != nil {
			t.Fatalf("at the default: %v", err)
		}
		if _, err := (Limits{}).Parse([]byte(withProp(`"aliases":` + list(DefaultMaxAliases+1, "a")))); !errors.Is(err, ErrLimit) {
			t.Fatalf("over the default: %v", err)
		}
	})
}

func TestDuplicateKeys(t *testing.T) {
	for _, tt := range []struct {
		name, input, key string
		offset           int
	}{
		{"TopLevel", `{"type":"x","id":"a","id":"b"}`, "id", 21},
		{"Nested", `{"type":"x","e":{"k":1,"l":[{"m":1,"m":2}]}}`, "m", 35},
		{"SameKeyEscaped", `{"type":"x","\u0074ype":"y"}`, "type", 12},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (Limits{}).Parse([]byte(tt.input))
			var de *DuplicateKeyError
			if !errors.As(err, &de) || de.Key != tt.key || de.Offset != tt.offset {
				t.Fatalf("error %v, want duplicate %q at byte %d", err, tt.key, tt.offset)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("at byte %d", tt.offset)) {
				t.Errorf("error %q does not give the offset", err)
			}
			if _, err := Parse([]byte(tt.input)); err != nil {
				t.Errorf("Parse (the store's objects, last wins): %v", err)
			}
		})
	}
	t.Run("SameKeyInSiblingsIsFine", func(t *testing.T) {
		if _, err := (Limits{}).Parse([]byte(`{"type":"x","a":{"k":1},"b":{"k":1},"c":[{"k":1},{"k":2}]}`)); err != nil {
			t.Fatal(err)
		}
	})
}

func TestDecoderLimits(t *testing.T) {
	t.Run("DuplicateTopLevelKeys", func(t *testing.T) {
		for _, tt := range []struct {
			input  string
			offset int64
		}{
			{`{"type":"bundle","objects":[{"type":"a"}],"objects":[{"type":"b"}]}`, 42},
			{`{"type":"bundle", "id":"bundle--1","id":"bundle--2","objects":[]}`, 35},
			{`{"objects":[], "type":"bundle","type":"bundle"}`, 31},
		} {
			_, err := decodeAll(t, NewDecoder(strings.NewReader(tt.input)))
			var de *DecodeError
			if !errors.As(err, &de) || de.Offset != tt.offset || !strings.Contains(err.Error(), "duplicate property") {
				t.Errorf("%s: error %v, want a duplicate property at byte %d", tt.input, err, tt.offset)
			}
		}
	})
	t.Run("MaxObjects", func(t *testing.T) {
		input := `{"type":"bundle","objects":[{"type":"a"},{"type":"b"},{"type":"c"}]}`
		d := NewDecoder(strings.NewReader(input))
		d.MaxObjects = 3
		if got, err := decodeAll(t, d); err != nil || len(got) != 3 {
			t.Fatalf("at the limit: %d objects, %v", len(got), err)
		}
		d = NewDecoder(strings.NewReader(input))
		d.MaxObjects = 2
		got, err := decodeAll(t, d)
		if !errors.Is(err, ErrLimit) || len(got) != 2 || !strings.Contains(err.Error(), "more than 2 objects") {
			t.Fatalf("over the limit: %d objects, %v", len(got), err)
		}
	})
	t.Run("ObjectOffset", func(t *testing.T) {
		d := NewDecoder(strings.NewReader(`[ {"type":"a"},  {"type":"b"}]`))
		for _, want := range []int64{2, 17} {
			if _, err := d.Next(); err != nil {
				t.Fatal(err)
			}
			if d.ObjectOffset() != want {
				t.Errorf("object %d starts at %d, want %d", d.Index(), d.ObjectOffset(), want)
			}
		}
	})
}

func TestTopLevelID(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":{"id":"no"},"b":["x\"",{"id":"no"}],"id":"yes"}`: "yes",
		`{"a":1}`:               "",
		`{"a":"\\","id":"yes"}`: "yes",
		`{"id":7}`:              "",
		`[1]`:                   "",
	} {
		if got := topLevelID([]byte(in)); got != want {
			t.Errorf("topLevelID(%s) = %q, want %q", in, got, want)
		}
	}
}
