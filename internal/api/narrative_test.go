package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/knowledge/knowledgetest"
)

// A sector's narrative is an object like any other: a TLP:RED narrative is
// shown only to the recipients it names.
func TestNarrativeFollowsClearance(t *testing.T) {
	ctx := context.Background()
	db, im, k := knowledgetest.Serving(t, knowledge.Options{})
	comm, _ := knowledge.SectorByKey("communication")
	views := &api.Views{
		Objects:   &auth.VisibleObjects{ObjectService: db, Viewer: telltale.UserFromContext},
		Knowledge: k,
		Version:   db.LastSeq,
		ViewerKey: func(ctx context.Context) string { return telltale.UserFromContext(ctx).Key() },
	}
	const secret = "Only the SOC may read this."
	note := `{"type":"note","spec_version":"2.1","id":"` + api.NarrativeID(comm.ID) + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",` +
		`"content":"` + secret + `","object_refs":["` + comm.ID + `"],"x_telltale_narrative_of":"` + comm.ID + `",` +
		`"object_marking_refs":["` + auth.TLPRed + `"],"x_telltale_recipients":["group:soc"]}`
	if _, err := im.Import(ctx, strings.NewReader(`[`+note+`]`), "red narrative", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		u    *auth.User
		want string
	}{
		{auth.Anonymous(), ""},
		{&auth.User{Name: "rita", Role: auth.RoleReader, Clearance: auth.AmberStrict}, ""},
		{&auth.User{Name: "sam", Role: auth.RoleReader, Clearance: auth.Green, Groups: []string{"soc"}}, secret},
		{&auth.User{Name: "anon2", Role: auth.RoleReader, Clearance: auth.Clear}, ""},
	} {
		l, err := views.Landscape(telltale.NewContextWithUser(ctx, tc.u), "communication")
		if err != nil {
			t.Fatal(err)
		}
		if l.Narrative != tc.want {
			t.Errorf("%s: narrative %q, want %q", tc.u.Label(), l.Narrative, tc.want)
		}
	}
}
