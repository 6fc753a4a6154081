// Package importer reads STIX 2.1 bundles, MISP galaxy cluster files and
// other supported formats, recognises which is which, and stores their
// objects in one transaction per file: all or nothing.
//
// Source adapters (internal/misp; ATT&CK ships STIX and needs none) turn
// their formats into STIX objects; this package owns the pipeline around
// them: detection, validation, deduplication and versioning, counts and
// error reports. It is the one write pipeline for objects: files, uploads,
// URLs, TAXII pulls and accepted drafts come through Import, the objects of
// a TAXII POST (already split from their envelope) through ImportObjects.
// Problems with the input are told from the store failing by their types
// (errors.As), never by their messages. Of the module it imports the root
// package, internal/stix, internal/store (it writes in the store's
// transactions) and its adapters (internal/misp); never the knowledge
// layer, which the program refreshes after a commit (AfterCommit), nor
// any package that serves routes.
package importer
