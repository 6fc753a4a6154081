// Package api serves the REST JSON API under /api/v1/ and builds the views
// the web pages render: one code path builds the data, the API and the
// pages only render it.
//
// Handlers depend on the root service interfaces (telltale.ObjectService,
// telltale.KnowledgeService), never on the store.
package api
