package api_test

import (
	"context"
	"github.com/telltale-cti/telltale"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/telltale-cti/telltale/internal/api"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/knowledge/knowledgetest"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// The search box suggests an actor once, though the text search finds
// several objects of its cluster: with the MISP threat-actor galaxy beside
// the starter knowledge, "GALLIUM" is an ATT&CK group and a MISP entry,
// and the 360 entry of APT28 has its own name.
func TestSuggestOneRowPerCluster(t *testing.T) {
	ctx := context.Background()
	ts, k := galaxyServer(t)
	for _, q := range []string{"gallium", "muddywater", "lightbasin"} {
		var sugg []api.Suggestion
		getJSON(t, ts, "/api/v1/suggest?q="+q, &sugg)
		seen := map[string]string{}
		for _, s := range sugg {
			if s.Type != "actor" {
				continue
			}
			a, err := k.Actor(ctx, s.URL[len("/actors/"):])
			if err != nil {
				t.Fatalf("%s: %s: %v", q, s.URL, err)
			}
			if prev, ok := seen[a.ID]; ok {
				t.Errorf("%s: %q and %q open one actor, %s", q, prev, s.Label, a.Name)
			}
			seen[a.ID] = s.Label
		}
		if len(seen) == 0 {
			t.Errorf("%s: no actor suggested: %+v", q, sugg)
		}
	}
}

// galaxyServer serves the API on the starter knowledge and the MISP
// threat-actor galaxy.
func galaxyServer(t *testing.T) (*httptest.Server, *knowledge.Service) {
	t.Helper()
	ctx := context.Background()
	db, im, k := knowledgetest.Serving(t, knowledge.Options{})
	path := testutil.SharedFile(t, "data/misp-galaxy/clusters/threat-actor.json")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := im.Import(ctx, f, path, importer.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := k.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	srv := ihttp.NewServer(nil)
	(&api.Handler{Views: &api.Views{Objects: db, Knowledge: k}}).Register(srv)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, k
}

// GET /api/v1/conflicts lists what `telltale conflicts` does: the names
// several actors claim, each with its actors and rule.
func TestConflictsAPI(t *testing.T) {
	ts, k := galaxyServer(t)
	want, err := k.Conflicts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []telltale.Conflict
	if status, _ := getJSON(t, ts, "/api/v1/conflicts", &got); status != 200 {
		t.Fatalf("status %d", status)
	}
	if len(want) == 0 || len(got) != len(want) {
		t.Fatalf("%d conflicts, the knowledge lists %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Name != want[i].Name || got[i].Rule != want[i].Rule || len(got[i].Clusters) != len(want[i].Clusters) {
			t.Errorf("conflict %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
