package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// The sign-in and sign-out paths. Both read a form from callers without
// credentials (ihttp.Server.OpenForms) and stay reachable when reading
// needs an account.
const (
	SignInPath  = "/signin"
	SignOutPath = "/signout"
)

// Sessions signs people in and out with the web session cookie; the
// program wires in the auth service.
type Sessions struct {
	// SignIn checks a name and password for r's client, rate limited,
	// and returns the session cookie to set. Wrong credentials are
	// EUNAUTHORIZED with one message whether or not the name exists.
	SignIn func(r *http.Request, name, password string) (*http.Cookie, error)
	// SignOut ends r's session and returns the cookie that clears it.
	SignOut func(r *http.Request) (*http.Cookie, error)
	// UsersExist says whether anyone can sign in (nil: anyone can once
	// accounts are on).
	UsersExist func(ctx context.Context) bool
}

// signinPage is what the sign-in template shows.
type signinPage struct {
	Next    string
	Name    string
	Message string // why the form is shown again
	Notice  string // a neutral note (signed out)
}

// localPath reports whether next is a path on this server: it starts with
// one slash, and has no backslash or control character (browsers drop
// tabs and newlines, so "/\t/evil.example" would become "//evil.example").
func localPath(next string) bool {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return false
	}
	for _, r := range next {
		if r == '\\' || r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// nextPath is where a sign-in returns to: next when it is a local path
// other than the sign-in and sign-out pages, else the home page.
func nextPath(next string) string {
	if !localPath(next) || strings.HasPrefix(next, SignInPath) || strings.HasPrefix(next, SignOutPath) {
		return "/"
	}
	return next
}

// signinURL is the sign-in form that returns to next.
func signinURL(next string) string {
	if next = nextPath(next); next == "/" {
		return SignInPath
	}
	return SignInPath + "?next=" + url.QueryEscape(next)
}

// browserPage says whether r is a browser asking for a page to show: a
// GET or HEAD that accepts HTML. Those are sent to the sign-in form
// rather than answered 401.
func browserPage(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		strings.Contains(r.Header.Get("Accept"), "text/html")
}

// signin shows the sign-in form, or sends a user already signed in on to
// where they were going.
func (h *Handler) signin(w http.ResponseWriter, r *http.Request) {
	next := nextPath(r.URL.Query().Get("next"))
	if telltale.UserFromContext(r.Context()) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	if !h.accounts || h.sessions.SignIn == nil {
		h.Error(w, r, telltale.Errorf(telltale.EUNAUTHORIZED, "this server has no accounts: start it with authentication configured and create a user with 'telltale user'"))
		return
	}
	p := signinPage{Next: next}
	if r.URL.Query().Get("out") != "" {
		p.Notice = "You are signed out."
	}
	h.render(w, r, http.StatusOK, "signin", view{Title: "Sign in", Data: p})
}

// signinPost checks the form's name and password; a good pair gets the
// session cookie and goes on to next, a wrong one sees the form again.
// The CSRF check has already run (the form carries the token).
func (h *Handler) signinPost(w http.ResponseWriter, r *http.Request) {
	if !h.accounts || h.sessions.SignIn == nil {
		h.Error(w, r, telltale.Errorf(telltale.EUNAUTHORIZED, "this server has no accounts: start it with authentication configured and create a user with 'telltale user'"))
		return
	}
	name, password := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	p := signinPage{Next: nextPath(r.PostFormValue("next")), Name: name}
	if name == "" || password == "" {
		p.Message = "Enter your user name and your password."
		h.render(w, r, http.StatusBadRequest, "signin", view{Title: "Sign in", Data: p})
		return
	}
	c, err := h.sessions.SignIn(r, name, password)
	if err != nil {
		ihttp.LogError(r, err)
		if telltale.ErrorCode(err) != telltale.EUNAUTHORIZED {
			h.Error(w, r, err)
			return
		}
		// The auth service's message: the same for an unknown name and a
		// wrong password, or how long to wait after too many failures.
		p.Message = telltale.ErrorMessage(err)
		w.Header().Set("WWW-Authenticate", `Bearer realm="telltale"`)
		h.render(w, r, http.StatusUnauthorized, "signin", view{Title: "Sign in", Data: p})
		return
	}
	http.SetCookie(w, c)
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
}

// signout ends the session and clears its cookie, then shows the sign-in
// form saying so.
func (h *Handler) signout(w http.ResponseWriter, r *http.Request) {
	if h.sessions.SignOut == nil {
		h.Error(w, r, telltale.Errorf(telltale.ENOTFOUND, "this server has no sessions to end"))
		return
	}
	c, err := h.sessions.SignOut(r)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	http.SetCookie(w, c)
	http.Redirect(w, r, SignInPath+"?out=1", http.StatusSeeOther)
}

// canSignIn says whether the header offers a sign-in link to r's caller:
// nobody is signed in, there are accounts to sign in with, and the page
// is not the sign-in form itself.
func (h *Handler) canSignIn(r *http.Request) bool {
	if !h.accounts || telltale.UserFromContext(r.Context()) != nil || r.URL.Path == SignInPath {
		return false
	}
	return h.sessions.UsersExist == nil || h.sessions.UsersExist(r.Context())
}
