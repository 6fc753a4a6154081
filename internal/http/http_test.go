package http_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

func TestStatus(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want int
	}{
		{telltale.Errorf(telltale.EINVALID, "x"), 400},
		{telltale.Errorf(telltale.ENOTFOUND, "x"), 404},
		{telltale.Errorf(telltale.ECONFLICT, "x"), 409},
		{telltale.Errorf(telltale.EUNAUTHORIZED, "x"), 401},
		{telltale.Errorf(telltale.EFORBIDDEN, "x"), 403},
		{telltale.Errorf(telltale.EUNAVAILABLE, "x"), 503},
		{telltale.Errorf(telltale.ETOOLARGE, "x"), 413},
		{fmt.Errorf("wrapped: %w", telltale.Errorf(telltale.ENOTFOUND, "x")), 404},
		{errors.New("boom"), 500},
	} {
		if got := ihttp.Status(tt.err); got != tt.want {
			t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

// sqliteError has the methods of modernc.org/sqlite's *Error.
type sqliteError struct {
	code int
	msg  string
}

func (e *sqliteError) Error() string { return e.msg }
func (e *sqliteError) Code() int     { return e.code }

// A full disk used to answer 500 "internal error": it answers 503 and says
// why, whichever layer reports it.
func TestDiskFull503(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want int
	}{
		{"ENOSPC", fmt.Errorf("import: %w", &os.PathError{Op: "write", Path: "/var/lib/telltale/t.db-wal", Err: syscall.ENOSPC}), 503},
		{"SQLiteFull", fmt.Errorf("put: %w", &sqliteError{13, "database or disk is full (13)"}), 503},
		{"PostgreSQLDiskFull", fmt.Errorf("commit: %w", &pgconn.PgError{Code: "53100", Message: "could not extend file"}), 503},
		{"PostgreSQLOutOfMemoryIsNot", &pgconn.PgError{Code: "53200", Message: "out of memory"}, 500},
		{"SQLiteOtherCodeIsNot", &sqliteError{1, "SQL logic error"}, 500},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			s := ihttp.NewServer(slog.New(slog.NewTextHandler(&logs, nil)))
			s.Handle("GET /api/v1/objects", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ihttp.Error(w, r, tt.err) }))
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/objects", nil))
			if rec.Code != tt.want {
				t.Fatalf("got %d %s, want %d", rec.Code, rec.Body, tt.want)
			}
			if tt.want != 503 {
				return
			}
			want := `{"error":{"code":"unavailable","message":"` + telltale.DiskFullMessage + `"}}`
			if strings.TrimSpace(rec.Body.String()) != want || rec.Header().Get("Retry-After") == "" {
				t.Errorf("got %s (Retry-After %q), want %s", rec.Body, rec.Header().Get("Retry-After"), want)
			}
			if !strings.Contains(logs.String(), tt.err.Error()) || !strings.Contains(logs.String(), "level=ERROR") {
				t.Errorf("the cause is not logged: %s", logs.String())
			}
		})
	}
}

func newServer(t *testing.T) (*ihttp.Server, *bytes.Buffer) {
	var logs bytes.Buffer
	s := ihttp.NewServer(slog.New(slog.NewTextHandler(&logs, nil)))
	s.Handle("GET /api/v1/thing", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ihttp.Error(w, r, errors.New("secret detail"))
	}))
	s.Handle("GET /panic", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("kaboom") }))
	s.Handle("GET /form", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, ihttp.CSRFToken(r)) }))
	s.Handle("POST /form", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := ihttp.CanWrite(r); err != nil {
			ihttp.Error(w, r, err)
			return
		}
		io.WriteString(w, "written by "+telltale.UserFromContext(r.Context()).Name)
	}))
	return s, &logs
}

func TestErrorsAndPanics(t *testing.T) {
	s, logs := newServer(t)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/thing", nil))
	if rec.Code != 500 || strings.TrimSpace(rec.Body.String()) != `{"error":{"code":"internal","message":"internal error"}}` {
		t.Errorf("got %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), "secret detail") || !strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("internal error not logged: %s", logs)
	}

	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/panic", nil))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "kaboom") {
		t.Errorf("panic: %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), "kaboom") {
		t.Error("panic not logged")
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if rec.Header().Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
}

type fixedAuth struct{ u *telltale.User }

func (a fixedAuth) Authenticate(r *http.Request) (*telltale.User, error) {
	if r.Header.Get("Authorization") == "Bearer bad" {
		return nil, telltale.Errorf(telltale.EUNAUTHORIZED, "bad token")
	}
	return a.u, nil
}

func TestCSRFAndWrites(t *testing.T) {
	s, _ := newServer(t)
	// A GET hands out a token in a cookie and to the page.
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/form", nil))
	token := rec.Body.String()
	cookie := rec.Result().Cookies()
	if len(token) != 43 || len(cookie) != 1 || cookie[0].Value != token || !cookie[0].HttpOnly {
		t.Fatalf("token %q, cookies %v", token, cookie)
	}
	post := func(token, auth string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/form", strings.NewReader("csrf_token="+token))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(cookie[0])
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	// Nobody recognised: the form is not read, the write is refused.
	for _, tok := range []string{"", strings.Repeat("a", 43), token} {
		if rec := post(tok, ""); rec.Code != 401 {
			t.Errorf("anonymous write (token %q): %d %s", tok, rec.Code, rec.Body)
		}
	}
	body := &countingReader{r: strings.NewReader("csrf_token=" + token + "&x=" + strings.Repeat("y", 1<<16))}
	anon := httptest.NewRequest("POST", "/form", body)
	anon.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	anon.AddCookie(cookie[0])
	s.ServeHTTP(httptest.NewRecorder(), anon)
	if body.n != 0 {
		t.Errorf("an anonymous form was read: %d bytes", body.n)
	}
	s.Auth = fixedAuth{&telltale.User{Name: "ann", Role: telltale.RoleAnalyst}}
	if rec := post("", ""); rec.Code != 403 {
		t.Errorf("no token: %d", rec.Code)
	}
	if rec := post(strings.Repeat("a", 43), ""); rec.Code != 403 {
		t.Errorf("wrong token: %d", rec.Code)
	}
	if rec := post(token, ""); rec.Code != 200 || rec.Body.String() != "written by ann" {
		t.Errorf("writer: %d %s", rec.Code, rec.Body)
	}
	// Token clients need no CSRF token; bad credentials are 401.
	if rec := post("", "Bearer good"); rec.Code != 200 {
		t.Errorf("API token client: %d %s", rec.Code, rec.Body)
	}
	if rec := post("", "Bearer bad"); rec.Code != 401 {
		t.Errorf("bad token: %d", rec.Code)
	}
	if rec := post("", "Basic YW5uOnNlY3JldA=="); rec.Code != 200 {
		t.Errorf("Basic client without browser headers: %d %s", rec.Code, rec.Body)
	}
	// A browser replays Basic credentials by itself: it still needs the token.
	req := httptest.NewRequest("POST", "/form", strings.NewReader("csrf_token="))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Basic YW5uOnNlY3JldA==")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(cookie[0])
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 403 {
		t.Errorf("browser Basic without token: %d", rec.Code)
	}
	s.Auth = fixedAuth{&telltale.User{Name: "rob", Role: telltale.RoleReader}}
	if rec := post(token, ""); rec.Code != 403 {
		t.Errorf("reader: %d", rec.Code)
	}
}

// An API write from a caller who sends no credentials at all is refused
// as a caller without credentials is (401, a Bearer challenge), not as a
// browser form that has expired: there is nothing to forge, and the
// client needs to know it lacks a token. The body is still not read.
func TestAPIWriteWithoutCredentials(t *testing.T) {
	s, _ := newServer(t)
	s.Handle("POST /api/v1/thing", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := ihttp.CanWrite(r); err != nil {
			ihttp.Error(w, r, err)
			return
		}
		io.WriteString(w, "written")
	}))
	post := func() (*httptest.ResponseRecorder, *countingReader) {
		body := &countingReader{r: strings.NewReader(`{"text": "a report"}`)}
		req := httptest.NewRequest("POST", "/api/v1/thing", body)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec, body
	}
	rec, body := post()
	if rec.Code != 401 || !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") || body.n != 0 || strings.Contains(rec.Body.String(), "form") {
		t.Errorf("API write without credentials: %d (challenge %q, %d bytes read) %s", rec.Code, rec.Header().Get("WWW-Authenticate"), body.n, rec.Body)
	}
	// A caller the server recognises without a header (a session) and
	// without the CSRF cookie is still refused as a forged form.
	s.Auth = fixedAuth{&telltale.User{Name: "ann", Role: telltale.RoleAnalyst}}
	if rec, body := post(); rec.Code != 403 || body.n != 0 {
		t.Errorf("session write without the CSRF cookie: %d, %d bytes read", rec.Code, body.n)
	}
}

func TestCrossOrigin(t *testing.T) {
	s, _ := newServer(t)
	s.Auth = fixedAuth{&telltale.User{Name: "ann", Role: telltale.RoleAnalyst}}
	req := httptest.NewRequest("POST", "/form", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Authorization", "Bearer good")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 403 {
		t.Errorf("cross-site POST: %d", rec.Code)
	}
}

// countingReader counts what the server read of a request body.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// A multipart upload spills its file parts to the temporary directory. A
// request that may not upload is refused before its body is read, and the
// files of every parsed form are removed when the request ends.
func TestMultipartUploadsLeaveNoFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s, _ := newServer(t)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/form", nil))
	token, cookie := rec.Body.String(), rec.Result().Cookies()[0]

	big := bytes.Repeat([]byte("x"), 17<<20) // over the 16 MiB kept in memory
	post := func(token string, withCookie bool) (*httptest.ResponseRecorder, *countingReader) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("csrf_token", token)
		fw, _ := mw.CreateFormFile("file", "big.json")
		_, _ = fw.Write(big)
		_ = mw.Close()
		body := &countingReader{r: &buf}
		req := httptest.NewRequest("POST", "/form", body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if withCookie {
			req.AddCookie(cookie)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec, body
	}
	leftovers := func(what string) {
		t.Helper()
		entries, err := os.ReadDir(tmp)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			t.Errorf("%s: %s left in the temporary directory", what, e.Name())
		}
	}

	// Nobody signed in: refused, nothing read, nothing written.
	rec, body := post(token, true)
	if rec.Code != 401 || body.n != 0 {
		t.Errorf("anonymous upload: %d, %d bytes read", rec.Code, body.n)
	}
	leftovers("anonymous upload")

	// A reader may not write: refused, nothing read.
	s.Auth = fixedAuth{&telltale.User{Name: "rob", Role: telltale.RoleReader}}
	rec, body = post(token, true)
	if rec.Code != 403 || body.n != 0 {
		t.Errorf("reader's upload: %d, %d bytes read", rec.Code, body.n)
	}
	leftovers("reader's upload")

	s.Auth = fixedAuth{&telltale.User{Name: "ann", Role: telltale.RoleAnalyst}}
	// No CSRF cookie: the token cannot match, so the body is not read.
	rec, body = post(token, false)
	if rec.Code != 403 || body.n != 0 {
		t.Errorf("upload without the cookie: %d, %d bytes read", rec.Code, body.n)
	}
	leftovers("upload without the cookie")
	// A wrong token is only known once the form is read: its files go.
	if rec, _ := post(strings.Repeat("a", 43), true); rec.Code != 403 {
		t.Errorf("wrong token: %d", rec.Code)
	}
	leftovers("upload with a wrong token")
	// Accepted: the handler ran, and the files are gone afterwards.
	if rec, _ := post(token, true); rec.Code != 200 {
		t.Errorf("writer's upload: %d %s", rec.Code, rec.Body)
	}
	leftovers("accepted upload")
}
