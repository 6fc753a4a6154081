package stix

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// decodeAll returns every object of input, or the first error.
func decodeAll(t *testing.T, d *Decoder) ([]string, error) {
	t.Helper()
	var got []string
	for {
		raw, err := d.Next()
		if errors.Is(err, io.EOF) {
			return got, nil
		} else if err != nil {
			return got, err
		}
		got = append(got, string(raw))
	}
}

func TestDecoder(t *testing.T) {
	for _, tt := range []struct {
		name  string
		input string
		want  []string
	}{
		{"Bundle", `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e","objects":[{"type":"a","id":"1"},{"type":"b"}]}`,
			[]string{`{"type":"a","id":"1"}`, `{"type":"b"}`}},
		{"BundleObjectsFirst", `{"objects":[{"type":"a"}],"type":"bundle"}`, []string{`{"type":"a"}`}},
		{"BareArray", "[ {\"type\":\"a\"} ,\n {\"type\":\"b\"} ]", []string{`{"type":"a"}`, `{"type":"b"}`}},
		{"EmptyArray", `[]`, nil},
		{"EmptyBundle", `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e"}`, nil},
		{"SingleObjectKeepsOrder", `{"type":"x","b":1,"a":[1, 2]}`, []string{`{"type":"x","b":1,"a":[1,2]}`}},
		{"SingleObservedDataWithObjectsDictionary", `{"type":"observed-data","objects":{"0":{"type":"file"}}}`,
			[]string{`{"type":"observed-data","objects":{"0":{"type":"file"}}}`}},
		{"CompactsOutsideStringsOnly", "[{ \"type\" : \"a b\",\n\t\"x\": \"\\\" ]}\" , \"n\": 1.50 }]",
			[]string{`{"type":"a b","x":"\" ]}","n":1.50}`}},
		{"EscapedQuotesAndBackslashes", `[ {"a" : "x\\\" ]y\\\\" , "b":"\\\\\\\"} " } ]`,
			[]string{`{"a":"x\\\" ]y\\\\","b":"\\\\\\\"} "}`}},
		{"KeepsEscapesAndNumbers", `[{"s":"\u00e9\ud83d\ude00\/","n":12345678901234567890123,"f":1E+2}]`,
			[]string{`{"s":"\u00e9\ud83d\ude00\/","n":12345678901234567890123,"f":1E+2}`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Also one byte per read, so that strings, escapes and
			// whitespace straddle every buffer boundary.
			for _, r := range []io.Reader{strings.NewReader(tt.input), iotest.OneByteReader(strings.NewReader(tt.input))} {
				got, err := decodeAll(t, NewDecoder(r))
				if err != nil {
					t.Fatal(err)
				}
				if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
					t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
				}
			}
		})
	}
}

func TestDecoderBundleID(t *testing.T) {
	d := NewDecoder(strings.NewReader(`{"id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e","type":"bundle","objects":[{"type":"a"}]}`))
	if _, err := d.Next(); err != nil {
		t.Fatal(err)
	}
	if d.BundleID != "bundle--5d0092c5-5f74-4287-9642-33f4c354e56e" || d.Index() != 0 {
		t.Errorf("BundleID = %q, Index = %d", d.BundleID, d.Index())
	}
}

func TestDecoderEnvelope(t *testing.T) {
	for _, tt := range []struct{ name, input, want string }{
		{"Bundle", `{"type":"bundle","objects":[{"type":"a"}],"id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e","x_extra":[1, 2]}`,
			`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e","x_extra":[1,2]}`},
		{"EmptyBundle", `{"type":"bundle"}`, `{"type":"bundle"}`},
		{"NoneForAnArray", `[{"type":"a"}]`, ``},
		{"NoneForAnObject", `{"type":"a"}`, ``},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder(strings.NewReader(tt.input))
			if _, err := decodeAll(t, d); err != nil {
				t.Fatal(err)
			}
			if got := string(d.Envelope()); got != tt.want {
				t.Errorf("Envelope = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDecoderErrors(t *testing.T) {
	for _, tt := range []struct {
		name      string
		input     string
		max       int64
		wantIndex int
		wantIn    string
	}{
		{"ErrEmptyInput", "  ", 0, -1, "empty input"},
		{"ErrNotJSON", "hello", 0, -1, `found 'h'`},
		{"ErrTruncatedObject", `{"type":"bundle","objects":[{"type":"a"},{"type":"b","name":"x`, 0, 1, "unexpected end of input"},
		{"ErrTruncatedList", `[{"type":"a"}`, 0, 1, "unexpected end of input"},
		{"ErrMissingComma", `[{"type":"a"} {"type":"b"}]`, 0, 1, "expected ','"},
		{"ErrNotAnObject", `[{"type":"a"}, 42]`, 0, 1, "expected a STIX object"},
		{"ErrTrailingData", `[{"type":"a"}] x`, 0, -1, "after the end"},
		{"ErrObjectsWithoutBundle", `{"type":"report","objects":[{"type":"a"}]}`, 0, -1, `not "bundle"`},
		{"ErrInvalidUTF8", "[{\"type\":\"a\"},{\"name\":\"MESSAGE\xff\xfeTAP\"}]", 0, 1, "invalid UTF-8"},
		{"ErrObjectTooLarge", `[{"type":"a"},{"type":"b","name":"` + strings.Repeat("x", 200) + `"}]`, 100, 1, "maximum object size"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder(strings.NewReader(tt.input))
			d.MaxObjectSize = tt.max
			_, err := decodeAll(t, d)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a *DecodeError", err)
			}
			if de.Index != tt.wantIndex || !strings.Contains(err.Error(), tt.wantIn) || !strings.Contains(err.Error(), "byte ") {
				t.Errorf("err = %v (index %d), want index %d, a byte offset and %q", err, de.Index, tt.wantIndex, tt.wantIn)
			}
			if _, again := d.Next(); again != err {
				t.Errorf("second Next = %v, want the same error", again)
			}
		})
	}
}

// endless yields a bundle whose second object never ends.
type endless struct{ started bool }

func (e *endless) Read(p []byte) (int, error) {
	if !e.started {
		e.started = true
		return copy(p, `{"type":"bundle","objects":[{"type":"a"},{"type":"b","description":"`), nil
	}
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func TestDecoderBoundsMemory(t *testing.T) {
	t.Run("ErrObjectTooLargeOnEndlessInput", func(t *testing.T) {
		d := NewDecoder(&endless{})
		d.MaxObjectSize = 1 << 20
		got, err := decodeAll(t, d)
		if len(got) != 1 || !errors.Is(err, ErrObjectTooLarge) {
			t.Fatalf("got %d objects, err %v; want 1 and ErrObjectTooLarge", len(got), err)
		}
		var de *DecodeError
		if errors.As(err, &de); de.Index != 1 || de.Offset == 0 {
			t.Errorf("err = %+v, want object 1 and its offset", de)
		}
	})
	t.Run("StreamsManyObjects", func(t *testing.T) {
		const n = 20000
		pr, pw := io.Pipe()
		go func() {
			_, _ = io.WriteString(pw, `{"type":"bundle","objects":[`)
			for i := 0; i < n; i++ {
				if i > 0 {
					_, _ = io.WriteString(pw, ",")
				}
				_, _ = io.WriteString(pw, `{"type":"x-test","description":"`+strings.Repeat("y", 500)+`"}`)
			}
			_, _ = io.WriteString(pw, `]}`)
			pw.Close()
		}()
		d := NewDecoder(pr)
		count := 0
		for {
			_, err := d.Next()
			if errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			count++
		}
		if count != n {
			t.Errorf("decoded %d objects, want %d", count, n)
		}
	})
}
