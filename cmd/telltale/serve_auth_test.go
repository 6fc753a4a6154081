package main

import (
	"context"
	"encoding/json"
	"github.com/telltale-cti/telltale"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/taxii"
)

// TestServeSecure runs the whole server as serve wires it, with
// authentication, TAXII and the write API.
func TestServeSecure(t *testing.T) {
	// A user exists before the server starts: reading then needs
	// credentials (a database without accounts is readable; see
	// TestServeWithoutAccounts).
	_, ts := servedApp(t, false)
	do := func(method, path, user, ctype string, body io.Reader) (int, string) {
		return callAs(t, ts, user, method, path, ctype, "*/*", body)
	}
	bundle := `{"type":"bundle","id":"bundle--0d6c6a8a-5f4b-4e6e-9d3c-5b2f0c1a7e11","objects":[` + pullIndicator(1, "2024-01-01T00:00:00.000Z") + `]}`
	stranger := strings.Replace(bundle, "indicator--00000001", "indicator--00000003", 1)
	for _, tc := range []struct {
		name, method, path, user, ctype, body string
		want                                  int
	}{
		// Until the CSRF check lets requests without a session cookie
		// through to the handler, this is its 403; either way nothing is
		// written (checked below).
		{"ImportWithoutCredentialsRefused", "POST", "/api/v1/imports", "", "application/json", stranger, -1},
		{"ExportWithoutCredentials401", "GET", "/api/v1/exports/bundle", "", "", "", 401},
		{"SectorsWithoutCredentials401", "GET", "/api/v1/sectors", "", "", "", 401},
		{"PageWithoutCredentials401", "GET", "/sectors/communication", "", "", "", 401},
		{"SignInOpen", "GET", "/signin", "", "", "", 200},
		{"Sectors200", "GET", "/api/v1/sectors/communication", "ana", "", "", 200},
		{"UsersWithoutCredentials401", "GET", "/api/v1/users", "", "", "", 401},
		{"TAXIIWithoutCredentials401", "GET", "/taxii2/", "", "", "", 401},
		{"OpenAPIOpen", "GET", "/api/v1/openapi.json", "", "", "", 200},
		{"Import201", "POST", "/api/v1/imports", "ana", "application/json", bundle, 201},
		{"Read200", "GET", "/api/v1/objects/indicator--00000001-0000-4000-8000-000000000000", "ana", "", "", 200},
		{"TAXIIDiscovery", "GET", "/taxii2/", "ana", "", "", 200},
		{"TAXIIObjects", "GET", "/taxii2/api/collections/" + taxii.AllID + "/objects/?match[type]=indicator", "ana", "", "", 200},
		{"TAXIIPost", "POST", "/taxii2/api/collections/" + taxii.AllID + "/objects/", "ana", taxii.MediaTAXII, `{"objects":[` + pullIndicator(2, "2024-01-01T00:00:00.000Z") + `]}`, 202},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := do(tc.method, tc.path, tc.user, tc.ctype, strings.NewReader(tc.body))
			if tc.want == -1 && (status == 401 || status == 403) {
				return
			}
			if status != tc.want {
				t.Errorf("got %d %.300s", status, body)
			}
		})
	}
	status, body := do("GET", "/taxii2/api/collections/"+taxii.AllID+"/objects/?match[type]=indicator", "ana", "", nil)
	var env struct {
		Objects []json.RawMessage `json:"objects"`
	}
	if json.Unmarshal([]byte(body), &env); status != 200 || len(env.Objects) != 2 {
		t.Errorf("TAXII after both writes: %d %.300s", status, body)
	}
	status, body = do("GET", "/api/v1/audit", "ana", "", nil)
	if status != 403 {
		t.Errorf("audit as analyst: %d %s", status, body)
	}
}

// TestServeWithoutAccounts: a fresh install has no account to sign in
// with; its TLP:CLEAR knowledge is readable, and nothing is writable.
func TestServeWithoutAccounts(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "fresh.db")
	_, ts := serveDB(t, dbPath)
	resp, err := http.Get(ts.URL + "/api/v1/sectors/communication")
	if err != nil {
		t.Fatal(err)
	}
	var l telltale.Landscape
	json.NewDecoder(resp.Body).Decode(&l)
	resp.Body.Close()
	if resp.StatusCode != 200 || l.AttackerCount == 0 {
		t.Fatalf("read without accounts: %d, %d attackers", resp.StatusCode, l.AttackerCount)
	}
	// Nobody to sign in as: the pages offer no sign-in.
	if resp, body := newBrowserClient(t, ts).do("GET", "/sectors/communication", nil); resp.StatusCode != 200 || strings.Contains(body, `id="signin-link"`) {
		t.Errorf("page without accounts: %d, or a sign-in link", resp.StatusCode)
	}
	resp, err = http.Post(ts.URL+"/api/v1/imports", "application/json", strings.NewReader(`[]`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 && resp.StatusCode != 403 {
		t.Fatalf("write without credentials: %d", resp.StatusCode)
	}

	// The first account, added by another process on the same database
	// while this one serves, closes anonymous reading within a second:
	// pages, API and TAXII.
	other, err := app.Open(ctx, app.Config{DSN: dbPath})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.New(other.DB).AddUser(ctx, auth.NewUser{Name: "first", Password: "a long enough password", Role: "admin", Clearance: auth.Clear}); err != nil {
		t.Fatal(err)
	}
	other.Close()
	anonymousGet := func(path string) int {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		if strings.HasPrefix(path, "/taxii2/") {
			req.Header.Set("Accept", "application/taxii+json;version=2.1")
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	deadline := time.Now().Add(3 * time.Second)
	for anonymousGet("/api/v1/sectors/communication") == 200 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	for _, path := range []string{"/api/v1/sectors/communication", "/taxii2/", "/sectors/communication"} {
		if code := anonymousGet(path); code == 200 {
			t.Errorf("GET %s without credentials after the first account: 200", path)
		}
	}
}

func TestVisibleObjectsWired(t *testing.T) {
	ctx := context.Background()
	a, err := openServing(ctx, filepath.Join(t.TempDir(), "v.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv, err := newServer(ctx, a, slog.New(slog.DiscardHandler), "", false, secureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := visibleObjects(srv, a).(*auth.VisibleObjects); !ok {
		t.Error("with authentication the read paths do not filter")
	}
}

// TestTAXIIBadCredentials: a wrong password or token on /taxii2/ is
// answered as a caller without credentials is: a TAXII error message in
// the TAXII media type with a Basic challenge.
func TestTAXIIBadCredentials(t *testing.T) {
	_, ts := servedApp(t, false)
	get := func(set func(*http.Request)) (int, http.Header, map[string]any) {
		req, _ := http.NewRequest("GET", ts.URL+"/taxii2/", nil)
		req.Header.Set("Accept", taxii.MediaTAXII)
		set(req)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		json.NewDecoder(resp.Body).Decode(&body)
		return resp.StatusCode, resp.Header, body
	}
	status, h, body := get(func(*http.Request) {})
	if status != 401 || h.Get("Content-Type") != taxii.MediaTAXII || !strings.HasPrefix(h.Get("WWW-Authenticate"), "Basic") || body["title"] == nil {
		t.Fatalf("anonymous: %d %v %v", status, h, body)
	}
	for name, set := range map[string]func(*http.Request){
		"WrongPassword": func(r *http.Request) { r.SetBasicAuth("ana", "wrong") },
		"UnknownUser":   func(r *http.Request) { r.SetBasicAuth("nobody", "wrong") },
		"BadToken":      func(r *http.Request) { r.Header.Set("Authorization", "Bearer tt_nope") },
		"OtherScheme":   func(r *http.Request) { r.Header.Set("Authorization", "Digest x") },
	} {
		status, h, body := get(set)
		if status != 401 || h.Get("Content-Type") != taxii.MediaTAXII || !strings.HasPrefix(h.Get("WWW-Authenticate"), "Basic") || body["title"] != "Unauthorized" || body["error"] != nil {
			t.Errorf("%s: %d, %q, challenge %q, body %v", name, status, h.Get("Content-Type"), h.Get("WWW-Authenticate"), body)
		}
	}
}
