package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/ingest"
)

// A report's text is shown as text: its markup escaped, its paragraphs
// kept, what was found marked; the forms of the review post back with the
// CSRF token and need a user who may write.
func TestDraftPages(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	text := "<script>alert('x')</script> APT41 breached three telecommunications providers in Japan.\n\n" +
		"A second paragraph: the group used 203.0.113.7 <img src=x onerror=alert(1)>."
	ing := ingest.New(a.db, a.k, a.im)
	res, err := ing.Ingest(ctx, ingest.Document{Text: text, Title: "Escaping <b>test</b>"}, false)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Report.ReportID
	analyst := a.newClient("analyst")

	_, body, _ := do(t, analyst, http.MethodGet, a.ts.URL+"/drafts", nil, "")
	mustContain(t, body, `href="/drafts/`+id+`"`, "Escaping &lt;b&gt;test&lt;/b&gt;")
	for _, page := range []string{"/drafts/" + id, "/reports/" + id} {
		status, body, _ := do(t, analyst, http.MethodGet, a.ts.URL+page, nil, "")
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", page, status)
		}
		mustContain(t, body, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;",
			`<mark class="hl hl-actor" data-key="actor:APT41"`, `data-key="country:Japan"`)
		mustNotContain(t, body, "<script>alert", "<img src=x", "<b>test</b>")
		if n := strings.Count(body[strings.Index(body, `class="report-text"`):], "<p>"); n < 2 {
			t.Errorf("%s: paragraphs lost (%d)", page, n)
		}
	}
	// The anonymous caller reads no draft, and a reader's form is refused.
	if status, _, _ := a.get(t, "/drafts/"+id); status != http.StatusUnauthorized {
		t.Errorf("anonymous draft page: status %d", status)
	}
	post := func(c *http.Client, action string, form url.Values) (int, string, http.Header) {
		_, page, _ := do(t, c, http.MethodGet, a.ts.URL+"/drafts/"+id, nil, "")
		i := strings.Index(page, `name="csrf_token" value="`)
		if i < 0 {
			t.Fatal("no CSRF token in the draft page")
		}
		token := page[i+len(`name="csrf_token" value="`):]
		form.Set("csrf_token", token[:strings.IndexByte(token, '"')])
		return do(t, c, http.MethodPost, a.ts.URL+"/drafts/"+id+"/"+action, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
	}
	if status, _, _ := post(a.newClient("reader"), "remove", url.Values{"key": {"country:Japan"}}); status != http.StatusForbidden {
		t.Errorf("reader removes: status %d", status)
	}
	status, _, h := post(analyst, "remove", url.Values{"key": {"country:Japan"}})
	if status != http.StatusSeeOther || h.Get("Location") != "/drafts/"+id {
		t.Fatalf("remove: status %d to %q", status, h.Get("Location"))
	}
	_, body, _ = do(t, analyst, http.MethodGet, a.ts.URL+"/drafts/"+id, nil, "")
	mustNotContain(t, body, `data-key="country:Japan"`)
	mustContain(t, body, "<code>country:Japan</code>")
	status, _, _ = post(analyst, "metadata", url.Values{"title": {"Renamed"}, "publisher": {"Vendor"}, "published": {"2025-02-03"}, "source_url": {"https://vendor.example/r"}})
	if status != http.StatusSeeOther {
		t.Fatalf("metadata: status %d", status)
	}
	_, body, _ = do(t, analyst, http.MethodGet, a.ts.URL+"/reports/"+id, nil, "")
	mustContain(t, body, "<h1>Renamed</h1>", "<strong>Vendor</strong>", `datetime="2025-02-03`, `href="https://vendor.example/r"`, "What accepting it would add")
	if status, _, h = post(analyst, "accept", url.Values{}); status != http.StatusSeeOther || h.Get("Location") != "/reports/"+id {
		t.Fatalf("accept: status %d to %q", status, h.Get("Location"))
	}
	// Accepted, the report is read as knowledge: anyone who may read it.
	status, body, _ = a.get(t, "/reports/"+id)
	if status != http.StatusOK {
		t.Fatalf("accepted report: status %d", status)
	}
	mustContain(t, body, "What it added to the knowledge", "APT41")
}

// The drafts page takes a pasted report for analysts: the form makes a
// draft and opens it; a reader sees no form and is refused.
func TestDraftSubmitForm(t *testing.T) {
	a := newApp(t)
	submit := func(c *http.Client, form url.Values) (int, string, http.Header) {
		_, page, _ := do(t, c, http.MethodGet, a.ts.URL+"/drafts", nil, "")
		i := strings.Index(page, `name="csrf_token" value="`)
		if i < 0 {
			t.Fatal("no CSRF token in the drafts page")
		}
		token := page[i+len(`name="csrf_token" value="`):]
		form.Set("csrf_token", token[:strings.IndexByte(token, '"')])
		return do(t, c, http.MethodPost, a.ts.URL+"/drafts", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
	}
	report := url.Values{"text": {"LightBasin breached two mobile carriers in Peru and took call records."}, "title": {"Pasted <b>report</b>"}, "published": {"2026-11-30"}}
	reader := a.newClient("reader")
	_, page, _ := do(t, reader, http.MethodGet, a.ts.URL+"/drafts", nil, "")
	mustNotContain(t, page, `action="/drafts"`)
	if status, _, _ := submit(reader, report); status != http.StatusForbidden {
		t.Errorf("a reader's report: status %d", status)
	}
	analyst := a.newClient("analyst")
	_, page, _ = do(t, analyst, http.MethodGet, a.ts.URL+"/drafts", nil, "")
	mustContain(t, page, `action="/drafts"`, "Add a report")
	status, _, h := submit(analyst, report)
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/drafts/report--") {
		t.Fatalf("submit: status %d to %q", status, h.Get("Location"))
	}
	_, body, _ := do(t, analyst, http.MethodGet, a.ts.URL+h.Get("Location"), nil, "")
	mustContain(t, body, "Pasted &lt;b&gt;report&lt;/b&gt;", `data-key="actor:LightBasin"`)
	mustNotContain(t, body, "Pasted <b>report</b>")
}
