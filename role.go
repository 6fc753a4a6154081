package telltale

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
