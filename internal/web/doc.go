// Package web serves Telltale's pages: server-rendered html/template pages
// over the same views the JSON API serves (internal/api builds them), with
// embedded CSS and a little hand-written JavaScript. No build step, nothing
// fetched from outside: every asset is embedded and served under a
// content-hash URL.
//
// Handlers depend on the root service interfaces through api.Views, never
// on the store: of the module the package imports only the root package,
// internal/http, internal/api and internal/geo (the country table the
// sector page's map is drawn from); never the store, the importer, the
// knowledge layer or internal/auth. Rendered HTML is all it caches; the
// views themselves are kept by api. Everything that came from data is
// escaped by html/template; Markdown is rendered without raw HTML, images
// or dangerous links.
package web
