// Package client is a TAXII 2.1 client: discovery, API roots, collections
// and paged object reads, enough to pull a collection from another server
// and resume where the last pull stopped.
//
// It must not import the store; cmd/telltale wires what it reads into the
// importer. Of the module it imports the root package and internal/fetch.
package client
