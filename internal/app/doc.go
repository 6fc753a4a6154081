// Package app builds the application: the one construction path of every
// process (serve, the other commands) and of the test fixtures
// (internal/knowledge/knowledgetest). Open takes a Config, in which
// cmd/telltale turns its flags and environment, and returns the store,
// the one knowledge service every reader of the process shares, the
// importer that feeds it and, for a server, the accounts service and the
// visibility-filtered object service; it creates and migrates a new
// SQLite database, refuses an existing one whose schema is behind unless
// told to migrate, and loads the built-in starter knowledge into an
// empty one.
//
// It may import the root package, store, importer, knowledge, extract
// (the text reader the knowledge reads with) and auth (accounts and
// marking definitions); it must not import the handlers or the HTTP
// layer (api, web, taxii, http), which cmd/telltale composes over what
// Open returns. Only the commands and the test fixtures import it.
package app
