// Package fetch is Telltale's client for outbound HTTP fetches (reports,
// feeds, TAXII servers named by a user). It enforces the outbound rules of
// the design: a fetch never reaches a private, loopback, link-local,
// unspecified or multicast address unless AllowPrivate is set. The check runs
// at dial time on the resolved IP address, so a host name that resolves (or
// re-resolves, as in DNS rebinding) to an internal address is refused as
// well, and so is every redirect hop.
//
// Bodies are capped (MaxBytes), requests time out (Timeout) and redirects
// are limited (MaxRedirects). Every error names the URL and the reason.
//
// This package imports only the standard library.
package fetch
