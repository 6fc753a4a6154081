package stix

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/testutil"
)

// The round trip is decode → Parse → BundleWriter → decode. What survives,
// and why:
//   - every property, known or not (x_ properties, extensions, unknown
//     types), because Object.Raw is the object's own bytes;
//   - number spellings (12345678901234567890123, 1E+2, -0, 1.50): the
//     bytes are kept, never converted through float64;
//   - string escapes (\u00e9, surrogate pairs, \/): kept as written, so the
//     output is byte for byte the compacted input;
//   - invalid UTF-8 does not get that far: the Decoder and Parse reject it.
//     encoding/json would keep it inside a json.RawMessage and json.Compact
//     copies it through, but json.Unmarshal into a string silently turns it
//     into U+FFFD, so an indicator value would change without notice.

const roundTripBundle = `{
  "type": "bundle",
  "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56e",
  "objects": [
    {
      "type": "malware", "spec_version": "2.1",
      "id": "malware--9b19d6b4-cfcb-492f-8ca8-8449e7331573",
      "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
      "name": "MESSAGE\u0054AP \u00e9t\u00e9 \ud83d\ude00 caf\u00e9 \/ raw é 😀",
      "is_family": true,
      "x_acme_score": 12345678901234567890123,
      "x_acme_floats": [1E+2, -0, 1.50, 0.1e-400, 1e400],
      "x_acme_nested": {"a": [null, true, false, {"b": "\"q\" \\ \t"}]}
    },
    {
      "type": "x-acme-widget", "spec_version": "2.1",
      "id": "x-acme-widget--4c2d1f0e-1b7a-4e8c-9a55-2f3a9f1b6c01",
      "created": "2020-01-01T00:00:00.000Z", "modified": "2020-01-01T00:00:00.000Z",
      "extensions": {
        "extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e": {"extension_type": "new-sdo", "size": 3}
      }
    },
    {"type": "x-unknown", "id": "x-unknown--e2c4958a-f74e-42a0-b9d6-55f744adb228", "value": "\u2028\u2029"}
  ]
}`

func TestRoundTrip(t *testing.T) {
	t.Run("HandWritten", func(t *testing.T) {
		roundTrip(t, []byte(roundTripBundle), 3)
	})
	t.Run("ErrInvalidUTF8", func(t *testing.T) {
		bad := strings.Replace(roundTripBundle, "raw é", "raw \xe9", 1)
		_, err := decodeAll(t, NewDecoder(strings.NewReader(bad)))
		if err == nil || !strings.Contains(err.Error(), "invalid UTF-8") {
			t.Errorf("err = %v, want invalid UTF-8", err)
		}
	})
	t.Run("SharedExamples", func(t *testing.T) {
		dir := filepath.Join(testutil.SharedDir(t), "data", "stix-examples")
		n := 0
		err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(path, ".json") || strings.Contains(path, "medallion") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			t.Run(strings.TrimPrefix(path, dir+"/"), func(t *testing.T) { roundTrip(t, data, -1) })
			n++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n < 100 {
			t.Errorf("round-tripped only %d files", n)
		}
	})
}

// roundTrip decodes input, re-encodes every object with a BundleWriter and
// checks that the output holds the same objects: byte for byte equal to the
// compacted input objects, and equal as JSON values with numbers compared by
// their text.
func roundTrip(t *testing.T, input []byte, want int) {
	t.Helper()
	in, err := decodeAll(t, NewDecoder(bytes.NewReader(input)))
	if err != nil {
		t.Fatal(err)
	}
	if want >= 0 && len(in) != want {
		t.Fatalf("decoded %d objects, want %d", len(in), want)
	}
	var buf bytes.Buffer
	bw := NewBundleWriter(&buf)
	for _, raw := range in {
		o, err := Parse([]byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		if err := bw.Write(o.Raw); err != nil {
			t.Fatal(err)
		}
	}
	if err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	out, err := decodeAll(t, NewDecoder(&buf))
	if err != nil {
		t.Fatalf("re-decoding the output: %v", err)
	}
	if len(out) != len(in) {
		t.Fatalf("output has %d objects, input %d", len(out), len(in))
	}
	for i := range in {
		if out[i] != in[i] {
			t.Errorf("object %d changed:\n got %s\nwant %s", i, out[i], in[i])
		}
		if !reflect.DeepEqual(jsonValue(t, out[i]), jsonValue(t, in[i])) {
			t.Errorf("object %d is not the same JSON value", i)
		}
	}
}

func jsonValue(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil && !errors.Is(err, io.EOF) {
		t.Fatal(err)
	}
	return v
}

// TestParseErrorTyped: every input Parse cannot read is a *ParseError
// whose message is the problem itself, so callers tell the input's
// problems from the store's by type, not by message.
func TestParseErrorTyped(t *testing.T) {
	for _, tc := range []struct {
		name, in, prefix string
	}{
		{"InvalidUTF8", "{\"type\":\"malware\",\"name\":\"\xff\"}", "malformed JSON: invalid UTF-8 at byte"},
		{"Malformed", `{"type": "malware",}`, "malformed JSON: "},
		{"MalformedCompact", `{"type":"malware",}`, "malformed JSON: "},
		{"NotAnObject", `["malware"]`, "not a JSON object"},
		{"WrongPropertyType", `{"type":"malware","id":7}`, `wrong property type: property "id" must be a string`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) = %T %v, want a *ParseError", tc.in, err, err)
			}
			if !strings.HasPrefix(err.Error(), tc.prefix) {
				t.Errorf("message %q, want it to start with %q", err, tc.prefix)
			}
		})
	}
	t.Run("DuplicateKeyIsItsOwnType", func(t *testing.T) {
		_, err := Limits{}.Parse([]byte(`{"type":"malware","type":"tool"}`))
		var pe *ParseError
		var de *DuplicateKeyError
		if errors.As(err, &pe) || !errors.As(err, &de) {
			t.Errorf("err = %T %v, want a *DuplicateKeyError only", err, err)
		}
	})
}
