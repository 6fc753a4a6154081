package web

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/geo"
)

// mapNumbers reads the counted tiles of a map: key to count.
func mapNumbers(svg string) map[string]int {
	out := map[string]int{}
	for _, m := range regexp.MustCompile(`data-key="([^"]*)" data-count="(\d+)"`).FindAllStringSubmatch(svg, -1) {
		out[m[1]], _ = strconv.Atoi(m[2])
	}
	return out
}

func TestMapFigure(t *testing.T) {
	tallies := []telltale.Tally{
		{Key: "CN", Name: "China", Count: 10, Hedged: 2},
		{Key: "ir", Name: "Iran", Count: 4},
		{Key: "Middle East", Name: "Middle East", Count: 3},
		{Key: "KP", Name: "North Korea", Count: 1},
		{Key: `"><script>x</script>`, Name: `<b>Evil</b>`, Count: 1},
		{Key: "", Name: "Unknown", Count: 5},
		{Key: "cn", Name: "China", Count: 1},
	}
	m := mapFigure("m", "Map <of> origins", "origins", "from", tallies, func(t telltale.Tally) string { return "/s?filter=" + t.Name })
	svg := string(m.SVG)
	elems, text := wellFormed(t, svg)
	if elems["script"] != 0 || elems["b"] != 0 || !strings.Contains(text, "Map <of> origins") {
		t.Errorf("markup got through: %v", elems)
	}
	// Every country has a square and its code, counted or not; the counted
	// ones are links.
	for _, c := range geo.Countries() {
		if n := strings.Count(svg, ">"+c.Code+"</text>"); n != 1 {
			t.Errorf("%s written %d times", c.Code, n)
		}
	}
	if squares := elems["rect"] - strings.Count(svg[strings.Index(svg, `<g class="map-legend">`):], "<rect"); squares != len(geo.Countries()) || elems["a"] != 3 {
		t.Errorf("%d squares for %d countries, %d links; want 3 links", squares, len(geo.Countries()), elems["a"])
	}
	if got, want := mapNumbers(svg), map[string]int{"CN": 10, "ir": 4, "KP": 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("tiles %v, want %v", got, want)
	}
	if !strings.Contains(text, "China: 10 attackers from it (2 hedged or disputed)") || !strings.Contains(text, "Iran: 4 attackers from it") {
		t.Errorf("tile titles: %q", text)
	}
	// What has no tile is listed beside, in the tallies' order.
	var beside []string
	for _, e := range m.Elsewhere {
		beside = append(beside, fmt.Sprint(e.Key, "=", e.Count))
	}
	if got := strings.Join(beside, " "); got != `Middle East=3 "><script>x</script>=1 =5 cn=1` {
		t.Errorf("beside the map: %s", got)
	}
	if !strings.Contains(svg, `class="tile lvl-5" data-key="CN"`) || !strings.Contains(svg, `class="tile lvl-2" data-key="ir"`) || !strings.Contains(svg, `class="tile lvl-1" data-key="KP"`) {
		t.Error("shades not by count")
	}
	// Nothing counted: a grey map, a legend of one shade.
	empty := string(mapFigure("e", "Empty", "targets", "targeting", nil, nil).SVG)
	if n := mapNumbers(empty); len(n) != 0 || strings.Contains(empty, "<a ") {
		t.Errorf("empty map counts %v", n)
	}
}

func TestMapLevelAndLegend(t *testing.T) {
	for _, c := range []struct{ count, most, want int }{{0, 9, 0}, {1, 1, 5}, {1, 10, 1}, {2, 10, 1}, {3, 10, 2}, {10, 10, 5}, {7, 10, 4}, {1, 2, 3}} {
		if got := mapLevel(c.count, c.most); got != c.want {
			t.Errorf("mapLevel(%d, %d) = %d, want %d", c.count, c.most, got, c.want)
		}
	}
	// The legend names, for each shade drawn, exactly the counts that get it.
	for _, most := range []int{1, 2, 3, 7, 10, 23} {
		var b strings.Builder
		mapLegend(&b, most, 700)
		_, text := wellFormed(t, "<svg>"+b.String()+"</svg>")
		var want []string
		for lvl := 1; lvl <= mapLevels; lvl++ {
			var counts []int
			for c := 1; c <= most; c++ {
				if mapLevel(c, most) == lvl {
					counts = append(counts, c)
				}
			}
			switch len(counts) {
			case 0:
			case 1:
				want = append(want, fmt.Sprint(counts[0]))
			default:
				want = append(want, fmt.Sprintf("%d–%d", counts[0], counts[len(counts)-1]))
			}
		}
		if got, w := text, "attackers0"+strings.Join(want, ""); got != w {
			t.Errorf("most %d: legend %q, want %q", most, got, w)
		}
	}
}

// BenchmarkSectorMap draws the sector page's two map views for a large
// landscape: origins in 70 countries, targets in every country and a few
// regions.
func BenchmarkSectorMap(b *testing.B) {
	var origins, targets []telltale.Tally
	for i, c := range geo.Countries() {
		t := telltale.Tally{Key: c.Code, Name: c.Name, Count: 1 + i%40, Hedged: i % 3}
		if i < 70 {
			origins = append(origins, t)
		}
		targets = append(targets, t)
	}
	origins = append(origins, telltale.Tally{Name: "Unknown", Count: 12})
	targets = append(targets, telltale.Tally{Key: "Middle East", Name: "Middle East", Count: 9}, telltale.Tally{Key: "Southeast Asia", Name: "Southeast Asia", Count: 4})
	link := func(t telltale.Tally) string { return "/sectors/communication?filter=" + t.Name + "#attackers" }
	b.ReportAllocs()
	for b.Loop() {
		_ = mapFigure("o", "Origins", "origins", "from", origins, link)
		_ = mapFigure("t", "Targets", "targets", "targeting", targets, nil)
	}
}
