package misp

import (
	"strings"
	"sync"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/geo"
	"github.com/telltale-cti/telltale/internal/stix"
)

// malware converts a Malpedia value: a malware family.
func (c *converter) malware(v *value) error {
	family := true
	o := &stix.Malware{Common: c.newCommon("malware", v), Name: v.Name, Description: v.Description, IsFamily: &family}
	o.Aliases, _ = names(v)
	custom{Meta: v.otherMeta("synonyms", "refs"), Related: v.RelatedRaw}.apply(&o.Common)
	if err := c.emitObject(o); err != nil {
		return err
	}
	c.linkRelated(v, o.ID)
	return nil
}

// producer converts a producer value: the organization that gives names to
// actors, whose id name-attribution entries point at.
func (c *converter) producer(v *value) error {
	o := &stix.Identity{Common: c.newCommon("identity", v), Name: v.Name, Description: v.Description, IdentityClass: "organization"}
	o.ExternalReferences = c.references(v, "official-refs", "refs")
	var aliases set
	for _, k := range []string{"synonyms", "synomyms"} {
		for _, s := range v.list(k) {
			if s != v.Name {
				aliases.add(s)
			}
		}
	}
	custom{OpenCTIAliases: aliases.list, Meta: v.otherMeta("synonyms", "synomyms", "refs", "official-refs"), Related: v.RelatedRaw}.apply(&o.Common)
	return c.emitObject(o)
}

// sector converts a value of the sector galaxy: the taxonomy node its name
// (or one of its synonyms) resolves to, else a sector identity of its own.
func (c *converter) sector(v *value) error {
	if noSector[telltale.Fold(v.Name)] {
		return nil
	}
	for _, n := range append([]string{v.Name}, v.list("synonyms")...) {
		if s, ok := telltale.ResolveSector(n); ok {
			return c.emitTaxonomy(s)
		}
	}
	o := sectorIdentity(v.Name)
	return c.emitOnce(o.ID, o)
}

// sectorIdentity is the identity of a sector the taxonomy does not know.
// It depends on the name alone, so every file that names the sector emits
// the same object.
func sectorIdentity(name string) *stix.Identity {
	return &stix.Identity{
		Common:        stix.NewCommon("identity", stix.IdentityID(name, "class"), MISPID, Epoch, Epoch),
		Name:          name,
		IdentityClass: "class",
	}
}

// emitTaxonomy emits the taxonomy's own object for a sector (and, first,
// the Telltale identity that authors it), once per file.
func (c *converter) emitTaxonomy(s telltale.Sector) error {
	if err := c.emitTelltale(); err != nil {
		return err
	}
	if c.seen[s.ID] {
		return nil
	}
	raw, ok := telltale.SectorObject(s.Key)
	if !ok {
		return nil
	}
	c.seen[s.ID] = true
	return c.emitRaw(raw)
}

// emitTelltale emits the Telltale identity, author of the shared reference
// objects, once per file.
func (c *converter) emitTelltale() error {
	if c.seen[telltale.TelltaleID] {
		return nil
	}
	c.seen[telltale.TelltaleID] = true
	return c.emitRaw(telltale.TelltaleIdentity())
}

// country converts a value of the country galaxy: the country's location.
func (c *converter) country(v *value) error {
	code := strings.ToUpper(v.text("ISO"))
	if code == "" {
		code = countryCode(v.Name)
	}
	if code == "" {
		return c.valueError(v, `meta "ISO": required, the country's ISO 3166 code`)
	}
	return c.emitCountry(countryLocation(code, v.Description))
}

// valueError rejects a value that passed the generic checks but cannot be
// converted.
func (c *converter) valueError(v *value, reason string) error {
	e := &ValueError{File: c.name, Index: v.index, UUID: v.UUID, Reason: reason}
	if c.reject == nil {
		return e
	}
	c.reject(e)
	return nil
}

// emitCountry emits a country location (after the Telltale identity that
// authors it), once per file.
func (c *converter) emitCountry(loc *stix.Location) error {
	if c.seen[loc.ID] {
		return nil
	}
	if err := c.emitTelltale(); err != nil {
		return err
	}
	return c.emitOnce(loc.ID, loc)
}

// countryLocation is the location of a country: a reference object shared
// by every source, so it is Telltale's, in the form the knowledge package
// ships (its starter bundle has the same objects byte for byte) and
// ingestion makes for a country a report names (stix.NewPlace). It depends
// on the code alone (name is used only for codes package geo lacks).
func countryLocation(code, name string) *stix.Location {
	if c, ok := geo.CountryByCode(code); ok {
		name = c.Name
	}
	if name == "" {
		name = code
	}
	return stix.NewPlace("Country", name, code, telltale.TelltaleID, telltale.Epoch)
}

// countryCode finds the ISO 3166 code of a country named by code or by one
// of its spellings in package geo (the UN forms CFR uses such as "Iran
// (Islamic Republic of)", codes that are not ISO, the Chinese names of the
// 360.net galaxy); "" when s names no country (regions, organizations...).
func countryCode(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		if c, ok := geo.CountryByCode(s); ok {
			return c.Code
		}
	}
	return countrySpellings()[telltale.Fold(s)]
}

// countrySpellings maps the folded spellings of every country to its code.
var countrySpellings = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, c := range geo.Countries() {
		for _, s := range c.Spellings() {
			m[telltale.Fold(s)] = c.Code
		}
	}
	return m
})
