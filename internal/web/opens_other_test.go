package web_test

import (
	"html"
	"regexp"
	"testing"
)

// An actor page names the aliases that open another actor: a galaxy's
// entry of Quartz Group lists Slate Heron, a name ATT&CK gives another
// group, so `telltale actor "Slate Heron"` opens that group, and the page
// says so with a link.
func TestActorPageNamesAliasesThatOpenAnother(t *testing.T) {
	a := newApp(t)
	const mitre = `"created_by_ref":"identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5",`
	a.importJSON(t,
		`{"type":"identity","spec_version":"2.1","id":"identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5","created":"2017-06-01T00:00:00.000Z","modified":"2017-06-01T00:00:00.000Z","name":"The MITRE Corporation","identity_class":"organization"}`,
		`{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--0a0e2c7e-8d1f-4e4a-9a51-7f0b3c1d2e01",`+mitre+`"created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Quartz Group","aliases":["Quartz Group"],"external_references":[{"source_name":"mitre-attack","external_id":"G9990","url":"https://attack.mitre.org/groups/G9990"}]}`,
		`{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--0a0e2c7e-8d1f-4e4a-9a51-7f0b3c1d2e02",`+mitre+`"created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Slate Heron","aliases":["Slate Heron"],"external_references":[{"source_name":"mitre-attack","external_id":"G9991","url":"https://attack.mitre.org/groups/G9991"}]}`,
		`{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--0a0e2c7e-8d1f-4e4a-9a51-7f0b3c1d2e03","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Quartz Group","aliases":["Slate Heron","Pale Otter"]}`,
	)
	code, body, _ := a.get(t, "/actors/G9990")
	if code != 200 {
		t.Fatalf("status %d", code)
	}
	body = html.UnescapeString(body)
	mustContain(t, body, "Names that open another actor")
	if !regexp.MustCompile(`Slate Heron → <a href="/actors/intrusion-set--0a0e2c7e-8d1f-4e4a-9a51-7f0b3c1d2e02">Slate Heron</a>`).MatchString(body) {
		t.Errorf("the page does not say Slate Heron opens another actor")
	}
	if regexp.MustCompile(`Pale Otter →`).MatchString(body) {
		t.Errorf("Pale Otter opens this actor only")
	}
}
