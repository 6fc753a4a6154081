package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
)

// An actor's page lists what to look for, one page at a time: the
// indicators that indicate it, counted and paged by the store, and only
// those the viewer may see (issue 17 item 3).
func TestActorIndicators(t *testing.T) {
	ctx := context.Background()
	built := openApp(t, false)
	const (
		actor = "intrusion-set--11111111-1111-4111-8111-111111111111"
		other = "intrusion-set--22222222-2222-4222-8222-222222222222"
		// A threat actor of the same cluster (it shares a name).
		member = "threat-actor--55555555-5555-4555-8555-555555555555"
	)
	stamp := `"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"`
	objs := []string{
		`{"type":"intrusion-set","spec_version":"2.1","id":"` + actor + `",` + stamp + `,"name":"Copper Otter","aliases":["Tin Heron"]}`,
		`{"type":"intrusion-set","spec_version":"2.1","id":"` + other + `",` + stamp + `,"name":"Zinc Marten"}`,
		`{"type":"threat-actor","spec_version":"2.1","id":"` + member + `",` + stamp + `,"name":"Tin Heron","threat_actor_types":["nation-state"]}`,
	}
	indicator := func(n int, marking string) string {
		m := ""
		if marking != "" {
			m = `,"object_marking_refs":["` + marking + `"]`
		}
		return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--%08d-3333-4333-8333-333333333333",%s,"name":"198.51.100.%d","pattern":"[ipv4-addr:value = '198.51.100.%d']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","confidence":%d%s}`, n, stamp, n, n, n, m)
	}
	indicates := func(n int, target string) string {
		return fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--%08d-4444-4444-8444-444444444444",%s,"relationship_type":"indicates","source_ref":"indicator--%08d-3333-4333-8333-333333333333","target_ref":"%s"}`, n, stamp, n, target)
	}
	// 61 indicators of Copper Otter's intrusion set, one of them
	// TLP:AMBER, one of another actor, 4 of its threat actor.
	for n := 1; n <= 66; n++ {
		marking, target := "", actor
		switch {
		case n == 30:
			marking = auth.TLPAmber
		case n == 62:
			target = other
		case n > 62:
			target = member
		}
		objs = append(objs, indicator(n, marking), indicates(n, target))
	}
	if _, err := built.Importer.Import(ctx, strings.NewReader("["+strings.Join(objs, ",")+"]"), "test", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	views := &api.Views{
		Objects:   &auth.VisibleObjects{ObjectService: built.DB, Viewer: telltale.UserFromContext},
		Version:   built.DB.LastSeq,
		ViewerKey: func(ctx context.Context) string { return telltale.UserFromContext(ctx).Key() },
		Knowledge: built.Knowledge,
	}
	for _, c := range []struct {
		u     *auth.User
		total int
	}{
		{auth.Anonymous(), 64},
		{&auth.User{Name: "g", Role: auth.RoleReader, Clearance: auth.Green}, 64},
		{&auth.User{Name: "a", Role: auth.RoleReader, Clearance: auth.Amber}, 65},
	} {
		uctx := telltale.NewContextWithUser(ctx, c.u)
		seen := map[string]bool{}
		for _, number := range []int{1, 2, 3} {
			p, err := views.ActorIndicators(uctx, "Tin Heron", number)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != c.total || p.Actor.ID != actor {
				t.Fatalf("%s, page %d: %d indicators of %s, want %d of %s", c.u.Label(), number, p.Total, p.Actor.ID, c.total, actor)
			}
			// The page past the last is the last.
			if want := min(number, 2); p.Number != want {
				t.Errorf("%s: page %d read as %d, want %d", c.u.Label(), number, p.Number, want)
			}
			if want := min(p.Size, c.total-(p.Number-1)*p.Size); len(p.Items) != want {
				t.Errorf("%s: page %d lists %d, want %d", c.u.Label(), p.Number, len(p.Items), want)
			}
			for _, it := range p.Items {
				// Member by member: the intrusion set's first, then the
				// threat actor's.
				var n int
				fmt.Sscanf(it.ID, "indicator--%08d", &n)
				wantMember := actor
				if n > 62 {
					wantMember = member
				}
				if it.Indicates.ID != wantMember || it.Pattern == "" || it.Confidence == nil {
					t.Errorf("%s: item %+v", c.u.Label(), it)
				}
				if strings.HasPrefix(it.ID, "indicator--00000030") && c.total == 64 {
					t.Errorf("%s sees the TLP:AMBER indicator", c.u.Label())
				}
				if number < 3 {
					seen[it.ID] = true
				}
			}
		}
		if len(seen) != c.total {
			t.Errorf("%s: the two pages list %d distinct indicators, want %d", c.u.Label(), len(seen), c.total)
		}
	}
}
