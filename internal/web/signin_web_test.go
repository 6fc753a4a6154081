package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/auth"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/web"
)

// newSignedApp is newApp with real accounts, wired as `telltale serve`
// wires them: the auth service recognises callers (sessions, Basic,
// tokens), reading needs an account unless anonymousRead, and the pages
// sign in and out with its sessions. It has the analyst "ana" (password
// "ana-password").
func newSignedApp(t *testing.T, anonymousRead bool) (*testApp, *auth.Service) {
	t.Helper()
	a := newApp(t)
	as := auth.New(a.db)
	as.AnonymousRead = anonymousRead
	if _, err := as.AddUser(context.Background(), auth.NewUser{Name: "ana", Password: "ana-password", Role: auth.RoleAnalyst, Clearance: auth.Amber}); err != nil {
		t.Fatal(err)
	}
	a.sessions = web.Sessions{
		SignIn: func(r *http.Request, name, password string) (*http.Cookie, error) {
			_, c, err := as.SignIn(r, name, password)
			return c, err
		},
		SignOut:    as.SignOut,
		UsersExist: as.UsersExist,
	}
	a.secure = func(srv *ihttp.Server) {
		srv.Auth = as
		srv.OpenForms = []string{web.SignInPath, web.SignOutPath}
		srv.Use(as.ReadGate([]string{"/sectors", "/actors", "/api/"}, []string{web.SignInPath, web.SignOutPath}, srv.Fail))
	}
	a.ts.Close()
	a.start(t)
	return a, as
}

// browserGet asks for path as a browser navigating does.
func browserGet(t *testing.T, c *http.Client, u string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Accept", "text/html,*/*;q=0.8")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// formPost posts a form as a same-origin browser page does.
func formPost(t *testing.T, c *http.Client, u string, form url.Values) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, "", resp.Header
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// TestSignInHeader: the header of every page, the cached sector page
// included, shows who is signed in and their role, with a sign-out
// button; signed out, with anonymous reading on, it offers "Sign in"
// back to the same page. The cached page's tag differs per account
// corner, so a browser never reuses another user's header.
func TestSignInHeader(t *testing.T) {
	a, _ := newSignedApp(t, true)
	c := a.newClient("")
	status, body, h := browserGet(t, c, a.ts.URL+"/sectors/communication")
	if status != 200 || !strings.Contains(body, `id="signin-link" href="/signin?next=%2fsectors%2fcommunication"`) || strings.Contains(body, "telltale-account-slot") {
		t.Fatalf("anonymous sector page: %d, no sign-in link", status)
	}
	anonymousTag := h.Get("ETag")
	_, form, _ := browserGet(t, c, a.ts.URL+"/signin?next=/sectors/communication")
	if strings.Contains(form, `id="signin-link"`) {
		t.Error("the sign-in form links to itself")
	}
	token := csrfInput.FindStringSubmatch(form)[1]
	status, _, h = formPost(t, c, a.ts.URL+"/signin", url.Values{"csrf_token": {token}, "name": {"ana"}, "password": {"ana-password"}, "next": {"/sectors/communication"}})
	if status != http.StatusSeeOther || h.Get("Location") != "/sectors/communication" {
		t.Fatalf("sign in: %d %q", status, h.Get("Location"))
	}
	for _, path := range []string{"/sectors/communication", "/sectors", "/import", "/search?q=telecom"} {
		status, body, h := browserGet(t, c, a.ts.URL+path)
		if status != 200 || !strings.Contains(body, `id="signed-in-user">ana <span class="role">analyst</span>`) || !strings.Contains(body, `<form class="signout" method="post" action="/signout">`) {
			t.Errorf("%s signed in: %d, no user in the header", path, status)
		}
		if path == "/sectors/communication" && h.Get("ETag") == anonymousTag {
			t.Errorf("the signed-in sector page has the anonymous page's tag %s", anonymousTag)
		}
	}
}

// TestSignInRedirect: a browser asking for a gated page without
// credentials is sent to the form; an API client gets JSON.
func TestSignInRedirect(t *testing.T) {
	a, _ := newSignedApp(t, false)
	c := a.newClient("")
	status, _, h := browserGet(t, c, a.ts.URL+"/actors/MuddyWater?tab=x")
	if status != http.StatusSeeOther || h.Get("Location") != "/signin?next="+url.QueryEscape("/actors/MuddyWater?tab=x") {
		t.Errorf("page: %d %q", status, h.Get("Location"))
	}
	status, body, h := browserGet(t, c, a.ts.URL+"/api/v1/sectors")
	if status != 401 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") || !strings.Contains(body, `"unauthorized"`) {
		t.Errorf("API: %d %q %.200s", status, h.Get("Content-Type"), body)
	}
	// A POST is never redirected: the form is refused as it was.
	status, _, _ = formPost(t, c, a.ts.URL+"/sectors/communication/narrative", url.Values{"text": {"x"}})
	if status == http.StatusSeeOther || status == 200 {
		t.Errorf("anonymous narrative POST: %d", status)
	}
}
