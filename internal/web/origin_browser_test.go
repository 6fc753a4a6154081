package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// TestBrowserNewsOrigin: after the news sample is ingested and accepted,
// the Communication page in Chromium shows the unnamed group's origin as
// "CN?" marked disputed, with the sources for and against in its tooltip,
// never a plain CN; so do the actor page and the sector's JSON.
func TestBrowserNewsOrigin(t *testing.T) {
	sampleText, err := os.ReadFile(testutil.SharedFile(t, "samples/telecom-records-theft-news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	a := newApp(t)
	svc := ingest.New(a.db, a.k, a.im)
	res, err := svc.Ingest(context.Background(), ingest.Document{Text: string(sampleText), Title: "Telecom records theft"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Status != ingest.StatusAccepted {
		t.Fatalf("report %s, want accepted", res.Report.Status)
	}
	const name = "Unnamed actor: Telecom records theft"
	base := a.ts.URL

	t.Run("SectorPage", func(t *testing.T) {
		act(t, ctx, chromedp.Navigate(base+"/sectors/communication?filter="+strings.ReplaceAll(name, " ", "+")), chromedp.WaitVisible(chromedp.CSS("#attackers-table")))
		type cell struct {
			Text, Title, Status string
			Disputed            bool
		}
		rows := value(t, ctx, chromedp.Evaluate[[]cell](`[...document.querySelectorAll("#attackers-table tbody tr")].filter(tr => tr.querySelector("th").textContent.trim() === `+jsString(name)+`).map(tr => {
			const td = tr.querySelector("td.origin-cell"), abbr = td.querySelector("abbr");
			return {Text: td.innerText.trim(), Title: abbr ? abbr.title : "", Status: td.dataset.originStatus, Disputed: !!td.querySelector(".badge.disputed")};
		})`))
		if len(rows) != 1 {
			t.Fatalf("%d rows for %s", len(rows), name)
		}
		r := rows[0]
		if !strings.Contains(r.Text, "CN?") || !r.Disputed || r.Status != "disputed" || !strings.Contains(r.Text, "disputed") {
			t.Errorf("origin cell %+v; want CN? marked disputed", r)
		}
		if !strings.Contains(r.Title, "China") || !strings.Contains(r.Title, "hedged by:") || !strings.Contains(r.Title, "negated by:") || !strings.Contains(r.Title, "CrowdStrike") {
			t.Errorf("origin tooltip %q; want China with who hedges and who negates", r.Title)
		}
		screenshot(t, ctx, "sector-communication-news-origin")
		checkAxe(t, ctx, "sector page with a disputed origin")
	})

	t.Run("ActorPage", func(t *testing.T) {
		act(t, ctx, chromedp.Navigate(base+"/actors/"+url.PathEscape(name)), chromedp.WaitVisible(chromedp.CSS("#origin")))
		origin := text(t, ctx, "#origin")
		status := value(t, ctx, chromedp.AttributeValue(chromedp.CSS("#origin"), "data-origin-status"))
		if !strings.Contains(origin, "CN?") || !strings.Contains(origin, "disputed") || !strings.Contains(origin, "negated") || status.Value != "disputed" {
			t.Errorf("actor page origin %q (%s); want CN? disputed, with the negation", origin, status.Value)
		}
		screenshot(t, ctx, "actor-unnamed-news-origin")
		checkAxe(t, ctx, "actor page with a disputed origin")
	})

	t.Run("JSON", func(t *testing.T) {
		code, body, _ := a.get(t, "/api/v1/sectors/communication")
		if code != 200 {
			t.Fatalf("GET sector JSON: %d", code)
		}
		var l struct {
			Attackers []struct {
				Name         string `json:"name"`
				Origin       string `json:"origin"`
				OriginStatus string `json:"origin_status"`
				OriginHedged bool   `json:"origin_hedged"`
			} `json:"attackers"`
		}
		if err := json.Unmarshal([]byte(body), &l); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, at := range l.Attackers {
			if at.Name == name {
				found = true
				if at.Origin != "CN" || at.OriginStatus != "disputed" || !at.OriginHedged {
					t.Errorf("JSON row %+v; want CN, disputed, hedged", at)
				}
			}
		}
		if !found {
			t.Errorf("%s not in the sector JSON", name)
		}
	})
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
