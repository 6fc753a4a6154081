package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/app"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/knowledge/knowledgetest"
	"github.com/telltale-cti/telltale/internal/store"
)

// openApp builds the application (app.Open) on a new SQLite database in
// a temporary directory, empty (no starter knowledge), with the accounts
// service when accounts is set; closed when the test ends.
func openApp(t testing.TB, accounts bool) *app.App {
	t.Helper()
	a, err := app.Open(context.Background(), app.Config{DSN: filepath.Join(t.TempDir(), "t.db"), NoStarter: true, Accounts: accounts})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// newServer serves the API over a temporary SQLite database loaded with
// the starter knowledge.
func newServer(t *testing.T) (*httptest.Server, *knowledge.Service, *store.DB) {
	t.Helper()
	db, _, k := knowledgetest.Serving(t, knowledge.Options{})
	srv := ihttp.NewServer(nil)
	(&api.Handler{Views: &api.Views{
		Objects: db, Knowledge: k, SectorBundle: k.SectorBundle,
		SectorNavigator: k.SectorNavigatorJSON,
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
	if d.Shown.Name != "MuddyWater" || d.Out.Total == 0 || len(d.Properties) == 0 {
		t.Errorf("detail: %s, %d out, %d properties", d.Shown.Name, d.Out.Total, len(d.Properties))
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
	if cc := h.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("bundle: Cache-Control %q, want no-store", cc)
	}
	status, h = getJSON(t, ts, "/api/v1/sectors/communication/navigator", &layer)
	if status != 200 || layer.Domain != "enterprise-attack" {
		t.Errorf("navigator: %d %+v", status, layer)
	}
	if cc := h.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("navigator: Cache-Control %q, want no-store", cc)
	}
}

// TestHeatmapPerDomain: techniques of ATT&CK's domains are laid out in a
// heatmap per domain (ICS "initial-access" is not Enterprise's column),
// and a Navigator layer holds one domain's techniques.
func TestHeatmapPerDomain(t *testing.T) {
	ts, k, db := newServer(t)
	comm, ok := knowledge.SectorByKey("communication")
	if !ok {
		t.Fatal("no communication sector")
	}
	const (
		actor = "intrusion-set--5d0c6a2e-1111-4c3e-9a51-0a5e3c1f0001"
		ent   = "attack-pattern--5d0c6a2e-1111-4c3e-9a51-0a5e3c1f0002"
		ics   = "attack-pattern--5d0c6a2e-1111-4c3e-9a51-0a5e3c1f0003"
	)
	obj := func(s string) string {
		return `{"spec_version":"2.1","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",` + s + `}`
	}
	rel := func(n int, typ, src, dst string) string {
		return obj(fmt.Sprintf(`"type":"relationship","id":"relationship--5d0c6a2e-1111-4c3e-9a51-0a5e3c1f01%02d","relationship_type":%q,"source_ref":%q,"target_ref":%q`, n, typ, src, dst))
	}
	bundle := `{"type":"bundle","id":"bundle--5d0c6a2e-1111-4c3e-9a51-0a5e3c1f0000","objects":[` + strings.Join([]string{
		obj(`"type":"intrusion-set","id":"` + actor + `","name":"Domain Test Group"`),
		obj(`"type":"attack-pattern","id":"` + ent + `","name":"Exploit Public-Facing Application","kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":"initial-access"}],"external_references":[{"source_name":"mitre-attack","external_id":"T1190"}]`),
		obj(`"type":"attack-pattern","id":"` + ics + `","name":"Internet Accessible Device","kill_chain_phases":[{"kill_chain_name":"mitre-ics-attack","phase_name":"initial-access"}],"external_references":[{"source_name":"mitre-ics-attack","external_id":"T0883"}]`),
		rel(1, "targets", actor, comm.ID), rel(2, "uses", actor, ent), rel(3, "uses", actor, ics),
	}, ",") + `]}`
	im := &importer.Importer{Store: db, AfterCommit: k.Refresh}
	if _, err := im.Import(context.Background(), strings.NewReader(bundle), "domains", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	var got api.LandscapeView
	if status, _ := getJSON(t, ts, "/api/v1/sectors/communication", &got); status != 200 {
		t.Fatalf("status %d", status)
	}
	cells := map[string]map[string]bool{} // domain → technique ids
	for _, d := range got.Domains {
		for _, col := range d.Matrix {
			if col.Domain != d.Domain {
				t.Errorf("column %s of %s says domain %q", col.Tactic, d.Domain, col.Domain)
			}
			for _, c := range col.Techniques {
				if cells[d.Domain] == nil {
					cells[d.Domain] = map[string]bool{}
				}
				cells[d.Domain][c.ID] = true
			}
		}
	}
	if !cells["ics-attack"]["T0883"] || cells["enterprise-attack"]["T0883"] || !cells["enterprise-attack"]["T1190"] || cells["ics-attack"]["T1190"] {
		t.Errorf("heatmap cells per domain = %v", cells)
	}
	if len(got.Domains) < 2 || got.Domains[0].Domain != "enterprise-attack" {
		t.Errorf("domains %+v, want Enterprise first and ICS", got.Domains)
	}
	var layer struct {
		Domain     string `json:"domain"`
		Techniques []struct {
			ID string `json:"techniqueID"`
		} `json:"techniques"`
	}
	status, h := getJSON(t, ts, "/api/v1/sectors/communication/navigator?domain=ics-attack", &layer)
	if status != 200 || layer.Domain != "ics-attack" || len(layer.Techniques) != 1 || layer.Techniques[0].ID != "T0883" {
		t.Errorf("ICS layer: %d %+v", status, layer)
	}
	if cd := h.Get("Content-Disposition"); !strings.Contains(cd, "communication-ics-navigator-layer.json") {
		t.Errorf("ICS layer file: %s", cd)
	}
	if status, _ := getJSON(t, ts, "/api/v1/sectors/communication/navigator?domain=nope", nil); status != 400 {
		t.Errorf("unknown domain: status %d, want 400", status)
	}
}
