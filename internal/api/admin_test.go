package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
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
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/stix/schema"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// admFixture is the HTTP server with the real authentication, the read
// API and the write side, over a fresh store; users reader (TLP:GREEN),
// analyst (TLP:AMBER, group soc) and admin (TLP:AMBER+STRICT), each with
// an API token.
type admFixture struct {
	t      testing.TB
	db     *store.DB
	im     *importer.Importer
	auth   *auth.Service
	ts     *httptest.Server
	admin  *api.Admin
	tokens map[string]string
	drafts *ingest.Service
}

func newAdmFixture(t testing.TB) *admFixture {
	t.Helper()
	ctx := context.Background()
	built := openApp(t, true)
	db, a := built.DB, built.Auth
	f := &admFixture{t: t, db: db, im: built.Importer, auth: a, tokens: map[string]string{}}
	for _, u := range []auth.NewUser{
		{Name: "reader", Role: auth.RoleReader, Clearance: auth.Green},
		{Name: "analyst", Role: auth.RoleAnalyst, Clearance: auth.Amber, Groups: []string{"soc"}},
		{Name: "admin", Role: auth.RoleAdmin, Clearance: auth.AmberStrict},
	} {
		u.Password = "password-" + u.Name
		if _, err := a.AddUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		secret, _, err := a.CreateToken(ctx, u.Name, "test", 0)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[u.Name] = secret
	}
	k, im := built.Knowledge, built.Importer
	srv := ihttp.NewServer(nil)
	srv.Auth = a
	f.admin = &api.Admin{
		Auth: a, Store: db, Objects: db, Show: &auth.VisibleObjects{ObjectService: db}, SectorBundle: k.SectorBundle,
		Import: func(ctx context.Context, r io.Reader, name string, strict bool) (*telltale.ImportResult, error) {
			return im.Import(ctx, r, name, importer.Options{Strict: strict})
		},
	}
	f.admin.Register(srv)
	f.drafts = ingest.New(db, k, im)
	f.drafts.Audit = a.AuditFrom
	(&api.Handler{Views: &api.Views{Objects: db, Knowledge: k, SectorBundle: k.SectorBundle, Drafts: f.drafts, ClientIP: a.ClientIP}}).Register(srv)
	f.ts = httptest.NewServer(srv)
	t.Cleanup(f.ts.Close)
	return f
}

type admResponse struct {
	status int
	header http.Header
	body   []byte
}

func (r *admResponse) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
}

// errorCode is the code of the one error shape.
func (r *admResponse) errorCode(t *testing.T) string {
	t.Helper()
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	r.decode(t, &e)
	if e.Error.Message == "" {
		t.Errorf("error without a message: %s", r.body)
	}
	return e.Error.Code
}

// call sends a request as "" (nobody), "NAME" (bearer token) or
// "basic:NAME".
func (f *admFixture) call(method, path, who string, body io.Reader, header ...string) *admResponse {
	f.t.Helper()
	req, err := http.NewRequest(method, f.ts.URL+path, body)
	if err != nil {
		f.t.Fatal(err)
	}
	switch {
	case who == "":
	case strings.HasPrefix(who, "basic:"):
		name := strings.TrimPrefix(who, "basic:")
		req.SetBasicAuth(name, "password-"+name)
	default:
		req.Header.Set("Authorization", "Bearer "+f.tokens[who])
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &admResponse{resp.StatusCode, resp.Header, b}
}

// csrf returns a CSRF cookie value, as a browser first gets one from any
// page.
func (f *admFixture) csrf() string {
	f.t.Helper()
	first := f.call("GET", "/api/v1/openapi.json", "", nil)
	for _, c := range (&http.Response{Header: first.header}).Cookies() {
		if c.Name == ihttp.CSRFCookie {
			return c.Value
		}
	}
	f.t.Fatal("no CSRF cookie")
	return ""
}

func jsonBody(v any) io.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}

func admIndicator(n int, markings ...string) string {
	m := ""
	if len(markings) > 0 {
		b, _ := json.Marshal(markings)
		m = `,"object_marking_refs":` + string(b)
	}
	return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--%08d-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"ind %d","pattern":"[ipv4-addr:value = '10.0.0.%d']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"%s}`, n, n, n, m)
}

func admBundle(objs ...string) string {
	return `{"type":"bundle","id":"bundle--0d6c6a8a-5f4b-4e6e-9d3c-5b2f0c1a7e11","objects":[` + strings.Join(objs, ",") + `]}`
}

// markedObjects are one indicator per TLP level (and TLP:RED for the soc
// group), plus the TLP marking definitions they refer to.
func markedObjects() []string {
	return []string{
		admIndicator(0),
		admIndicator(1, auth.TLPClear),
		admIndicator(2, auth.TLPGreen),
		admIndicator(3, auth.TLPAmber),
		admIndicator(4, auth.TLPAmberStrict),
		strings.Replace(admIndicator(5, auth.TLPRed), `"name"`, `"x_telltale_recipients":["soc"],"name"`, 1),
	}
}

func TestImports(t *testing.T) {
	f := newAdmFixture(t)
	body := admBundle(admIndicator(1), admIndicator(2))
	t.Run("ErrNoCredentials401", func(t *testing.T) {
		r := f.call("POST", "/api/v1/imports", "", strings.NewReader(body), "Content-Type", "application/json")
		// Without credentials the CSRF check or the write check refuses;
		// either way nothing is written.
		if r.status != 401 && r.status != 403 {
			t.Errorf("got %d %s", r.status, r.body)
		}
		r = f.call("POST", "/api/v1/imports", "", strings.NewReader(body), "Content-Type", "application/json", "Authorization", "Bearer ")
		if r.status != 401 || r.errorCode(t) != telltale.EUNAUTHORIZED {
			t.Errorf("got %d %s", r.status, r.body)
		}
		if objs, _ := f.db.Objects(context.Background(), telltale.ObjectFilter{}); len(objs) != 0 {
			t.Errorf("%d objects stored", len(objs))
		}
	})
	t.Run("ErrReader403", func(t *testing.T) {
		r := f.call("POST", "/api/v1/imports", "reader", strings.NewReader(body))
		if r.status != 403 || r.errorCode(t) != telltale.EFORBIDDEN {
			t.Errorf("got %d %s", r.status, r.body)
		}
	})
	var st api.ImportStatus
	t.Run("Created201", func(t *testing.T) {
		r := f.call("POST", "/api/v1/imports?name=two.json", "analyst", strings.NewReader(body))
		if r.status != 201 {
			t.Fatalf("got %d %s", r.status, r.body)
		}
		r.decode(t, &st)
		if st.Status != "complete" || st.Result == nil || st.Result.Added != 2 || st.Name != "two.json" || r.header.Get("Location") != "/api/v1/imports/"+st.ID {
			t.Errorf("status %s", r.body)
		}
	})
	t.Run("Multipart", func(t *testing.T) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, _ := mw.CreateFormFile("file", "three.json")
		fw.Write([]byte(admBundle(admIndicator(3))))
		mw.Close()
		r := f.call("POST", "/api/v1/imports", "basic:analyst", &b, "Content-Type", mw.FormDataContentType())
		var got api.ImportStatus
		r.decode(t, &got)
		if r.status != 201 || got.Result.Added != 1 || got.Name != "three.json" {
			t.Errorf("got %d %s", r.status, r.body)
		}
	})
	t.Run("ErrStrict", func(t *testing.T) {
		bad := `{"type":"indicator","spec_version":"2.1","id":"indicator--00000099-0000-4000-8000-000000000000"}`
		r := f.call("POST", "/api/v1/imports?strict=true", "analyst", strings.NewReader(admBundle(admIndicator(9), bad)))
		if r.status != 400 || r.errorCode(t) != telltale.EINVALID {
			t.Errorf("got %d %s", r.status, r.body)
		}
	})
	t.Run("ErrTooLarge413", func(t *testing.T) {
		f.admin.MaxUpload = 100
		defer func() { f.admin.MaxUpload = 0 }()
		r := f.call("POST", "/api/v1/imports", "analyst", strings.NewReader(body))
		if r.status != 413 || r.errorCode(t) != telltale.ETOOLARGE {
			t.Errorf("got %d %s", r.status, r.body)
		}
	})
	t.Run("Status", func(t *testing.T) {
		r := f.call("GET", "/api/v1/imports/"+st.ID, "analyst", nil)
		var got api.ImportStatus
		r.decode(t, &got)
		if r.status != 200 || got.ID != st.ID || got.Result.Added != 2 {
			t.Errorf("got %d %s", r.status, r.body)
		}
		if r := f.call("GET", "/api/v1/imports/"+st.ID, "reader", nil); r.status != 404 {
			t.Errorf("another user's import: %d", r.status)
		}
		r = f.call("GET", "/api/v1/imports", "admin", nil)
		var list struct {
			Imports []api.ImportStatus `json:"imports"`
		}
		r.decode(t, &list)
		if len(list.Imports) < 3 {
			t.Errorf("admin lists %d imports", len(list.Imports))
		}
	})
	t.Run("Audited", func(t *testing.T) {
		r := f.call("GET", "/api/v1/audit?action=import", "admin", nil)
		var got struct {
			Entries []store.AuditEntry `json:"entries"`
		}
		r.decode(t, &got)
		if len(got.Entries) < 3 || got.Entries[len(got.Entries)-1].User != "analyst" || got.Entries[len(got.Entries)-1].Remote != "127.0.0.1" {
			t.Errorf("audit %s", r.body)
		}
		if r := f.call("GET", "/api/v1/audit", "analyst", nil); r.status != 403 {
			t.Errorf("analyst reads the audit log: %d", r.status)
		}
	})
}

func TestUsersAndTokens(t *testing.T) {
	f := newAdmFixture(t)
	t.Run("AdminAddsUser", func(t *testing.T) {
		r := f.call("POST", "/api/v1/users", "admin", jsonBody(map[string]any{"name": "dora", "password": "dora-password", "role": "reader", "clearance": "clear"}))
		var u auth.User
		r.decode(t, &u)
		if r.status != 201 || u.Name != "dora" || u.Clearance != auth.Clear {
			t.Errorf("got %d %s", r.status, r.body)
		}
		if strings.Contains(string(r.body), "argon2") {
			t.Error("the hash is in the answer")
		}
	})
	t.Run("ErrAnalystAddsUser403", func(t *testing.T) {
		r := f.call("POST", "/api/v1/users", "analyst", jsonBody(map[string]any{"name": "eve", "password": "eve-password", "role": "admin"}))
		if r.status != 403 {
			t.Errorf("got %d", r.status)
		}
	})
	t.Run("ErrDuplicate409", func(t *testing.T) {
		r := f.call("POST", "/api/v1/users", "admin", jsonBody(map[string]any{"name": "dora", "password": "dora-password", "role": "reader"}))
		if r.status != 409 || r.errorCode(t) != telltale.ECONFLICT {
			t.Errorf("got %d %s", r.status, r.body)
		}
	})
	t.Run("OwnPassword", func(t *testing.T) {
		r := f.call("PATCH", "/api/v1/users/reader", "reader", jsonBody(map[string]any{"password": "a-new-password", "current_password": "password-reader"}))
		if r.status != 200 {
			t.Fatalf("got %d %s", r.status, r.body)
		}
		if r := f.call("PATCH", "/api/v1/users/reader", "reader", jsonBody(map[string]any{"role": "admin"})); r.status != 403 {
			t.Errorf("a reader made themselves admin: %d", r.status)
		}
	})
	var tok struct {
		Token string `json:"token"`
		ID    string `json:"id"`
	}
	t.Run("CreateToken", func(t *testing.T) {
		r := f.call("POST", "/api/v1/tokens", "basic:analyst", jsonBody(map[string]any{"name": "script", "expires_in_days": 30}))
		r.decode(t, &tok)
		if r.status != 201 || !strings.HasPrefix(tok.Token, auth.TokenPrefix) {
			t.Fatalf("got %d %s", r.status, r.body)
		}
		req, _ := http.NewRequest("GET", f.ts.URL+"/api/v1/session", nil)
		req.Header.Set("Authorization", "Bearer "+tok.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Errorf("using the token: %v %v", resp.Status, err)
		}
		resp.Body.Close()
		list := f.call("GET", "/api/v1/tokens", "analyst", nil)
		if strings.Contains(string(list.body), tok.Token) || !strings.Contains(string(list.body), tok.ID) {
			t.Errorf("list %s", list.body)
		}
	})
	t.Run("RevokeToken", func(t *testing.T) {
		if r := f.call("DELETE", "/api/v1/tokens/"+tok.ID, "reader", nil); r.status != 404 {
			t.Errorf("another user revokes it: %d", r.status)
		}
		if r := f.call("DELETE", "/api/v1/tokens/"+tok.ID, "analyst", nil); r.status != 204 {
			t.Fatalf("got %d %s", r.status, r.body)
		}
		req, _ := http.NewRequest("GET", f.ts.URL+"/api/v1/session", nil)
		req.Header.Set("Authorization", "Bearer "+tok.Token)
		resp, _ := http.DefaultClient.Do(req)
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Errorf("a revoked token: %d", resp.StatusCode)
		}
	})
	t.Run("DeleteUser", func(t *testing.T) {
		if r := f.call("DELETE", "/api/v1/users/dora", "admin", nil); r.status != 204 {
			t.Errorf("got %d", r.status)
		}
		if r := f.call("GET", "/api/v1/users/dora", "admin", nil); r.status != 404 {
			t.Errorf("after delete: %d", r.status)
		}
	})
	t.Run("AuditNamesEveryWrite", func(t *testing.T) {
		r := f.call("GET", "/api/v1/audit", "admin", nil)
		for _, action := range []string{"user.add", "user.update", "token.create", "token.revoke", "user.delete"} {
			if !strings.Contains(string(r.body), `"action":"`+action+`"`) {
				t.Errorf("no %s in %s", action, r.body)
			}
		}
	})
}

func TestSessionLoginRateLimited(t *testing.T) {
	f := newAdmFixture(t)
	csrf := f.csrf()
	login := func(pass string) *admResponse {
		return f.call("POST", "/api/v1/session", "", jsonBody(map[string]string{"name": "reader", "password": pass}),
			"Content-Type", "application/json", "Cookie", ihttp.CSRFCookie+"="+csrf, ihttp.CSRFHeader, csrf)
	}
	r := login("password-reader")
	if r.status != 201 {
		t.Fatalf("login: %d %s", r.status, r.body)
	}
	var session *http.Cookie
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == auth.SessionCookie {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || !session.Secure || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", session)
	}
	if me := f.call("GET", "/api/v1/session", "", nil, "Cookie", session.Name+"="+session.Value); me.status != 200 {
		t.Errorf("with the session: %d", me.status)
	}
	for range 5 {
		if r := login("wrong"); r.status != 401 {
			t.Fatalf("wrong password: %d", r.status)
		}
	}
	r = login("password-reader")
	if r.status != 401 || !strings.Contains(string(r.body), "too many") {
		t.Errorf("after 5 failures: %d %s", r.status, r.body)
	}
}

func TestExportsFollowClearance(t *testing.T) {
	f := newAdmFixture(t)
	ctx := context.Background()
	im := f.im
	if _, err := im.Import(ctx, bytes.NewReader(knowledge.StarterBundle()), "starter", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Import(ctx, strings.NewReader(admBundle(markedObjects()...)), "marked", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	v, err := schema.Load(filepath.Join(testutil.SharedDir(t), "data/stix2-json-schemas/schemas"))
	if err != nil {
		t.Fatal(err)
	}
	bundleIDs := func(t *testing.T, r *admResponse) []string {
		t.Helper()
		if r.status != 200 {
			t.Fatalf("got %d %s", r.status, r.body)
		}
		if errs := v.ValidateBundle(bytes.NewReader(r.body)); len(errs) > 0 {
			t.Errorf("the export breaks the OASIS schemas: %v", errs[0])
		}
		var b struct {
			Type    string `json:"type"`
			Objects []struct {
				ID string `json:"id"`
			} `json:"objects"`
		}
		json.Unmarshal(r.body, &b)
		var ids []string
		for _, o := range b.Objects {
			ids = append(ids, o.ID)
		}
		return ids
	}
	for _, tc := range []struct {
		who  string
		want []int
	}{
		{"reader", []int{0, 1, 2}},
		{"analyst", []int{0, 1, 2, 3, 5}},
		{"admin", []int{0, 1, 2, 3, 4}},
	} {
		t.Run("Indicators"+tc.who, func(t *testing.T) {
			ids := bundleIDs(t, f.call("GET", "/api/v1/exports/bundle?type=indicator", tc.who, nil))
			var want []string
			for _, i := range tc.want {
				want = append(want, fmt.Sprintf("indicator--%08d-0000-4000-8000-000000000000", i))
			}
			if strings.Join(ids, ",") != strings.Join(want, ",") {
				t.Errorf("got %v, want %v", ids, want)
			}
			r := f.call("GET", "/api/v1/exports/indicators.csv", tc.who, nil)
			rows, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
			if err != nil || len(rows) != len(tc.want)+1 || rows[0][0] != "id" {
				t.Errorf("csv %d rows: %s", len(rows), r.body)
			}
		})
	}
	t.Run("Whole", func(t *testing.T) {
		ids := bundleIDs(t, f.call("GET", "/api/v1/exports/bundle", "admin", nil))
		if len(ids) < 50 {
			t.Errorf("whole export has %d objects", len(ids))
		}
	})
	t.Run("Sector", func(t *testing.T) {
		ids := bundleIDs(t, f.call("GET", "/api/v1/exports/bundle?sector=communication", "reader", nil))
		if len(ids) < 10 {
			t.Errorf("sector export has %d objects", len(ids))
		}
	})
	t.Run("ErrNoCredentials401", func(t *testing.T) {
		if r := f.call("GET", "/api/v1/exports/bundle", "", nil); r.status != 401 {
			t.Errorf("got %d", r.status)
		}
	})
	// Tens of thousands of values used to run for seconds and answer 500
	// "too many SQL variables".
	t.Run("ErrTooManyValues400", func(t *testing.T) {
		many := make([]string, 40000) // short: a URL has at most 1 MB
		for i := range many {
			many[i] = fmt.Sprintf("i%d", i)
		}
		for _, q := range []url.Values{{"id": {strings.Join(many, ",")}}, {"type": many[:ihttp.MaxListValues+1]}} {
			r := f.call("GET", "/api/v1/exports/bundle?"+q.Encode(), "admin", nil)
			if r.status != 400 || !strings.Contains(string(r.body), "at most 1000 are allowed") {
				t.Errorf("got %d %.200s", r.status, r.body)
			}
		}
		atLimit := append(many[:ihttp.MaxListValues-6:ihttp.MaxListValues-6], indicatorIDs(0, 1, 2, 3, 4, 5)...)
		ids := bundleIDs(t, f.call("GET", "/api/v1/exports/bundle?id="+strings.Join(atLimit, ","), "admin", nil))
		if len(ids) != 5 {
			t.Errorf("at the limit: %v", ids)
		}
	})
	// Exports carry marked data chosen for one caller: no cache may keep
	// them.
	t.Run("NoStore", func(t *testing.T) {
		for _, path := range []string{"/api/v1/exports/bundle", "/api/v1/exports/bundle?type=indicator", "/api/v1/exports/bundle?sector=communication",
			"/api/v1/exports/indicators.csv", "/api/v1/sectors/communication/bundle"} {
			r := f.call("GET", path, "admin", nil)
			if r.status != 200 || r.header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: %d, Cache-Control %q", path, r.status, r.header.Get("Cache-Control"))
			}
		}
	})
	t.Run("AnonymousClearOnly", func(t *testing.T) {
		f.auth.AnonymousRead = true
		defer func() { f.auth.AnonymousRead = false }()
		ids := bundleIDs(t, f.call("GET", "/api/v1/exports/bundle?type=indicator", "", nil))
		if len(ids) != 2 {
			t.Errorf("anonymous sees %v", ids)
		}
	})
}

// A file part over the 32 MiB net/http keeps in memory used to be written
// to the temporary directory and left there.
func TestImportMultipartLeavesNoFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	f := newAdmFixture(t)
	for _, who := range []string{"analyst", "basic:analyst", "reader"} {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		_ = mw.WriteField("note", "before the file")
		fw, _ := mw.CreateFormFile("file", "big.json")
		fw.Write([]byte(admBundle(admIndicator(7))))
		fw.Write(bytes.Repeat([]byte(" "), 33<<20))
		mw.Close()
		r := f.call("POST", "/api/v1/imports", who, &b, "Content-Type", mw.FormDataContentType())
		want := 201
		if who == "reader" {
			want = 403
		}
		if r.status != want {
			t.Errorf("%s: got %d %s", who, r.status, r.body)
		}
		entries, _ := os.ReadDir(tmp)
		for _, e := range entries {
			t.Errorf("%s: %s left in the temporary directory", who, e.Name())
			os.Remove(filepath.Join(tmp, e.Name()))
		}
	}
}

// An unmarked relationship to an object the reader may not see must not
// reveal that object's id in any export: whole, by type, by id, by sector.
func TestExportsHideRelationshipsToHiddenObjects(t *testing.T) {
	f := newAdmFixture(t)
	ctx := context.Background()
	im := f.im
	if _, err := im.Import(ctx, bytes.NewReader(knowledge.StarterBundle()), "starter", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	comm, ok := knowledge.SectorByKey("communication")
	if !ok {
		t.Fatal("no communication sector")
	}
	const hidden = "intrusion-set--0a0a0a0a-0000-4000-8000-000000000001"
	const rel = "relationship--0a0a0a0a-0000-4000-8000-000000000002"
	actor := `{"type":"intrusion-set","spec_version":"2.1","id":"` + hidden + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Hidden Panda","object_marking_refs":["` + auth.TLPAmberStrict + `"]}`
	targets := `{"type":"relationship","spec_version":"2.1","id":"` + rel + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"` + hidden + `","target_ref":"` + comm.ID + `"}`
	if _, err := im.Import(ctx, strings.NewReader(admBundle(actor, targets)), "hidden", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/api/v1/exports/bundle",
		"/api/v1/exports/bundle?type=relationship",
		"/api/v1/exports/bundle?type=relationship,intrusion-set&revoked=true",
		"/api/v1/exports/bundle?id=" + rel + "," + comm.ID,
		"/api/v1/exports/bundle?sector=communication",
	} {
		r := f.call("GET", path, "analyst", nil)
		if r.status != 200 {
			t.Errorf("%s: %d %s", path, r.status, r.body)
			continue
		}
		if bytes.Contains(r.body, []byte(hidden)) || bytes.Contains(r.body, []byte(rel)) {
			t.Errorf("%s: the analyst's export names the hidden actor or its relationship", path)
		}
		if a := f.call("GET", path, "admin", nil); !bytes.Contains(a.body, []byte(rel)) && !strings.Contains(path, "sector") {
			t.Errorf("%s: the admin's export lacks the relationship", path)
		}
	}
	if r := f.call("GET", "/api/v1/exports/bundle?id="+rel, "analyst", nil); r.status != 404 {
		t.Errorf("by the relationship's id: %d %s", r.status, r.body)
	}
}

// A session cookie left from an expired or ended session must not stand
// between a caller and the credentials they send: signing in again, or
// sending Basic credentials or a token, works with the stale cookie still
// attached (a browser keeps it until told otherwise).
func TestStaleSessionCookieDoesNotBlockCredentials(t *testing.T) {
	f := newAdmFixture(t)
	csrf := f.csrf()
	stale := auth.SessionCookie + "=not-a-session-anymore"
	t.Run("SignIn", func(t *testing.T) {
		r := f.call("POST", "/api/v1/session", "", jsonBody(map[string]string{"name": "reader", "password": "password-reader"}),
			"Content-Type", "application/json", "Cookie", stale+"; "+ihttp.CSRFCookie+"="+csrf, ihttp.CSRFHeader, csrf)
		if r.status != 201 {
			t.Errorf("sign-in with a stale cookie: %d %s", r.status, r.body)
		}
	})
	for _, who := range []string{"analyst", "basic:analyst"} {
		t.Run("Credentials/"+who, func(t *testing.T) {
			r := f.call("GET", "/api/v1/session", who, nil, "Cookie", stale)
			var u auth.User
			if r.status == 200 {
				r.decode(t, &u)
			}
			if r.status != 200 || u.Name != "analyst" {
				t.Errorf("got %d %s", r.status, r.body)
			}
		})
	}
	t.Run("AloneIsNotSignedIn", func(t *testing.T) {
		r := f.call("GET", "/api/v1/session", "", nil, "Cookie", stale)
		if r.status != 401 {
			t.Errorf("a stale cookie alone: %d %s", r.status, r.body)
		}
	})
}

// signIn opens a web session for name and returns its cookie header.
func (f *admFixture) signIn(csrf, name, password string) string {
	f.t.Helper()
	r := f.call("POST", "/api/v1/session", "", jsonBody(map[string]string{"name": name, "password": password}),
		"Content-Type", "application/json", "Cookie", ihttp.CSRFCookie+"="+csrf, ihttp.CSRFHeader, csrf)
	if r.status != 201 {
		f.t.Fatalf("sign-in as %s: %d %s", name, r.status, r.body)
	}
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == auth.SessionCookie {
			return c.Name + "=" + c.Value
		}
	}
	f.t.Fatal("no session cookie")
	return ""
}

// Changing one's own password needs the current one and ends one's other
// sessions (the one it was changed from stays); an admin resetting
// another's password needs none and ends all of that user's sessions.
func TestPasswordChangeEndsSessions(t *testing.T) {
	f := newAdmFixture(t)
	csrf := f.csrf()
	asSession := func(method, path, cookie string, body any) *admResponse {
		t.Helper()
		var rd io.Reader
		if body != nil {
			rd = jsonBody(body)
		}
		return f.call(method, path, "", rd, "Content-Type", "application/json",
			"Cookie", cookie+"; "+ihttp.CSRFCookie+"="+csrf, ihttp.CSRFHeader, csrf)
	}
	signedIn := func(cookie string) bool {
		t.Helper()
		return asSession("GET", "/api/v1/session", cookie, nil).status == 200
	}
	laptop := f.signIn(csrf, "reader", "password-reader")
	phone := f.signIn(csrf, "reader", "password-reader")
	t.Run("ErrOwnWithoutCurrent", func(t *testing.T) {
		r := asSession("PATCH", "/api/v1/users/reader", laptop, map[string]any{"password": "a-new-password"})
		if r.status != 400 {
			t.Errorf("got %d %s", r.status, r.body)
		}
		if r := f.call("PATCH", "/api/v1/users/reader", "reader", jsonBody(map[string]any{"password": "a-new-password"})); r.status != 400 {
			t.Errorf("with a token: got %d %s", r.status, r.body)
		}
	})
	t.Run("ErrOwnWrongCurrent", func(t *testing.T) {
		r := asSession("PATCH", "/api/v1/users/reader", laptop, map[string]any{"password": "a-new-password", "current_password": "wrong-password"})
		if r.status != 403 {
			t.Errorf("got %d %s", r.status, r.body)
		}
		if !signedIn(laptop) || !signedIn(phone) {
			t.Error("a refused change ended sessions")
		}
	})
	t.Run("OwnEndsOtherSessions", func(t *testing.T) {
		r := asSession("PATCH", "/api/v1/users/reader", laptop, map[string]any{"password": "a-new-password", "current_password": "password-reader"})
		if r.status != 200 {
			t.Fatalf("got %d %s", r.status, r.body)
		}
		if !signedIn(laptop) {
			t.Error("the session the password was changed from ended")
		}
		if signedIn(phone) {
			t.Error("another session of the user is still open")
		}
	})
	t.Run("AdminResetEndsAllSessions", func(t *testing.T) {
		analyst := f.signIn(csrf, "analyst", "password-analyst")
		admin := f.signIn(csrf, "admin", "password-admin")
		r := asSession("PATCH", "/api/v1/users/analyst", admin, map[string]any{"password": "reset-by-admin"})
		if r.status != 200 {
			t.Fatalf("got %d %s", r.status, r.body)
		}
		if signedIn(analyst) {
			t.Error("the user's session survived an admin's reset")
		}
		if !signedIn(admin) {
			t.Error("the admin's own session ended")
		}
		if r := asSession("PATCH", "/api/v1/users/admin", admin, map[string]any{"password": "admin-new-password"}); r.status != 400 {
			t.Errorf("an admin changes their own password without the current one: %d", r.status)
		}
	})
}

// Behind a trusted reverse proxy the sign-in limits count the address the
// proxy forwards, not the proxy's: one client's failures do not lock out
// the others that share the proxy.
func TestSessionLoginBehindTrustedProxy(t *testing.T) {
	f := newAdmFixture(t)
	proxies, err := auth.ParseProxies("127.0.0.1, ::1")
	if err != nil {
		t.Fatal(err)
	}
	f.auth.ProxyHeader, f.auth.TrustedProxies = "X-Forwarded-For", proxies
	csrf := f.csrf()
	login := func(from, pass string) *admResponse {
		return f.call("POST", "/api/v1/session", "", jsonBody(map[string]string{"name": "reader", "password": pass}),
			"Content-Type", "application/json", "Cookie", ihttp.CSRFCookie+"="+csrf, ihttp.CSRFHeader, csrf, "X-Forwarded-For", from)
	}
	for range auth.DefaultLoginLimits.PerIPAccount {
		if r := login("198.51.100.1", "wrong"); r.status != 401 {
			t.Fatalf("wrong password: %d", r.status)
		}
	}
	if r := login("198.51.100.1", "password-reader"); r.status != 401 || !strings.Contains(string(r.body), "too many") {
		t.Errorf("the failing client: %d %s", r.status, r.body)
	}
	if r := login("198.51.100.2", "password-reader"); r.status != 201 {
		t.Errorf("another client behind the proxy: %d %s", r.status, r.body)
	}
	entries := f.call("GET", "/api/v1/audit", "admin", nil)
	if !strings.Contains(string(entries.body), `"remote":"198.51.100.2"`) {
		t.Errorf("the audit log does not name the forwarded address: %s", entries.body)
	}
}

func indicatorIDs(ns ...int) []string {
	var out []string
	for _, n := range ns {
		out = append(out, fmt.Sprintf("indicator--%08d-0000-4000-8000-000000000000", n))
	}
	return out
}
