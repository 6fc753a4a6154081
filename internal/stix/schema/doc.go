// Package schema validates STIX 2.1 objects against the OASIS STIX 2.1 JSON
// schemas (oasis-open/cti-stix2-json-schemas), loaded from a local
// directory. It is a test and export-checking aid: stix.Validate is the
// validation Telltale runs on import; this package checks that what
// Telltale writes passes the reference schemas too.
//
// The schemas name each other by absolute $id URLs
// (http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/...)
// and refer to each other relatively ("../common/core.json"); Load registers
// every file under its own $id, so every reference resolves to a local file
// and nothing is fetched from the network.
//
// It depends on github.com/santhosh-tekuri/jsonschema/v6 and on
// internal/stix for streaming bundles, and on nothing else of Telltale.
package schema
