package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// The draft page and the unnamed actor's page ask which known actor it is.
func TestWhichKnownActor(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	news, err := os.ReadFile(filepath.Join(testutil.SharedDir(t), "samples", "telecom-records-theft-news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ing := ingest.New(a.db, a.k, a.im)
	res, err := ing.Ingest(ctx, ingest.Document{Text: string(news), Title: "Telecom records theft"}, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("DraftPage", func(t *testing.T) {
		// A draft is unreviewed: only a signed-in user reads it.
		if status, _, _ := a.get(t, "/reports/"+res.Report.ReportID); status != http.StatusUnauthorized {
			t.Errorf("draft without signing in: status %d", status)
		}
		status, body, _ := do(t, a.newClient("ana"), http.MethodGet, a.ts.URL+"/reports/"+res.Report.ReportID, nil, "")
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		mustContain(t, body, "<h1>Telecom records theft</h1>", "Which known actor is it?", "victims", "Nothing is linked automatically")
		first := strings.Index(body, "<th scope=\"row\"><a href=\"/actors/")
		if first < 0 || !strings.HasPrefix(body[first+len("<th scope=\"row\"><a href=\"/actors/"):], "intrusion-set--0d9e9a03-0bff-5feb-b4bb-0f240933f5e7\">LightBasin<") {
			t.Errorf("LightBasin is not the first candidate on the draft page")
		}
	})
	t.Run("UnnamedActorPage", func(t *testing.T) {
		if _, err := ing.Accept(ctx, res.Report.ReportID); err != nil {
			t.Fatal(err)
		}
		var unnamed string
		for _, r := range res.Report.Actors {
			if r.New {
				unnamed = r.ID
			}
		}
		if unnamed == "" {
			t.Fatal("the news story made no unnamed actor")
		}
		status, body, _ := a.get(t, "/actors/"+unnamed)
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		mustContain(t, body, "Which known actor is it?", ">LightBasin</a>")
		_, body, _ = a.get(t, "/actors/"+url.PathEscape("MuddyWater"))
		mustNotContain(t, body, "Which known actor is it?")
	})
	t.Run("NotFound", func(t *testing.T) {
		if status, _, _ := a.get(t, "/reports/report--00000000-0000-4000-8000-000000000000"); status != http.StatusNotFound {
			t.Errorf("status %d, want 404", status)
		}
	})
}
