package auth

import (
	"context"
	"net/http"
)

// SignIn checks name and password from r's client (rate limited as every
// sign-in is, see Login), opens a web session and returns the user and
// the session cookie to set. The sign-in is audited. Wrong credentials
// are EUNAUTHORIZED with one message whether or not the name exists.
func (s *Service) SignIn(r *http.Request, name, password string) (*User, *http.Cookie, error) {
	ctx := r.Context()
	u, err := s.Login(ctx, name, password, s.ClientIP(r))
	if err != nil {
		return nil, nil, err
	}
	c, err := s.StartSession(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	s.Audit(ctx, r, u, "session.create", u.Name, "")
	return u, c, nil
}

// SignOut ends the session r carries (if any) and returns the cookie that
// clears it in the browser; the user it belonged to, when known, is
// audited.
func (s *Service) SignOut(r *http.Request) (*http.Cookie, error) {
	u, _ := s.Caller(r)
	c, err := s.EndSession(r.Context(), r)
	if err != nil {
		return nil, err
	}
	if !u.IsAnonymous() {
		s.Audit(r.Context(), r, u, "session.delete", u.Name, "")
	}
	return c, nil
}

// UsersExist reports whether the store holds any account, so that a page
// can offer to sign in (a store error answers false). A fresh install is
// asked at most once per noUsersRecheck.
func (s *Service) UsersExist(ctx context.Context) bool {
	exist, err := s.usersState(ctx)
	return err == nil && exist
}
