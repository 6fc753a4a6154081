package telltale

import (
	"context"
	"slices"
)

// User is an authenticated user, or the anonymous caller: the one user
// type of the program. internal/auth keeps users, their credentials and
// sessions, and gives each a role (see RoleReader) and a clearance;
// every other package reads the user from here (UserFromContext) and asks
// it what it may do (CanWrite, IsAdmin) and see (CanSee, in tlp.go).
type User struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Role      string   `json:"role"`
	Clearance Level    `json:"clearance"`
	Groups    []string `json:"groups,omitempty"`
	Disabled  bool     `json:"disabled,omitempty"`
	// Markings reads the marking definitions that are not standard TLP
	// ids; without it, objects carrying any other marking are Unknown
	// (administrators only). The Service sets its own on the users it
	// returns.
	Markings MarkingResolver `json:"-"`
	Created  string          `json:"created,omitempty"`
}

// Anonymous returns the caller without credentials: it may read TLP:CLEAR
// (and unmarked) objects where anonymous reading is allowed at all, and
// never write.
func Anonymous() *User { return &User{Name: "", Role: RoleAnonymous, Clearance: Clear} }

// IsAnonymous reports whether u carries no credentials.
func (u *User) IsAnonymous() bool { return u == nil || u.Role == RoleAnonymous }

// CanWrite reports whether u may change anything.
func (u *User) CanWrite() bool { return u != nil && (u.Role == RoleAnalyst || u.Role == RoleAdmin) }

// IsAdmin reports whether u may manage users, tokens, collections and read
// the audit log.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin }

// HasRole reports whether u's role is one of roles.
func (u *User) HasRole(roles []string) bool { return u != nil && slices.Contains(roles, u.Role) }

// Label names u in logs and the audit log.
func (u *User) Label() string {
	if u.IsAnonymous() {
		return "anonymous"
	}
	return u.Name
}

// RequireWrite returns EUNAUTHORIZED for the anonymous caller, EFORBIDDEN for a
// reader, nil for a user who may write.
func RequireWrite(u *User) error {
	switch {
	case u.IsAnonymous():
		return Errorf(EUNAUTHORIZED, "sign in or send an API token to make changes")
	case !u.CanWrite():
		return Errorf(EFORBIDDEN, "user %s (role %s) may not make changes", u.Name, u.Role)
	}
	return nil
}

// RequireAdmin returns EUNAUTHORIZED for the anonymous caller, EFORBIDDEN
// for anyone but an admin.
func RequireAdmin(u *User) error {
	switch {
	case u.IsAnonymous():
		return Errorf(EUNAUTHORIZED, "sign in as an admin")
	case !u.IsAdmin():
		return Errorf(EFORBIDDEN, "only admins may do this (user %s is %s)", u.Name, u.Role)
	}
	return nil
}

type userKey struct{}

// NewContextWithUser returns ctx carrying u: the caller an HTTP request
// was authenticated as, or whom a background job (a watch) acts for.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFromContext returns the user ctx carries, or nil.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// SessionCookie is the name of the web session cookie. A handler that
// changes the signed-in user's own password reads it to keep the session
// the change was made from (UserChange.KeepSession).
const SessionCookie = "telltale_session"

// NewUser is an account to add: its name, password, role (RoleReader,
// RoleAnalyst or RoleAdmin), clearance and groups.
type NewUser struct {
	Name      string
	Password  string
	Role      string
	Clearance Level
	Groups    []string
}

// UserChange changes a user; nil fields stay as they are.
type UserChange struct {
	Password  *string
	Role      *string
	Clearance *Level
	Groups    *[]string
	Disabled  *bool
	// KeepSession is, with Password, the secret (the cookie's value) of
	// the session the change was made from, which stays open; every other
	// session of the user ends. API tokens stay: they are revoked on their
	// own.
	KeepSession string
}

// Token is an API token as stored and listed: its secret is shown once,
// when it is made, and kept only as a hash (never encoded).
type Token struct {
	ID       string `json:"id"`
	UserID   string `json:"user_id"`
	Name     string `json:"name"`
	Hash     string `json:"-"`
	Created  string `json:"created"`
	Expires  string `json:"expires,omitempty"`
	LastUsed string `json:"last_used,omitempty"`
	Revoked  bool   `json:"revoked,omitempty"`
}
