package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
)

// Object views are reused until the store changes, and only between
// callers who see the same: each caller's view lists only the
// relationships whose ends they may see, whoever asked first, and a new
// relationship shows at once.
func TestObjectViewFollowsViewer(t *testing.T) {
	ctx := context.Background()
	built := openApp(t, false)
	db, im := built.DB, built.Importer
	add := func(objs ...string) {
		t.Helper()
		if _, err := im.Import(ctx, strings.NewReader("["+strings.Join(objs, ",")+"]"), "test", importer.Options{Strict: true}); err != nil {
			t.Fatal(err)
		}
	}
	const (
		actor   = "intrusion-set--11111111-1111-4111-8111-111111111111"
		amber   = "malware--22222222-2222-4222-8222-222222222222"
		unknown = "tool--33333333-3333-4333-8333-333333333333"
		later   = "malware--44444444-4444-4444-8444-444444444444"
	)
	stamp := `"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"`
	sdo := func(typ, id, name, marking string) string {
		m := ""
		if marking != "" {
			m = `,"object_marking_refs":["` + marking + `"]`
		}
		extra := ""
		if typ == "malware" {
			extra = `,"is_family":true`
		}
		return `{"type":"` + typ + `","spec_version":"2.1","id":"` + id + `",` + stamp + `,"name":"` + name + `"` + extra + m + `}`
	}
	uses := func(n int, target string) string {
		return `{"type":"relationship","spec_version":"2.1","id":"relationship--5555555` + string(rune('0'+n)) + `-5555-4555-8555-555555555555",` + stamp +
			`,"relationship_type":"uses","source_ref":"` + actor + `","target_ref":"` + target + `"}`
	}
	add(sdo("intrusion-set", actor, "Clear Actor", ""),
		sdo("malware", amber, "Amber Malware", auth.TLPAmber),
		// A marking definition the store does not hold: only
		// administrators see the tool.
		sdo("tool", unknown, "Unknown Tool", "marking-definition--66666666-6666-4666-8666-666666666666"),
		uses(1, amber), uses(2, unknown))

	views := &api.Views{
		Objects:   &auth.VisibleObjects{ObjectService: db, Viewer: telltale.UserFromContext},
		Version:   db.LastSeq,
		ViewerKey: func(ctx context.Context) string { return telltale.UserFromContext(ctx).Key() },
	}
	admin := &auth.User{Name: "ann", Role: auth.RoleAdmin, Clearance: auth.Amber}
	demoted := &auth.User{Name: "ann", Role: auth.RoleReader, Clearance: auth.Amber}
	green := &auth.User{Name: "bob", Role: auth.RoleReader, Clearance: auth.Green}
	others := func(u *auth.User) string {
		t.Helper()
		d, err := views.Object(telltale.NewContextWithUser(ctx, u), actor, api.Pages{})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range d.Out.Items {
			names = append(names, r.Other.Name)
		}
		if d.Out.Total != len(names) {
			t.Errorf("%s: total %d for %d relationships", u.Label(), d.Out.Total, len(names))
		}
		return strings.Join(names, ", ")
	}
	// Twice each, in an order where a view reused for the wrong caller
	// would show.
	for range 2 {
		for _, tc := range []struct {
			u    *auth.User
			want string
		}{
			{admin, "Amber Malware, Unknown Tool"},
			{demoted, "Amber Malware"},
			{green, ""},
		} {
			if got := others(tc.u); got != tc.want {
				t.Errorf("%s (%s): the actor uses %q, want %q", tc.u.Label(), tc.u.Role, got, tc.want)
			}
		}
	}
	if _, err := views.Object(telltale.NewContextWithUser(ctx, demoted), unknown, api.Pages{}); telltale.ErrorCode(err) != telltale.ENOTFOUND {
		t.Errorf("the demoted administrator reads the tool: %v", err)
	}

	add(sdo("malware", later, "Later Malware", ""), uses(3, later))
	if got, want := others(green), "Later Malware"; got != want {
		t.Errorf("after an import: the actor uses %q, want %q", got, want)
	}
}
