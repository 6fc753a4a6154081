package auth_test

import (
	"fmt"
	"testing"

	"github.com/telltale-cti/telltale/internal/auth"
)

func object(markings string, extra string) []byte {
	return []byte(fmt.Sprintf(`{"type":"indicator","id":"indicator--1","object_marking_refs":%s%s}`, markings, extra))
}

func TestCanSee(t *testing.T) {
	reader := &auth.User{Name: "rita", Role: auth.RoleReader, Clearance: auth.Green}
	analyst := &auth.User{Name: "ann", Role: auth.RoleAnalyst, Clearance: auth.Amber, Groups: []string{"soc"}}
	admin := &auth.User{Name: "adam", Role: auth.RoleAdmin, Clearance: auth.AmberStrict}
	anon := auth.Anonymous()
	q := func(id string) string { return `["` + id + `"]` }
	for _, tc := range []struct {
		name string
		raw  []byte
		want map[*auth.User]bool
	}{
		{"Unmarked", []byte(`{"type":"indicator","id":"indicator--1"}`), map[*auth.User]bool{anon: true, reader: true, analyst: true, admin: true}},
		{"StatementOnly", object(q("marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168"), ""), map[*auth.User]bool{anon: true, reader: true, analyst: true, admin: true}},
		{"Clear", object(q(auth.TLPClear), ""), map[*auth.User]bool{anon: true, reader: true, analyst: true, admin: true}},
		{"White1", object(q(auth.TLP1White), ""), map[*auth.User]bool{anon: true, reader: true, analyst: true, admin: true}},
		{"Green", object(q(auth.TLPGreen), ""), map[*auth.User]bool{reader: true, analyst: true, admin: true}},
		{"Amber", object(q(auth.TLPAmber), ""), map[*auth.User]bool{analyst: true, admin: true}},
		{"Amber1", object(q(auth.TLP1Amber), ""), map[*auth.User]bool{analyst: true, admin: true}},
		{"AmberStrict", object(q(auth.TLPAmberStrict), ""), map[*auth.User]bool{admin: true}},
		{"MostRestrictiveWins", object(`["`+auth.TLPClear+`","`+auth.TLPAmber+`"]`, ""), map[*auth.User]bool{analyst: true, admin: true}},
		{"GranularCounts", object(q(auth.TLPClear), `,"granular_markings":[{"marking_ref":"`+auth.TLPAmberStrict+`","selectors":["description"]}]`), map[*auth.User]bool{admin: true}},
		{"RedNobody", object(q(auth.TLPRed), ""), map[*auth.User]bool{}},
		{"RedNamedUser", object(q(auth.TLPRed), `,"x_telltale_recipients":["rita"]`), map[*auth.User]bool{reader: true}},
		{"RedNamedGroup", object(q(auth.TLPRed), `,"x_telltale_recipients":["group:soc"]`), map[*auth.User]bool{analyst: true}},
		{"Red1", object(q(auth.TLP1Red), `,"x_telltale_recipients":["adam"]`), map[*auth.User]bool{admin: true}},
		{"RedNotAnonymous", object(q(auth.TLPRed), `,"x_telltale_recipients":[""]`), map[*auth.User]bool{}},
		{"IDInTextOnly", []byte(`{"type":"note","id":"note--1","content":"see ` + auth.TLPRed + `"}`), map[*auth.User]bool{anon: true, reader: true, analyst: true, admin: true}},
		{"Unreadable", []byte(`{"type":"note","id":"note--1","object_marking_refs":"` + auth.TLPGreen + `"}`), map[*auth.User]bool{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, u := range []*auth.User{anon, reader, analyst, admin} {
				if got := u.CanSee(tc.raw); got != tc.want[u] {
					t.Errorf("%s (%s): got %v, want %v", u.Label(), u.Clearance, got, tc.want[u])
				}
			}
			var nobody *auth.User
			if nobody.CanSee(tc.raw) {
				t.Error("a nil user sees it")
			}
		})
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]auth.Level{"clear": auth.Clear, "TLP:WHITE": auth.Clear, "green": auth.Green, "Amber": auth.Amber, "amber+strict": auth.AmberStrict, "red": auth.Red} {
		if got, err := auth.ParseLevel(in); err != nil || got != want {
			t.Errorf("%q: got %v %v", in, got, err)
		}
	}
	if _, err := auth.ParseLevel("purple"); err == nil {
		t.Error("purple parses")
	}
}

func TestMarkAndKey(t *testing.T) {
	red := object(`["`+auth.TLPRed+`"]`, `,"x_telltale_recipients":["soc"]`)
	m := auth.MarkOf(red)
	if m.Level != auth.Red || len(m.Recipients) != 1 {
		t.Fatalf("mark %+v", m)
	}
	soc := &auth.User{Name: "ann", Role: auth.RoleReader, Clearance: auth.Green, Groups: []string{"soc"}}
	if !soc.Sees(m) || soc.Sees(auth.MarkOf(object(`["`+auth.TLPAmber+`"]`, ""))) {
		t.Error("Sees disagrees with CanSee")
	}
	var nobody *auth.User
	if nobody.Key() != "" || auth.Anonymous().Key() != "anonymous" || soc.Key() == (&auth.User{Name: "bob", Clearance: auth.Green}).Key() {
		t.Error("keys")
	}
}

// TestObjectLevelCannotBeHidden: a marking spelled with JSON escapes, a
// repeated key or a key in another case must not make a TLP:RED object
// look unmarked.
func TestObjectLevelCannotBeHidden(t *testing.T) {
	red := auth.TLPRed
	escaped := red[:len(red)-1] + `\u0031` // the last character, "1", escaped
	for name, raw := range map[string]string{
		"Escaped":       `{"type":"x","object_marking_refs":["` + escaped + `"]}`,
		"RepeatedKey":   `{"type":"x","object_marking_refs":["` + red + `"],"object_marking_refs":[]}`,
		"OtherCaseLast": `{"type":"x","object_marking_refs":["` + red + `"],"Object_Marking_Refs":[]}`,
		"EscapedKey":    `{"type":"x","object\u005fmarking_refs":["` + red + `"]}`,
	} {
		if l, _ := auth.ObjectLevel([]byte(raw)); l != auth.Red {
			t.Errorf("%s: level %v, want red", name, l)
		}
	}
	if l, _ := auth.ObjectLevel([]byte(`{"type":"x","name":"plain"}`)); l != auth.Clear {
		t.Errorf("unmarked: level %v, want clear", l)
	}
}
