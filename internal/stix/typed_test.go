package stix

import (
	"encoding/json"
	"testing"
)

// TestTypedOrder writes the common properties that identify an object
// first, the type's own next, the qualifying common ones after them and
// custom properties last, in the order they were set.
func TestTypedOrder(t *testing.T) {
	o := &IntrusionSet{Common: NewCommon("intrusion-set", "intrusion-set--1", "identity--2", "2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z"), Name: "Tin", Aliases: []string{"Tin <Kitten>"}}
	o.Revoked = true
	o.SetConfidence(0)
	o.ExternalReferences = []ExternalReference{{SourceName: "s", ExternalID: "e"}}
	o.Custom.Set("x_z", 1)
	o.Custom.Set("x_a", []string{"a"})
	o.Custom.Set("x_z", 2)
	o.Custom.SetNonEmpty("x_empty", []string{})
	o.Custom.SetNonEmpty("x_nil", json.RawMessage(nil))
	o.Custom.SetNonEmpty("x_none", "")
	got, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--1","created_by_ref":"identity--2","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-02T00:00:00.000Z","name":"Tin","aliases":["Tin \u003cKitten\u003e"],"revoked":true,"confidence":0,"external_references":[{"source_name":"s","external_id":"e"}],"x_z":2,"x_a":["a"]}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	sorted, err := Encoding{SortKeys: true, NoHTMLEscape: true}.Encode(o)
	if err != nil {
		t.Fatal(err)
	}
	wantSorted := `{"aliases":["Tin <Kitten>"],"confidence":0,"created":"2026-01-01T00:00:00.000Z","created_by_ref":"identity--2","external_references":[{"external_id":"e","source_name":"s"}],"id":"intrusion-set--1","modified":"2026-01-02T00:00:00.000Z","name":"Tin","revoked":true,"spec_version":"2.1","type":"intrusion-set","x_a":["a"],"x_z":2}`
	if string(sorted) != wantSorted {
		t.Errorf("sorted: got  %s\nwant %s", sorted, wantSorted)
	}
}

// TestTypedRoundTrip decodes an object with properties its type does not
// declare and writes it back unchanged: the same properties, values and
// order.
func TestTypedRoundTrip(t *testing.T) {
	in := `{"type":"note","spec_version":"2.1","id":"note--1","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","abstract":"a","content":"c","object_refs":["report--1"],"x_b":{"z":1,"a":[1.50,{"y":true}]},"object_marking_refs":["marking-definition--1"],"x_a":"v"}`
	var n Note
	if err := json.Unmarshal([]byte(in), &n); err != nil {
		t.Fatal(err)
	}
	if n.Content != "c" || n.Abstract != "a" || len(n.ObjectRefs) != 1 || len(n.ObjectMarkingRefs) != 1 || len(n.Custom) != 2 {
		t.Fatalf("decoded %+v", n)
	}
	if v, _ := n.Custom.Get("x_b"); string(v.(json.RawMessage)) != `{"z":1,"a":[1.50,{"y":true}]}` {
		t.Errorf("x_b = %s", v)
	}
	got, err := json.Marshal(&n)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"note","spec_version":"2.1","id":"note--1","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","abstract":"a","content":"c","object_refs":["report--1"],"object_marking_refs":["marking-definition--1"],"x_b":{"z":1,"a":[1.50,{"y":true}]},"x_a":"v"}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var again Note
	if err := json.Unmarshal(got, &again); err != nil {
		t.Fatal(err)
	}
	if got2, _ := json.Marshal(&again); string(got2) != string(got) {
		t.Errorf("second round trip: %s", got2)
	}
}

// TestTypedDecodeErrors refuses what is not an object and a common
// property of the wrong JSON type.
func TestTypedDecodeErrors(t *testing.T) {
	for _, in := range []string{`[]`, `{"type":"note","confidence":"high"}`, `{"type":"note","object_refs":"x"}`} {
		var n Note
		if err := Unmarshal([]byte(in), &n); err == nil {
			t.Errorf("%s: decoded", in)
		}
	}
}

// TestTypedSortedStrings sorts properties whose values hold the JSON
// syntax in strings: quotes, backslashes, commas and brackets.
func TestTypedSortedStrings(t *testing.T) {
	o := &Note{Common: NewCommon("note", "note--1", "", "", ""), Content: `a "quoted", {braced} [list] \ end\`, ObjectRefs: []string{`x,"}`}}
	o.Custom.Set("x_b", map[string]any{"z": `}"`, "a": []any{`]`, map[string]any{"y": `\"`}}})
	o.Custom.Set("x_a", `<&>`)
	got, err := Encoding{SortKeys: true, NoHTMLEscape: true}.Encode(o)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"content":"a \"quoted\", {braced} [list] \\ end\\","id":"note--1","object_refs":["x,\"}"],"spec_version":"2.1","type":"note","x_a":"<&>","x_b":{"a":["]",{"y":"\\\""}],"z":"}\""}}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestTypedSortCustom writes, with SortKeys and SortCustom, what
// json.Marshal writes of the object decoded into a map: custom values'
// keys in order too (a struct's fields, a map's keys), HTML escaped.
func TestTypedSortCustom(t *testing.T) {
	o := &Report{Common: NewCommon("report", "report--1", "", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"), Name: "R <b>&</b>", ObjectRefs: []string{"identity--1"}}
	o.Custom.Set("x_counts", []struct {
		Phrase string `json:"phrase"`
		Value  int    `json:"value"`
		Noun   string `json:"noun"`
	}{{"13 carriers", 13, "carriers"}})
	o.Custom.Set("x_raw", json.RawMessage(`{"z":{"b":1,"a":"<"},"a":[{"y":true,"x":false}]}`))
	got, err := Encoding{SortKeys: true, SortCustom: true}.Encode(o)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(o)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(m)
	if string(got) != string(want) {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestSortedKeysAllocs sorts the keys of every object of a value at any
// depth, escaped keys by the names they hold, and allocates only the
// result (the sort had allocated each key and a list per object and
// array: 40% more bytes for a feed's drafts than before typed objects).
func TestSortedKeysAllocs(t *testing.T) {
	in := []byte(`{"z":1,"a":[1.50,{"y":true,"b":"\u0061"}],"\u0062":{"d":[],"c":{}},"m":"x"}`)
	want := `{"a":[1.50,{"b":"\u0061","y":true}],"\u0062":{"c":{},"d":[]},"m":"x","z":1}`
	if got, err := sortedKeys(in, false); err != nil || string(got) != want {
		t.Errorf("got  %s, %v\nwant %s", got, err, want)
	}
	if got := appendSorted(nil, in, false); string(got) != `{"a":[1.50,{"y":true,"b":"\u0061"}],"\u0062":{"d":[],"c":{}},"m":"x","z":1}` {
		t.Errorf("outer keys only: %s", got)
	}
	plain := []byte(`{"type":"note","id":"note--1","x_b":{"z":1,"a":[1,{"y":true,"b":2}]},"labels":["b","a"],"created":"2026-01-01T00:00:00.000Z"}`)
	if n := testing.AllocsPerRun(100, func() { _, _ = sortedKeys(plain, false) }); n > 1 {
		t.Errorf("%.0f allocations, want 1 (the result)", n)
	}
}
