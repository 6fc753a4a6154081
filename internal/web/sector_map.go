package web

import (
	"fmt"
	"html/template"
	"strings"
	"sync"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/geo"
)

// The sector page's map is a tile map (package geo): every country one
// square, labelled with its ISO code and shaded by how many of the
// sector's attackers come from it, or target it. Like the other figures
// it is SVG drawn here, coloured by classes that sector.css maps onto the
// theme's variables; every tile with a number carries it in data-key and
// data-count and says it in a title, and what has no tile (a region, an
// origin given by name, an unknown origin) is listed beside the map.

// mapTile is the side of a tile and mapGap the space between two, in SVG
// units.
const mapTile, mapGap = 26, 2

// mapLevels is how many shades a map uses for counts above zero.
const mapLevels = 5

// countryMap is one view of the map: the SVG and what it cannot place.
type countryMap struct {
	SVG       template.HTML
	Elsewhere []telltale.Tally // regions and names, the unknown last, as the tallies order them
}

// mapLevel is the shade of count when the largest count is most: 1 to
// mapLevels, 0 for none.
func mapLevel(count, most int) int {
	if count <= 0 {
		return 0
	}
	return min(mapLevels, (count*mapLevels+most-1)/max(most, 1))
}

// mapFigure draws tallies keyed by ISO country code on the tile map. scale
// names the colour scale ("origins", "targets"); says words a tile's count
// ("from", "targeting"); link, when not nil, makes each counted tile a
// link (none when it says "").
func mapFigure(id, title, scale, says string, tallies []telltale.Tally, link func(telltale.Tally) string) countryMap {
	grid := geo.Tiles()
	byCode := make(map[string]telltale.Tally, len(tallies))
	var m countryMap
	most := 1
	for _, t := range tallies {
		tl, ok := geo.TileOf(t.Key)
		if _, twice := byCode[tl.Code]; ok && !twice {
			// A second key for one country ("cn" beside "CN") keeps its
			// number beside the map rather than losing it.
			byCode[tl.Code] = t
			most = max(most, t.Count)
		} else {
			m.Elsewhere = append(m.Elsewhere, t)
		}
	}
	const step = mapTile + mapGap
	width, height := grid.Cols*step, grid.Rows*step
	var b strings.Builder
	b.Grow(40000)
	fmt.Fprintf(&b, `<svg class="figure map map-%s" id="%s" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="%s-t">`,
		figureText(scale), figureText(id), width, height, width, height, figureText(id))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title>`, figureText(id), figureText(title))
	// The squares without a count first, in one group: most of the map,
	// and a title each would double the page's weight.
	b.WriteString(`<g class="tile lvl-0">`)
	for i, tl := range grid.Tiles {
		if _, counted := byCode[tl.Code]; !counted {
			b.WriteString(emptyTiles()[i])
		}
	}
	b.WriteString(`</g>`)
	countries := geo.Countries() // in the order of grid.Tiles
	for i, tl := range grid.Tiles {
		t, counted := byCode[tl.Code]
		if !counted {
			continue
		}
		x, y, name := tl.Col*step, tl.Row*step, countries[i].Name
		href := ""
		if link != nil {
			href = link(t)
		}
		if href != "" {
			fmt.Fprintf(&b, `<a href="%s">`, figureText(href))
		}
		note := ""
		if t.Hedged > 0 {
			note = fmt.Sprintf(" (%d hedged or disputed)", t.Hedged)
		}
		fmt.Fprintf(&b, `<g class="tile lvl-%d" data-key="%s" data-count="%d"><title>%s: %s %s it%s</title>`,
			mapLevel(t.Count, most), figureText(t.Key), t.Count, figureText(name), plural(t.Count, "attacker"), says, note)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="3"/><text x="%d" y="%d">%s</text></g>`,
			x, y, mapTile, mapTile, x+mapTile/2, y+mapTile/2+4, tl.Code)
		if href != "" {
			b.WriteString(`</a>`)
		}
	}
	mapLegend(&b, most, height)
	b.WriteString(`</svg>`)
	m.SVG = template.HTML(b.String())
	return m
}

// emptyTiles is the markup of each square of geo.Tiles with no count, the
// same on every map: drawn once. Its ISO code is its text.
var emptyTiles = sync.OnceValue(func() []string {
	const step = mapTile + mapGap
	out := make([]string, len(geo.Tiles().Tiles))
	for i, tl := range geo.Tiles().Tiles {
		x, y := tl.Col*step, tl.Row*step
		out[i] = fmt.Sprintf(`<rect x="%d" y="%d" width="%d" height="%d" rx="3"/><text x="%d" y="%d">%s</text>`,
			x, y, mapTile, mapTile, x+mapTile/2, y+mapTile/2+4, tl.Code)
	}
	return out
})

// mapLegend draws the shades and the counts each stands for in the empty
// South Pacific corner of the grid (bottom left), bottom at height.
func mapLegend(b *strings.Builder, most, height int) {
	const sw = 22
	x, y := 4, height-2*sw-8
	fmt.Fprintf(b, `<g class="map-legend"><text class="fig-muted" x="%d" y="%d">attackers</text>`, x, y-6)
	lo := 0
	for lvl := 0; lvl <= mapLevels; lvl++ {
		hi := lvl * most / mapLevels
		if lvl > 0 && hi <= lo {
			continue // no count has this shade
		}
		label := "0"
		switch {
		case lvl == 0:
		case hi == lo+1:
			label = fmt.Sprint(hi)
		default:
			label = fmt.Sprintf("%d–%d", lo+1, hi)
		}
		fmt.Fprintf(b, `<g class="tile lvl-%d"><rect x="%d" y="%d" width="%d" height="%d" rx="3"/></g><text class="fig-muted" x="%d" y="%d" text-anchor="middle">%s</text>`,
			lvl, x, y, sw, sw, x+sw/2, y+sw+14, label)
		x += sw + 26
		lo = hi
	}
	b.WriteString(`</g>`)
}
