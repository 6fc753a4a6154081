package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
)

// servedApp is a new database with the analyst "ana" (password
// "ana-password", clearance AMBER), served as serve wires it; allowPrivate
// lets URL imports reach loopback test servers.
func servedApp(t *testing.T, allowPrivate bool) (*app.App, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	a, err := openServing(ctx, filepath.Join(t.TempDir(), "serve.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := auth.New(a.DB).AddUser(ctx, auth.NewUser{Name: "ana", Password: "ana-password", Role: auth.RoleAnalyst, Clearance: auth.Amber}); err != nil {
		t.Fatal(err)
	}
	srv, err := newServer(ctx, a, slog.New(slog.DiscardHandler), "", allowPrivate, secureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return a, ts
}

// callAs sends a request to ts as user (Basic credentials, the password
// USER-password; none for "") and returns the status and the body.
func callAs(t *testing.T, ts *httptest.Server, user, method, path, ctype, accept string, body io.Reader) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, body)
	if user != "" {
		req.SetBasicAuth(user, user+"-password")
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Accept", accept)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestWebURLImportStreams imports a URL through the web import page as
// serve wires it: the body (two indicators and 64 MiB of whitespace between
// them) goes to the importer as it arrives. Buffering it, as the page
// used to, allocated more than the body's size; streaming allocates a
// small part of it.
func TestWebURLImportStreams(t *testing.T) {
	ctx := context.Background()
	_, ts := servedApp(t, true) // the source is on loopback
	const padding = 64 << 20
	source := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"type":"bundle","id":"bundle--0d6c6a8a-5f4b-4e6e-9d3c-5b2f0c1a7e11","objects":[`+pullIndicator(1, "2024-01-01T00:00:00.000Z")+",")
		spaces := bytes.Repeat([]byte(" "), 1<<20)
		for i := 0; i < padding>>20; i++ {
			w.Write(spaces) // no Content-Length: chunked
		}
		io.WriteString(w, pullIndicator(2, "2024-01-01T00:00:00.000Z")+`]}`)
	}))
	defer source.Close()

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	status, body := callAs(t, ts, "ana", "POST", "/import", "application/x-www-form-urlencoded", "application/json",
		strings.NewReader(url.Values{"url": {source.URL + "/bundle.json"}}.Encode()))
	runtime.ReadMemStats(&after)
	var got struct {
		Result *telltale.ImportResult `json:"result"`
	}
	if json.Unmarshal([]byte(body), &got); status != 200 || got.Result == nil || got.Result.Added != 2 {
		t.Fatalf("import: %d %.300s", status, body)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	if alloc > padding/2 {
		t.Errorf("importing a %d MiB body allocated %d MiB", padding>>20, alloc>>20)
	}
	t.Logf("importing a %d MiB body allocated %.1f MiB", padding>>20, float64(alloc)/(1<<20))

	t.Run("ErrOverTheBoundWhileRead", func(t *testing.T) {
		// The bound applies to what is read, with no Content-Length to
		// refuse early, and says so (413 through the page).
		b, err := importFetch(true, 1<<20)(ctx, source.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		_, err = io.Copy(io.Discard, b)
		if telltale.ErrorCode(err) != telltale.ETOOLARGE || !strings.Contains(err.Error(), "body exceeds the limit of 1048576 bytes") {
			t.Fatalf("error %v", err)
		}
	})
}
