package api_test

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
)

// The review over HTTP: readers may read the queue but change nothing,
// analysts review, a browser's form needs its CSRF token, and every
// change is audited under the caller's name.
func TestDraftReviewAPI(t *testing.T) {
	f := newAdmFixture(t)
	ctx := context.Background()
	if _, err := f.drafts.Importer.Import(ctx, bytes.NewReader(knowledge.StarterBundle()), "starter", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	text := "APT41 breached three telecommunications providers in Japan and Germany, using the IP 203.0.113.7."
	res, err := f.drafts.Ingest(ctx, ingest.Document{Text: text, Title: "API review"}, false)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Report.ReportID
	base := "/api/v1/drafts/" + url.PathEscape(id)

	if r := f.call("GET", "/api/v1/drafts", "", nil); r.status != 401 {
		t.Errorf("queue without credentials: %d", r.status)
	}
	var q struct{ Drafts []ingest.DraftRow }
	r := f.call("GET", "/api/v1/drafts", "reader", nil)
	r.decode(t, &q)
	if r.status != 200 || len(q.Drafts) != 1 || q.Drafts[0].ReportID != id {
		t.Fatalf("queue: %d %s", r.status, r.body)
	}
	var d ingest.Draft
	r = f.call("GET", base, "reader", nil)
	r.decode(t, &d)
	if r.status != 200 || d.Text != text || len(d.Items) == 0 {
		t.Fatalf("draft: %d %s", r.status, r.body)
	}
	if r := f.call("POST", base+"/remove", "reader", jsonBody(map[string]string{"key": "country:Germany"})); r.status != 403 {
		t.Errorf("reader removes: %d %s", r.status, r.body)
	}
	// A browser signed in with Basic credentials but without the token.
	if r := f.call("POST", base+"/remove", "basic:analyst", jsonBody(map[string]string{"key": "country:Germany"}), "Sec-Fetch-Site", "same-origin"); r.status != 403 {
		t.Errorf("browser without CSRF token: %d %s", r.status, r.body)
	}

	var sum ingest.Summary
	key := ""
	for _, it := range d.Items {
		if it.Kind == "country" {
			key = it.Key
		}
	}
	r = f.call("POST", base+"/remove", "analyst", jsonBody(map[string]string{"key": key}))
	r.decode(t, &sum)
	if r.status != 200 || sum.Review == nil || len(sum.Review.Removed) != 1 {
		t.Fatalf("remove %s: %d %s", key, r.status, r.body)
	}
	r = f.call("POST", base+"/edit", "analyst", jsonBody(map[string]string{"key": "indicator:203.0.113.7", "value": "203.0.113.8"}))
	r.decode(t, &sum)
	if r.status != 200 || !strings.Contains(string(r.body), "203.0.113.8") {
		t.Errorf("edit: %d %s", r.status, r.body)
	}
	if r := f.call("POST", base+"/link", "analyst", jsonBody(map[string]string{"group": "unnamed", "actor": "MuddyWater"})); r.status != 400 {
		t.Errorf("link without an unnamed group: %d %s", r.status, r.body)
	}
	r = f.call("PUT", base+"/metadata", "analyst", jsonBody(map[string]string{"title": "Renamed", "publisher": "Vendor", "published": "2025-01-02", "source_url": ""}))
	r.decode(t, &sum)
	if r.status != 200 || sum.Title != "Renamed" || sum.Publisher != "Vendor" {
		t.Errorf("metadata: %d %s", r.status, r.body)
	}
	if r := f.call("POST", base+"/reject", "analyst", nil); r.status != 200 {
		t.Fatalf("reject: %d %s", r.status, r.body)
	}
	if r := f.call("POST", base+"/accept", "analyst", nil); r.status != 409 {
		t.Errorf("accept rejected: %d %s", r.status, r.body)
	}
	if r := f.call("POST", base+"/reopen", "analyst", nil); r.status != 200 {
		t.Fatalf("reopen: %d %s", r.status, r.body)
	}
	if r := f.call("POST", base+"/accept", "admin", nil); r.status != 200 || !strings.Contains(string(r.body), `"import"`) {
		t.Errorf("accept: %d %s", r.status, r.body)
	}
	entries, err := f.db.Audit(ctx, store.AuditFilter{Action: "draft."})
	if err != nil || len(entries) != 3 || entries[0].User != "analyst" {
		t.Errorf("draft audit = %+v, %v", entries, err)
	}
	entries, err = f.db.Audit(ctx, store.AuditFilter{Action: "report."})
	if err != nil || len(entries) != 3 {
		t.Errorf("report audit = %+v, %v", entries, err)
	}
}

// The program serves the ingest package's review.
var _ api.DraftService = (*ingest.Service)(nil)

// A report sent to POST /api/v1/drafts becomes a draft for review, for an
// analyst only, audited; the same text again changes nothing but the
// metadata given.
func TestSubmitDraftAPI(t *testing.T) {
	f := newAdmFixture(t)
	ctx := context.Background()
	if _, err := f.drafts.Importer.Import(ctx, bytes.NewReader(knowledge.StarterBundle()), "starter", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	ctJSON := []string{"Content-Type", "application/json"}
	body := func() io.Reader {
		return jsonBody(map[string]string{"text": "LightBasin breached two mobile carriers in Peru, using the IP 203.0.113.9.", "title": "Carriers in Peru", "published": "2026-11-30"})
	}
	if r := f.call("POST", "/api/v1/drafts", "", body(), ctJSON...); r.status != 401 {
		t.Errorf("without credentials: %d %s", r.status, r.body)
	}
	if r := f.call("POST", "/api/v1/drafts", "reader", body(), ctJSON...); r.status != 403 {
		t.Errorf("a reader: %d %s", r.status, r.body)
	}
	var res struct {
		Outcome string
		Report  ingest.Summary
	}
	r := f.call("POST", "/api/v1/drafts", "analyst", body(), ctJSON...)
	r.decode(t, &res)
	if r.status != 201 || res.Outcome != "created" || res.Report.Title != "Carriers in Peru" || res.Report.Status != "draft" {
		t.Fatalf("submit: %d %s", r.status, r.body)
	}
	var q struct{ Drafts []ingest.DraftRow }
	f.call("GET", "/api/v1/drafts", "reader", nil).decode(t, &q)
	if len(q.Drafts) != 1 || q.Drafts[0].ReportID != res.Report.ReportID {
		t.Errorf("queue %+v, want the submitted draft", q.Drafts)
	}
	r = f.call("POST", "/api/v1/drafts", "analyst", body(), ctJSON...)
	r.decode(t, &res)
	if r.status != 200 || res.Outcome == "created" {
		t.Errorf("the same text again: %d %s", r.status, r.body)
	}
	if r := f.call("POST", "/api/v1/drafts", "analyst", jsonBody(map[string]string{"text": "  "}), ctJSON...); r.status != 400 {
		t.Errorf("an empty text: %d %s", r.status, r.body)
	}
	entries, err := f.db.Audit(ctx, store.AuditFilter{Action: "draft.submit"})
	if err != nil || len(entries) != 2 || entries[0].User != "analyst" {
		t.Errorf("audit = %+v, %v", entries, err)
	}
}
