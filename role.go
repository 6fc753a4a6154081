package telltale

import "slices"

// Roles, from least to most powerful. Readers read; analysts also write
// (imports, edits, TAXII POST, the draft review); admins also manage
// users, tokens, collections and read the audit log. The auth package
// gives users their roles; services that check a role name it here.
const (
	RoleReader  = "reader"
	RoleAnalyst = "analyst"
	RoleAdmin   = "admin"
	// RoleAnonymous is the role of a request without credentials.
	RoleAnonymous = "anonymous"
)

// Roles lists the roles a user can be given.
var Roles = []string{RoleReader, RoleAnalyst, RoleAdmin}

// ValidRole reports whether role is one a user can be given.
func ValidRole(role string) bool { return slices.Contains(Roles, role) }
