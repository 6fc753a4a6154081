package web_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/telltale-cti/telltale/internal/geo"
)

// mapPageNumbers reads one view of the map (its id): the counted tiles
// and what is listed beside, key and count, and the tiles drawn.
const mapPageNumbers = `(id => {
  const view = document.getElementById(id);
  const rows = [...view.querySelectorAll("g.tile[data-count], .map-elsewhere li")].map(e => ({Key: e.dataset.key, Count: +e.dataset.count}));
  return {Rows: rows, Tiles: view.querySelectorAll("svg g.tile rect").length - view.querySelectorAll(".map-legend rect").length, Shown: view.getClientRects().length > 0};
})`

type mapView struct {
	Rows  []barNumber
	Tiles int
	Shown bool
}

func sortedBars(bs []barNumber) []barNumber {
	out := append([]barNumber{}, bs...)
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// TestBrowserSectorMap: the sector page's map shows, tile by tile and in
// the list beside it, every origin and every targeted country or region
// of the JSON API's landscape, for the page's window and kinds; its two
// views switch without script, both print, and it is drawn in light and
// dark.
func TestBrowserSectorMap(t *testing.T) {
	ctx := browser(t)
	a := newApp(t)
	importMapBundle(t, a)
	base := a.ts.URL
	dark(t, ctx, false)
	act(t, ctx, chromedp.EmulateViewport(1400, 900))
	defer act(t, ctx, chromedp.ResetViewport())

	check := func(what, path string) {
		t.Helper()
		act(t, ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("#map-origins-svg")))
		href := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("json-link").getAttribute("href")`))
		api := apiTallies(t, a, href)
		origins := value(t, ctx, chromedp.Evaluate[mapView](mapPageNumbers+`("map-origins")`))
		targets := value(t, ctx, chromedp.Evaluate[mapView](mapPageNumbers+`("map-targets")`))
		if !origins.Shown || targets.Shown {
			t.Errorf("%s: at first the origins show (%v), the targets do not (%v)", what, origins.Shown, targets.Shown)
		}
		if n := len(geo.Countries()); origins.Tiles != n || targets.Tiles != n {
			t.Errorf("%s: %d and %d squares; every country of the table (%d) has one", what, origins.Tiles, targets.Tiles, len(geo.Countries()))
		}
		if got, want := sortedBars(origins.Rows), sortedBars(api.Origins); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the origins map says\n  %v\nthe JSON API (%s) says\n  %v", what, got, href, want)
		}
		if got, want := sortedBars(targets.Rows), sortedBars(api.Targets); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the targets map says\n  %v\nthe JSON API (%s) says\n  %v", what, got, href, want)
		}
	}
	check("all time", "/sectors/communication")
	// The test bundle's group: from China (a tile), targeting Vietnam (a
	// tile) and Southeast Asia (listed beside).
	for sel, want := range map[string]string{
		`#map-origins g.tile[data-key="CN"]`:                        "China",
		`#map-targets g.tile[data-key="VN"]`:                        "Vietnam",
		`#map-targets .map-elsewhere li[data-key="Southeast Asia"]`: "Southeast Asia",
	} {
		if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('`+sel+`').length`)); n != 1 {
			t.Errorf("%s: %d, want one for %s", sel, n, want)
		}
	}
	screenshotOf(t, ctx, "#map", "sector-map-origins-light")

	// The other view, by its radio button: no script, the page stays.
	act(t, ctx, chromedp.Click(chromedp.CSS(`#map-show-targets`)))
	shown := value(t, ctx, chromedp.Evaluate[[]bool](`["map-origins", "map-targets"].map(id => document.getElementById(id).getClientRects().length > 0)`))
	if shown[0] || !shown[1] {
		t.Errorf("after choosing targets: origins shown %v, targets shown %v", shown[0], shown[1])
	}
	screenshotOf(t, ctx, "#map", "sector-map-targets-light")
	checkAxe(t, ctx, "sector page with the map")

	// A narrower landscape: curated data only, the last three years.
	check("last 3 years, curated", "/sectors/communication?window=3y&kind=curated")

	t.Run("Dark", func(t *testing.T) {
		dark(t, ctx, true)
		defer dark(t, ctx, false)
		act(t, ctx, chromedp.Navigate(base+"/sectors/communication"), chromedp.WaitVisible(chromedp.CSS("#map-origins-svg")))
		// Counted tiles take the dark theme's accent, empty ones its grey.
		fills := value(t, ctx, chromedp.Evaluate[[]string](`[getComputedStyle(document.querySelector('#map-origins g.tile[data-key="CN"] rect')).fill,
			getComputedStyle(document.querySelector('#map-origins g.tile.lvl-0 rect')).fill]`))
		if fills[0] != "rgb(77, 143, 240)" || fills[1] != "rgb(30, 39, 51)" {
			t.Errorf("dark tiles: counted %s, empty %s", fills[0], fills[1])
		}
		screenshotOf(t, ctx, "#map", "sector-map-origins-dark")
		act(t, ctx, chromedp.Click(chromedp.CSS(`#map-show-targets`)))
		screenshotOf(t, ctx, "#map", "sector-map-targets-dark")
		checkAxe(t, ctx, "sector page with the map, dark")
	})

	t.Run("Print", func(t *testing.T) {
		act(t, ctx, chromedp.Navigate(base+"/sectors/communication"), chromedp.WaitVisible(chromedp.CSS("#map-origins-svg")))
		call(t, ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		shown := value(t, ctx, chromedp.Evaluate[[]bool](`["map-origins", "map-targets"].map(id => document.getElementById(id).getClientRects().length > 0).concat(
			document.querySelector(".map-switch").getClientRects().length > 0)`))
		call(t, ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
		if !shown[0] || !shown[1] || shown[2] {
			t.Errorf("printed: origins shown %v, targets shown %v, the switch shown %v", shown[0], shown[1], shown[2])
		}
	})
}

// screenshotOf saves a picture of the element sel.
func screenshotOf(t *testing.T, ctx context.Context, sel, name string) {
	t.Helper()
	png := value(t, ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	path := filepath.Join(artefacts(t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
