package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/extract"
	ihttp "github.com/telltale-cti/telltale/internal/http"
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
	(&api.Handler{Views: &api.Views{Objects: db, Knowledge: k, Suggestions: ing, Documents: extract.Documents{}}}).Register(srv)
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
	t.Run("Report", func(t *testing.T) {
		var s telltale.Suggestions
		if status, _ := getJSON(t, ts, "/api/v1/reports/"+res.Report.ReportID+"/suggestions", &s); status != 200 {
			t.Fatalf("status %d", status)
		}
		firstIs(t, s, "LightBasin")
		if s.Title != "Telecom records theft" {
			t.Errorf("title = %q", s.Title)
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
