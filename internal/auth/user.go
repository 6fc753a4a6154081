package auth

import (
	"context"
	"slices"

	"github.com/telltale-cti/telltale"
)

// Roles, from least to most powerful (see telltale.RoleReader).
const (
	RoleReader    = telltale.RoleReader
	RoleAnalyst   = telltale.RoleAnalyst
	RoleAdmin     = telltale.RoleAdmin
	RoleAnonymous = telltale.RoleAnonymous // a request without credentials
)

// Roles lists the roles a user can be given.
var Roles = []string{RoleReader, RoleAnalyst, RoleAdmin}

// ValidRole reports whether role is one a user can be given.
func ValidRole(role string) bool { return slices.Contains(Roles, role) }

// User is an authenticated user, or the anonymous caller.
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
		return telltale.Errorf(telltale.EUNAUTHORIZED, "sign in or send an API token to make changes")
	case !u.CanWrite():
		return telltale.Errorf(telltale.EFORBIDDEN, "user %s (role %s) may not make changes", u.Name, u.Role)
	}
	return nil
}

// RequireAdmin returns EUNAUTHORIZED for the anonymous caller, EFORBIDDEN
// for anyone but an admin.
func RequireAdmin(u *User) error {
	switch {
	case u.IsAnonymous():
		return telltale.Errorf(telltale.EUNAUTHORIZED, "sign in as an admin")
	case !u.IsAdmin():
		return telltale.Errorf(telltale.EFORBIDDEN, "only admins may do this (user %s is %s)", u.Name, u.Role)
	}
	return nil
}

type userKey struct{}

// WithUser returns ctx carrying u.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the user ctx carries, or nil.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// validName reports whether name can name a user or group: letters,
// digits, and . _ - @, 1 to 64 characters.
func validName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' || r == '@') {
			return false
		}
	}
	return true
}
