package stix

import (
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"testing"
)

// Ids of the ResolveRefs tests: gone is in no set.
const (
	a    = "intrusion-set--00000000-0000-4000-8000-00000000000a"
	b    = "malware--00000000-0000-4000-8000-00000000000b"
	gone = "malware--00000000-0000-4000-8000-0000000000ff"
	id   = "identity--00000000-0000-4000-8000-00000000001d"
	r1   = "relationship--00000000-0000-4000-8000-000000000001"
	r2   = "relationship--00000000-0000-4000-8000-000000000002"
	n1   = "note--00000000-0000-4000-8000-000000000001"
	n2   = "note--00000000-0000-4000-8000-000000000002"
)

func TestResolveRefs(t *testing.T) {
	in := []string{
		`{"type":"identity","id":"` + id + `","name":"Me"}`,
		`{"type":"intrusion-set","id":"` + a + `","created_by_ref":"` + id + `","name":"A <x>","x_claims":[{"name":"Q","named_by_ref":"` + id + `"},{"name":"R","named_by_ref":"` + gone + `"}]}`,
		`{"type":"malware","id":"` + b + `","created_by_ref":"` + gone + `","name":"B","object_marking_refs":["marking-definition--00000000-0000-4000-8000-0000000000ee"]}`,
		`{"type":"relationship","id":"` + r1 + `","source_ref":"` + a + `","target_ref":"` + b + `"}`,
		`{"type":"relationship","id":"` + r2 + `","source_ref":"` + a + `","target_ref":"` + gone + `"}`,
		`{"type":"note","id":"` + n1 + `","object_refs":["` + r2 + `"]}`,
		`{"type":"note","id":"` + n2 + `","object_refs":["` + r2 + `","` + r1 + `"]}`,
	}
	raws := make([]json.RawMessage, len(in))
	for i, s := range in {
		raws[i] = json.RawMessage(s)
	}
	out := ResolveRefs(raws)
	checkResolvedIDs(t, raws, out)
	var got []string
	for _, o := range out {
		got = append(got, string(o))
	}
	want := []string{
		in[0], // unchanged, byte for byte
		`{"created_by_ref":"` + id + `","id":"` + a + `","name":"A <x>","type":"intrusion-set","x_claims":[{"name":"Q","named_by_ref":"` + id + `"}]}`,
		// A marking stays, resolved or not.
		`{"id":"` + b + `","name":"B","object_marking_refs":["marking-definition--00000000-0000-4000-8000-0000000000ee"],"type":"malware"}`,
		in[3],
		// r2 goes (its target is not here), n1 with it (it named only r2).
		`{"id":"` + n2 + `","object_refs":["` + r1 + `"],"type":"note"}`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// PrunableRefs and Refs read references at any depth, whatever their
// spelling in JSON: a property name or an id with escapes counts as what
// it decodes to; strings under other names, and markings for
// PrunableRefs, are not references.
func TestRefsSpellings(t *testing.T) {
	raw := `{"type":"report","id":"report--00000000-0000-4000-8000-000000000001",
		"description":"names intrusion-set--00000000-0000-4000-8000-0000000000aa in text",
		"object\u005frefs":["intrusion-set--00000000-0000-4000-8000-0000000000a1","not an id",
			"intrusion-set--00000000-0000-4000-8000-0000000000\u0061\u0032"],
		"created_by_ref" : "identity--00000000-0000-4000-8000-0000000000a3",
		"x_mitre_contents":[{"object_ref":"malware--00000000-0000-4000-8000-0000000000a4","object_modified":"2024-01-01T00:00:00.000Z"}],
		"x_nested":{"deep":[[{"x_thing_ref":"tool--00000000-0000-4000-8000-0000000000a5","n":-1.5e3,"ok":true,"no":null}]]},
		"x_ids":["tool--00000000-0000-4000-8000-0000000000ab"],
		"object_marking_refs":["marking-definition--00000000-0000-4000-8000-0000000000a6"],
		"granular_markings":[{"marking_ref":"marking-definition--00000000-0000-4000-8000-0000000000a7","selectors":["name"]}]}`
	refs := []string{
		"intrusion-set--00000000-0000-4000-8000-0000000000a1",
		"intrusion-set--00000000-0000-4000-8000-0000000000a2",
		"identity--00000000-0000-4000-8000-0000000000a3",
		"malware--00000000-0000-4000-8000-0000000000a4",
		"tool--00000000-0000-4000-8000-0000000000a5",
	}
	marks := []string{"marking-definition--00000000-0000-4000-8000-0000000000a6", "marking-definition--00000000-0000-4000-8000-0000000000a7"}
	if got := PrunableRefs([]byte(raw)); strings.Join(got, " ") != strings.Join(refs, " ") {
		t.Errorf("PrunableRefs = %v\nwant %v", got, refs)
	}
	if got := Refs([]byte(raw)); strings.Join(got, " ") != strings.Join(append(refs, marks...), " ") {
		t.Errorf("Refs = %v", got)
	}
	for _, bad := range []string{`{"object_refs":["a--1"`, `{"object_refs" "x"}`, `{"a":1,}`, `[`} {
		if got := PrunableRefs([]byte(bad)); got != nil {
			t.Errorf("%s: %v", bad, got)
		}
	}
}

// checkResolvedIDs checks that ResolvedIDs names the objects ResolveRefs
// kept of raws (out).
func checkResolvedIDs(t *testing.T, raws, out []json.RawMessage) {
	t.Helper()
	want := map[string]bool{}
	for _, o := range out {
		var v struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(o, &v); err != nil {
			t.Fatal(err)
		}
		want[v.ID] = true
	}
	got, err := ResolvedIDs(raws)
	if err != nil || !maps.Equal(got, want) {
		t.Errorf("ResolvedIDs = %v, %v; ResolveRefs kept %v", got, err, want)
	}
}

// TestResolvedIDsSpellings: ResolvedIDs reads the members ResolveRefs
// decides by as decoding would: escaped names count, a name given twice
// counts by its last value, other cases of a name do not count.
func TestResolvedIDsSpellings(t *testing.T) {
	const (
		a    = "intrusion-set--00000000-0000-4000-8000-00000000000a"
		gone = "malware--00000000-0000-4000-8000-0000000000ff"
	)
	in := []string{
		`{"type":"intrusion-set","id":"` + a + `"}`,
		`{"type":"relationship","id":"relationship--00000000-0000-4000-8000-000000000001","source_ref":"` + a + `","target\u005fref":"` + gone + `"}`,
		`{"type":"relationship","id":"relationship--00000000-0000-4000-8000-000000000002","source_ref":"` + a + `","target_ref":"` + a + `","target_ref":"` + gone + `"}`,
		`{"type":"relationship","id":"relationship--00000000-0000-4000-8000-000000000003","source_ref":"` + a + `","target_ref":"` + gone + `","target_ref":"` + a + `"}`,
		`{"type":"relationship","id":"relationship--00000000-0000-4000-8000-000000000004","source_ref":"` + a + `","Target_Ref":"` + gone + `","n":[1,{"x":"}"}],"ok":true}`,
		`{"type":"note","id":"note--00000000-0000-4000-8000-000000000001","object_refs":["` + gone + `", 3]}`,
	}
	raws := make([]json.RawMessage, len(in))
	for i, s := range in {
		raws[i] = json.RawMessage(s)
	}
	checkResolvedIDs(t, raws, ResolveRefs(raws))
	if _, err := ResolvedIDs([]json.RawMessage{json.RawMessage(`{"id":"x",`)}); err == nil {
		t.Error("a broken object gave no error")
	}
}

// ResolveRefsEach reads the stream as often as the objects that go need
// (here a note before the relationship whose going takes it along), writes
// what ResolveRefs returns, and stops at the first error of either side.
func TestResolveRefsEach(t *testing.T) {
	in := []json.RawMessage{
		json.RawMessage(`{"type":"note","id":"` + n1 + `","object_refs":["` + r2 + `"]}`),
		json.RawMessage(`{"type":"relationship","id":"` + r2 + `","source_ref":"` + r1 + `","target_ref":"` + a + `"}`),
		json.RawMessage(`{"type":"relationship","id":"` + r1 + `","source_ref":"` + a + `","target_ref":"` + gone + `"}`),
		json.RawMessage(`{"type":"intrusion-set","id":"` + a + `","name":"A"}`),
		json.RawMessage(`not an object`),
	}
	passes := 0
	each := func(yield func(json.RawMessage) error) error {
		passes++
		for _, raw := range in {
			if err := yield(raw); err != nil {
				return err
			}
		}
		return nil
	}
	var got []string
	if err := ResolveRefsEach(each, func(raw json.RawMessage) error {
		got = append(got, string(raw))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// r1 goes, then r2 (its source), then n1: ids, three passes that drop
	// one each and one that drops none, then the written pass.
	if want := []string{string(in[3]), string(in[4])}; strings.Join(got, "\n") != strings.Join(want, "\n") || passes != 6 {
		t.Errorf("wrote %q in %d passes, want %q in 6", got, passes, want)
	}
	var slice []string
	for _, raw := range ResolveRefs(in) {
		slice = append(slice, string(raw))
	}
	if strings.Join(slice, "\n") != strings.Join(got, "\n") {
		t.Errorf("ResolveRefs = %q, ResolveRefsEach wrote %q", slice, got)
	}
	stop := errors.New("stop")
	if err := ResolveRefsEach(each, func(json.RawMessage) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("a write error gave %v", err)
	}
	broken := func(yield func(json.RawMessage) error) error { return stop }
	if err := ResolveRefsEach(broken, func(json.RawMessage) error { return nil }); !errors.Is(err, stop) {
		t.Errorf("a read error gave %v", err)
	}
}
