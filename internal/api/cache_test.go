package api_test

import (
	"context"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
)

type viewerCtx struct{}

// perViewer answers a landscape whose count depends on the caller, and
// counts how often it computes one.
type perViewer struct {
	telltale.KnowledgeService
	calls int
}

func (k *perViewer) Landscape(ctx context.Context, sector string) (*telltale.Landscape, error) {
	k.calls++
	n := 1
	if ctx.Value(viewerCtx{}) == "analyst" {
		n = 5
	}
	return &telltale.Landscape{Sector: telltale.Ref{ID: "identity--x", Key: sector}, AttackerCount: n}, nil
}

type emptyObjects struct{ telltale.ObjectService }

func (emptyObjects) Object(ctx context.Context, id string) (*telltale.Object, error) {
	return nil, telltale.Errorf(telltale.ENOTFOUND, "no object %s", id)
}

var anon, analyst = context.Background(), context.WithValue(context.Background(), viewerCtx{}, "analyst")

// viewsByViewer returns views over a perViewer knowledge whose store is at
// *seq, and whose callers are anon and analyst.
func viewsByViewer() (*perViewer, *api.Views, *int64) {
	k := &perViewer{}
	seq := new(int64)
	*seq = 1
	return k, &api.Views{
		Objects: emptyObjects{}, Knowledge: k,
		Version:   func(context.Context) (int64, error) { return *seq, nil },
		ViewerKey: func(ctx context.Context) string { s, _ := ctx.Value(viewerCtx{}).(string); return s },
	}, seq
}

// Landscapes are reused until the store changes, and never between
// callers who may see different things.
func TestLandscapeCacheByViewer(t *testing.T) {
	k, v, seq := viewsByViewer()
	get := func(ctx context.Context) *api.LandscapeView {
		l, err := v.Landscape(ctx, "communication")
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	a1, b1, a2 := get(anon), get(analyst), get(anon)
	if a1.AttackerCount != 1 || b1.AttackerCount != 5 || a2 != a1 || k.calls != 2 {
		t.Errorf("anonymous %d, analyst %d, reused %v, %d computations", a1.AttackerCount, b1.AttackerCount, a2 == a1, k.calls)
	}
	if a1.Version() == b1.Version() {
		t.Errorf("one version %q for two viewers", a1.Version())
	}
	*seq++
	if a3 := get(anon); a3 == a1 || k.calls != 3 || a3.Version() == a1.Version() {
		t.Errorf("after a change: reused %v, %d computations", a3 == a1, k.calls)
	}
}

// Actor answers an actor whose aliases depend on the caller, and counts
// how often it computes one.
func (k *perViewer) Actor(ctx context.Context, nameOrID string) (*telltale.Actor, error) {
	k.calls++
	a := &telltale.Actor{ID: "intrusion-set--x", Name: nameOrID}
	if ctx.Value(viewerCtx{}) == "analyst" {
		a.Aliases = []telltale.ActorAlias{{Name: "Hidden Name", NamedBy: []string{"Vendor"}}}
	}
	return a, nil
}

// Actor views are reused until the store changes (an import), and never
// between callers who may see different things.
func TestActorCacheByViewer(t *testing.T) {
	k, v, seq := viewsByViewer()
	get := func(ctx context.Context) *api.ActorView {
		a, err := v.Actor(ctx, "APT28")
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a1, b1, a2 := get(anon), get(analyst), get(anon)
	if len(a1.NamedBy) != 0 || len(b1.NamedBy) != 1 || a2 != a1 || k.calls != 2 {
		t.Errorf("anonymous %v, analyst %v, reused %v, %d computations", a1.NamedBy, b1.NamedBy, a2 == a1, k.calls)
	}
	if a1.Version() == "" || a1.Version() == b1.Version() {
		t.Errorf("versions %q and %q for two viewers", a1.Version(), b1.Version())
	}
	*seq++
	if a3 := get(anon); a3 == a1 || k.calls != 3 || a3.Version() == a1.Version() {
		t.Errorf("after a change: reused %v, %d computations", a3 == a1, k.calls)
	}
}
