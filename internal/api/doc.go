// Package api serves the REST JSON API under /api/v1/ and builds the views
// the web pages render: one code path builds the data, the API and the
// pages only render it.
//
// Handlers depend on the root service interfaces (telltale.ObjectService,
// telltale.KnowledgeService), never on the store: of the module the package
// may import the root package, internal/stix and internal/http (write
// statuses, audit entries, collections and the draft review's records are
// root types, and so are the user and the visibility rule; DraftService is
// the review the program wires). Not true yet: the admin handlers import
// internal/auth to manage users and tokens (its Service), and the
// suggestion handler internal/extract; the allowlist of internal/layering's
// test names each of these imports and may only shrink (issue #15).
package api
