package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/extract"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/knowledge/knowledgetest"
	"github.com/telltale-cti/telltale/internal/testutil"
)

func TestSuggestions(t *testing.T) {
	ctx := context.Background()
	news, err := os.ReadFile(filepath.Join(testutil.SharedDir(t), "samples", "telecom-records-theft-news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	db, im, k := knowledgetest.Serving(t, knowledge.Options{})
	ing := ingest.New(db, k, im)
	res, err := ing.Ingest(ctx, ingest.Document{Text: string(news), Title: "Telecom records theft"}, false)
	if err != nil {
		t.Fatal(err)
	}
	srv := ihttp.NewServer(nil)
	(&api.Handler{Views: &api.Views{Objects: db, Knowledge: k, Suggestions: ing, Drafts: ing, Documents: extract.Documents{}}}).Register(srv)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)

	post := func(t *testing.T, ct, body string, v any) int {
		t.Helper()
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/suggestions", strings.NewReader(body))
		req.Header.Set("Content-Type", ct)
		// A program's request: a POST from a browser needs the CSRF token.
		req.Header.Set("Authorization", "Bearer test")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if v != nil && resp.StatusCode == 200 {
			if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
				t.Fatal(err)
			}
		}
		return resp.StatusCode
	}
	firstIs := func(t *testing.T, s telltale.Suggestions, name string) {
		t.Helper()
		if len(s.Candidates) == 0 || s.Candidates[0].Name != name || len(s.Candidates[0].Supports) == 0 {
			t.Fatalf("candidates = %+v, want %s first with its supports", s.Candidates, name)
		}
	}
	t.Run("PostText", func(t *testing.T) {
		var s telltale.Suggestions
		if code := post(t, "text/plain; charset=utf-8", string(news), &s); code != 200 {
			t.Fatalf("status %d", code)
		}
		firstIs(t, s, "LightBasin")
	})
	t.Run("PostJSON", func(t *testing.T) {
		body, _ := json.Marshal(map[string]string{"text": string(news)})
		var s telltale.Suggestions
		if code := post(t, "application/json", string(body), &s); code != 200 {
			t.Fatalf("status %d", code)
		}
		firstIs(t, s, "LightBasin")
	})
	// A server without accounts serves no draft, nor its suggestions
	// (TestReportSuggestionsReadAsDraft has a signed-in analyst's).
	t.Run("ReportDraftUnauthorized", func(t *testing.T) {
		for _, path := range []string{"/api/v1/drafts/" + res.Report.ReportID, "/api/v1/reports/" + res.Report.ReportID + "/suggestions"} {
			if status, _ := getJSON(t, ts, path, nil); status != 401 {
				t.Errorf("%s: status %d, want 401", path, status)
			}
		}
	})
	t.Run("Actor", func(t *testing.T) {
		var s telltale.Suggestions
		if status, _ := getJSON(t, ts, "/api/v1/actors/UNC1945/suggestions", &s); status != 200 {
			t.Fatalf("status %d", status)
		}
		for _, c := range s.Candidates {
			if c.Name == "LightBasin" {
				t.Errorf("LightBasin suggested for itself")
			}
		}
	})
	t.Run("Errors", func(t *testing.T) {
		if status, _ := getJSON(t, ts, "/api/v1/reports/report--00000000-0000-4000-8000-000000000000/suggestions", nil); status != 404 {
			t.Errorf("unknown report: %d, want 404", status)
		}
		if status, _ := getJSON(t, ts, "/api/v1/actors/No%20Such%20Group/suggestions", nil); status != 404 {
			t.Errorf("unknown actor: %d, want 404", status)
		}
		if code := post(t, "text/plain", "   ", nil); code != 400 {
			t.Errorf("empty text: %d, want 400", code)
		}
		if code := post(t, "application/json", "{", nil); code != 400 {
			t.Errorf("broken JSON: %d, want 400", code)
		}
		// Binary data is no text, as a text/plain body or in JSON.
		for _, ct := range []string{"text/plain", "application/json"} {
			body := "\x00\x01ELF APT28 used X-Agent."
			if ct == "application/json" {
				body = `{"text":"\u0000\u0001ELF APT28 used X-Agent."}`
			}
			if code := post(t, ct, body, nil); code != 400 {
				t.Errorf("binary data as %s: %d, want 400", ct, code)
			}
		}
	})
	t.Run("Off", func(t *testing.T) {
		srv := ihttp.NewServer(nil)
		(&api.Handler{Views: &api.Views{Objects: db, Knowledge: k}}).Register(srv)
		off := httptest.NewServer(srv)
		defer off.Close()
		if status, _ := getJSON(t, off, "/api/v1/actors/LightBasin/suggestions", nil); status != 503 {
			t.Errorf("without a suggestion service: %d, want 503", status)
		}
	})
}

// The suggestions for a report show its draft's title, items and words:
// they are refused to whoever may not read the draft, with the draft's
// own status (401 for a draft without an account, 404 for a report the
// caller's clearance hides), and served to an analyst who may.
func TestReportSuggestionsReadAsDraft(t *testing.T) {
	f := newAdmFixture(t)
	ctx := context.Background()
	if _, err := f.drafts.Importer.Import(ctx, bytes.NewReader(knowledge.StarterBundle()), "starter", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	// The served views read objects as each caller may see them (TLP), as
	// the program wires them.
	srv := ihttp.NewServer(nil)
	srv.Auth = f.auth
	(&api.Handler{Views: &api.Views{Objects: &auth.VisibleObjects{ObjectService: f.db, Viewer: f.auth.ViewerOf},
		Knowledge: f.drafts.Knowledge, Suggestions: f.drafts, Drafts: f.drafts}}).Register(srv)
	f.ts.Close()
	f.ts = httptest.NewServer(srv)
	f.auth.AnonymousRead = true

	res, err := f.drafts.Ingest(ctx, ingest.Document{Text: "APT41 breached three telecommunications providers in Japan using ShadowPad.", Title: "Secret source"}, false)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Report.ReportID
	draft, sugg := "/api/v1/drafts/"+url.PathEscape(id), "/api/v1/reports/"+url.PathEscape(id)+"/suggestions"
	same := func(t *testing.T, who string, want int) {
		t.Helper()
		d, s := f.call("GET", draft, who, nil), f.call("GET", sugg, who, nil)
		if d.status != want || s.status != want {
			t.Errorf("%q: draft %d, suggestions %d, want %d for both", who, d.status, s.status, want)
		}
		if want != 200 && strings.Contains(string(s.body), "Secret source") {
			t.Errorf("%q: the refusal shows the title: %s", who, s.body)
		}
	}
	t.Run("DraftAnonymousUnauthorized", func(t *testing.T) { same(t, "", 401) })
	t.Run("DraftAnalystOK", func(t *testing.T) {
		same(t, "analyst", 200)
		var s telltale.Suggestions
		f.call("GET", sugg, "analyst", nil).decode(t, &s)
		if s.Title != "Secret source" {
			t.Errorf("title = %q", s.Title)
		}
	})

	if r := f.call("POST", draft+"/accept", "analyst", nil); r.status != 200 {
		t.Fatalf("accept: %d %s", r.status, r.body)
	}
	t.Run("AcceptedUnmarkedOK", func(t *testing.T) { same(t, "", 200) })
	// A newer version of the report marks it TLP:RED for nobody here.
	o, err := f.db.Object(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(o.Raw, &raw); err != nil {
		t.Fatal(err)
	}
	raw["modified"] = "2099-01-01T00:00:00.000Z"
	raw["object_marking_refs"] = []string{auth.TLPRed}
	red, _ := json.Marshal(raw)
	if _, err := f.im.Import(ctx, strings.NewReader(admBundle(string(red))), "red report", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	t.Run("RedHiddenNotFound", func(t *testing.T) {
		same(t, "", 404)
		same(t, "analyst", 404)
		same(t, "admin", 404)
	})
}
