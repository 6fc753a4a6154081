// Package knowledge owns what Telltale knows before any import and how names
// meet: the folded key that links names (Fold), the sector taxonomy
// (Sectors, ResolveSector, SectorObjects) and the embedded starter bundle of
// actors known to attack the communication sector (StarterBundle).
//
// It may import only the standard library and the root and internal/stix
// packages; it must not import the store or any HTTP code, so the extractor
// and the importer can both use its dictionaries. Not true yet: the actor
// suggestions and the dictionaries built for them import internal/extract
// (the allowlist of internal/layering's test, which may only shrink).
package knowledge
