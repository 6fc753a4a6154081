// Package telltale holds the domain of the Telltale threat-intelligence
// platform: the types every other package speaks (objects, actors, sectors,
// landscapes, reports, claims), the service interfaces that the store and the
// knowledge layer implement, the one error shape shared by the CLI, the
// web pages and the APIs, the one user (user.go: role, clearance, the
// context that carries it) and the one visibility rule every read path
// applies (tlp.go: TLP levels and markings, CanSee; visible.go: lists
// and relationship ends; scan.go reads markings without decoding whole
// objects), the one name folding (fold.go: Fold), and Telltale's
// reference data: the sector taxonomy (taxonomy.go, from sectors.json)
// and the identities of the sectors and of Telltale, which authors them
// (reference.go), so that the knowledge layer and the MISP converter emit
// them alike.
//
// This package imports only the standard library. Implementations live under
// internal/ and are wired together in cmd/telltale.
package telltale
