package knowledge_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// tlpRed is the TLP 2.0 RED marking definition.
const tlpRed = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"

// redMark marks an object TLP:RED when it names the TLP:RED marking
// anywhere, TLP:CLEAR otherwise; clearedKey is the context key of a
// viewer who sees it.
func redMark(raw []byte) telltale.Mark {
	if bytes.Contains(raw, []byte(tlpRed)) {
		return telltale.Mark{Level: telltale.Red}
	}
	return telltale.Mark{}
}

// notRed is the test of a viewer who sees all but TLP:RED.
func notRed(m telltale.Mark) bool { return m.Level != telltale.Red }

type clearedKey struct{}

// noCache is a store without the cache: a service over it computes.
type noCache struct{ knowledge.Store }

// redViewers sees everything when the context says so, else only what is
// not TLP:RED.
func redViewers(ctx context.Context) (string, func(telltale.Mark) bool) {
	if ctx.Value(clearedKey{}) != nil {
		return "red", func(telltale.Mark) bool { return true }
	}
	return "clear", notRed
}

// viewsJSON is what a viewer is shown of the Communication sector, the
// sectors index and an actor, as JSON.
func viewsJSON(t *testing.T, ctx context.Context, k *knowledge.Service, actor string) string {
	t.Helper()
	l, err := k.Landscape(ctx, "communication")
	if err != nil {
		t.Fatal(err)
	}
	secs, err := k.Sectors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a, err := k.Actor(ctx, actor)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal([]any{l, secs, a})
	return string(out)
}

// TestCachedViewsForViewers: a server that filters by viewer answers a
// viewer who sees every object the cached views were computed from out of
// the cache, without loading the knowledge (issue 17: the first page after
// `serve` started took seconds at 1,000,000 objects), and shows what it
// would compute; a viewer who misses some of it, or a cache written
// without marks, computes.
func TestCachedViewsForViewers(t *testing.T) {
	ctx := context.Background()
	cleared := context.WithValue(ctx, clearedKey{}, true)
	db, _ := openStarter(t)
	actor := firstOfType(t, "intrusion-set")
	// The fixture cached the starter's views with their marks, as every
	// process does; an object of the views' types makes them stale, so
	// that the service below, which reads no marks, writes them anew.
	importBytes(t, db, "identity", []byte(`[{"type":"identity","spec_version":"2.1","id":"identity--0b5c2d1e-8c57-4d0a-9f1e-2a7c3b4d5e6f","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Unmarked Org","identity_class":"organization"}]`))
	if err := knowledge.NewWithOptions(db, knowledge.Options{Reader: extract.Reader{}}).Recompute(ctx); err != nil {
		t.Fatal(err)
	}
	// Recomputed without marks: nothing says what a viewer misses.
	rc := &relCounter{readCounter: readCounter{DB: db}}
	viewsJSON(t, cleared, knowledge.NewWithOptions(rc, knowledge.Options{Reader: extract.Reader{}, Mark: redMark, Viewer: redViewers}), actor)
	if rc.calls == 0 {
		t.Error("a cache without marks answered a viewer")
	}

	if err := knowledge.NewWithOptions(db, knowledge.Options{Reader: extract.Reader{}, Mark: redMark}).Recompute(ctx); err != nil {
		t.Fatal(err)
	}
	want := viewsJSON(t, cleared, knowledge.NewWithOptions(noCache{db}, knowledge.Options{Reader: extract.Reader{}, Mark: redMark, Viewer: redViewers}), actor)
	for _, c := range []struct {
		name string
		ctx  context.Context
	}{{"cleared", cleared}, {"uncleared", ctx}} {
		rc := &relCounter{readCounter: readCounter{DB: db}}
		if got := viewsJSON(t, c.ctx, knowledge.NewWithOptions(rc, knowledge.Options{Reader: extract.Reader{}, Mark: redMark, Viewer: redViewers}), actor); got != want {
			t.Errorf("%s viewer, nothing marked: from the cache\n%s\ncomputed\n%s", c.name, got, want)
		}
		if rc.calls != 0 {
			t.Errorf("%s viewer, nothing marked: %d relationship reads, want the cached views", c.name, rc.calls)
		}
	}

	// One actor and its targeting of the sector TLP:RED: the uncleared
	// viewer computes and does not see them; the cleared one is answered
	// from the cache, as it would compute.
	importBytes(t, db, "red", []byte(`[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--55555555-5555-4555-8555-555555555555","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Secret Carrier Group","object_marking_refs":["`+tlpRed+`"]},
		{"type":"relationship","spec_version":"2.1","id":"relationship--66666666-6666-4666-8666-666666666666","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--55555555-5555-4555-8555-555555555555","target_ref":"`+mustSector(t, "telecommunications")+`","object_marking_refs":["`+tlpRed+`"]}]`))
	if err := knowledge.NewWithOptions(db, knowledge.Options{Reader: extract.Reader{}, Mark: redMark}).Recompute(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		ctx    context.Context
		cached bool
	}{{"cleared", cleared, true}, {"uncleared", ctx, false}} {
		want := viewsJSON(t, c.ctx, knowledge.NewWithOptions(noCache{db}, knowledge.Options{Reader: extract.Reader{}, Mark: redMark, Viewer: redViewers}), actor)
		rc := &relCounter{readCounter: readCounter{DB: db}}
		got := viewsJSON(t, c.ctx, knowledge.NewWithOptions(rc, knowledge.Options{Reader: extract.Reader{}, Mark: redMark, Viewer: redViewers}), actor)
		if got != want {
			t.Errorf("%s viewer, one actor marked: got\n%s\nwant\n%s", c.name, got, want)
		}
		if (rc.calls == 0) != c.cached {
			t.Errorf("%s viewer, one actor marked: %d relationship reads, want cached %v", c.name, rc.calls, c.cached)
		}
		if shown := strings.Contains(got, "Secret Carrier Group"); shown != c.cached {
			t.Errorf("%s viewer: the TLP:RED actor shown %v", c.name, shown)
		}
	}
}

// TestRecomputeCarriesForward: after an import of indicators and their
// indicates relationships only, Recompute reads no relationship and stamps
// the cached views with the new sequence number, counts recounted: a new
// service answers from them what it would compute. After an import of an
// actor it computes again.
func TestRecomputeCarriesForward(t *testing.T) {
	ctx := context.Background()
	db, _ := openStarter(t)
	actor := firstOfType(t, "intrusion-set")
	if err := knowledge.NewWithOptions(db, knowledge.Options{Reader: extract.Reader{}, Mark: redMark}).Recompute(ctx); err != nil {
		t.Fatal(err)
	}
	importBytes(t, db, "feed", []byte(`[{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-0000000000f1","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"198.51.100.9","pattern":"[ipv4-addr:value = '198.51.100.9']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"},
		{"type":"relationship","spec_version":"2.1","id":"relationship--00000000-0000-4000-8000-0000000000f2","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"indicates","source_ref":"indicator--00000000-0000-4000-8000-0000000000f1","target_ref":"`+actor+`"}]`))
	rc := &relCounter{readCounter: readCounter{DB: db}}
	if err := knowledge.NewWithOptions(rc, knowledge.Options{Reader: extract.Reader{}, Mark: redMark}).Recompute(ctx); err != nil {
		t.Fatal(err)
	}
	if rc.calls != 0 {
		t.Errorf("an indicator feed: Recompute read relationships %d times, want the cached views carried over", rc.calls)
	}
	want := viewsJSON(t, ctx, knowledge.NewWithOptions(noCache{db}, knowledge.Options{Reader: extract.Reader{}}), actor)
	rc = &relCounter{readCounter: readCounter{DB: db}}
	k := knowledge.NewWithOptions(rc, knowledge.Options{Reader: extract.Reader{}, Mark: redMark, Viewer: redViewers})
	if got := viewsJSON(t, ctx, k, actor); got != want || rc.calls != 0 {
		t.Errorf("carried views (%d relationship reads, want 0):\n%s\ncomputed:\n%s", rc.calls, got, want)
	}
	stats, err := k.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	counted, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := fmt.Sprint(*stats), fmt.Sprint(*counted); g != w {
		t.Errorf("carried counts %s, want %s", g, w)
	}

	importBytes(t, db, "actor", []byte(`[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--00000000-0000-4000-8000-0000000000f3","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Carry Test Panda"}]`))
	rc = &relCounter{readCounter: readCounter{DB: db}}
	if err := knowledge.NewWithOptions(rc, knowledge.Options{Reader: extract.Reader{}, Mark: redMark}).Recompute(ctx); err != nil {
		t.Fatal(err)
	}
	if rc.calls == 0 {
		t.Error("an actor imported: Recompute carried the views over")
	}
}
