package ingest

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
)

// The root package names the review's records without importing the
// extractor: its claim polarities, the kinds DraftItem.Editable knows and
// the claim a summary keeps must stay the extractor's.
func TestRootDraftTypesMatchExtract(t *testing.T) {
	want := []string{extract.Asserted, extract.Hedged, extract.Negated, extract.Denied}
	if got := telltale.ClaimPolarities(); !slices.Equal(got, want) {
		t.Errorf("telltale.ClaimPolarities() = %v, extract's are %v", got, want)
	}
	for _, kind := range []string{extract.KindActor, extract.KindMalware, extract.KindTool, extract.KindTechnique, "indicator", "claim"} {
		if !(DraftItem{Kind: kind}).Editable() {
			t.Errorf("a %s item is not editable", kind)
		}
	}
	for _, kind := range []string{extract.KindSector, extract.KindCampaign, extract.KindOrganization, "cve", "count"} {
		if (DraftItem{Kind: kind}).Editable() {
			t.Errorf("a %s item is editable", kind)
		}
	}
	// Every exported field of the extractor's claim, same name and type, so
	// a summary's JSON keeps all of it.
	et, rt := reflect.TypeOf(extract.Claim{}), reflect.TypeOf(telltale.ExtractedClaim{})
	n := 0
	for i := range et.NumField() {
		f := et.Field(i)
		if !f.IsExported() {
			continue
		}
		n++
		g, ok := rt.FieldByName(f.Name)
		if !ok || g.Type != f.Type || g.Tag != f.Tag {
			t.Errorf("telltale.ExtractedClaim.%s differs from extract.Claim's (%v %q)", f.Name, f.Type, f.Tag)
		}
	}
	if n != rt.NumField() {
		t.Errorf("extract.Claim has %d exported fields, telltale.ExtractedClaim %d", n, rt.NumField())
	}
	c := extract.Claim{Subject: "APT41", SubjectRef: "the group", Mention: "APT41", Relation: "originates-from", Object: "China",
		ObjectRef: "x", ObjectKind: "country", Polarity: extract.Hedged, Cue: "possibly", By: "a vendor", Evidence: "e", Start: 3, End: 9}
	a, _ := json.Marshal(c)
	b, _ := json.Marshal(c.Exported())
	if string(a) != string(b) {
		t.Errorf("claimOf changes the claim's JSON:\n%s\n%s", a, b)
	}
}

// Ingestion reads the drafts table only through its drafts service: its
// Store is the objects alone (this does not compile when Store asks for
// more).
func TestStoreIsObjectsOnly(t *testing.T) {
	var objects telltale.ObjectService
	var _ Store = objects
}
