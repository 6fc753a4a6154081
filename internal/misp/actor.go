package misp

import (
	"sort"
	"strconv"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// intrusionSet converts a value of the threat-actor or 360net galaxy: the
// intrusion set, then the locations and sectors it points at and the
// relationships to them.
func (c *converter) intrusionSet(v *value) error {
	o := &stix.IntrusionSet{Common: c.newCommon("intrusion-set", v), Name: v.Name, Description: v.Description}
	x := custom{Related: v.RelatedRaw}
	o.Aliases, x.AliasClaims = names(v)
	x.Motivations = append(v.list("cfr-type-of-incident"), v.list("motive")...)
	if ms := motivations(x.Motivations); len(ms) > 0 {
		o.PrimaryMotivation, o.SecondaryMotivations = ms[0], ms[1:]
	}
	x.Meta = v.otherMeta("synonyms", "refs")
	x.apply(&o.Common)
	if err := c.emitObject(o); err != nil {
		return err
	}

	// Origin: the country the galaxy gives, and the suspected state sponsor.
	confidence := 0
	if n, err := strconv.Atoi(v.text("attribution-confidence")); err == nil && n >= 0 && n <= 100 {
		confidence = n
	}
	var origins set
	for _, s := range append(v.list("country"), v.list("cfr-suspected-state-sponsor")...) {
		origins.add(countryCode(s))
	}
	for _, code := range origins.list {
		if err := c.toCountry(v, o.ID, "originates-from", code, confidence); err != nil {
			return err
		}
	}

	// Victims: countries, then sectors.
	var victims set
	for _, s := range append(v.list("cfr-suspected-victims"), v.list("suspected-victims")...) {
		victims.add(countryCode(s))
	}
	for _, code := range victims.list {
		if err := c.toCountry(v, o.ID, "targets", code, 0); err != nil {
			return err
		}
	}
	var sectors set
	for _, k := range []string{"cfr-target-category", "targeted-sector", "target-category", "sector"} {
		for _, s := range v.list(k) {
			names := []string{s}
			if en, ok := zhSectors[s]; ok {
				names = en
			}
			for _, n := range names {
				id, err := c.sectorRef(n)
				if err != nil {
					return err
				}
				sectors.add(id)
			}
		}
	}
	for _, id := range sectors.list {
		if err := c.emitOnce(stix.RelationshipID("targets", o.ID, id, "", ""), c.relationship("targets", o.ID, id, v.UUID, 0)); err != nil {
			return err
		}
	}
	c.linkRelated(v, o.ID)
	return nil
}

// attackGroup handles a value of the mitre-intrusion-set galaxy: its
// object is ATT&CK's, so only its links to other galaxies are kept.
func (c *converter) attackGroup(v *value) error {
	if v.Revoked {
		return nil
	}
	id := objectID("intrusion-set", v.UUID)
	for _, r := range v.Related {
		t := strings.ToLower(strings.TrimSpace(r.Type))
		if actorLinks[t] {
			c.links = append(c.links, link{index: v.index, source: id, sourceUUID: v.UUID, relType: t,
				dest: r.Dest, confidence: likelihood(r.Tags)})
		}
	}
	return nil
}

// toCountry emits the location of the country with the given code and a
// relationship to it.
func (c *converter) toCountry(v *value, source, relType, code string, confidence int) error {
	loc := countryLocation(code, "")
	if err := c.emitCountry(loc); err != nil {
		return err
	}
	rel := c.relationship(relType, source, loc.ID, v.UUID, confidence)
	return c.emitOnce(rel.ID, rel)
}

// names gathers an actor's aliases and the claims of who gave each name.
// The value's own name is not an alias, but it gets a claim when the file
// says who gave it.
func names(v *value) ([]string, []aliasClaim) {
	var aliases []string
	isAlias := map[string]bool{}
	addAlias := func(n string) {
		if n != "" && n != v.Name && !isAlias[n] {
			isAlias[n] = true
			aliases = append(aliases, n)
		}
	}
	for _, n := range v.list("synonyms") {
		addAlias(n)
	}

	type key struct{ name, by, ref string }
	var claims []aliasClaim
	seen := map[key]bool{}
	claimed := map[string]bool{}
	claim := func(name, by, ref string) {
		if name == "" || seen[key{name, by, ref}] {
			return
		}
		seen[key{name, by, ref}] = true
		claimed[name] = true
		claims = append(claims, aliasClaim{Name: name, NamedBy: by, NamedByRef: ref})
	}
	for _, a := range v.list("name-attribution") {
		name, ref := a, ""
		if i := strings.LastIndexByte(a, ':'); i >= 0 && isUUID(strings.ToLower(strings.TrimSpace(a[i+1:]))) {
			name = strings.TrimSpace(a[:i])
			ref = objectID("identity", strings.ToLower(strings.TrimSpace(a[i+1:])))
		}
		addAlias(name)
		claim(name, "", ref)
	}
	// Qihoo 360 writes its names as "<Chinese name> - APT-C-NN": both
	// halves are names of the group, and APT-C-NN is 360's own.
	if i := strings.LastIndex(v.Name, " - "); i > 0 && isAPTC(strings.TrimSpace(v.Name[i+3:])) {
		zh, code := strings.TrimSpace(v.Name[:i]), strings.TrimSpace(v.Name[i+3:])
		addAlias(zh)
		addAlias(code)
		claim(code, "Qihoo 360", "")
		claim(zh, "Qihoo 360", "")
	}
	var origins []string
	for k := range v.Meta {
		if strings.HasPrefix(k, "origin:") {
			origins = append(origins, k)
		}
	}
	sort.Strings(origins)
	for _, k := range origins {
		name := strings.TrimSpace(strings.TrimPrefix(k, "origin:"))
		addAlias(name)
		claim(name, v.text(k), "")
	}
	// Every other alias is claimed by the galaxy without a name-giver.
	for _, a := range aliases {
		if !claimed[a] {
			claim(a, "", "")
		}
	}
	return aliases, claims
}

// isAPTC reports whether s is one of Qihoo 360's APT-C-NN names.
func isAPTC(s string) bool {
	rest, ok := strings.CutPrefix(s, "APT-C-")
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// motivations maps the galaxy's incident types and motives onto the STIX
// attack-motivation-ov vocabulary, in order, without duplicates.
func motivations(originals []string) []string {
	var out []string
	for _, s := range originals {
		s = strings.ToLower(s)
		var m []string
		if strings.Contains(s, "espionage") {
			m = append(m, "organizational-gain")
		}
		if strings.Contains(s, "financ") || strings.Contains(s, "cybercrime") || strings.Contains(s, "extortion") ||
			strings.Contains(s, "business email") || strings.Contains(s, "theft") || strings.Contains(s, "fraud") {
			m = append(m, "personal-gain")
		}
		if strings.Contains(s, "hacktivis") || strings.Contains(s, "nationalis") || strings.Contains(s, "defacement") ||
			strings.Contains(s, "ideolog") {
			m = append(m, "ideology")
		}
		if strings.Contains(s, "sabotage") || strings.Contains(s, "destruct") || strings.Contains(s, "denial of service") {
			m = append(m, "dominance")
		}
		for _, x := range m {
			if !contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}

// likelihood turns an estimative-language tag into a STIX confidence,
// following the WEP scale of STIX 2.1 appendix A; 0 when there is none.
func likelihood(tags []string) int {
	for _, t := range tags {
		i := strings.Index(t, "likelihood-probability=")
		if i < 0 {
			continue
		}
		switch strings.Trim(t[i+len("likelihood-probability="):], `"`) {
		case "almost-no-chance", "remote":
			return 5
		case "very-unlikely", "highly-improbable":
			return 15
		case "unlikely", "improbable":
			return 30
		case "roughly-even-chance", "roughly-even-odds":
			return 50
		case "likely", "probable":
			return 70
		case "very-likely", "highly-probable":
			return 85
		case "almost-certain", "nearly-certain":
			return 95
		}
	}
	return 0
}

// noSector lists catalogue entries that name no sector.
var noSector = map[string]bool{"unknown": true, "other": true, "multisector": true, "country": true}

// sectorRef returns the id of the sector a name refers to, emitting the
// sector's identity the first time: the taxonomy's own object when
// telltale.ResolveSector knows the name, else a sector identity of the
// galaxy. "" for names that are no sector.
func (c *converter) sectorRef(name string) (string, error) {
	if noSector[telltale.Fold(name)] || telltale.Fold(name) == "" {
		return "", nil
	}
	if s, ok := telltale.ResolveSector(name); ok {
		return s.ID, c.emitTaxonomy(s)
	}
	o := sectorIdentity(name)
	return o.ID, c.emitOnce(o.ID, o)
}

// set is a list of distinct non-empty strings in the order first added.
type set struct {
	list []string
	has  map[string]bool
}

func (s *set) add(e string) {
	if e == "" || s.has[e] {
		return
	}
	if s.has == nil {
		s.has = map[string]bool{}
	}
	s.has[e] = true
	s.list = append(s.list, e)
}
