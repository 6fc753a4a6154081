package taxii_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/taxii"
)

// fixture is a TAXII server on a fresh store, with users recognised by
// "Authorization: Bearer NAME".
type fixture struct {
	t     *testing.T
	db    *store.DB
	im    *importer.Importer
	k     *knowledge.Service
	srv   *taxii.Server
	http  *httptest.Server
	users map[string]*auth.User
}

// openApp builds the application (app.Open) on a new, empty SQLite
// database (no starter knowledge: the tests count what they import),
// closed when the test ends.
func openApp(tb testing.TB, accounts bool) *app.App {
	tb.Helper()
	a, err := app.Open(context.Background(), app.Config{DSN: filepath.Join(tb.TempDir(), "t.db"), NoStarter: true, Accounts: accounts})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { a.Close() })
	return a
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	a := openApp(t, false)
	f := &fixture{t: t, db: a.DB, im: a.Importer, k: a.Knowledge, users: map[string]*auth.User{
		"reader":  {ID: "1", Name: "reader", Role: auth.RoleReader, Clearance: auth.Green},
		"analyst": {ID: "2", Name: "analyst", Role: auth.RoleAnalyst, Clearance: auth.Amber, Groups: []string{"soc"}},
		"admin":   {ID: "3", Name: "admin", Role: auth.RoleAdmin, Clearance: auth.AmberStrict},
	}}
	f.srv = taxii.NewServer(a.DB, &auth.VisibleObjects{ObjectService: a.DB}, a.Importer)
	f.srv.Identify = func(r *http.Request) (*auth.User, error) {
		h := r.Header.Get("Authorization")
		if h == "" {
			return auth.Anonymous(), nil
		}
		if u, ok := f.users[strings.TrimPrefix(h, "Bearer ")]; ok {
			return u, nil
		}
		return nil, telltale.Errorf(telltale.EUNAUTHORIZED, "bad token")
	}
	f.http = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.http.Close)
	return f
}

// importJSON imports a bundle of the given objects.
func (f *fixture) importObjects(objs ...string) *telltale.ImportResult {
	f.t.Helper()
	bundle := `{"type":"bundle","id":"bundle--0d6c6a8a-5f4b-4e6e-9d3c-5b2f0c1a7e11","objects":[` + strings.Join(objs, ",") + `]}`
	res, err := f.im.Import(context.Background(), strings.NewReader(bundle), "test", importer.Options{})
	if err != nil {
		f.t.Fatal(err)
	}
	if res.Rejected > 0 {
		f.t.Fatalf("rejected: %+v", res.Problems)
	}
	return res
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r *response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// do sends a request as user ("" for none) with the TAXII Accept header.
func (f *fixture) do(method, path, user string, body []byte, header ...string) *response {
	f.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, f.http.URL+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Accept", taxii.MediaTAXII)
	if body != nil {
		req.Header.Set("Content-Type", taxii.MediaTAXII)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+user)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return &response{resp.StatusCode, resp.Header, b}
}

func (f *fixture) get(path, user string) *response { return f.do("GET", path, user, nil) }

// objectsPath is the objects endpoint of a collection with a query.
func objectsPath(coll string, q url.Values) string {
	p := taxii.RootPath + "collections/" + coll + "/objects/"
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	return p
}

type envelope struct {
	More    bool              `json:"more"`
	Next    string            `json:"next"`
	Objects []json.RawMessage `json:"objects"`
}

type header struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Modified string `json:"modified"`
}

func ids(t *testing.T, objs []json.RawMessage) []string {
	t.Helper()
	var out []string
	for _, o := range objs {
		var h header
		if err := json.Unmarshal(o, &h); err != nil {
			t.Fatal(err)
		}
		out = append(out, h.ID)
	}
	return out
}

// indicator returns an indicator with a deterministic id, modified time
// and optional markings.
func indicator(n int, modified string, markings ...string) string {
	m := ""
	if len(markings) > 0 {
		b, _ := json.Marshal(markings)
		m = `,"object_marking_refs":` + string(b)
	}
	return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--%08d-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":%q,"name":"ind %d","pattern":"[ipv4-addr:value = '10.0.%d.%d']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"%s}`,
		n, modified, n, n/256%256, n%256, m)
}

func indicatorID(n int) string { return fmt.Sprintf("indicator--%08d-0000-4000-8000-000000000000", n) }
