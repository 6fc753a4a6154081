// Package telltale holds the domain of the Telltale threat-intelligence
// platform: the types every other package speaks (objects, actors, sectors,
// landscapes, reports, claims), the service interfaces that the store and the
// knowledge layer implement, and the one error shape shared by the CLI, the
// web pages and the APIs.
//
// This package imports only the standard library. Implementations live under
// internal/ and are wired together in cmd/telltale.
package telltale
