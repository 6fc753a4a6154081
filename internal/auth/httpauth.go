package auth

import (
	"context"
	"net/http"
	"strings"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

var _ ihttp.Authenticator = (*Service)(nil)

// Authenticate implements the HTTP server's Authenticator: nil for a
// request without credentials, EUNAUTHORIZED for wrong ones.
func (s *Service) Authenticate(r *http.Request) (*User, error) {
	u, err := s.Identify(r)
	if err != nil || u.IsAnonymous() {
		return nil, err
	}
	return u, nil
}

// Caller returns who sent r: the user a middleware already recognised
// (the HTTP server's Authenticate or this package's Middleware), else
// whoever the credentials name, else the anonymous user. Handlers mounted
// behind the HTTP server use it so credentials are checked once per
// request.
func (s *Service) Caller(r *http.Request) (*User, error) {
	if u := telltale.UserFromContext(r.Context()); u != nil {
		return u, nil
	}
	return s.Identify(r)
}

// ViewerOf returns who reads in ctx for the visibility rule (see CanSee):
// the recognised user (nil, who sees nothing, when the account is
// disabled), the anonymous user when anonymous reading is on, or nil.
func (s *Service) ViewerOf(ctx context.Context) *User {
	if u := telltale.UserFromContext(ctx); u != nil && !u.IsAnonymous() {
		if u.Disabled {
			return nil
		}
		return u
	}
	if s.AnonymousAllowed(ctx) {
		return s.Anonymous()
	}
	return nil
}

// ReadGate refuses requests without credentials under the given path
// prefixes (e.g. "/api/") unless anonymous reading is on, so nothing is
// read anonymously by default. Paths in public stay open (the OpenAPI
// document, the sign-in endpoint). It runs after the HTTP server's
// authentication, as Server.Use middleware. A refusal is answered by
// fail (the server's Fail: JSON for the APIs, for pages the error page,
// which sends a browser to the sign-in form); nil answers JSON.
func (s *Service) ReadGate(prefixes, public []string, fail func(http.ResponseWriter, *http.Request, error)) func(http.Handler) http.Handler {
	if fail == nil {
		fail = ihttp.Error
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if telltale.UserFromContext(r.Context()) != nil || s.AnonymousAllowed(r.Context()) {
				next.ServeHTTP(w, r)
				return
			}
			gated := false
			for _, p := range prefixes {
				gated = gated || strings.HasPrefix(r.URL.Path, p)
			}
			for _, p := range public {
				if r.URL.Path == p {
					gated = false
				}
			}
			if !gated {
				next.ServeHTTP(w, r)
				return
			}
			fail(w, r, telltale.Errorf(telltale.EUNAUTHORIZED, "sign in or send credentials (HTTP Basic or an API token) to read"))
		})
	}
}
