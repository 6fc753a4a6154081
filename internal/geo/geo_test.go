package geo

import (
	"strings"
	"testing"
)

func TestTables(t *testing.T) {
	cs := Countries()
	if len(cs) < 249 {
		t.Fatalf("%d countries; ISO 3166-1 has 249", len(cs))
	}
	// Every spelling names one place: a name shared by two countries, or
	// by a country and a region, would give text two locations to link.
	owner := map[string]string{}
	claim := func(form, who string) {
		k := strings.ToLower(form)
		if prev, ok := owner[k]; ok && prev != who {
			t.Errorf("%q names both %s and %s", form, prev, who)
		}
		owner[k] = who
	}
	for i, c := range cs {
		if i > 0 && cs[i-1].Code >= c.Code {
			t.Errorf("%s after %s: the table is not sorted by code", c.Code, cs[i-1].Code)
		}
		for _, f := range append(append(c.Spellings(), c.Demonyms...), c.Code) {
			if f == "" || strings.TrimSpace(f) != f {
				t.Errorf("%s: empty or padded form %q", c.Code, f)
			}
			claim(f, c.Code)
		}
	}
	for _, r := range Regions() {
		for _, f := range append(append([]string{r.Name}, r.Names...), r.Adjectives...) {
			claim(f, r.Name)
		}
	}
}

func TestCountryByCode(t *testing.T) {
	for code, want := range map[string]string{"MO": "Macao", "cz": "Czechia", "TR": "Turkey", "KR": "South Korea", "XK": "Kosovo", "GB": "United Kingdom"} {
		c, ok := CountryByCode(code)
		if !ok || c.Name != want {
			t.Errorf("CountryByCode(%q) = %q, %v; want %q", code, c.Name, ok, want)
		}
	}
	if c, ok := CountryByCode("EU"); ok {
		t.Errorf("CountryByCode(EU) = %q; EU is not a country", c.Name)
	}
}
