package http

import (
	"context"
	"net/http"

	"github.com/telltale-cti/telltale"
)

// User is someone the authentication layer recognised.
type User struct {
	ID   string
	Name string
	Role string // the auth package's role name, e.g. "reader", "analyst", "admin"
	// CanWrite allows imports, edits and other changes.
	CanWrite bool
}

// Authenticator recognises the user behind a request, from a session
// cookie or an API token. The auth package implements it.
type Authenticator interface {
	// Authenticate returns the user a request comes from, nil (and no
	// error) when the request carries no credentials, and an error with
	// code EUNAUTHORIZED when it carries credentials that are not valid.
	Authenticate(r *http.Request) (*User, error)
}

type userKey struct{}

// UserFrom returns the user the request was authenticated as, or nil.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// WithUser returns ctx carrying u, for authenticators' tests.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// CanWrite says whether the request may change anything: only a user the
// authentication layer recognised and allowed to write may. No account or
// token, no write: with no Authenticator configured every write is refused.
func CanWrite(r *http.Request) error {
	u := UserFrom(r.Context())
	switch {
	case u == nil:
		return telltale.Errorf(telltale.EUNAUTHORIZED, "sign in or send an API token to make changes")
	case !u.CanWrite:
		return telltale.Errorf(telltale.EFORBIDDEN, "user %s (role %s) may not make changes", u.Name, u.Role)
	}
	return nil
}

// authenticate runs the authenticator and stores the user in the request's
// context. Bad credentials end the request with 401.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Auth == nil {
			next.ServeHTTP(w, r)
			return
		}
		u, err := s.Auth.Authenticate(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if u != nil {
			r = r.WithContext(WithUser(r.Context(), u))
			setLogUser(r, u.Name)
		}
		next.ServeHTTP(w, r)
	})
}
