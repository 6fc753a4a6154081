package http

import (
	"net/http"

	"github.com/telltale-cti/telltale"
)

// Authenticator recognises the user behind a request, from a session
// cookie or an API token. The auth package implements it.
type Authenticator interface {
	// Authenticate returns the user a request comes from, nil (and no
	// error) when the request carries no credentials, and an error with
	// code EUNAUTHORIZED when it carries credentials that are not valid.
	Authenticate(r *http.Request) (*telltale.User, error)
}

// CanWrite says whether the request may change anything: only a user the
// authentication layer recognised and allowed to write may. No account or
// token, no write: with no Authenticator configured every write is refused.
func CanWrite(r *http.Request) error {
	return telltale.RequireWrite(telltale.UserFromContext(r.Context()))
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
			r = r.WithContext(telltale.NewContextWithUser(r.Context(), u))
			setLogUser(r, u.Name)
		}
		next.ServeHTTP(w, r)
	})
}
