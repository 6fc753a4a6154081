package misp

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// small is a cluster file of three values; the middle one is replaced by
// the cases below.
const small = `{"authors":["x"],"category":"actor","description":"d","name":"Threat Actor","source":"s","type":"threat-actor",
"uuid":"7cdff317-a673-4474-84ec-4f1754947823","values":[
{"meta":{"synonyms":["Alpha Two"],"country":"IR","cfr-target-category":["Telecoms"]},"uuid":"11111111-1111-4111-8111-111111111111","value":"Alpha"},
%s,
{"meta":{"refs":["https://example.com/c"]},"uuid":"33333333-3333-4333-8333-333333333333","value":"Gamma"}],"version":1}`

func withMiddle(v string) []byte { return []byte(strings.Replace(small, "%s", v, 1)) }

// run converts data, checking every emitted object with the validator.
func run(t *testing.T, data []byte, reject func(*ValueError)) (objects int, err error) {
	t.Helper()
	err = Convert(bytes.NewReader(data), "bad.json", func(i int, raw []byte) error {
		o, err := stix.Parse(raw)
		if err == nil {
			err = stix.Validate(o)
		}
		if err != nil {
			t.Errorf("object %d is invalid: %v: %s", i, err, raw)
		}
		objects++
		return nil
	}, reject)
	return objects, err
}

// TestBadValue: a malformed value is skipped and reported with the file,
// its index, its uuid and the reason; the values around it convert.
func TestBadValue(t *testing.T) {
	const uuid = "22222222-2222-4222-8222-222222222222"
	for _, tc := range []struct{ name, value, uuid, reason string }{
		{"SynonymsString", `{"meta":{"synonyms":"x"},"uuid":"` + uuid + `","value":"Beta"}`, uuid, `meta "synonyms": must be a list of strings, not a string`},
		{"SynonymsNumbers", `{"meta":{"synonyms":[1,2]},"uuid":"` + uuid + `","value":"Beta"}`, uuid, `meta "synonyms": must be a list of strings, not a list`},
		{"VictimsObject", `{"meta":{"cfr-suspected-victims":{"a":1}},"uuid":"` + uuid + `","value":"Beta"}`, uuid, `meta "cfr-suspected-victims": must be a string or a list of strings, not an object`},
		{"OriginNumber", `{"meta":{"origin:Beta":5},"uuid":"` + uuid + `","value":"Beta"}`, uuid, `meta "origin:Beta": must be a string (the vendor that gave the name), not a number`},
		{"MetaList", `{"meta":[],"uuid":"` + uuid + `","value":"Beta"}`, uuid, `"meta": must be an object, not a list`},
		{"ValueNumber", `{"uuid":"` + uuid + `","value":7}`, uuid, `"value": must be a string, not a number`},
		{"NoValue", `{"uuid":"` + uuid + `"}`, uuid, `"value": required`},
		{"NoUUID", `{"value":"Beta"}`, "", `"uuid": required`},
		{"BadUUID", `{"uuid":"not-a-uuid","value":"Beta"}`, "not-a-uuid", `"uuid": "not-a-uuid" is not a UUID`},
		{"DuplicateUUID", `{"uuid":"11111111-1111-4111-8111-111111111111","value":"Beta"}`, "11111111-1111-4111-8111-111111111111", "duplicate uuid: value 0 has it too"},
		{"InvalidUTF8", "{\"uuid\":\"" + uuid + "\",\"value\":\"B\xffeta\"}", uuid, "invalid UTF-8"},
		{"NotAnObject", `"Beta"`, "", "must be a JSON object, not a string"},
		{"RelatedNoUUID", `{"related":[{"type":"similar"}],"uuid":"` + uuid + `","value":"Beta"}`, uuid, `"related"[0]."dest-uuid": must be a UUID string`},
		{"RevokedString", `{"revoked":"yes","uuid":"` + uuid + `","value":"Beta"}`, uuid, `"revoked": must be true or false, not a string`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []*ValueError
			n, err := run(t, withMiddle(tc.value), func(e *ValueError) { got = append(got, e) })
			if err != nil {
				t.Fatalf("Convert: %v, want the bad value skipped", err)
			}
			if len(got) != 1 {
				t.Fatalf("rejected %v, want one value", got)
			}
			e := got[0]
			if e.File != "bad.json" || e.Index != 1 || e.UUID != tc.uuid || !strings.HasPrefix(e.Reason, tc.reason) {
				t.Errorf("rejected %+v, want file bad.json, index 1, uuid %q, reason %q", *e, tc.uuid, tc.reason)
			}
			if msg := e.Error(); !strings.Contains(msg, "bad.json: value 1") || !strings.Contains(msg, tc.uuid) {
				t.Errorf("message %q does not name the file, the value and its uuid", msg)
			}
			// MISP identity, Alpha, Telltale identity, Iran, originates-from,
			// the Telecommunications sector, targets, Gamma.
			if n != 8 {
				t.Errorf("%d objects emitted, want 8 (the other values convert)", n)
			}
		})
	}
	t.Run("NilReject", func(t *testing.T) {
		_, err := run(t, withMiddle(`{"meta":{"synonyms":"x"},"uuid":"`+uuid+`","value":"Beta"}`), nil)
		var ve *ValueError
		if !errors.As(err, &ve) || ve.Index != 1 || ve.UUID != uuid {
			t.Errorf("Convert with no reject = %v, want the *ValueError", err)
		}
	})
}

// TestBadFile: what cannot be read past ends the conversion with an
// EINVALID error naming the file (and the value, when inside one).
func TestBadFile(t *testing.T) {
	ta, err := os.ReadFile(testutil.SharedFile(t, "data/misp-galaxy/clusters/threat-actor.json"))
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.Index(ta, []byte(`"value": "MuddyWater"`))
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"Empty", nil, []string{"bad.json: ", "truncated"}},
		{"Array", []byte(`[]`), []string{"bad.json: ", "not a JSON object"}},
		{"TruncatedHeader", []byte(`{"type":"threat-actor","val`), []string{"bad.json: ", "truncated"}},
		{"TruncatedValue", ta[:cut], []string{"bad.json: value ", "after value ", "uuid ", "truncated"}},
		{"Syntax", withMiddle(`{"uuid":"22222222-2222-4222-8222-222222222222",,"value":"Beta"}`), []string{"bad.json: value 1", "after value 0, uuid 11111111-1111-4111-8111-111111111111", "malformed JSON"}},
		{"Trailing", append(withMiddle(`{"uuid":"22222222-2222-4222-8222-222222222222","value":"Beta"}`), `{}`...), []string{"bad.json: ", "after the cluster file"}},
		{"ValuesObject", []byte(`{"type":"threat-actor","values":{}}`), []string{"bad.json: ", `"values": must be a list`}},
		{"NoValues", []byte(`{"type":"threat-actor"}`), []string{"bad.json: ", `no "values"`}},
		{"NoType", []byte(`{"values":[]}`), []string{"bad.json: ", `"type": required`}},
		{"TypeNumber", []byte(`{"type":3,"values":[]}`), []string{"bad.json: ", `"type": must be a string`}},
		{"Unsupported", []byte(`{"type":"mitre-attack-pattern","values":[]}`), []string{"bad.json: ", `galaxy type "mitre-attack-pattern" is not supported`}},
		{"TypeUTF8", []byte("{\"type\":\"threat-\xff\",\"values\":[]}"), []string{"bad.json: ", `"type": must be a string in UTF-8`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := run(t, tc.data, func(*ValueError) {})
			if err == nil {
				t.Fatal("Convert succeeded, want an error")
			}
			if telltale.ErrorCode(err) != telltale.EINVALID {
				t.Errorf("error code %q, want %q: %v", telltale.ErrorCode(err), telltale.EINVALID, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(telltale.ErrorMessage(err), w) {
					t.Errorf("error %q does not say %q", telltale.ErrorMessage(err), w)
				}
			}
		})
	}
}

// TestValuesBeforeType: key order in JSON carries no meaning; a file that
// lists its values before its type converts the same.
func TestValuesBeforeType(t *testing.T) {
	data := []byte(`{"values":[{"uuid":"11111111-1111-4111-8111-111111111111","value":"Alpha"}],"type":"threat-actor"}`)
	n, err := run(t, data, nil)
	if err != nil || n != 2 {
		t.Errorf("Convert = %d objects, %v; want 2, nil", n, err)
	}
}

// TestEmitError: an error from emit ends the conversion and is returned.
func TestEmitError(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := Convert(bytes.NewReader(withMiddle(`{"uuid":"22222222-2222-4222-8222-222222222222","value":"Beta"}`)), "x.json",
		func(int, []byte) error { calls++; return stop }, nil)
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Convert = %v after %d calls, want stop after 1", err, calls)
	}
}

// FuzzConvert: whatever the input, Convert does not panic, and everything
// it emits is valid STIX.
func FuzzConvert(f *testing.F) {
	f.Add(withMiddle(`{"uuid":"22222222-2222-4222-8222-222222222222","value":"Beta"}`))
	f.Add(withMiddle(`{"meta":{"synonyms":"x"},"uuid":"22222222-2222-4222-8222-222222222222","value":"Beta"}`))
	f.Add([]byte(`{"type":"malpedia","values":[{"uuid":"019514dc-c894-751f-8cfd-ff2b932ff451","value":"x","meta":{"synonyms":["y"]}}]}`))
	f.Add([]byte(`{"type":"producer","values":[{"uuid":"019514dc-c894-451f-8cfd-ff2b932ff451","value":"V","meta":{"synomyms":["W"],"official-refs":["u"]}}]}`))
	f.Add([]byte(`{"type":"country","values":[{"uuid":"019514dc-c894-451f-8cfd-ff2b932ff451","value":"x","meta":{"ISO":"zz"}}]}`))
	f.Add([]byte(`{"type":"sector","values":[{"uuid":"019514dc-c894-451f-8cfd-ff2b932ff451","value":"Telecoms"},{"uuid":"019514dc-c894-451f-8cfd-ff2b932ff452","value":"Knitting"}]}`))
	f.Add([]byte(`{"type":"mitre-intrusion-set","values":[{"uuid":"019514dc-c894-451f-8cfd-ff2b932ff451","value":"x","related":[{"dest-uuid":"019514dc-c894-451f-8cfd-ff2b932ff452","type":"similar","tags":["estimative-language:likelihood-probability=\"likely\""]}]}]}`))
	f.Add([]byte(`{"type":"360net-threat-actor","values":[{"uuid":"019514dc-c894-451f-8cfd-ff2b932ff451","value":"x","meta":{"country":"america","suspected-victims":["中国"],"target-category":["通信运营商"],"name-attribution":["A:019514dc-c894-451f-8cfd-ff2b932ff452",":"],"origin:":"", "attribution-confidence":"101"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = Convert(bytes.NewReader(data), "fuzz.json", func(i int, raw []byte) error {
			o, err := stix.Parse(raw)
			if err == nil {
				err = stix.Validate(o)
			}
			if err != nil {
				t.Fatalf("object %d is invalid: %v: %s", i, err, raw)
			}
			return nil
		}, func(e *ValueError) {
			if e.Reason == "" || e.File != "fuzz.json" {
				t.Fatalf("rejection without a reason: %+v", *e)
			}
		})
	})
}
