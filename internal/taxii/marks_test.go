package taxii_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/taxii"
)

// TestFirstPageHidesMarkedReferences: on the first page of the collection
// of everything, a collection object (ATT&CK's x_mitre_contents) and a
// report that name TLP:AMBER and TLP:RED objects name them only to the
// viewers who may see them, whether the store kept the objects' marking
// summaries or (rows written before they were kept) must read the
// objects; and the store's summaries are what decides.
func TestFirstPageHidesMarkedReferences(t *testing.T) {
	const collID = "x-mitre-collection--00000000-0000-4000-8000-000000000001"
	const reportID = "report--00000000-0000-4000-8000-000000000001"
	at := "2024-01-01T00:00:00.000Z"
	red := strings.Replace(indicator(3, at, auth.TLPRed), `"name"`, `"x_telltale_recipients":["group:soc"],"name"`, 1)
	objs := []string{
		indicator(1, at), indicator(2, at, auth.TLPAmber), red,
		`{"type":"x-mitre-collection","spec_version":"2.1","id":"` + collID + `","created":"` + at + `","modified":"` + at + `","name":"Enterprise ATT&CK","x_mitre_contents":[` +
			`{"object_ref":"` + indicatorID(1) + `","object_modified":"` + at + `"},{"object_ref":"` + indicatorID(2) + `","object_modified":"` + at + `"},{"object_ref":"` + indicatorID(3) + `","object_modified":"` + at + `"}]}`,
		`{"type":"report","spec_version":"2.1","id":"` + reportID + `","created":"` + at + `","modified":"` + at + `","name":"r","published":"` + at + `","object_refs":["` + indicatorID(1) + `","` + indicatorID(2) + `","` + indicatorID(3) + `"]}`,
	}
	// Who is named which indicators, in the collection object and the
	// report alike.
	sees := map[string][]int{"": {1}, "reader": {1}, "analyst": {1, 2, 3}, "admin": {1, 2}}
	firstPage := func(t *testing.T, f *fixture, user string) []byte {
		t.Helper()
		r := f.get(taxii.RootPath+"collections/"+taxii.AllID+"/objects/", user)
		if r.status != 200 {
			t.Fatalf("%q: %d %s", user, r.status, r.body)
		}
		return r.body
	}
	check := func(t *testing.T, f *fixture) {
		t.Helper()
		for user, want := range sees {
			body := firstPage(t, f, user)
			for i := 1; i <= 3; i++ {
				named := bytes.Count(body, []byte(indicatorID(i)))
				seen := false
				for _, w := range want {
					seen = seen || w == i
				}
				// Seen: the object itself, the collection's entry and the
				// report's reference.
				if (seen && named != 3) || (!seen && named != 0) {
					t.Errorf("%q: indicator %d named %d times, visible %v", user, i, named, seen)
				}
			}
		}
	}
	// More hidden objects than the page asks about make the lookup ask
	// for the summaries of those it names instead.
	var moreHidden []string
	for i := 10; i < 20; i++ {
		moreHidden = append(moreHidden, indicator(i, at, auth.TLPAmberStrict))
	}
	for _, tc := range []struct {
		name  string
		marks string // what the store's rows are set to before the first page; "" leaves them
		more  []string
	}{
		{"KeptSummaries", "", nil},
		{"SummariesNotKept", "UPDATE current SET marks = NULL", nil},
		{"ManyHiddenKept", "", moreHidden},
		{"ManyHiddenNotKept", "UPDATE current SET marks = NULL", moreHidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.srv.AnonymousRead = true
			f.importObjects(append(slices.Clone(objs), tc.more...)...)
			if tc.marks != "" {
				if _, err := f.db.SQL().ExecContext(context.Background(), tc.marks); err != nil {
					t.Fatal(err)
				}
			}
			check(t, f)
		})
	}
	// The kept summary decides, not the object: with the TLP:AMBER
	// indicator's summary rewritten as unmarked, the reader's first page
	// names it in the collection object and the report (and still hides
	// the indicator itself, which the page reads).
	f := newFixture(t)
	f.importObjects(objs...)
	if _, err := f.db.SQL().ExecContext(context.Background(), `UPDATE current SET marks = '' WHERE id = $1`, indicatorID(2)); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(firstPage(t, f, "reader"), []byte(indicatorID(2))); n != 2 {
		t.Errorf("with an unmarked summary the TLP:AMBER indicator is named %d times, want 2 (the page read the objects)", n)
	}
}
