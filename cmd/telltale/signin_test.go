package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/auth"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/taxii"
)

// browserClient is a browser as far as the server can tell: it asks for
// HTML, keeps the cookies it is given (Secure ones too: the test server
// is plain HTTP on loopback, which browsers treat as secure) and does not
// follow redirects, so each can be checked.
type browserClient struct {
	t       *testing.T
	base    string
	cookies map[string]*http.Cookie
}

func newBrowserClient(t *testing.T, ts *httptest.Server) *browserClient {
	return &browserClient{t: t, base: ts.URL, cookies: map[string]*http.Cookie{}}
}

func (b *browserClient) do(method, path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.base+path, body)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", b.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	raw, _ := io.ReadAll(resp.Body)
	return resp, string(raw)
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// signInForm fetches the sign-in form and returns its CSRF token.
func (b *browserClient) signInForm(next string) string {
	b.t.Helper()
	resp, body := b.do("GET", "/signin?next="+url.QueryEscape(next), nil)
	m := csrfField.FindStringSubmatch(body)
	if resp.StatusCode != 200 || m == nil || !strings.Contains(body, `id="signin-form"`) {
		b.t.Fatalf("sign-in form: %d %.400s", resp.StatusCode, body)
	}
	return m[1]
}

func (b *browserClient) signIn(name, password, next string) (*http.Response, string) {
	b.t.Helper()
	token := b.signInForm(next)
	return b.do("POST", "/signin", url.Values{"csrf_token": {token}, "name": {name}, "password": {password}, "next": {next}})
}

// TestSignInRedirectsBrowsers: once an account exists, a browser asking
// for a page without credentials is sent to the sign-in form, which
// returns to the page; the APIs and TAXII keep their own 401 answers.
func TestSignInRedirectsBrowsers(t *testing.T) {
	_, ts := servedApp(t, false)
	b := newBrowserClient(t, ts)
	for _, path := range []string{"/sectors/communication", "/", "/search?q=ATK51", "/no/such/page"} {
		resp, _ := b.do("GET", path, nil)
		want := "/signin?next=" + url.QueryEscape(path)
		if path == "/" {
			want = "/signin"
		}
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("GET %s: %d %q, want 303 to %s", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}

	t.Run("ProgramsAskingForPagesGet401", func(t *testing.T) {
		status, body := callAs(t, ts, "", "GET", "/sectors/communication", "", "*/*", nil)
		if status != http.StatusUnauthorized || !strings.Contains(body, "Sign in required") {
			t.Errorf("got %d %.300s", status, body)
		}
	})
	t.Run("APIKeepsJSON", func(t *testing.T) {
		resp, body := b.do("GET", "/api/v1/sectors/communication", nil)
		var e ihttp.ErrorBody
		if resp.StatusCode != 401 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
			!strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") || json.Unmarshal([]byte(body), &e) != nil || e.Error.Code != "unauthorized" {
			t.Errorf("got %d %v %.300s", resp.StatusCode, resp.Header, body)
		}
	})
	t.Run("TAXIIKeepsItsErrors", func(t *testing.T) {
		resp, body := b.do("GET", "/taxii2/", nil)
		if resp.StatusCode != 401 || resp.Header.Get("Content-Type") != taxii.MediaTAXII || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Basic") || !strings.Contains(body, `"title"`) {
			t.Errorf("got %d %v %.300s", resp.StatusCode, resp.Header, body)
		}
	})
}

// TestSignInForm signs in through the form, sees the user in the header,
// and signs out.
func TestSignInForm(t *testing.T) {
	_, ts := servedApp(t, false)

	t.Run("WrongPasswordAndUnknownUserReadAlike", func(t *testing.T) {
		b := newBrowserClient(t, ts)
		resp, wrong := b.signIn("ana", "not her password", "/sectors/communication")
		if resp.StatusCode != 401 || !strings.Contains(wrong, "wrong user name or password") || !strings.Contains(wrong, `id="signin-form"`) {
			t.Fatalf("wrong password: %d %.400s", resp.StatusCode, wrong)
		}
		_, unknown := b.signIn("nobody", "not her password", "/sectors/communication")
		if !strings.Contains(unknown, "wrong user name or password") || b.cookies[auth.SessionCookie] != nil {
			t.Errorf("unknown user: %.400s, cookies %v", unknown, b.cookies)
		}
		if resp, body := b.signIn("ana", "", "/"); resp.StatusCode != 400 || !strings.Contains(body, "Enter your user name and your password") {
			t.Errorf("empty password: %d", resp.StatusCode)
		}
	})

	t.Run("CSRFRefused", func(t *testing.T) {
		b := newBrowserClient(t, ts)
		b.signInForm("/")
		for name, token := range map[string]string{"Missing": "", "Wrong": strings.Repeat("x", 43)} {
			form := url.Values{"name": {"ana"}, "password": {"ana-password"}}
			if token != "" {
				form.Set("csrf_token", token)
			}
			resp, body := b.do("POST", "/signin", form)
			if resp.StatusCode != 403 || b.cookies[auth.SessionCookie] != nil {
				t.Errorf("%s token: %d %.300s", name, resp.StatusCode, body)
			}
		}
	})

	t.Run("SignInAndOut", func(t *testing.T) {
		b := newBrowserClient(t, ts)
		resp, body := b.signIn("ana", "ana-password", "/sectors/communication?x=1")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/sectors/communication?x=1" {
			t.Fatalf("sign in: %d %q %.300s", resp.StatusCode, resp.Header.Get("Location"), body)
		}
		c := b.cookies[auth.SessionCookie]
		if c == nil || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode {
			t.Fatalf("session cookie %+v", c)
		}
		session := c.Value
		resp, body = b.do("GET", "/sectors/communication", nil)
		if resp.StatusCode != 200 || !regexp.MustCompile(`id="signed-in-user">ana <span class="role">analyst</span>`).MatchString(body) || !strings.Contains(body, `action="/signout"`) {
			t.Fatalf("page after sign-in: %d, header %.2000s", resp.StatusCode, body)
		}
		token := csrfField.FindStringSubmatch(body)[1]
		if resp, _ := b.do("POST", "/signout", url.Values{"csrf_token": {"wrong" + token[5:]}}); resp.StatusCode != 403 {
			t.Errorf("sign-out with a wrong token: %d", resp.StatusCode)
		}
		resp, _ = b.do("POST", "/signout", url.Values{"csrf_token": {token}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin?out=1" || b.cookies[auth.SessionCookie] != nil {
			t.Fatalf("sign out: %d %q, cookies %v", resp.StatusCode, resp.Header.Get("Location"), b.cookies)
		}
		if _, body := b.do("GET", "/signin?out=1", nil); !strings.Contains(body, "You are signed out.") {
			t.Errorf("signed-out notice missing")
		}
		// The session ended on the server: its cookie, replayed, opens
		// nothing.
		b.cookies[auth.SessionCookie] = &http.Cookie{Name: auth.SessionCookie, Value: session}
		if resp, _ := b.do("GET", "/sectors/communication", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("old session after sign-out: %d", resp.StatusCode)
		}
	})

	t.Run("NextStaysLocal", func(t *testing.T) {
		for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "/signout"} {
			b := newBrowserClient(t, ts)
			if resp, _ := b.signIn("ana", "ana-password", next); resp.Header.Get("Location") != "/" {
				t.Errorf("next=%q: went to %q", next, resp.Header.Get("Location"))
			}
		}
	})
}

// TestSignInRateLimited: after as many wrong passwords as the login
// limiter allows from one address for one account, even the right one is
// refused, with the wait in the form's message.
func TestSignInRateLimited(t *testing.T) {
	_, ts := servedApp(t, false)
	b := newBrowserClient(t, ts)
	for i := 0; i < auth.DefaultLoginLimits.PerIPAccount; i++ {
		if resp, _ := b.signIn("ana", "wrong", "/"); resp.StatusCode != 401 {
			t.Fatalf("failure %d: %d", i, resp.StatusCode)
		}
	}
	resp, body := b.signIn("ana", "ana-password", "/")
	if resp.StatusCode != 401 || !strings.Contains(body, "too many failed sign-ins") || b.cookies[auth.SessionCookie] != nil {
		t.Errorf("right password after the limit: %d %.400s", resp.StatusCode, body)
	}
}
