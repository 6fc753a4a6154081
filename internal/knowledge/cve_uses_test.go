package knowledge_test

import (
	"context"
	"testing"

	"github.com/telltale-cti/telltale/internal/knowledge"
)

// A CVE that ATT&CK's procedure example of a group's "uses" names
// ("exploited CVE-2017-11882") is evidence for that group, and one named
// by the "uses" of a campaign attributed to a group is evidence for the
// group too, also when the campaign arrives in a later import (the base
// read incrementally).
func TestSuggestCVEOfProcedureExample(t *testing.T) {
	ctx := context.Background()
	db, k := openBundle(t, "cve-uses.json", cveUsesBundle)
	sug, err := k.Suggest(ctx, knowledge.SuggestQuery{CVEs: []string{"CVE-2017-11882"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) != 1 || sug.Candidates[0].Name != "Equation Editor Group" {
		t.Fatalf("candidates %+v, want Equation Editor Group alone", sug.Candidates)
	}
	if s := sug.Candidates[0].Supports; len(s) != 1 || s[0].Kind != "cve" || s[0].Value != "CVE-2017-11882" || s[0].Detail != "only this one of 2 known actors; exploited, as ATT&CK's procedure examples say" {
		t.Errorf("supports %+v, want the CVE, exploited as ATT&CK says", s)
	}
	// A CVE the prose of another kind of relationship names is not read.
	sug, err = k.Suggest(ctx, knowledge.SuggestQuery{CVEs: []string{"CVE-2012-0158"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) != 0 {
		t.Errorf("CVE-2012-0158: candidates %+v, want none", sug.Candidates)
	}
	importBytes(t, db, "cve-campaign.json", []byte(cveCampaignBundle))
	sug, err = k.Suggest(ctx, knowledge.SuggestQuery{CVEs: []string{"CVE-2018-0802"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) != 1 || sug.Candidates[0].Name != "Other Group" {
		t.Fatalf("CVE-2018-0802: candidates %+v, want Other Group (its campaign exploited it)", sug.Candidates)
	}
	// What the first import gave is kept.
	sug, err = k.Suggest(ctx, knowledge.SuggestQuery{CVEs: []string{"CVE-2017-11882"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) != 1 || sug.Candidates[0].Name != "Equation Editor Group" {
		t.Errorf("after the second import: candidates %+v, want Equation Editor Group", sug.Candidates)
	}
}

const cveUsesBundle = `{"type": "bundle", "id": "bundle--7b2e3f9c-57d4-4a53-9d3e-3f8b1d7c2a11", "objects": [
{"type": "attack-pattern", "spec_version": "2.1", "id": "attack-pattern--1b5f2c1e-1111-4c1e-9a7b-2d6c1e0f9a01", "created": "2017-05-31T21:31:31.000Z", "modified": "2020-03-09T13:00:00.000Z", "name": "Exploitation for Client Execution",
 "external_references": [{"source_name": "mitre-attack", "external_id": "T1203", "url": "https://attack.mitre.org/techniques/T1203"}]},
{"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--1b5f2c1e-5555-4c1e-9a7b-2d6c1e0f9a05", "created": "2020-03-09T13:00:00.000Z", "modified": "2020-03-09T13:00:00.000Z", "name": "Equation Editor Group"},
{"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--1b5f2c1e-6666-4c1e-9a7b-2d6c1e0f9a06", "created": "2020-03-09T13:00:00.000Z", "modified": "2020-03-09T13:00:00.000Z", "name": "Other Group"},
{"type": "relationship", "spec_version": "2.1", "id": "relationship--1b5f2c1e-7777-4c1e-9a7b-2d6c1e0f9a07", "created": "2020-03-09T13:00:00.000Z", "modified": "2020-03-09T13:00:00.000Z", "relationship_type": "uses",
 "description": "Equation Editor Group has exploited CVE-2017-11882 in Microsoft Office documents.",
 "source_ref": "intrusion-set--1b5f2c1e-5555-4c1e-9a7b-2d6c1e0f9a05", "target_ref": "attack-pattern--1b5f2c1e-1111-4c1e-9a7b-2d6c1e0f9a01"},
{"type": "relationship", "spec_version": "2.1", "id": "relationship--1b5f2c1e-8888-4c1e-9a7b-2d6c1e0f9a08", "created": "2020-03-09T13:00:00.000Z", "modified": "2020-03-09T13:00:00.000Z", "relationship_type": "related-to",
 "description": "Both groups were seen exploiting CVE-2012-0158.",
 "source_ref": "intrusion-set--1b5f2c1e-6666-4c1e-9a7b-2d6c1e0f9a06", "target_ref": "intrusion-set--1b5f2c1e-5555-4c1e-9a7b-2d6c1e0f9a05"}
]}`

const cveCampaignBundle = `{"type": "bundle", "id": "bundle--7b2e3f9c-57d4-4a53-9d3e-3f8b1d7c2a12", "objects": [
{"type": "campaign", "spec_version": "2.1", "id": "campaign--1b5f2c1e-9999-4c1e-9a7b-2d6c1e0f9a09", "created": "2020-03-09T13:00:00.000Z", "modified": "2020-03-09T13:00:00.000Z", "name": "Operation Formula"},
{"type": "relationship", "spec_version": "2.1", "id": "relationship--1b5f2c1e-aaaa-4c1e-9a7b-2d6c1e0f9a0a", "created": "2020-03-09T13:00:00.000Z", "modified": "2020-03-09T13:00:00.000Z", "relationship_type": "attributed-to",
 "source_ref": "campaign--1b5f2c1e-9999-4c1e-9a7b-2d6c1e0f9a09", "target_ref": "intrusion-set--1b5f2c1e-6666-4c1e-9a7b-2d6c1e0f9a06"},
{"type": "relationship", "spec_version": "2.1", "id": "relationship--1b5f2c1e-bbbb-4c1e-9a7b-2d6c1e0f9a0b", "created": "2020-03-09T13:00:00.000Z", "modified": "2020-03-09T13:00:00.000Z", "relationship_type": "uses",
 "description": "During Operation Formula, the actors exploited CVE-2018-0802.",
 "source_ref": "campaign--1b5f2c1e-9999-4c1e-9a7b-2d6c1e0f9a09", "target_ref": "attack-pattern--1b5f2c1e-1111-4c1e-9a7b-2d6c1e0f9a01"}
]}`
