package telltale

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

//go:embed sectors.json
var sectorsJSON []byte

// sectorEntry is one line of sectors.json.
type sectorEntry struct {
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	ID          string   `json:"id"` // internal/stix's IdentityID(Name, "class"), which the tests check
	Parent      string   `json:"parent"`
	STIX        string   `json:"stix"`         // industry-sector-ov value naming this node
	GenericName bool     `json:"generic_name"` // name too common a word for free text
	Aliases     []string `json:"aliases"`
	Labels      []string `json:"labels"` // resolve exactly, never looked for in free text
	// ListWords name the sector in free text only inside a list of
	// sectors or before a word such as "sector" or "companies":
	// "financial" in "the financial, energy and health sectors".
	ListWords   []string `json:"list_words"`
	Description string   `json:"description"`
}

// taxonomy is the parsed, checked sector tree.
type taxonomy struct {
	entries  []sectorEntry
	sectors  []Sector // file order: each parent before its children
	byKey    map[string]int
	byID     map[string]int
	byFold   map[string]int // folded key, name, alias or label → index
	children map[string][]string
}

var loadTaxonomy = sync.OnceValue(func() *taxonomy {
	t, err := parseTaxonomy(sectorsJSON)
	if err != nil {
		// The file is embedded and checked by the tests: this is a build bug.
		panic("telltale: sectors.json: " + err.Error())
	}
	return t
})

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// parseTaxonomy decodes and checks a taxonomy: keys are slugs and unique,
// names unique, parents defined before their children (so the tree has no
// cycles), and no key, name, alias or label folds onto two different sectors.
func parseTaxonomy(data []byte) (*taxonomy, error) {
	var file struct {
		Sectors []sectorEntry `json:"sectors"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, err
	}
	t := &taxonomy{
		entries:  file.Sectors,
		byKey:    make(map[string]int),
		byID:     make(map[string]int),
		byFold:   make(map[string]int),
		children: make(map[string][]string),
	}
	ids := make(map[string]string) // id → key
	for i, e := range file.Sectors {
		switch {
		case !slugRE.MatchString(e.Key):
			return nil, fmt.Errorf("sector %d: key %q is not a slug", i, e.Key)
		case e.Name == "":
			return nil, fmt.Errorf("sector %q: no name", e.Key)
		}
		if _, dup := t.byKey[e.Key]; dup {
			return nil, fmt.Errorf("sector %q: duplicate key", e.Key)
		}
		if !strings.HasPrefix(e.ID, "identity--") {
			return nil, fmt.Errorf("sector %q: no identity id", e.Key)
		}
		if other, dup := ids[e.ID]; dup {
			return nil, fmt.Errorf("sectors %q and %q: same id %q (same name %q?)", other, e.Key, e.ID, e.Name)
		}
		ids[e.ID] = e.Key
		if e.Parent != "" {
			if _, ok := t.byKey[e.Parent]; !ok {
				return nil, fmt.Errorf("sector %q: parent %q is not defined before it", e.Key, e.Parent)
			}
			t.children[e.Parent] = append(t.children[e.Parent], e.Key)
		}
		t.byKey[e.Key] = i

		aliases := slices.Concat(e.Aliases, e.Labels)
		for _, n := range slices.Concat([]string{e.Key, e.Name}, aliases, e.ListWords) {
			f := Fold(n)
			if f == "" {
				return nil, fmt.Errorf("sector %q: name %q folds to nothing", e.Key, n)
			}
			if j, ok := t.byFold[f]; ok && j != i {
				return nil, fmt.Errorf("%q is ambiguous: it names both sector %q and sector %q", n, file.Sectors[j].Key, e.Key)
			}
			t.byFold[f] = i
		}
		t.byID[e.ID] = i
		t.sectors = append(t.sectors, Sector{
			ID:          e.ID,
			Key:         e.Key,
			Name:        e.Name,
			Parent:      e.Parent,
			Aliases:     aliases,
			Description: e.Description,
		})
	}
	return t, nil
}

func cloneSector(s Sector) Sector {
	s.Aliases = slices.Clone(s.Aliases)
	return s
}

// Sectors returns the whole taxonomy in display order: top-level sectors as
// listed in sectors.json, each followed by its descendants. The slice is a
// copy the caller may change.
func Sectors() []Sector {
	t := loadTaxonomy()
	out := make([]Sector, len(t.sectors))
	for i, s := range t.sectors {
		out[i] = cloneSector(s)
	}
	return out
}

// SectorByKey returns the sector with the given key (exact, no folding).
func SectorByKey(key string) (Sector, bool) {
	t := loadTaxonomy()
	i, ok := t.byKey[key]
	if !ok {
		return Sector{}, false
	}
	return cloneSector(t.sectors[i]), true
}

// SectorByID returns the sector whose STIX identity has the given id, as
// written by SectorObjects. Sector identities from other sources have other
// ids: resolve those by name with ResolveSector.
func SectorByID(id string) (Sector, bool) {
	t := loadTaxonomy()
	i, ok := t.byID[id]
	if !ok {
		return Sector{}, false
	}
	return cloneSector(t.sectors[i]), true
}

// ResolveSector finds the sector a name refers to: its key, display name, an
// alias or a catalogue label, compared by Fold, so "Telecoms", "telecom
// operators", "IT - ISP" and "industry-sector-ov" values such as
// "financial-services" all resolve.
func ResolveSector(name string) (Sector, bool) {
	t := loadTaxonomy()
	i, ok := t.byFold[Fold(name)]
	if !ok {
		return Sector{}, false
	}
	return cloneSector(t.sectors[i]), true
}

// Descendants returns key followed by the keys of all the sectors below it,
// depth first in display order; nil when key is unknown. "Attackers of a
// sector" are the actors that target any of these.
func Descendants(key string) []string {
	t := loadTaxonomy()
	if _, ok := t.byKey[key]; !ok {
		return nil
	}
	var out []string
	var walk func(string)
	walk = func(k string) {
		out = append(out, k)
		for _, c := range t.children[k] {
			walk(c)
		}
	}
	walk(key)
	return out
}

// Ancestors returns the keys above key, nearest first: its parent, the
// parent's parent, up to the top-level sector. It does not include key
// itself, and is empty for a top-level or unknown key.
func Ancestors(key string) []string {
	t := loadTaxonomy()
	var out []string
	for i, ok := t.byKey[key]; ok; i, ok = t.byKey[t.sectors[i].Parent] {
		if p := t.sectors[i].Parent; p != "" {
			out = append(out, p)
		}
	}
	return out
}

// SectorSTIXValue returns the STIX 2.1 industry-sector-ov value that applies
// to the sector: its own, else its nearest ancestor's; "" when none applies
// (media, civil society, environment...).
func SectorSTIXValue(key string) string {
	t := loadTaxonomy()
	for i, ok := t.byKey[key]; ok; i, ok = t.byKey[t.entries[i].Parent] {
		if v := t.entries[i].STIX; v != "" {
			return v
		}
	}
	return ""
}

// SectorPhrase is a way of naming a sector that is specific enough to look
// for in free text. A ListOnly phrase names it only inside a list of
// sectors or before a sector noun ("defense contractors").
type SectorPhrase struct {
	Phrase   string
	Key      string
	ListOnly bool
}

// SectorPhrases returns the names and aliases to look for in free text,
// longest first (so "telecom operators" wins over "operators"-like shorter
// matches), then alphabetically. Catalogue labels ("Other", "IT",
// "Intelligence") are left out, and names too common to mean a sector on
// their own ("Communication", "Defense", "Government") and list words
// ("financial") are ListOnly; ResolveSector knows them all.
func SectorPhrases() []SectorPhrase {
	t := loadTaxonomy()
	var out []SectorPhrase
	for _, e := range t.entries {
		out = append(out, SectorPhrase{e.Name, e.Key, e.GenericName})
		for _, a := range e.Aliases {
			out = append(out, SectorPhrase{a, e.Key, false})
		}
		for _, w := range e.ListWords {
			out = append(out, SectorPhrase{w, e.Key, true})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].Phrase) != len(out[j].Phrase) {
			return len(out[i].Phrase) > len(out[j].Phrase)
		}
		return out[i].Phrase < out[j].Phrase
	})
	return out
}
