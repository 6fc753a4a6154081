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
// import internal/store or any HTTP code. It reads texts (for actor
// suggestions) through the root package's TextReader, which the wiring
// gives it (Options.Reader: internal/extract's Reader), and never imports
// the extractor.
package knowledge
