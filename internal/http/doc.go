// Package http owns the HTTP server every Telltale endpoint runs in: the
// listener, the middleware chain (recovery, logging, security headers,
// cross-origin and CSRF protection, authentication), the one table that
// turns telltale error codes into HTTP statuses, and the JSON helpers the
// APIs share.
//
// Packages that serve routes (internal/web, internal/api, internal/taxii)
// register them on anything with a Handle method (Mux); they never see the
// listener. Authentication is pluggable: the auth package implements
// Authenticator, and handlers read the recognised user, the root
// package's User, with telltale.UserFromContext.
//
// This package must not import the store, the knowledge layer or any
// package that serves routes: of the module it imports only the root
// package.
package http
