package geo

import (
	"math"
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

func TestTiles(t *testing.T) {
	g := Tiles()
	if len(g.Tiles) != len(Countries()) {
		t.Fatalf("%d tiles for %d countries", len(g.Tiles), len(Countries()))
	}
	cell := map[[2]int]string{}
	for i, tl := range g.Tiles {
		if tl.Code != Countries()[i].Code {
			t.Errorf("tile %d is %s, country %s", i, tl.Code, Countries()[i].Code)
		}
		if tl.Col < 0 || tl.Row < 0 || tl.Col >= g.Cols || tl.Row >= g.Rows {
			t.Errorf("%s at %d,%d outside the %dx%d grid", tl.Code, tl.Col, tl.Row, g.Cols, g.Rows)
		}
		if prev := cell[[2]int{tl.Col, tl.Row}]; prev != "" {
			t.Errorf("%s and %s share cell %d,%d", prev, tl.Code, tl.Col, tl.Row)
		}
		cell[[2]int{tl.Col, tl.Row}] = tl.Code
	}
	if g.Cols > 50 || g.Rows > 30 {
		t.Errorf("a %dx%d grid: too big to read at page width", g.Cols, g.Rows)
	}
	// The map reads as the world: each pair is (west or north, east or south).
	at := func(code string) Tile {
		tl, ok := TileOf(code)
		if !ok {
			t.Fatalf("no tile for %s", code)
		}
		return tl
	}
	for _, p := range [][2]string{{"US", "CN"}, {"FR", "DE"}, {"DE", "PL"}, {"KR", "JP"}, {"IR", "AF"}, {"IN", "MM"}, {"BR", "AO"}, {"GB", "NL"}, {"IL", "IQ"}, {"FJ", "WS"}} {
		if a, b := at(p[0]), at(p[1]); a.Col >= b.Col {
			t.Errorf("%s (column %d) is not west of %s (column %d)", p[0], a.Col, p[1], b.Col)
		}
	}
	for _, p := range [][2]string{{"FI", "EE"}, {"RU", "CN"}, {"US", "MX"}, {"MX", "BR"}, {"TR", "EG"}, {"EG", "ZA"}, {"ID", "AU"}, {"AU", "NZ"}, {"SA", "YE"}} {
		if a, b := at(p[0]), at(p[1]); a.Row >= b.Row {
			t.Errorf("%s (row %d) is not north of %s (row %d)", p[0], a.Row, p[1], b.Row)
		}
	}
	if tl, ok := TileOf("cn"); !ok || tl.Code != "CN" {
		t.Errorf("TileOf(cn) = %+v, %v", tl, ok)
	}
	if _, ok := TileOf("Middle East"); ok {
		t.Error("a region has a tile")
	}
}

func TestWarp(t *testing.T) {
	ws := []warpPoint{{80, 0}, {0, 10}, {-80, 12}}
	for _, c := range []struct{ v, want float64 }{{90, 0}, {80, 0}, {40, 5}, {0, 10}, {-40, 11}, {-90, 12}} {
		if got := warp(c.v, ws); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("warp(%v) = %v, want %v", c.v, got, c.want)
		}
	}
}

func TestByName(t *testing.T) {
	if c, ok := CountryByName("Greece"); !ok || c.Code != "GR" {
		t.Errorf("CountryByName(Greece) = %q, %v; want GR", c.Code, ok)
	}
	if _, ok := CountryByName("Hellas"); ok {
		t.Error("CountryByName takes other names; want the location's name only")
	}
	for name, want := range map[string]string{"Europe": "europe", "Southeast Asia": "south-eastern-asia", "Levant": "levant"} {
		if r, ok := RegionByName(name); !ok || r.STIX != want {
			t.Errorf("RegionByName(%q) = %q, %v; want region %q", name, r.STIX, ok, want)
		}
	}
}
