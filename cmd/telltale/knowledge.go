package main

import (
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/store"
)

// newImporter returns the importer the program uses.
func newImporter(db *store.DB) *importer.Importer {
	return &importer.Importer{Store: db}
}
