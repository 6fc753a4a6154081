package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/store"
)

// viewerViews are the views of built as serve wires them: objects and
// knowledge as the context's user may see them, kept per store state and
// viewer.
func viewerViews(built *app.App) *api.Views {
	return &api.Views{
		Objects:   &auth.VisibleObjects{ObjectService: built.DB, Viewer: telltale.UserFromContext},
		Version:   built.DB.LastSeq,
		ViewerKey: func(ctx context.Context) string { return telltale.UserFromContext(ctx).Key() },
		Knowledge: built.Knowledge,
	}
}

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
	views := viewerViews(built)
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

// An indicator listed for an actor tells no more than its object page:
// an unmarked indicator made by a TLP:RED identity names no creator, in
// the actor's list and in the CSV export of indicators.
func TestIndicatorsHideTheirHiddenCreator(t *testing.T) {
	ctx := context.Background()
	const (
		actor  = "intrusion-set--11111111-1111-4111-8111-111111111111"
		secret = "identity--77777777-7777-4777-8777-777777777777"
	)
	stamp := `"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"`
	objs := []string{
		`{"type":"intrusion-set","spec_version":"2.1","id":"` + actor + `",` + stamp + `,"name":"Copper Otter"}`,
		`{"type":"identity","spec_version":"2.1","id":"` + secret + `",` + stamp + `,"name":"Quiet Source","identity_class":"organization","object_marking_refs":["` + auth.TLPRed + `"]}`,
		`{"type":"indicator","spec_version":"2.1","id":"indicator--00000001-3333-4333-8333-333333333333",` + stamp + `,"created_by_ref":"` + secret + `","name":"198.51.100.1","pattern":"[ipv4-addr:value = '198.51.100.1']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}`,
		`{"type":"relationship","spec_version":"2.1","id":"relationship--00000001-4444-4444-8444-444444444444",` + stamp + `,"relationship_type":"indicates","source_ref":"indicator--00000001-3333-4333-8333-333333333333","target_ref":"` + actor + `"}`,
	}
	t.Run("ActorList", func(t *testing.T) {
		built := openApp(t, false)
		if _, err := built.Importer.Import(ctx, strings.NewReader("["+strings.Join(objs, ",")+"]"), "test", importer.Options{Strict: true}); err != nil {
			t.Fatal(err)
		}
		views := viewerViews(built)
		p, err := views.ActorIndicators(telltale.NewContextWithUser(ctx, auth.Anonymous()), "Copper Otter", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) != 1 || p.Items[0].Pattern == "" || p.Items[0].CreatedByRef != "" {
			t.Errorf("an anonymous reader's list: %+v, want the indicator without its creator", p.Items)
		}
	})
	t.Run("CSV", func(t *testing.T) {
		f := newAdmFixture(t)
		if _, err := f.im.Import(ctx, strings.NewReader(admBundle(objs...)), "test", importer.Options{Strict: true}); err != nil {
			t.Fatal(err)
		}
		r := f.call("GET", "/api/v1/exports/indicators.csv", "reader", nil)
		if r.status != 200 || !strings.Contains(string(r.body), "198.51.100.1") || strings.Contains(string(r.body), secret) {
			t.Errorf("a reader's CSV (%d):\n%s", r.status, r.body)
		}
	})
}

// racyStore imports marked objects between the moment a page of
// relationships is asked for and the moment the store reads it.
type racyStore struct {
	*store.DB
	before func()
}

func (r *racyStore) RelationshipPage(ctx context.Context, f telltale.RelationshipFilter, offset, limit int) ([]*telltale.Relationship, int, error) {
	if r.before != nil {
		r.before()
		r.before = nil
	}
	return r.DB.RelationshipPage(ctx, f, offset, limit)
}

// A store that gains its first TLP:RED objects while a viewer who saw
// every marking is paged must not page the new ones to them: the markings
// are read after the page.
func TestRelationshipPageMarkedMeanwhile(t *testing.T) {
	ctx := context.Background()
	built := openApp(t, false)
	const actor = "intrusion-set--11111111-1111-4111-8111-111111111111"
	stamp := `"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"`
	rel := func(n int, marking string) string {
		m := ""
		if marking != "" {
			m = `,"object_marking_refs":["` + marking + `"]`
		}
		return fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--%08d-4444-4444-8444-444444444444",%s,"relationship_type":"attributed-to","source_ref":"campaign--%08d-3333-4333-8333-333333333333","target_ref":"%s"%s}`, n, stamp, n, actor, m)
	}
	imp := func(objs ...string) {
		if _, err := built.Importer.Import(ctx, strings.NewReader("["+strings.Join(objs, ",")+"]"), "test", importer.Options{Strict: true}); err != nil {
			t.Fatal(err)
		}
	}
	imp(`{"type":"intrusion-set","spec_version":"2.1","id":"`+actor+`",`+stamp+`,"name":"Copper Otter"}`, rel(1, ""))
	rs := &racyStore{DB: built.DB, before: func() { imp(rel(2, auth.TLPRed)) }}
	v := &auth.VisibleObjects{ObjectService: rs, Viewer: telltale.UserFromContext}
	page, total, err := v.RelationshipPage(telltale.NewContextWithUser(ctx, auth.Anonymous()), telltale.RelationshipFilter{Target: actor}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || len(page) != 1 || page[0].ID != "relationship--00000001-4444-4444-8444-444444444444" {
		t.Errorf("an anonymous reader's page: %d of %d (%v), want the unmarked relationship alone", len(page), total, ids(page))
	}
}

func ids(rels []*telltale.Relationship) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = r.ID
	}
	return out
}
