// Package knowledge owns what Telltale knows before any import and how names
// meet: the folded key that links names (Fold), the sector taxonomy
// (Sectors, ResolveSector, SectorObjects) and the embedded starter bundle of
// actors known to attack the communication sector (StarterBundle).
//
// It imports only the standard library and the root and internal/stix
// packages; it must not import the store or any HTTP code, so the extractor
// and the importer can both use its dictionaries.
package knowledge
