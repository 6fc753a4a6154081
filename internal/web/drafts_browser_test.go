package web_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// TestBrowserDraftReview: an analyst reviews the news story's draft in
// Chromium, from the queue: drops an item, links the unnamed group to the
// first suggested actor (LightBasin) and accepts; the reading view then
// shows what the report added. A rejected draft is reopened from its
// page. The draft and report pages are photographed at 1400 px in both
// themes (TELLTALE_ARTEFACTS, else internal/web/test-artefacts).
func TestBrowserDraftReview(t *testing.T) {
	news, err := os.ReadFile(testutil.SharedFile(t, "samples/telecom-records-theft-news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	a := newApp(t)
	svc := ingest.New(a.db, a.k, a.im)
	bg := context.Background()
	res, err := svc.Ingest(bg, ingest.Document{Text: string(news), Title: "Telecom records theft"}, false)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Report.ReportID
	other, err := svc.Ingest(bg, ingest.Document{Text: "APT41 breached three telecommunications providers in Japan.", Title: "APT41 in Japan"}, false)
	if err != nil {
		t.Fatal(err)
	}
	drop := ""
	for _, it := range res.Report.Items {
		if it.Kind == "country" && len(it.Spans) > 0 {
			drop = it.Key
		}
	}
	if drop == "" {
		t.Fatal("the news draft has no country to drop")
	}
	base := a.ts.URL
	call(t, ctx, network.Enable, network.EnableParams{})
	call(t, ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"X-Test-User": "analyst"}})
	act(t, ctx, chromedp.EmulateViewport(1400, 900))
	defer act(t, ctx, chromedp.ResetViewport())
	dark(t, ctx, false)

	t.Run("ReviewAndAccept", func(t *testing.T) {
		act(t, ctx, chromedp.Navigate(base+"/drafts"), chromedp.WaitVisible(chromedp.CSS("table.drafts")),
			chromedp.Click(chromedp.CSS(`table.drafts a[href="/drafts/`+id+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(".report-text")))
		marks := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(".report-text mark.hl").length`))
		paras := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(".report-text p").length`))
		if marks < 5 || paras < 5 {
			t.Errorf("the text has %d marks in %d paragraphs", marks, paras)
		}
		dropped := `li.item[data-key=` + jsString(drop) + `]`
		act(t, ctx, chromedp.Click(chromedp.CSS(dropped+` button[aria-label^="Remove"]`)),
			chromedp.WaitVisible(chromedp.CSS(".removed")),
			chromedp.WaitNotPresent(chromedp.CSS(dropped)))
		if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.report-text mark[data-key=`+jsString(drop)+`]').length`)); n != 0 {
			t.Errorf("the dropped %s is still marked %d times", drop, n)
		}
		first := value(t, ctx, chromedp.Evaluate[string](`document.querySelector('.link-form select[name="suggested"] option').textContent`))
		if !strings.HasPrefix(first, "LightBasin") {
			t.Errorf("first suggestion %q, want LightBasin", first)
		}
		act(t, ctx, chromedp.Click(chromedp.CSS(`.link-form .link-button`)),
			chromedp.WaitVisible(chromedp.CSS(`.link-form legend .badge`)))
		if linked := text(t, ctx, ".link-form legend .badge"); linked != "linked to LightBasin" {
			t.Errorf("the unnamed group is %q, want linked to LightBasin", linked)
		}
		screenshot(t, ctx, "draft-review-1400")
		checkAxe(t, ctx, "draft page")
		dark(t, ctx, true)
		screenshot(t, ctx, "draft-review-1400-dark")
		checkAxe(t, ctx, "draft page, dark")
		dark(t, ctx, false)

		act(t, ctx, chromedp.Click(chromedp.CSS("#accept")), chromedp.WaitVisible(chromedp.CSS("#added-h")))
		if h := text(t, ctx, "#added-h"); h != "What it added to the knowledge" {
			t.Errorf("report page heading %q", h)
		}
		actors := text(t, ctx, ".review-items")
		if !strings.Contains(actors, "LightBasin") || strings.Contains(actors, "Unnamed actor") {
			t.Errorf("the report's actors: %q; want LightBasin, no unnamed actor", actors)
		}
		screenshot(t, ctx, "report-reading-1400")
		checkAxe(t, ctx, "report page")
		dark(t, ctx, true)
		screenshot(t, ctx, "report-reading-1400-dark")
		checkAxe(t, ctx, "report page, dark")
		dark(t, ctx, false)
	})

	t.Run("RejectAndReopen", func(t *testing.T) {
		oid := other.Report.ReportID
		act(t, ctx, chromedp.Navigate(base+"/drafts/"+oid), chromedp.WaitVisible(chromedp.CSS("#reject")),
			chromedp.Click(chromedp.CSS("#reject")), chromedp.WaitVisible(chromedp.CSS(".tabs")),
			chromedp.Navigate(base+"/drafts?status=rejected"),
			chromedp.Click(chromedp.CSS(`table.drafts a[href="/drafts/`+oid+`"]`)),
			chromedp.WaitVisible(chromedp.CSS("#reopen")))
		act(t, ctx, chromedp.Click(chromedp.CSS("#reopen")), chromedp.WaitVisible(chromedp.CSS("#accept")))
		if s := text(t, ctx, ".report-meta .badge"); s != "draft" {
			t.Errorf("status after reopening %q, want draft", s)
		}
		if disabled := value(t, ctx, chromedp.Evaluate[bool](`document.querySelector("#accept").disabled`)); disabled {
			t.Error("the reopened draft cannot be accepted")
		}
		act(t, ctx, chromedp.Click(chromedp.CSS("#accept")), chromedp.WaitVisible(chromedp.CSS("#added-h")))
	})
}
