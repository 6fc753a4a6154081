package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
)

// newServer serves the API over a temporary SQLite database loaded with
// the starter knowledge.
func newServer(t *testing.T) (*httptest.Server, *knowledge.Service, *store.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir()+"/t.db", true)
	if err != nil {
		t.Fatal(err)
	}
	db.Fold = knowledge.Fold
	t.Cleanup(func() { db.Close() })
	k := knowledge.New(db)
	im := &importer.Importer{Store: db, AfterCommit: k.Refresh}
	if _, err := im.Import(ctx, bytes.NewReader(knowledge.StarterBundle()), "starter", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	srv := ihttp.NewServer(nil)
	(&api.Handler{Views: &api.Views{
		Objects: db, Knowledge: k, SectorBundle: k.SectorBundle,
		SectorNavigator: func(ctx context.Context, s string) (any, error) { return k.SectorNavigatorLayer(ctx, s) },
	}}).Register(srv)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, k, db
}

func getJSON(t *testing.T, ts *httptest.Server, path string, v any) (int, http.Header) {
	t.Helper()
	resp, err := http.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v: %.200s", path, err, b)
		}
	}
	return resp.StatusCode, resp.Header
}

func TestSectors(t *testing.T) {
	ts, k, _ := newServer(t)
	var list []telltale.SectorSummary
	if status, _ := getJSON(t, ts, "/api/v1/sectors", &list); status != 200 {
		t.Fatalf("status %d", status)
	}
	var comm *telltale.SectorSummary
	for i := range list {
		if list[i].Key == "communication" {
			comm = &list[i]
		}
	}
	l, err := k.Landscape(context.Background(), "communication")
	if err != nil {
		t.Fatal(err)
	}
	if comm == nil || comm.AttackerCount != l.AttackerCount {
		t.Fatalf("communication in the list: %+v, landscape count %d", comm, l.AttackerCount)
	}

	var got api.LandscapeView
	if status, _ := getJSON(t, ts, "/api/v1/sectors/communication", &got); status != 200 {
		t.Fatalf("status %d", status)
	}
	if got.AttackerCount != l.AttackerCount || len(got.Attackers) != len(l.Attackers) || got.Matrix == nil {
		t.Errorf("got %d attackers (%d rows), want %d", got.AttackerCount, len(got.Attackers), l.AttackerCount)
	}
}

func TestErrorShape(t *testing.T) {
	ts, _, _ := newServer(t)
	for path, want := range map[string]struct {
		status int
		code   string
	}{
		"/api/v1/sectors/no-such-sector":                                {404, telltale.ENOTFOUND},
		"/api/v1/actors/NoSuchActor":                                    {404, telltale.ENOTFOUND},
		"/api/v1/objects/malware--00000000-0000-4000-8000-000000000000": {404, telltale.ENOTFOUND},
		"/api/v1/search":                                                {400, telltale.EINVALID},
		"/api/v1/nothing-here":                                          {404, telltale.ENOTFOUND},
	} {
		var body ihttp.ErrorBody
		status, h := getJSON(t, ts, path, &body)
		if status != want.status || body.Error.Code != want.code || body.Error.Message == "" {
			t.Errorf("%s: %d %+v, want %d %s", path, status, body, want.status, want.code)
		}
		if !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
			t.Errorf("%s: content type %q", path, h.Get("Content-Type"))
		}
	}
}

func TestActorByAlias(t *testing.T) {
	ts, _, _ := newServer(t)
	var a api.ActorView
	if status, _ := getJSON(t, ts, "/api/v1/actors/ATK51", &a); status != 200 {
		t.Fatalf("status %d", status)
	}
	if a.Name != "MuddyWater" || len(a.NamedBy) == 0 {
		t.Errorf("got %q, %d sources of names", a.Name, len(a.NamedBy))
	}
	found := false
	for _, nb := range a.NamedBy {
		for _, n := range nb.Names {
			found = found || n == "ATK51"
		}
	}
	if !found {
		t.Errorf("ATK51 is not among the names by source: %+v", a.NamedBy)
	}
}

func TestSearchAndSuggest(t *testing.T) {
	ts, _, _ := newServer(t)
	var res api.SearchResult
	if status, _ := getJSON(t, ts, "/api/v1/search?q=ATK51", &res); status != 200 {
		t.Fatalf("status %d", status)
	}
	if res.Actor == nil || res.Actor.Name != "MuddyWater" || res.Actor.Matched != "ATK51" {
		t.Errorf("actor match %+v", res.Actor)
	}
	if len(res.Groups) == 0 || res.Groups[0].Type != "intrusion-set" {
		t.Errorf("groups %+v", res.Groups)
	}
	var sugg []api.Suggestion
	getJSON(t, ts, "/api/v1/suggest?q=muddy", &sugg)
	if len(sugg) == 0 || sugg[0].Label != "MuddyWater" || !strings.HasPrefix(sugg[0].URL, "/actors/") {
		t.Errorf("suggestions %+v", sugg)
	}
	getJSON(t, ts, "/api/v1/suggest?q=telecom", &sugg)
	if len(sugg) == 0 || sugg[0].Type != "sector" {
		t.Errorf("suggestions for telecom %+v", sugg)
	}
	getJSON(t, ts, "/api/v1/suggest?q=m", &sugg)
	if len(sugg) != 0 {
		t.Errorf("one letter suggests %+v", sugg)
	}
}

func TestObjectAndVersions(t *testing.T) {
	ts, _, db := newServer(t)
	hits, err := db.Search(context.Background(), "MuddyWater", 1)
	if err != nil || len(hits) == 0 {
		t.Fatal(hits, err)
	}
	var d api.ObjectDetail
	if status, _ := getJSON(t, ts, "/api/v1/objects/"+hits[0].ID, &d); status != 200 {
		t.Fatalf("status %d", status)
	}
	if d.Object.Name != "MuddyWater" || d.Out.Total == 0 || len(d.Properties) == 0 {
		t.Errorf("detail: %s, %d out, %d properties", d.Object.Name, d.Out.Total, len(d.Properties))
	}
	var v api.Versions
	if status, _ := getJSON(t, ts, "/api/v1/objects/"+hits[0].ID+"/versions", &v); status != 200 || len(v.Versions) != 1 {
		t.Errorf("versions: %d %d", status, len(v.Versions))
	}
}

func TestDiff(t *testing.T) {
	got, err := api.Diff([]byte(`{"a":1,"b":"x","c":[1]}`), []byte(`{"a":1,"b":"y","d":true}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []api.Change{{Property: "b", Kind: "changed", Old: "x", New: "y"}, {Property: "c", Kind: "removed", Old: "[\n  1\n]"}, {Property: "d", Kind: "added", New: "true"}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestExports(t *testing.T) {
	ts, _, _ := newServer(t)
	var bundle struct {
		Type    string `json:"type"`
		Objects []json.RawMessage
	}
	status, h := getJSON(t, ts, "/api/v1/sectors/communication/bundle", &bundle)
	if status != 200 || bundle.Type != "bundle" || len(bundle.Objects) == 0 || !strings.Contains(h.Get("Content-Disposition"), "telltale-communication.json") {
		t.Errorf("bundle: %d %s %d %q", status, bundle.Type, len(bundle.Objects), h.Get("Content-Disposition"))
	}
	var layer struct {
		Domain string `json:"domain"`
	}
	status, _ = getJSON(t, ts, "/api/v1/sectors/communication/navigator", &layer)
	if status != 200 || layer.Domain != "enterprise-attack" {
		t.Errorf("navigator: %d %+v", status, layer)
	}
}
