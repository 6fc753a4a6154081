package auth

import "github.com/telltale-cti/telltale"

// Roles, from least to most powerful (see telltale.RoleReader).
const (
	RoleReader    = telltale.RoleReader
	RoleAnalyst   = telltale.RoleAnalyst
	RoleAdmin     = telltale.RoleAdmin
	RoleAnonymous = telltale.RoleAnonymous // a request without credentials
)

// Roles lists the roles a user can be given (telltale.Roles).
var Roles = telltale.Roles

// ValidRole reports whether role is one a user can be given.
func ValidRole(role string) bool { return telltale.ValidRole(role) }

// User is the root package's user (see telltale.User); the Service
// gives users their role, clearance and marking resolver.
type User = telltale.User

// Anonymous returns the caller without credentials (telltale.Anonymous).
func Anonymous() *User { return telltale.Anonymous() }

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
