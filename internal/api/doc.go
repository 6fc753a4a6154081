// Package api serves the REST JSON API under /api/v1/ and builds the views
// the web pages render: one code path builds the data, the API and the
// pages only render it.
//
// Handlers depend on the root service interfaces (telltale.ObjectService,
// telltale.KnowledgeService), never on the store: of the module the package
// may import the root package, internal/stix, internal/http and
// internal/memo (write
// statuses, audit entries, collections and the draft review's records are
// root types, and so are the user and the visibility rule; DraftService is
// the review the program wires). The interfaces the handlers need beyond
// the root's are declared here, where they are used, and the program wires
// them: Accounts (users, tokens, sessions and the audit log; the auth
// service), AdminStore (write statuses, audit entries, collections; the
// store), DraftService and DocumentReader (the extractor's readers). The
// views computed from the store (landscapes, object views) are kept per
// state of the store and viewer in internal/memo, the one memo the
// handlers share.
package api
