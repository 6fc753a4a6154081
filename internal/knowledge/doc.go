// Package knowledge owns what Telltale knows before any import and how names
// meet: the folded key that links names (Fold) and the sector taxonomy
// (Sectors, ResolveSector: the root package's, under the names its callers
// know), the taxonomy as STIX (SectorObjects) and the embedded starter
// bundle of actors known to attack the communication sector
// (StarterBundle). Its
// Service computes from the store, once per state of it and viewer, the
// domain views: actor clusters, sector landscapes, the lists, their
// exports (STIX bundles, ATT&CK Navigator layers) and actor suggestions,
// and keeps them in the store's knowledge cache for other processes.
//
// It may import only the standard library and the root and internal/stix
// packages; it reads the store through its Store interface and must not
// import internal/store or any HTTP code. Not true yet: the actor
// suggestions and the dictionaries built for them import internal/extract
// (the allowlist of internal/layering's test, which may only shrink).
package knowledge
