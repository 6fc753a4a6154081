package auth_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
)

func object(markings string, extra string) []byte {
	return []byte(fmt.Sprintf(`{"type":"indicator","id":"indicator--1","object_marking_refs":%s%s}`, markings, extra))
}

// defs resolves marking definitions from their JSON, as the store's
// Markings does.
type defs map[string]string

func (d defs) MarkingLevel(id string) (auth.Level, bool) {
	raw, ok := d[id]
	if !ok {
		return auth.Unknown, false
	}
	return auth.DefinitionLevel([]byte(raw)), true
}

const mitreStatement = "marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168"

var testDefs = defs{
	mitreStatement: `{"type":"marking-definition","spec_version":"2.1","id":"` + mitreStatement + `","created":"2017-06-01T00:00:00.000Z","definition_type":"statement","definition":{"statement":"Copyright 2015-2025, The MITRE Corporation."}}`,
}

func TestCanSee(t *testing.T) {
	reader := &auth.User{Name: "rita", Role: auth.RoleReader, Clearance: auth.Green, Markings: testDefs}
	analyst := &auth.User{Name: "ann", Role: auth.RoleAnalyst, Clearance: auth.Amber, Groups: []string{"soc"}, Markings: testDefs}
	admin := &auth.User{Name: "adam", Role: auth.RoleAdmin, Clearance: auth.AmberStrict, Markings: testDefs}
	anon := auth.Anonymous()
	anon.Markings = testDefs
	q := func(id string) string { return `["` + id + `"]` }
	for _, tc := range []struct {
		name string
		raw  []byte
		want map[*auth.User]bool
	}{
		{"Unmarked", []byte(`{"type":"indicator","id":"indicator--1"}`), map[*auth.User]bool{anon: true, reader: true, analyst: true, admin: true}},
		{"StatementOnly", object(q(mitreStatement), ""), map[*auth.User]bool{anon: true, reader: true, analyst: true, admin: true}},
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
		{"Unreadable", []byte(`{"type":"note","id":"note--1","object_marking_refs":"` + auth.TLPGreen + `"}`), map[*auth.User]bool{admin: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, u := range []*auth.User{anon, reader, analyst, admin} {
				if got := u.CanSee(tc.raw); got != tc.want[u] {
					t.Errorf("%s (%s): got %v, want %v", u.Label(), u.Clearance, got, tc.want[u])
				}
				if got := u.CanSeeSummary(telltale.MarkSummary(tc.raw)); got != tc.want[u] {
					t.Errorf("%s (%s), from the marking summary: got %v, want %v", u.Label(), u.Clearance, got, tc.want[u])
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
	// Unknown is a level objects have, never a clearance, and has no id.
	if _, err := auth.ParseLevel("unknown"); err == nil {
		t.Error("unknown parses as a clearance")
	}
	if id := auth.MarkingID(auth.Unknown); id != "" {
		t.Errorf("MarkingID(Unknown) = %q", id)
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

// Users whose keys are equal share computed views, so every difference
// that changes what a user sees must change the key: an administrator
// demoted to reader (same name, clearance and groups) no longer sees
// objects whose marking cannot be understood, a disabled account no
// TLP:RED.
func TestKeyFollowsWhatTheUserSees(t *testing.T) {
	unknown := auth.Mark{Level: auth.Unknown}
	red := auth.Mark{Level: auth.Red, Recipients: []string{"soc"}}
	admin := &auth.User{Name: "ann", Role: auth.RoleAdmin, Clearance: auth.Amber, Groups: []string{"soc"}}
	reader := &auth.User{Name: "ann", Role: auth.RoleReader, Clearance: auth.Amber, Groups: []string{"soc"}}
	disabled := &auth.User{Name: "ann", Role: auth.RoleReader, Clearance: auth.Amber, Groups: []string{"soc"}, Disabled: true}
	for _, tc := range []struct {
		a, b *auth.User
		m    auth.Mark
	}{
		{admin, reader, unknown},
		{reader, disabled, red},
	} {
		if tc.a.Sees(tc.m) == tc.b.Sees(tc.m) {
			t.Fatalf("%s and %s see %+v alike: the test needs users who differ", tc.a.Role, tc.b.Role, tc.m)
		}
		if tc.a.Key() == tc.b.Key() {
			t.Errorf("%+v and %+v see differently but share the key %q", *tc.a, *tc.b, tc.a.Key())
		}
	}
	analyst := &auth.User{Name: "ann", Role: auth.RoleAnalyst, Clearance: auth.Amber, Groups: []string{"soc"}}
	if analyst.Key() != reader.Key() {
		t.Errorf("a reader and an analyst who see the same have keys %q and %q", reader.Key(), analyst.Key())
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
		if l, _ := telltale.SummaryLevel(telltale.MarkSummary([]byte(raw)), nil); l != auth.Red {
			t.Errorf("%s: level from the marking summary %v, want red", name, l)
		}
	}
	if l, _ := auth.ObjectLevel([]byte(`{"type":"x","name":"plain"}`)); l != auth.Clear {
		t.Errorf("unmarked: level %v, want clear", l)
	}
}

// TestMarkingSpellings: every valid spelling of a TLP marking counts, and a
// marking that cannot be understood hides the object from everyone but
// administrators (fail closed), never shows it as TLP:CLEAR.
func TestMarkingSpellings(t *testing.T) {
	const customAmber = "marking-definition--0c4a3a1e-5e0b-4a36-9d3f-5b1de0c0a001"
	const customRed1 = "marking-definition--0c4a3a1e-5e0b-4a36-9d3f-5b1de0c0a002"
	const pap = "marking-definition--0c4a3a1e-5e0b-4a36-9d3f-5b1de0c0a003"
	const twoTypes = "marking-definition--0c4a3a1e-5e0b-4a36-9d3f-5b1de0c0a004"
	d := defs{
		mitreStatement: testDefs[mitreStatement],
		customAmber: `{"type":"marking-definition","spec_version":"2.1","id":"` + customAmber + `","created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER",` +
			`"extensions":{"EXTENSION-DEFINITION--60A3C5C5-0D10-413E-AAB3-9E08DDE9E88D":{"extension_type":"property-extension","tlp_2_0":"AMBER"}}}`,
		customRed1: `{"type":"marking-definition","spec_version":"2.1","id":"` + customRed1 + `","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","definition":{"tlp":"red"}}`,
		pap:        `{"type":"marking-definition","spec_version":"2.1","id":"` + pap + `","created":"2022-10-01T00:00:00.000Z","name":"PAP:RED","extensions":{"extension-definition--f8d78575-edfd-406e-8e84-6162a8450f5b":{"extension_type":"property-extension","pap":"red"}}}`,
		twoTypes:   `{"type":"marking-definition","spec_version":"2.1","id":"` + twoTypes + `","created":"2017-01-20T00:00:00.000Z","definition_type":"statement","DEFINITION_TYPE":"tlp","definition":{"tlp":"red","statement":"x"}}`,
	}
	reader := &auth.User{Name: "rita", Role: auth.RoleReader, Clearance: auth.Green, Markings: d}
	analyst := &auth.User{Name: "ann", Role: auth.RoleAnalyst, Clearance: auth.Amber, Markings: d}
	admin := &auth.User{Name: "adam", Role: auth.RoleAdmin, Clearance: auth.AmberStrict, Markings: d}
	anon := auth.Anonymous()
	anon.Markings = d
	q := func(id string) string { return `["` + id + `"]` }
	adminsOnly := map[*auth.User]bool{admin: true}
	for _, tc := range []struct {
		name string
		raw  []byte
		want map[*auth.User]bool
	}{
		{"BareUUIDIsNoMarking", object(q(strings.ToUpper(auth.TLPAmber[len("marking-definition--"):])), ""), adminsOnly},
		{"UpperCaseIDAmber", object(q("marking-definition--"+strings.ToUpper(auth.TLPAmber[len("marking-definition--"):])), ""), map[*auth.User]bool{analyst: true, admin: true}},
		{"UpperCaseIDRed", object(q("marking-definition--"+strings.ToUpper(auth.TLPRed[len("marking-definition--"):])), `,"x_telltale_recipients":["rita"]`), map[*auth.User]bool{reader: true}},
		{"UpperCaseGranularGreen", object(`[]`, `,"granular_markings":[{"marking_ref":"`+strings.ToUpper(auth.TLPGreen)+`","selectors":["name"]}]`), map[*auth.User]bool{reader: true, analyst: true, admin: true}},
		{"TLP2ExtensionOwnID", object(q(customAmber), ""), map[*auth.User]bool{analyst: true, admin: true}},
		{"TLP1DefinitionOwnID", object(q(customRed1), `,"x_telltale_recipients":["ann"]`), map[*auth.User]bool{analyst: true}},
		{"GranularSecondKeyOtherCase", object(`[]`, `,"granular_markings":[{"marking_ref":"`+auth.TLPAmber+`","MARKING_REF":"`+auth.TLPClear+`","selectors":["name"]}]`), map[*auth.User]bool{analyst: true, admin: true}},
		{"GranularSecondKeyOtherCaseFirst", object(`[]`, `,"granular_markings":[{"Marking_Ref":"`+auth.TLPAmber+`","marking_ref":"`+auth.TLPClear+`","selectors":["name"]}]`), map[*auth.User]bool{analyst: true, admin: true}},
		{"GranularRepeatedKey", object(`[]`, `,"granular_markings":[{"marking_ref":"`+auth.TLPAmber+`","marking_ref":"`+auth.TLPClear+`","selectors":["name"]}]`), map[*auth.User]bool{analyst: true, admin: true}},
		{"GranularRefNotString", object(`[]`, `,"granular_markings":[{"marking_ref":["`+auth.TLPClear+`"],"selectors":["name"]}]`), adminsOnly},
		{"UnknownDefinition", object(q("marking-definition--0c4a3a1e-5e0b-4a36-9d3f-5b1de0c0a0ff"), ""), adminsOnly},
		{"OtherKindOfMarking", object(q(pap), ""), adminsOnly},
		{"DefinitionSaysTwoThings", object(q(twoTypes), ""), adminsOnly},
		{"NotAMarkingID", object(q("identity--0c4a3a1e-5e0b-4a36-9d3f-5b1de0c0a001"), ""), adminsOnly},
		{"KeyInCapitals", []byte(`{"type":"indicator","id":"indicator--1","OBJECT_MARKING_REFS":["` + auth.TLPAmber + `"]}`), map[*auth.User]bool{analyst: true, admin: true}},
		{"StatementAndGreen", object(`["`+mitreStatement+`","`+auth.TLPGreen+`"]`, ""), map[*auth.User]bool{reader: true, analyst: true, admin: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, u := range []*auth.User{anon, reader, analyst, admin} {
				if got := u.CanSee(tc.raw); got != tc.want[u] {
					l, _ := auth.ObjectLevelWith(tc.raw, d)
					t.Errorf("%s (%s): got %v, want %v (level %v)", u.Label(), u.Clearance, got, tc.want[u], l)
				}
				if got := u.CanSeeSummary(telltale.MarkSummary(tc.raw)); got != tc.want[u] {
					t.Errorf("%s (%s), from the marking summary %q: got %v, want %v", u.Label(), u.Clearance, telltale.MarkSummary(tc.raw), got, tc.want[u])
				}
			}
		})
	}
	// Without a resolver only the standard ids are known.
	bare := &auth.User{Name: "rita", Role: auth.RoleReader, Clearance: auth.Green}
	if bare.CanSee(object(q(mitreStatement), "")) {
		t.Error("a marking nobody resolved counts as clear")
	}
}

// TestStoreMarkings: definitions are read from the store, also ones
// imported after the first lookup.
func TestStoreMarkings(t *testing.T) {
	ctx := context.Background()
	built := openApp(t)
	a := built.Auth
	const own = "marking-definition--0c4a3a1e-5e0b-4a36-9d3f-5b1de0c0a001"
	ind := `{"type":"indicator","spec_version":"2.1","id":"indicator--0c4a3a1e-5e0b-4a36-9d3f-5b1de0c0a009","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '10.0.0.1']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","object_marking_refs":["` + own + `"]}`
	anon := a.Anonymous()
	if anon.CanSee([]byte(ind)) {
		t.Fatal("a marking the store does not hold counts as clear")
	}
	def := `{"type":"marking-definition","spec_version":"2.1","id":"` + own + `","created":"2022-10-01T00:00:00.000Z","name":"TLP:CLEAR","extensions":{"` + auth.TLP2Extension + `":{"extension_type":"property-extension","tlp_2_0":"clear"}}}`
	if _, err := built.Importer.Import(ctx, strings.NewReader(`[`+def+`,`+ind+`]`), "t", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	if !anon.CanSee([]byte(ind)) {
		t.Error("a TLP:CLEAR definition imported later is not known")
	}
	if m := a.MarkOf([]byte(ind)); m.Level != auth.Clear {
		t.Errorf("MarkOf: %v", m.Level)
	}
}

// TLP:RED recipients "user:NAME" and "group:NAME" are two namespaces: a
// user named cert is not a member of the group cert, and the group's
// members are not the user. A bare name stays either, as before prefixes.
func TestRedRecipientNamespaces(t *testing.T) {
	certUser := &auth.User{Name: "cert", Role: auth.RoleReader, Clearance: auth.Green}
	certMember := &auth.User{Name: "olga", Role: auth.RoleReader, Clearance: auth.Green, Groups: []string{"cert"}}
	both := &auth.User{Name: "cert", Role: auth.RoleReader, Clearance: auth.Green, Groups: []string{"CERT"}}
	other := &auth.User{Name: "pat", Role: auth.RoleAdmin, Clearance: auth.AmberStrict, Groups: []string{"soc"}}
	red := func(recipients string) []byte {
		return object(`["`+auth.TLPRed+`"]`, `,"x_telltale_recipients":`+recipients)
	}
	for _, tc := range []struct {
		name string
		raw  []byte
		want map[*auth.User]bool
	}{
		{"UserOnly", red(`["user:cert"]`), map[*auth.User]bool{certUser: true, both: true}},
		{"GroupOnly", red(`["group:cert"]`), map[*auth.User]bool{certMember: true, both: true}},
		{"PrefixAnyCase", red(`["Group:CERT"]`), map[*auth.User]bool{certMember: true, both: true}},
		{"BareIsEither", red(`["cert"]`), map[*auth.User]bool{certUser: true, certMember: true, both: true}},
		{"UnknownNamespaceNobody", red(`["org:cert","team:soc"]`), map[*auth.User]bool{}},
		{"EmptyNameNobody", red(`["user:","group:"]`), map[*auth.User]bool{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, u := range []*auth.User{certUser, certMember, both, other} {
				if got := u.CanSee(tc.raw); got != tc.want[u] {
					t.Errorf("%s %v: got %v, want %v", u.Name, u.Groups, got, tc.want[u])
				}
				if got := u.Sees(auth.MarkOf(tc.raw)); got != tc.want[u] {
					t.Errorf("Sees: %s %v: got %v, want %v", u.Name, u.Groups, got, tc.want[u])
				}
				if got := u.CanSeeSummary(telltale.MarkSummary(tc.raw)); got != tc.want[u] {
					t.Errorf("from the marking summary: %s %v: got %v, want %v", u.Name, u.Groups, got, tc.want[u])
				}
			}
		})
	}
}
