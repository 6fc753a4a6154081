package telltale

import (
	"strings"
	"testing"
)

func TestEachMember(t *testing.T) {
	raw := ` { "a" : "x}\"{" , "b":{"c":[1,{"d":"]"}]},"e\u0066":-1.5e3,"g":[],"h":null,"a":true } `
	var got []string
	if err := eachMember([]byte(raw), func(k string, v []byte) error {
		got = append(got, k+"="+string(v))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{`a="x}\"{"`, `b={"c":[1,{"d":"]"}]}`, `ef=-1.5e3`, `g=[]`, `h=null`, `a=true`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q", got)
	}
	for _, bad := range []string{``, `[]`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":"x}`, `{"a":[1}`, `{"a":1} x`, `{"a":1 "b":2}`} {
		if err := eachMember([]byte(bad), func(string, []byte) error { return nil }); err == nil {
			t.Errorf("%q reads", bad)
		}
	}
}

// A relationship whose end cannot be read, or that names an end twice
// under keys in another case, is judged by every end it names.
func TestEndRefs(t *testing.T) {
	rel := func(body string) *Object {
		return &Object{Type: "relationship", Raw: []byte(`{"type":"relationship",` + body + `}`)}
	}
	ids, ok := EndRefs(rel(`"source_ref":"a--1","target_ref":"b--2","SOURCE_REF":"c--3"`))
	if !ok || strings.Join(ids, ",") != "a--1,b--2,c--3" {
		t.Errorf("got %v %v", ids, ok)
	}
	if _, ok := EndRefs(rel(`"source_ref":["a--1"]`)); ok {
		t.Error("a list as source_ref reads")
	}
	if _, ok := EndRefs(&Object{Type: "sighting", Raw: []byte(`{"type":"sighting","where_sighted_refs":[`)}); ok {
		t.Error("broken JSON reads")
	}
}
