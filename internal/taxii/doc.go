// Package taxii serves the store as a TAXII 2.1 server under /taxii2/:
// discovery, one API root, collections (everything the caller may read,
// one per sector, and the ones an admin defines), objects with paging over
// the store's monotonic sequence, manifests, versions, envelope POSTs with
// status resources, and DELETE where a collection allows it.
//
// It reads through its Store interface and writes through its Importer
// (internal/importer's pipeline in the program, so an envelope is
// validated, versioned and counted as a file is), both declared here and
// satisfied by the packages the program wires in. Every object it serves
// is shown to the caller, a telltale.User, through its ShowService (the
// rule of the object API: internal/auth's in the program). The sector
// collections' object ids are kept per state of the store in a memo
// (internal/memo). Of the module it imports the root package,
// internal/stix, internal/http and internal/memo, never internal/web,
// internal/api, the store, the importer or internal/auth.
package taxii
