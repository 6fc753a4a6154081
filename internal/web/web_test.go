package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/extract"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/knowledge/knowledgetest"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/web"
)

// rendered collects the page templates executed by any test of the
// package; TestMain fails the run when one never was.
var rendered = struct {
	sync.Mutex
	names map[string]bool
	all   []string
}{names: map[string]bool{}}

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" {
		rendered.Lock()
		var missing []string
		for _, n := range rendered.all {
			if !rendered.names[n] {
				missing = append(missing, n)
			}
		}
		rendered.Unlock()
		if len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: templates never rendered by a test: %s\n", strings.Join(missing, ", "))
			code = 1
		}
	}
	os.Exit(code)
}

// testApp is the program's wiring over a temporary SQLite database loaded
// with the starter knowledge.
type testApp struct {
	db     *store.DB
	k      *knowledge.Service
	im     *importer.Importer
	srv    *ihttp.Server
	ts     *httptest.Server
	logs   *bytes.Buffer
	client *http.Client
	// sessions and secure, when set before start, replace the test
	// authenticator with real accounts (see newSignedApp).
	sessions web.Sessions
	secure   func(srv *ihttp.Server)
}

// allowAll is the test authenticator: every request comes from an analyst
// who may write. It stands in for the auth package, so the write path is
// the real one.
type allowAll struct{}

func (allowAll) Authenticate(r *http.Request) (*telltale.User, error) {
	if r.Header.Get("X-Test-User") == "" {
		return nil, nil
	}
	role := telltale.RoleAnalyst
	if r.Header.Get("X-Test-User") == "reader" {
		role = telltale.RoleReader
	}
	return &telltale.User{ID: "u1", Name: r.Header.Get("X-Test-User"), Role: role}, nil
}

type userTransport struct {
	user string
	next http.RoundTripper
}

func (t userTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.user != "" {
		r = r.Clone(r.Context())
		r.Header.Set("X-Test-User", t.user)
	}
	return t.next.RoundTrip(r)
}

func newApp(t testing.TB) *testApp {
	t.Helper()
	return newAppWith(t, knowledge.Options{Reader: extract.Reader{}})
}

// newAppWith is newApp with a knowledge service that filters by opts.
func newAppWith(t testing.TB, opts knowledge.Options) *testApp {
	t.Helper()
	db, im, k := knowledgetest.Serving(t, opts)
	a := &testApp{db: db, k: k, im: im, logs: &bytes.Buffer{}}
	a.start(t)
	return a
}

func (a *testApp) start(t testing.TB) {
	ing := ingest.New(a.db, a.k, a.im)
	ing.Audit = auth.New(a.db).AuditFrom
	views := &api.Views{
		Objects: a.db, Knowledge: a.k, SectorBundle: a.k.SectorBundle, Suggestions: ing, Documents: extract.Documents{}, Drafts: ing,
		SectorNavigator: a.k.SectorNavigatorJSON,
	}
	var logMu sync.Mutex
	logger := slog.New(slog.NewTextHandler(lockedWriter{&logMu, a.logs}, nil))
	pages, err := web.New(web.Options{
		Views:  views,
		Logger: logger,
		Import: func(ctx context.Context, r io.Reader, name string, o web.ImportOptions) (*telltale.ImportResult, error) {
			return a.im.Import(ctx, r, name, importer.Options{Strict: o.Strict})
		},
		// The program fetches with a client that refuses private
		// addresses; the tests fetch from their own loopback server.
		Fetch: func(ctx context.Context, u string) (io.ReadCloser, error) {
			resp, err := http.Get(u)
			if err != nil {
				return nil, err
			}
			return resp.Body, nil
		},
		Accounts: true,
		Sessions: a.sessions,
		Rendered: func(name string) {
			rendered.Lock()
			rendered.names[name] = true
			rendered.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	rendered.Lock()
	rendered.all = pages.Pages()
	rendered.Unlock()
	a.srv = ihttp.NewServer(logger)
	a.srv.Page = pages.Error
	a.srv.Auth = allowAll{}
	if a.secure != nil {
		a.secure(a.srv)
	}
	(&api.Handler{Views: views}).Register(a.srv)
	pages.Register(a.srv)
	a.ts = httptest.NewServer(a.srv)
	t.Cleanup(a.ts.Close)
	a.client = a.newClient("")
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func (a *testApp) newClient(user string) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Jar:           jar,
		Transport:     userTransport{user, http.DefaultTransport},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// get fetches path and returns the status and body.
func (a *testApp) get(t testing.TB, path string) (int, string, http.Header) {
	t.Helper()
	return do(t, a.client, http.MethodGet, a.ts.URL+path, nil, "")
}

func do(t testing.TB, c *http.Client, method, u string, body io.Reader, ctype string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

func (a *testApp) importJSON(t testing.TB, objs ...string) {
	t.Helper()
	bundle := `{"type":"bundle","id":"bundle--6f3c2a51-1d2e-4c55-9a7e-0e1f2a3b4c5d","objects":[` + strings.Join(objs, ",") + `]}`
	res, err := a.im.Import(context.Background(), strings.NewReader(bundle), "test", importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rejected > 0 {
		t.Fatalf("rejected: %+v", res.Problems)
	}
}

func mustContain(t testing.TB, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t testing.TB, body string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(body, w) {
			t.Errorf("page contains %q", w)
		}
	}
}

func TestSectorsPage(t *testing.T) {
	a := newApp(t)
	for _, path := range []string{"/", "/sectors", "/sectors?sort=name"} {
		status, body, _ := a.get(t, path)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", path, status)
		}
		mustContain(t, body, `href="/sectors/communication"`, "Telecommunications", `<ul class="tree"`)
	}
	// Sorted by attackers: Communication (the starter knowledge's sector)
	// comes first.
	_, body, _ := a.get(t, "/sectors")
	first := strings.Index(body, `href="/sectors/`)
	if !strings.HasPrefix(body[first:], `href="/sectors/communication"`) {
		t.Errorf("first sector is not communication: %.80s", body[first:])
	}
}

func TestSectorPage(t *testing.T) {
	a := newApp(t)
	l, err := a.k.Landscape(context.Background(), "communication")
	if err != nil {
		t.Fatal(err)
	}
	status, body, _ := a.get(t, "/sectors/communication")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	want := fmt.Sprintf(`Communication <span class="dash">—</span> <span class="attacker-count" data-count="%d">%d attackers</span>`, l.AttackerCount, l.AttackerCount)
	mustContain(t, body, want, "Understanding the cyber threat", `id="attackers-table"`, "MuddyWater", "Salt Typhoon", "Campaigns against the sector", "Malware and tools", "What to do about it", "Recent reports",
		`href="/api/v1/sectors/communication/bundle"`, `href="/api/v1/sectors/communication/navigator"`)
	if l.AttackerCount < 2 {
		t.Errorf("attacker count %d: the starter knowledge has several", l.AttackerCount)
	}

	t.Run("Filter", func(t *testing.T) {
		_, body, _ := a.get(t, "/sectors/communication?filter=IR")
		mustContain(t, body, "MuddyWater")
		mustNotContain(t, body, ">Salt Typhoon<")
		_, body, _ = a.get(t, "/sectors/communication?filter=nothing-like-this")
		mustContain(t, body, "No attacker matches")
	})
	t.Run("Sort", func(t *testing.T) {
		_, body, _ := a.get(t, "/sectors/communication?sort=-name")
		if i, j := strings.Index(body, ">Telekopye"), strings.Index(body, ">APT41<"); i < 0 || j < 0 || i > j {
			t.Errorf("descending name sort: Telekopye at %d, APT41 at %d", i, j)
		}
		mustContain(t, body, `aria-sort="descending"`)
	})
	t.Run("AliasRedirects", func(t *testing.T) {
		status, _, h := a.get(t, "/sectors/telecoms")
		if status != http.StatusMovedPermanently || h.Get("Location") != "/sectors/telecommunications" {
			t.Errorf("got %d %q", status, h.Get("Location"))
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		status, body, _ := a.get(t, "/sectors/telecomunication")
		if status != http.StatusNotFound {
			t.Fatalf("status %d", status)
		}
		mustContain(t, body, "No sector called", "Did you mean")
	})
}

func TestActorPage(t *testing.T) {
	a := newApp(t)
	for _, name := range []string{"MuddyWater", "ATK51", "atk 51", "Seedworm"} {
		status, body, _ := a.get(t, "/actors/"+url.PathEscape(name))
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", name, status)
		}
		mustContain(t, body, "<h1>MuddyWater</h1>", "Names, by who gave them", "Why these are one actor", "Targets", "Reports timeline")
	}
	_, body, _ := a.get(t, "/actors/ATK51")
	mustContain(t, body, "“ATK51” is one of its names", "Thales")

	t.Run("NotFound", func(t *testing.T) {
		status, body, _ := a.get(t, "/actors/MuddyWatr")
		if status != http.StatusNotFound {
			t.Fatalf("status %d", status)
		}
		mustContain(t, body, "No actor called “MuddyWatr”", `href="/search?q=MuddyWatr"`)
	})
}

func TestSearch(t *testing.T) {
	a := newApp(t)
	t.Run("AliasLandsOnActor", func(t *testing.T) {
		status, _, h := a.get(t, "/search?q=ATK51")
		if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/actors/") {
			t.Fatalf("got %d %q", status, h.Get("Location"))
		}
		status, body, _ := a.get(t, h.Get("Location"))
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		mustContain(t, body, "<h1>MuddyWater</h1>")
	})
	t.Run("Grouped", func(t *testing.T) {
		status, body, _ := a.get(t, "/search?q=ATK51&all=1")
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		mustContain(t, body, "Intrusion sets", "MuddyWater", `value="ATK51"`)
		_, body, _ = a.get(t, "/search?q=telecom")
		mustContain(t, body, "Sectors", `href="/sectors/telecommunications"`)
	})
	t.Run("Nothing", func(t *testing.T) {
		_, body, _ := a.get(t, "/search?q=zzzzqqq")
		mustContain(t, body, "Nothing matches")
		_, body, _ = a.get(t, "/search")
		mustContain(t, body, "Type a name")
	})
}

func TestObjectPage(t *testing.T) {
	a := newApp(t)
	hits, err := a.db.Search(context.Background(), "MuddyWater", 1)
	if err != nil || len(hits) == 0 {
		t.Fatal(hits, err)
	}
	id := hits[0].ID
	status, body, _ := a.get(t, "/objects/"+id)
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	mustContain(t, body, "<h1>MuddyWater</h1>", "Properties", "Relationships out", "Relationships in", "Raw JSON", id)

	t.Run("Versions", func(t *testing.T) {
		a.importJSON(t, `{"type":"malware","spec_version":"2.1","id":"malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Versioned","is_family":true,"description":"first"}`)
		a.importJSON(t, `{"type":"malware","spec_version":"2.1","id":"malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061","created":"2024-01-01T00:00:00.000Z","modified":"2024-02-01T00:00:00.000Z","name":"Versioned","is_family":true,"description":"second","labels":["new"]}`)
		status, body, _ := a.get(t, "/objects/malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061/versions")
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		mustContain(t, body, "What changed from version 1 to version 2", "description", "first", "second", "labels", "added")
	})
	t.Run("NotFound", func(t *testing.T) {
		status, body, _ := a.get(t, "/objects/malware--00000000-0000-4000-8000-000000000000")
		if status != http.StatusNotFound {
			t.Fatalf("status %d", status)
		}
		mustContain(t, body, "Not found")
	})
}

// A report with 80,000 indicators renders one page of them, not all.
func TestObjectPage_HugeReport(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("an 80,000-object import: not in -short or -race runs")
	}
	a := newApp(t)
	const n = 80000
	var objs []string
	refs := make([]string, n)
	for i := range n {
		id := fmt.Sprintf("indicator--%08x-0000-4000-8000-%012x", i, i)
		refs[i] = `"` + id + `"`
		objs = append(objs, fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '10.%d.%d.%d']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","name":"ind-%d"}`, id, i>>16&255, i>>8&255, i&255, i))
	}
	objs = append(objs, `{"type":"report","spec_version":"2.1","id":"report--9d0e7a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Huge report","published":"2024-01-01T00:00:00Z","object_refs":[`+strings.Join(refs, ",")+`]}`)
	start := time.Now()
	a.importJSON(t, objs...)
	t.Logf("import: %s", time.Since(start))
	start = time.Now()
	status, body, _ := a.get(t, "/objects/report--9d0e7a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b?refs_page=3")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("first page of the report took %s", took)
	}
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	mustContain(t, body, "Page 3 of 1600", "ind-100", "too large to show here")
	mustNotContain(t, body, "ind-99<", "ind-150<", "ind-79999")
	if len(body) > 200<<10 {
		t.Errorf("page is %d bytes: it ships too much", len(body))
	}
}

func TestImport(t *testing.T) {
	a := newApp(t)
	bundle := `{"type":"bundle","id":"bundle--1b0b8e38-0f4a-4b7e-9f3e-5d2a7c1e9f10","objects":[
	{"type":"malware","spec_version":"2.1","id":"malware--7c5f3e2a-1b4d-4e6f-8a9b-0c1d2e3f4a5b","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Uploaded","is_family":true},
	{"type":"malware","id":"broken"}]}`

	upload := func(c *http.Client, token string, jsonResp bool) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		if token != "" {
			_ = mw.WriteField("csrf_token", token)
		}
		fw, _ := mw.CreateFormFile("file", "upload.json")
		_, _ = io.WriteString(fw, bundle)
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, a.ts.URL+"/import", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if jsonResp {
			req.Header.Set("Accept", "application/json")
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// tokenFor loads the import page as c and returns its CSRF token.
	tokenFor := func(c *http.Client) (string, string) {
		_, body, _ := do(t, c, http.MethodGet, a.ts.URL+"/import", nil, "")
		i := strings.Index(body, `name="csrf_token" value="`)
		if i < 0 {
			t.Fatal("no CSRF token in the import form")
		}
		rest := body[i+len(`name="csrf_token" value="`):]
		return rest[:strings.IndexByte(rest, '"')], body
	}

	t.Run("AnonymousIsRefused", func(t *testing.T) {
		c := a.newClient("")
		token, page := tokenFor(c)
		mustContain(t, page, "Sign in to import", "<fieldset disabled>")
		status, body := upload(c, token, false)
		if status != http.StatusUnauthorized {
			t.Fatalf("status %d", status)
		}
		mustContain(t, body, "Sign in required")
		if _, err := a.db.Object(context.Background(), "malware--7c5f3e2a-1b4d-4e6f-8a9b-0c1d2e3f4a5b"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
			t.Errorf("anonymous upload was stored: %v", err)
		}
	})
	t.Run("ReaderIsForbidden", func(t *testing.T) {
		c := a.newClient("reader")
		token, _ := tokenFor(c)
		if status, _ := upload(c, token, true); status != http.StatusForbidden {
			t.Fatalf("status %d", status)
		}
	})
	t.Run("NoCSRFToken", func(t *testing.T) {
		c := a.newClient("analyst")
		tokenFor(c)
		status, body := upload(c, "", false)
		if status != http.StatusForbidden {
			t.Fatalf("status %d", status)
		}
		mustContain(t, body, "CSRF")
		status, _ = upload(c, "forged-token-forged-token-forged-token-1234", false)
		if status != http.StatusForbidden {
			t.Fatalf("wrong token: status %d", status)
		}
	})
	t.Run("Summary", func(t *testing.T) {
		c := a.newClient("analyst")
		token, page := tokenFor(c)
		mustNotContain(t, page, "Sign in to import")
		status, body := upload(c, token, false)
		if status != http.StatusOK {
			t.Fatalf("status %d: %s", status, body)
		}
		mustContain(t, body, "Import summary", `data-stat="added">1<`, `data-stat="rejected">1<`, "broken")
		status, body = upload(c, token, true)
		if status != http.StatusOK {
			t.Fatalf("status %d: %s", status, body)
		}
		var got struct{ Result telltale.ImportResult }
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if got.Result.Unchanged != 1 || got.Result.Rejected != 1 || got.Result.Added != 0 {
			t.Errorf("second upload: %+v", got.Result)
		}
	})
	t.Run("Job", func(t *testing.T) {
		c := a.newClient("analyst")
		token, _ := tokenFor(c)
		form := url.Values{"csrf_token": {token}, "url": {"data:nothing"}, "async": {"1"}}
		src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, bundle) }))
		defer src.Close()
		form.Set("url", src.URL+"/job.json")
		req, _ := http.NewRequest(http.MethodPost, a.ts.URL+"/import", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var started struct{ Job string }
		json.NewDecoder(resp.Body).Decode(&started)
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted || !strings.HasPrefix(started.Job, "/import/jobs/") {
			t.Fatalf("start: %d %+v", resp.StatusCode, started)
		}
		var st struct {
			Done   bool
			Read   int64
			Total  int64
			Result *telltale.ImportResult
		}
		for deadline := time.Now().Add(30 * time.Second); !st.Done; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the job did not end")
			}
			status, body, _ := do(t, c, http.MethodGet, a.ts.URL+started.Job, nil, "")
			if status != http.StatusOK {
				t.Fatalf("job: %d %s", status, body)
			}
			json.Unmarshal([]byte(body), &st)
		}
		if st.Result == nil || st.Result.Rejected != 1 || st.Read != st.Total || st.Total != int64(len(bundle)) {
			t.Errorf("job ended with %+v", st)
		}
		// Nobody else can follow it.
		if status, _, _ := do(t, a.newClient("someone"), http.MethodGet, a.ts.URL+started.Job, nil, ""); status != http.StatusNotFound {
			t.Errorf("another user reads the job: %d", status)
		}
		if status, _, _ := do(t, a.newClient(""), http.MethodGet, a.ts.URL+started.Job, nil, ""); status != http.StatusUnauthorized {
			t.Errorf("anonymous reads the job: %d", status)
		}
	})
	t.Run("FromURL", func(t *testing.T) {
		src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, bundle) }))
		defer src.Close()
		c := a.newClient("analyst")
		token, _ := tokenFor(c)
		form := url.Values{"csrf_token": {token}, "url": {src.URL + "/bundle.json"}}
		status, body, _ := do(t, c, http.MethodPost, a.ts.URL+"/import", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
		if status != http.StatusOK {
			t.Fatalf("status %d: %s", status, body)
		}
		mustContain(t, body, src.URL+"/bundle.json", `data-stat="rejected">1<`)
	})
	t.Run("NothingChosen", func(t *testing.T) {
		c := a.newClient("analyst")
		token, _ := tokenFor(c)
		status, body, _ := do(t, c, http.MethodPost, a.ts.URL+"/import", strings.NewReader(url.Values{"csrf_token": {token}}.Encode()), "application/x-www-form-urlencoded")
		if status != http.StatusBadRequest {
			t.Fatalf("status %d: %s", status, body)
		}
	})
}

// Text from data is escaped everywhere; Markdown loses scripts, event
// handlers and javascript: links.
func TestEscaping(t *testing.T) {
	a := newApp(t)
	a.importJSON(t, xssObject)
	for _, path := range []string{"/objects/" + xssID, "/search?q=xsstest&all=1"} {
		status, body, _ := a.get(t, path)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", path, status)
		}
		mustNotContain(t, body, "<script>alert", "<img src=x", "<b onmouseover", "<svg")
		mustContain(t, body, "&lt;img src=x")
		checkDOM(t, body)
	}
}

const xssID = "malware--5e1f2a3b-4c5d-4e6f-9a0b-1c2d3e4f5a6b"

var xssObject = `{"type":"malware","spec_version":"2.1","id":"` + xssID + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","is_family":true,` +
	`"name":"xsstest <img src=x onerror=\"window.__xss=1\"><script>alert(1)</script>",` +
	`"description":"xsstest <script>alert(2);window.__xss=2</script> <b onmouseover=\"window.__xss=3\">hover</b> [click](javascript:alert(3)) ![img](javascript:alert(4)) <img src=x onerror=\"window.__xss=5\">",` +
	`"labels":["<svg onload=window.__xss=6>"],"external_references":[{"source_name":"<i>x</i>","url":"javascript:alert(7)"}]}`

// checkDOM fails when the page has an inline script, an event handler
// attribute or a link to anything but http(s), mailto or this site.
func checkDOM(t *testing.T, body string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "script" && (n.FirstChild != nil || attr(n, "src") == "") {
				t.Errorf("inline script: %v", n.FirstChild)
			}
			for _, at := range n.Attr {
				v := strings.ToLower(strings.TrimSpace(at.Val))
				if strings.HasPrefix(at.Key, "on") {
					t.Errorf("<%s %s=%q>", n.Data, at.Key, at.Val)
				}
				if (at.Key == "href" || at.Key == "src" || at.Key == "action") && !(strings.HasPrefix(v, "/") || strings.HasPrefix(v, "?") || strings.HasPrefix(v, "#") || strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "mailto:")) {
					t.Errorf("<%s %s=%q>", n.Data, at.Key, at.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestErrors(t *testing.T) {
	a := newApp(t)
	t.Run("UnknownPage", func(t *testing.T) {
		status, body, _ := a.get(t, "/no/such/page")
		if status != http.StatusNotFound {
			t.Fatalf("status %d", status)
		}
		mustContain(t, body, "Error 404")
	})
	t.Run("DatabaseFailure", func(t *testing.T) {
		b := newApp(t)
		b.db.Close()
		status, body, _ := b.get(t, "/actors/ATK999")
		if status != http.StatusInternalServerError {
			t.Fatalf("status %d", status)
		}
		mustContain(t, body, "Something went wrong", "has been logged")
		mustNotContain(t, body, "sql:", "goroutine", "database is closed")
		if !strings.Contains(b.logs.String(), "level=ERROR") || !strings.Contains(b.logs.String(), "path=/actors/ATK999") {
			t.Errorf("the failure was not logged: %s", b.logs.String())
		}
		status, body, _ = b.get(t, "/api/v1/actors/ATK999")
		if status != http.StatusInternalServerError || !strings.Contains(body, `"code":"internal"`) {
			t.Errorf("API: %d %s", status, body)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	a := newApp(t)
	_, body, h := a.get(t, "/sectors")
	for k, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
	} {
		if !strings.Contains(h.Get(k), want) {
			t.Errorf("%s = %q, want %q in it", k, h.Get(k), want)
		}
	}
	if strings.Contains(h.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows inline code")
	}
	mustNotContain(t, body, "<script>", " style=\"", " onclick=")

	// Assets are served under content-hash URLs, cached forever.
	i := strings.Index(body, `href="/static/app.`)
	path := body[i+len(`href="`):]
	path = path[:strings.IndexByte(path, '"')]
	status, css, h := a.get(t, path)
	if status != http.StatusOK || !strings.Contains(h.Get("Cache-Control"), "immutable") || !strings.Contains(css, "prefers-color-scheme: dark") {
		t.Errorf("%s: %d %q", path, status, h.Get("Cache-Control"))
	}
	if status, _, _ := a.get(t, "/static/app.0000.css"); status != http.StatusNotFound {
		t.Errorf("unknown asset: status %d", status)
	}
}

func TestTechniquePage(t *testing.T) {
	a := newApp(t)
	a.importJSON(t,
		`{"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--a62a8db3-f23a-4d8f-afd6-9dbc77e7813b","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Spearphishing Attachment","kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":"initial-access"}],"external_references":[{"source_name":"mitre-attack","external_id":"T1566.001","url":"https://attack.mitre.org/techniques/T1566/001"}]}`,
		`{"type":"relationship","spec_version":"2.1","id":"relationship--3b5f1c2d-4e6f-4a7b-8c9d-0e1f2a3b4c5d","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","relationship_type":"uses","source_ref":"intrusion-set--ac5dbac9-ca65-5571-a916-968297b1fd75","target_ref":"attack-pattern--a62a8db3-f23a-4d8f-afd6-9dbc77e7813b"}`)
	_, body, _ := a.get(t, "/sectors/communication")
	mustContain(t, body, `href="/sectors/communication/techniques/T1566.001"`, "Initial Access")
	status, body, _ := a.get(t, "/sectors/communication/techniques/T1566.001")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	mustContain(t, body, "Spearphishing Attachment", `id="technique-attackers"`, "MuddyWater")
	if status, _, _ := a.get(t, "/sectors/communication/techniques/T9999"); status != http.StatusNotFound {
		t.Errorf("unknown technique: status %d", status)
	}
}

func TestNarrative(t *testing.T) {
	a := newApp(t)
	post := func(c *http.Client, text string) (int, string, http.Header) {
		_, page, _ := do(t, c, http.MethodGet, a.ts.URL+"/sectors/communication/narrative", nil, "")
		i := strings.Index(page, `name="csrf_token" value="`)
		if i < 0 {
			t.Fatal("no CSRF token in the narrative form")
		}
		token := page[i+len(`name="csrf_token" value="`):]
		token = token[:strings.IndexByte(token, '"')]
		form := url.Values{"csrf_token": {token}, "narrative": {text}}
		return do(t, c, http.MethodPost, a.ts.URL+"/sectors/communication/narrative", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
	}
	t.Run("AnonymousIsRefused", func(t *testing.T) {
		_, page, _ := a.get(t, "/sectors/communication/narrative")
		mustContain(t, page, "Sign in to edit", "<fieldset disabled>")
		if status, _, _ := post(a.newClient(""), "hello"); status != http.StatusUnauthorized {
			t.Errorf("status %d", status)
		}
	})
	analyst := a.newClient("analyst")
	md := "Attackers **love** carriers.\n\n<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"
	status, _, h := post(analyst, md)
	if status != http.StatusSeeOther || h.Get("Location") != "/sectors/communication#threat" {
		t.Fatalf("save: %d %q", status, h.Get("Location"))
	}
	_, body, _ := a.get(t, "/sectors/communication")
	mustContain(t, body, "Attackers <strong>love</strong> carriers.", "Edit the narrative")
	checkDOM(t, body)
	if status, _, _ := post(analyst, "Second version."); status != http.StatusSeeOther {
		t.Fatalf("second save: %d", status)
	}
	_, body, _ = a.get(t, "/sectors/communication")
	mustContain(t, body, "Second version.")
	id := api.NarrativeID(mustSector(t, a).ID)
	_, body, _ = a.get(t, "/objects/"+id+"/versions")
	mustContain(t, body, "What changed from version 1 to version 2", "Second version.")
}

func TestSignin(t *testing.T) {
	a := newApp(t)
	// This test server recognises users by a header and has no sessions:
	// no form to show (the form is tested in signin_web_test.go).
	status, body, _ := a.get(t, "/signin?next=/import")
	if status != http.StatusUnauthorized {
		t.Fatalf("anonymous: %d", status)
	}
	mustContain(t, body, "this server has no accounts")
	_, body, _ = a.get(t, "/import")
	mustContain(t, body, `href="/signin?next=/import"`)
	for next, want := range map[string]string{"/import": "/import", "//evil.example/": "/", "https://evil.example/": "/", "": "/"} {
		status, _, h := do(t, a.newClient("analyst"), http.MethodGet, a.ts.URL+"/signin?next="+url.QueryEscape(next), nil, "")
		if status != http.StatusSeeOther || h.Get("Location") != want {
			t.Errorf("next=%q: %d %q, want %q", next, status, h.Get("Location"), want)
		}
	}
}

func mustSector(t *testing.T, a *testApp) telltale.Ref {
	l, err := a.k.Landscape(context.Background(), "communication")
	if err != nil {
		t.Fatal(err)
	}
	return l.Sector
}

// With Dev set, templates and assets are read from disk at each request.
func TestDevMode(t *testing.T) {
	h, err := web.New(web.Options{Views: &api.Views{}, Dev: "."})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Pages()) < 10 {
		t.Errorf("pages %v", h.Pages())
	}
	if _, err := web.New(web.Options{Views: &api.Views{}, Dev: t.TempDir()}); err == nil {
		t.Error("an empty directory parsed as templates")
	}
}

func TestPagesListed(t *testing.T) {
	a := newApp(t)
	_ = a
	rendered.Lock()
	all := append([]string(nil), rendered.all...)
	rendered.Unlock()
	sort.Strings(all)
	want := []string{"actor", "draft", "drafts", "error", "import", "import_result", "list", "narrative", "object", "report", "search", "sector", "sectors", "signin", "technique", "versions"}
	if strings.Join(all, ",") != strings.Join(want, ",") {
		t.Errorf("templates %v, want %v", all, want)
	}
}

// TestSectorHeatmapPerDomain: techniques of ATT&CK's domains get a heatmap
// each, named by its domain, on the sector page.
func TestSectorHeatmapPerDomain(t *testing.T) {
	a := newApp(t)
	comm, _ := knowledge.SectorByKey("communication")
	obj := func(s string) string {
		return `{"spec_version":"2.1","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",` + s + `}`
	}
	const actor = "intrusion-set--5d0c6a2e-2222-4c3e-9a51-0a5e3c1f0001"
	bundle := `{"type":"bundle","id":"bundle--5d0c6a2e-2222-4c3e-9a51-0a5e3c1f0000","objects":[` + strings.Join([]string{
		obj(`"type":"intrusion-set","id":"` + actor + `","name":"Domain Test Group"`),
		obj(`"type":"attack-pattern","id":"attack-pattern--5d0c6a2e-2222-4c3e-9a51-0a5e3c1f0002","name":"Exploit Public-Facing Application","kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":"initial-access"}],"external_references":[{"source_name":"mitre-attack","external_id":"T1190"}]`),
		obj(`"type":"attack-pattern","id":"attack-pattern--5d0c6a2e-2222-4c3e-9a51-0a5e3c1f0003","name":"Internet Accessible Device","kill_chain_phases":[{"kill_chain_name":"mitre-ics-attack","phase_name":"initial-access"}],"external_references":[{"source_name":"mitre-ics-attack","external_id":"T0883"}]`),
		obj(`"type":"relationship","id":"relationship--5d0c6a2e-2222-4c3e-9a51-0a5e3c1f0101","relationship_type":"targets","source_ref":"` + actor + `","target_ref":"` + comm.ID + `"`),
		obj(`"type":"relationship","id":"relationship--5d0c6a2e-2222-4c3e-9a51-0a5e3c1f0102","relationship_type":"uses","source_ref":"` + actor + `","target_ref":"attack-pattern--5d0c6a2e-2222-4c3e-9a51-0a5e3c1f0002"`),
		obj(`"type":"relationship","id":"relationship--5d0c6a2e-2222-4c3e-9a51-0a5e3c1f0103","relationship_type":"uses","source_ref":"` + actor + `","target_ref":"attack-pattern--5d0c6a2e-2222-4c3e-9a51-0a5e3c1f0003"`),
	}, ",") + `]}`
	if _, err := a.im.Import(context.Background(), strings.NewReader(bundle), "domains", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	_, body, _ := a.get(t, "/sectors/communication")
	mustContain(t, body, `<h3 class="domain">Enterprise</h3>`, `<h3 class="domain">ICS</h3>`, `aria-label="ATT&amp;CK ICS heatmap"`)
	ent, ics := strings.Index(body, `aria-label="ATT&amp;CK Enterprise heatmap"`), strings.Index(body, `aria-label="ATT&amp;CK ICS heatmap"`)
	t1190, t0883 := strings.Index(body, "/techniques/T1190"), strings.Index(body, "/techniques/T0883")
	if ent < 0 || !(ent < t1190 && t1190 < ics && ics < t0883) {
		t.Errorf("Enterprise heatmap at %d, T1190 at %d, ICS heatmap at %d, T0883 at %d", ent, t1190, ics, t0883)
	}
}

// TestActorPageIndicators: an actor's page lists what indicates it, a page
// at a time, and a feed imported after the page was first shown shows at
// once (the actor's view does not change, the page must).
func TestActorPageIndicators(t *testing.T) {
	a := newApp(t)
	_, body, _ := a.get(t, "/actors/MuddyWater")
	mustContain(t, body, `<h2 id="ind-h">Indicators <span class="muted">0</span>`, "No stored indicator indicates this actor")
	actor, err := a.k.Actor(context.Background(), "MuddyWater")
	if err != nil {
		t.Fatal(err)
	}
	stamp := `"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"`
	var objs []string
	for n := 1; n <= 55; n++ {
		name := fmt.Sprintf("198.51.100.%d", n)
		if n == 55 {
			name = `<img src=x onerror=alert(1)>`
		}
		objs = append(objs,
			fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--%08d-3333-4333-8333-333333333333",%s,"name":%q,"pattern":"[ipv4-addr:value = '198.51.100.%d']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","valid_until":"2025-06-30T00:00:00Z"}`, n, stamp, name, n),
			fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--%08d-4444-4444-8444-444444444444",%s,"relationship_type":"indicates","source_ref":"indicator--%08d-3333-4333-8333-333333333333","target_ref":%q}`, n, stamp, n, actor.ID))
	}
	a.importJSON(t, objs...)
	_, body, _ = a.get(t, "/actors/MuddyWater")
	mustContain(t, body, `<h2 id="ind-h">Indicators <span class="muted">55</span>`, "198.51.100.1<", "[ipv4-addr:value = &#39;198.51.100.1&#39;]",
		"Page 1 of 2 · 55 in all", `href="/actors/MuddyWater?indicators_page=2"`)
	mustNotContain(t, body, "198.51.100.51<", "No stored indicator")
	_, body, _ = a.get(t, "/actors/MuddyWater?indicators_page=2")
	mustContain(t, body, "198.51.100.51<", "Page 2 of 2", "&lt;img src=x onerror=alert(1)&gt;")
	mustNotContain(t, body, "<img src=x")
	checkDOM(t, body)
}
