package api_test

import (
	"context"
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
