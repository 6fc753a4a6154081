// Package auth owns who may do what: users with hashed passwords, roles
// (reader, analyst, admin) and clearances, API tokens and web sessions
// stored hashed, login rate limiting, the authenticator the HTTP server
// plugs in, the marking definitions the store holds, and the object
// service behind the visibility rule (VisibleObjects). The user type and
// the rule itself (telltale.User, CanSee) are the root package's, so
// handlers need not import this package.
//
// It reads and writes its tables through internal/store and must not
// import any package that serves routes: of the module it imports the root
// package, internal/stix, internal/store and internal/http (whose
// Authenticator it implements).
package auth
