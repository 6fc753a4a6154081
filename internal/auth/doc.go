// Package auth owns who may do what: users with hashed passwords, roles
// (reader, analyst, admin) and clearances, API tokens and web sessions
// stored hashed, login rate limiting, the authenticator the HTTP server
// plugs in, and the one rule deciding whether a user may see an object
// given its TLP markings (CanSee), which every read path applies.
//
// It reads and writes its tables through internal/store and must not
// import any package that serves routes: of the module it imports the root
// package, internal/stix, internal/store and internal/http (whose
// Authenticator it implements).
package auth
