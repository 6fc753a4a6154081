package geo

import (
	_ "embed"
	"fmt"
	"math"
	"sort"
	"strconv"
	"sync"
)

// A tile map draws every country as one square of a grid, placed where
// the country lies relative to its neighbours: no borders to ship, every
// country (Malta as much as Russia) big enough to read and to point at.
// The grid is computed here from positions.tsv: each country's latitude
// and longitude are stretched onto the grid (more columns and rows where
// countries crowd, as in Europe and the Caribbean, fewer across oceans),
// then each country takes the free cell nearest its point, the nearest
// claims first.

//go:embed positions.tsv
var positionsTSV string

// Tile is a country's square on the tile map: column and row from the top
// left corner.
type Tile struct {
	Code     string
	Col, Row int
}

// TileGrid is the tile map: every country of the table, once, and the
// grid's size.
type TileGrid struct {
	Tiles      []Tile // by code
	Cols, Rows int
}

// warpPoint maps a degree (longitude or latitude) to a grid coordinate;
// between two points the map is linear.
type warpPoint struct{ deg, at float64 }

// Columns per longitude and rows per latitude. The Pacific islands east of
// the date line (Samoa, Tonga, French Polynesia) are moved past 180° so
// that they sit beside Fiji rather than beside Mexico.
var (
	lonWarp = []warpPoint{{-170, 0}, {-120, 3}, {-95, 6.5}, {-85, 8.5}, {-60, 13}, {-35, 15}, {-20, 16}, {-10, 17.5}, {30, 27}, {60, 31.5}, {100, 35.5}, {150, 40}, {240, 45}}
	latWarp = []warpPoint{{80, 0}, {62, 2}, {35, 10}, {10, 15.5}, {-10, 19}, {-35, 23}, {-60, 25}, {-80, 26}}
)

// warp maps v through the points ws (ordered by their grid coordinate),
// clamped at both ends.
func warp(v float64, ws []warpPoint) float64 {
	first, last := ws[0], ws[len(ws)-1]
	lo, hi := min(first.deg, last.deg), max(first.deg, last.deg)
	v = min(max(v, lo), hi)
	for i := 1; i < len(ws); i++ {
		a, b := ws[i-1], ws[i]
		if v >= min(a.deg, b.deg) && v <= max(a.deg, b.deg) {
			return a.at + (v-a.deg)/(b.deg-a.deg)*(b.at-a.at)
		}
	}
	return last.at
}

// Tiles returns the tile map. The grid is shared: callers must not modify
// it.
func Tiles() *TileGrid { return tiles() }

// TileOf returns the tile of the country with the given code (either case).
func TileOf(code string) (Tile, bool) {
	c, ok := CountryByCode(code)
	if !ok {
		return Tile{}, false
	}
	return tiles().Tiles[load().byCode[c.Code]], true
}

var tiles = sync.OnceValue(func() *TileGrid {
	t := load()
	points := make([][2]float64, len(t.countries))
	seen := 0
	for _, f := range rows(positionsTSV, 3) {
		i, ok := t.byCode[f[0]]
		lat, err1 := strconv.ParseFloat(f[1], 64)
		lon, err2 := strconv.ParseFloat(f[2], 64)
		if !ok || err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			panic(fmt.Sprintf("geo: positions.tsv: bad row %q", f))
		}
		if lon < -125 && lat < 30 {
			lon += 360
		}
		points[i] = [2]float64{warp(lon, lonWarp), warp(lat, latWarp)}
		seen++
	}
	if seen != len(t.countries) {
		panic(fmt.Sprintf("geo: positions.tsv: %d rows for %d countries", seen, len(t.countries)))
	}
	return snap(t.countries, points)
})

// snap gives each country the free cell nearest its point: in rounds of
// a growing radius, every (country, cell) pair within the radius is
// considered nearest first, so a country is moved off its cell only by one
// that lies nearer to it.
func snap(countries []Country, points [][2]float64) *TileGrid {
	type pair struct {
		i, col, row int
		d           float64
	}
	g := &TileGrid{Tiles: make([]Tile, len(countries))}
	placed := make([]bool, len(countries))
	taken := map[[2]int]bool{}
	left := len(countries)
	for r := 1; left > 0; r++ {
		var pairs []pair
		for i, p := range points {
			if placed[i] {
				continue
			}
			for col := int(p[0]) - r; col <= int(p[0])+r; col++ {
				for row := int(p[1]) - r; row <= int(p[1])+r; row++ {
					d := math.Hypot(float64(col)+.5-p[0], float64(row)+.5-p[1])
					if col >= 0 && row >= 0 && d <= float64(r) {
						pairs = append(pairs, pair{i, col, row, d})
					}
				}
			}
		}
		sort.Slice(pairs, func(a, b int) bool {
			if pairs[a].d != pairs[b].d {
				return pairs[a].d < pairs[b].d
			}
			return countries[pairs[a].i].Code < countries[pairs[b].i].Code
		})
		for _, p := range pairs {
			if placed[p.i] || taken[[2]int{p.col, p.row}] {
				continue
			}
			placed[p.i], taken[[2]int{p.col, p.row}] = true, true
			g.Tiles[p.i] = Tile{Code: countries[p.i].Code, Col: p.col, Row: p.row}
			g.Cols, g.Rows = max(g.Cols, p.col+1), max(g.Rows, p.row+1)
			left--
		}
	}
	return g
}
