package geo

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// Country is one row of countries.tsv.
type Country struct {
	Code      string   // ISO 3166-1 alpha-2, upper case ("XK" for Kosovo)
	Name      string   // English short name, the name of its STIX location
	Names     []string // other names and spellings prose and data use
	Demonyms  []string // demonyms and adjectives
	DataNames []string // forms only data files use, never matched in prose
}

// Region is one row of regions.tsv.
type Region struct {
	Name       string   // the name of its STIX location
	Names      []string // other names and abbreviations
	Adjectives []string
	STIX       string // its STIX location's region: a region-ov value, or a term of our own
}

var (
	//go:embed countries.tsv
	countriesTSV string
	//go:embed regions.tsv
	regionsTSV string
)

type tables struct {
	countries []Country
	regions   []Region
	byCode    map[string]int
	byName    map[string]int // country name → index in countries
	regionAt  map[string]int // region name → index in regions
}

// load parses the embedded tables once. A malformed table is a build
// defect (the tests parse it), hence the panic.
var load = sync.OnceValue(func() *tables {
	t := &tables{byCode: map[string]int{}, byName: map[string]int{}, regionAt: map[string]int{}}
	for _, f := range rows(countriesTSV, 5) {
		c := Country{Code: f[0], Name: f[1], Names: list(f[2]), Demonyms: list(f[3]), DataNames: list(f[4])}
		if len(c.Code) != 2 || strings.ToUpper(c.Code) != c.Code || c.Name == "" {
			panic(fmt.Sprintf("geo: countries.tsv: bad row %q", f))
		}
		if _, dup := t.byCode[c.Code]; dup {
			panic("geo: countries.tsv: duplicate code " + c.Code)
		}
		t.byCode[c.Code] = len(t.countries)
		t.byName[c.Name] = len(t.countries)
		t.countries = append(t.countries, c)
	}
	for _, f := range rows(regionsTSV, 4) {
		if f[0] == "" || f[3] == "" || strings.ToLower(f[3]) != f[3] || strings.ContainsAny(f[3], " _") {
			panic(fmt.Sprintf("geo: regions.tsv: bad row %q", f))
		}
		t.regionAt[f[0]] = len(t.regions)
		t.regions = append(t.regions, Region{Name: f[0], Names: list(f[1]), Adjectives: list(f[2]), STIX: f[3]})
	}
	return t
})

// rows splits a table into its lines of n tab-separated fields, skipping
// blank lines and "#" comments.
func rows(table string, n int) [][]string {
	var out [][]string
	for _, line := range strings.Split(table, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != n {
			panic(fmt.Sprintf("geo: %d fields, want %d: %q", len(f), n, line))
		}
		out = append(out, f)
	}
	return out
}

func list(field string) []string {
	if field == "" {
		return nil
	}
	return strings.Split(field, "|")
}

// Countries returns every country, by code. The slice is shared: callers
// must not modify it.
func Countries() []Country { return load().countries }

// Regions returns every region, in the table's order. The slice is shared:
// callers must not modify it.
func Regions() []Region { return load().regions }

// CountryByCode returns the country with the given ISO 3166-1 alpha-2 code
// (either case).
func CountryByCode(code string) (Country, bool) {
	t := load()
	return at(t.countries, t.byCode, strings.ToUpper(code))
}

// CountryByName returns the country whose name (the name of its STIX
// location, as Country.Name) is name.
func CountryByName(name string) (Country, bool) {
	t := load()
	return at(t.countries, t.byName, name)
}

// RegionByName returns the region whose name (the name of its STIX
// location, as Region.Name) is name.
func RegionByName(name string) (Region, bool) {
	t := load()
	return at(t.regions, t.regionAt, name)
}

// at returns the row of list that index gives key.
func at[T any](list []T, index map[string]int, key string) (T, bool) {
	i, ok := index[key]
	if !ok {
		var zero T
		return zero, false
	}
	return list[i], true
}

// Spellings returns the ways a data file may name the country where a
// country is expected: its name, other names and data forms (demonyms
// excluded: "Chinese" in a list of victims may be a language).
func (c Country) Spellings() []string {
	out := make([]string, 0, 1+len(c.Names)+len(c.DataNames))
	out = append(out, c.Name)
	out = append(out, c.Names...)
	return append(out, c.DataNames...)
}
