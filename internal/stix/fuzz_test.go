package stix

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"testing"
	"unicode/utf8"
)

// Seeds are small hand-written inputs; crashers found by fuzzing are kept
// under testdata/fuzz/<Target> and replayed by go test.
var fuzzSeeds = []string{
	`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e","objects":[{"type":"malware","spec_version":"2.1","id":"malware--9b19d6b4-cfcb-492f-8ca8-8449e7331573","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"X","is_family":true}]}`,
	`[{"type":"indicator","spec_version":"2.1","id":"indicator--a932fcc6-e032-476c-826f-cb970a5a1ade","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","pattern":"[file:hashes.'SHA-256' = 'ab'] WITHIN 5 SECONDS","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z"}]`,
	`{"type":"network-traffic","id":"network-traffic--fe49a23c-36af-5608-a8dc-dba3b258cad5","src_ref":"ipv4-addr--4d22aae0-2bf9-5427-8819-e4f6abf20a53","protocols":["tcp"],"extensions":{"http-request-ext":{"request_method":"get","request_value":"/","request_header":{"A":["b"]}}}}`,
	`{"type":"observed-data","objects":{"0":{"type":"file","name":"a"}},"created":"2020-01-01T00:00:00Z"}`,
	`{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573","spec_version":"2.1","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"x","granular_markings":[{"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","selectors":["name","external_references.[0].url"]}],"external_references":[{"source_name":"cve","external_id":"CVE-2020-0001"}]}`,
	`[{"s":"\u00e9\ud83d\ude00\/","n":12345678901234567890123,"f":1E+2}, {"type":"x-a"}]`,
	"[{\"a\":\"\xff\"}]",
	`{"type":"bundle","objects":[{"type":"a"},{"type":"b","name":"x`,
	`  `,
}

func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d := NewDecoder(bytes.NewReader(data))
		d.MaxObjectSize = 1 << 16
		var objs [][]byte
		for len(objs) < 1000 {
			raw, err := d.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				var de *DecodeError
				if !errors.As(err, &de) || de.Offset < 0 || de.Offset > int64(len(data)) {
					t.Fatalf("error %v is not a *DecodeError with an offset within the input", err)
				}
				if objectList(data) != nil {
					t.Fatalf("error %v on a valid list of objects", err)
				}
				return
			}
			if len(raw) == 0 || raw[0] != '{' || !utf8.Valid(raw) {
				t.Fatalf("Next returned %q", raw)
			}
			objs = append(objs, raw)
			checkObject(t, raw)
		}
		// On valid JSON the decoder agrees with encoding/json: a list of
		// objects comes out as the compacted elements.
		if elems := objectList(data); elems != nil {
			if len(objs) != len(elems) {
				t.Fatalf("decoded %d objects, encoding/json %d", len(objs), len(elems))
			}
			for i, e := range elems {
				var c bytes.Buffer
				_ = json.Compact(&c, e)
				if !bytes.Equal(c.Bytes(), objs[i]) {
					t.Fatalf("object %d = %s, encoding/json says %s", i, objs[i], c.Bytes())
				}
			}
		}
		// What decodes re-encodes to the same objects.
		var buf bytes.Buffer
		bw := NewBundleWriter(&buf)
		for _, raw := range objs {
			if !json.Valid(raw) {
				return // the decoder leaves the grammar to Parse
			}
			_ = bw.Write(raw)
		}
		if err := bw.Close(); err != nil {
			t.Fatal(err)
		}
		d2 := NewDecoder(&buf)
		for i := range objs {
			raw, err := d2.Next()
			if err != nil || !bytes.Equal(raw, objs[i]) {
				t.Fatalf("re-decoded object %d = %q, %v; want %q", i, raw, err, objs[i])
			}
		}
	})
}

// objectList returns the elements of data when it is valid UTF-8 JSON: a
// list of at most 1000 objects of at most 64 KiB each; else nil.
func objectList(data []byte) []json.RawMessage {
	var elems []json.RawMessage
	if !utf8.Valid(data) || json.Unmarshal(data, &elems) != nil || len(elems) == 0 || len(elems) > 1000 {
		return nil
	}
	for _, e := range elems {
		if len(e) == 0 || e[0] != '{' || len(e) > 1<<16 {
			return nil
		}
	}
	return elems
}

func FuzzValidate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkObject(t, data)
	})
}

// checkObject parses and validates one object and checks what holds for any
// input: Parse keeps valid compact JSON, Validate does not panic and names
// the object.
func checkObject(t *testing.T, data []byte) {
	o, err := Parse(data)
	if err != nil {
		return
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, o.Raw); err != nil || !bytes.Equal(compact.Bytes(), o.Raw) {
		t.Fatalf("Parse kept %q, not valid compact JSON (%v)", o.Raw, err)
	}
	err = Validate(o)
	var ve *ValidationError
	if err != nil && (!errors.As(err, &ve) || ve.ID != o.ID || len(ve.Reasons) == 0) {
		t.Fatalf("Validate = %#v", err)
	}
	if err == nil && (o.Type == "" || o.ID == "") {
		t.Fatalf("Validate accepted an object without type or id: %s", o.Raw)
	}
	if err2 := Validate(o); (err2 == nil) != (err == nil) {
		t.Fatalf("Validate is not repeatable: %v, then %v", err, err2)
	}
}

func FuzzPattern(f *testing.F) {
	for _, s := range []string{
		`[file:hashes.'SHA-256' = 'ab' OR file:name = 'a\'b']`,
		`([a:b[*].c = 1] AND [x-y:z IN (1, 2.5, 'q', h'ab', b'YQ==', t'2020-01-01T00:00:00Z')]) REPEATS 2 TIMES`,
		`[a:b > 1] FOLLOWEDBY [c:d MATCHES '^x'] START t'2020-01-01T00:00:00Z' STOP t'2021-01-01T00:00:00Z'`,
		`[EXISTS a:b] /* c */ WITHIN 2.5 SECONDS`,
		`[a:b INVALID 1]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		comps, err := ParsePattern(s)
		if err != nil {
			var pe *PatternError
			if !errors.As(err, &pe) || pe.Offset < 0 || pe.Offset > len(s) {
				t.Fatalf("error %v has no offset within the pattern", err)
			}
			return
		}
		if len(comps) == 0 {
			t.Fatalf("valid pattern %q has no comparisons", s)
		}
		for _, c := range comps {
			if c.ObjectType == "" || len(c.Path) == 0 {
				t.Fatalf("comparison %+v is empty", c)
			}
		}
	})
}

// FuzzParseObject checks the one-pass object parser Validate uses against
// encoding/json: the same verdict on every UTF-8 input, the same values.
func FuzzParseObject(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		`{"a":"\ud83d\ude00 \ud800 \udc00\u0041 \ud800\u0041 \/\b\f\n\r\t\"\\","b":[-0.5e+10,0,1E2,true,false,null,{}],"c":{"":[]}}`,
		`{"a":01}`, `{"a":1.}`, `{"a":"\x"}`, `{"a" 1}`, `{"a":1,}`, `{"a":[1,]}`, ` {"a":tru} `, `{"a":"\u12"}`, `null`, `{}x`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) {
			return
		}
		got, err := parseObject(data, nil)
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var want map[string]any
		werr := dec.Decode(&want)
		if werr == nil {
			if _, e := dec.Token(); e != io.EOF {
				werr = errors.New("data after the object")
			} else if want == nil {
				werr = errors.New("null")
			}
		}
		if (err == nil) != (werr == nil) {
			t.Fatalf("parseObject(%q) error = %v, encoding/json's = %v", data, err, werr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("parseObject(%q) = %#v, encoding/json gives %#v", data, got, want)
		}
	})
}
