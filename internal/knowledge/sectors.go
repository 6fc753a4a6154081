package knowledge

import (
	"github.com/telltale-cti/telltale"
)

// The sector taxonomy is the root package's (telltale.Sectors and the
// rest, from its sectors.json); these are its functions under the names
// the knowledge layer's callers know.

// Sectors returns the whole taxonomy in display order (telltale.Sectors).
func Sectors() []telltale.Sector { return telltale.Sectors() }

// SectorByKey returns the sector with the given key (telltale.SectorByKey).
func SectorByKey(key string) (telltale.Sector, bool) { return telltale.SectorByKey(key) }

// SectorByID returns the sector whose STIX identity has the given id
// (telltale.SectorByID).
func SectorByID(id string) (telltale.Sector, bool) { return telltale.SectorByID(id) }

// ResolveSector finds the sector a name refers to (telltale.ResolveSector).
func ResolveSector(name string) (telltale.Sector, bool) { return telltale.ResolveSector(name) }

// Descendants returns key followed by the keys of all the sectors below it
// (telltale.Descendants).
func Descendants(key string) []string { return telltale.Descendants(key) }

// Ancestors returns the keys above key, nearest first (telltale.Ancestors).
func Ancestors(key string) []string { return telltale.Ancestors(key) }

// SectorSTIXValue returns the industry-sector-ov value that applies to the
// sector (telltale.SectorSTIXValue).
func SectorSTIXValue(key string) string { return telltale.SectorSTIXValue(key) }

// SectorPhrase is a way of naming a sector specific enough to look for in
// free text (telltale.SectorPhrase).
type SectorPhrase = telltale.SectorPhrase

// SectorPhrases returns the names and aliases to look for in free text
// (telltale.SectorPhrases).
func SectorPhrases() []SectorPhrase { return telltale.SectorPhrases() }

// SectorEntries returns the sector phrases as extractor dictionary entries.
func SectorEntries() []telltale.NameEntry {
	var out []telltale.NameEntry
	for _, p := range SectorPhrases() {
		sec, _ := SectorByKey(p.Key)
		out = append(out, telltale.NameEntry{Kind: telltale.KindSector, Name: p.Phrase, Canonical: sec.Name, ID: p.Key, ListOnly: p.ListOnly})
	}
	return out
}
