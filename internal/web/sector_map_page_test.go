package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// importMapBundle adds mapBundleJSON's attacker to a's knowledge.
func importMapBundle(t testing.TB, a *testApp) {
	t.Helper()
	comm, _ := knowledge.SectorByKey("communication")
	bundle := strings.NewReplacer("COMM", comm.ID).Replace(mapBundleJSON)
	if _, err := a.im.Import(context.Background(), strings.NewReader(bundle), "map", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
}

// mapRows reads the keys and counts of one view of the map (the HTML from
// its id to the next view or the figure's end): its tiles and its list.
func mapRows(t *testing.T, page, id string) []barNumber {
	t.Helper()
	start := strings.Index(page, `<div class="map-view" id="`+id+`"`)
	if start < 0 {
		t.Fatalf("no map view %s", id)
	}
	view := page[start+1:]
	view = view[:strings.Index(view, "</figure>")]
	if next := strings.Index(view, `<div class="map-view"`); next >= 0 {
		view = view[:next]
	}
	out := []barNumber{}
	for _, m := range regexp.MustCompile(`data-key="([^"]*)" data-count="(\d+)"`).FindAllStringSubmatch(view, -1) {
		n, _ := strconv.Atoi(m[2])
		out = append(out, barNumber{Key: html.UnescapeString(m[1]), Count: n})
	}
	return sortedBars(out)
}

// TestSectorMapNumbersAreTheAPIs: the map's two views, tiles and lists
// beside, carry every origin and every targeted place of the JSON API's
// landscape for the same sector, window and kinds, with the same counts.
func TestSectorMapNumbersAreTheAPIs(t *testing.T) {
	a := newApp(t)
	importMapBundle(t, a)
	for _, q := range []string{"", "?window=3y", "?kind=curated", "?window=12m&kind=report"} {
		code, page, _ := a.get(t, "/sectors/communication"+q)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", q, code)
		}
		api := apiTallies(t, a, "/api/v1/sectors/communication"+q)
		if got, want := mapRows(t, page, "map-origins"), sortedBars(api.Origins); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: origins on the map %v, in the API %v", q, got, want)
		}
		if got, want := mapRows(t, page, "map-targets"), sortedBars(api.Targets); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: targets on the map %v, in the API %v", q, got, want)
		}
		if q == "" && (len(api.Origins) < 2 || len(api.Targets) < 3) {
			t.Errorf("all time: %d origins, %d targets: too few to test the map", len(api.Origins), len(api.Targets))
		}
	}
}

// apiTallies reads every origin and targeted place of the JSON API's
// landscape at path (not only the ten the bars draw).
func apiTallies(t testing.TB, a *testApp, path string) (out struct{ Origins, Targets []barNumber }) {
	t.Helper()
	var l struct {
		Origins []barNumber `json:"origins"`
		Targets []barNumber `json:"target_countries"`
	}
	code, body, _ := a.get(t, path)
	if code != http.StatusOK {
		t.Fatalf("%s: %d", path, code)
	}
	if err := json.Unmarshal([]byte(body), &l); err != nil {
		t.Fatal(err)
	}
	return struct{ Origins, Targets []barNumber }{l.Origins, l.Targets}
}

// mapBundleJSON holds an attacker of Communication (COMM is the sector's
// id) from China that targets Vietnam and Southeast Asia.
const mapBundleJSON = `{"type":"bundle","id":"bundle--5c0a7d10-0000-4c3e-9a51-0a5e3c1f0000","objects":[
{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--5c0a7d10-0001-4c3e-9a51-0a5e3c1f0001","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Map Test Group","first_seen":"2025-01-01T00:00:00.000Z"},
{"type":"location","spec_version":"2.1","id":"location--5c0a7d10-0002-4c3e-9a51-0a5e3c1f0002","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"China","country":"cn"},
{"type":"location","spec_version":"2.1","id":"location--5c0a7d10-0003-4c3e-9a51-0a5e3c1f0003","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Vietnam","country":"vn"},
{"type":"location","spec_version":"2.1","id":"location--5c0a7d10-0004-4c3e-9a51-0a5e3c1f0004","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Southeast Asia","region":"south-eastern-asia"},
{"type":"relationship","spec_version":"2.1","id":"relationship--5c0a7d10-0101-4c3e-9a51-0a5e3c1f0100","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--5c0a7d10-0001-4c3e-9a51-0a5e3c1f0001","target_ref":"COMM"},
{"type":"relationship","spec_version":"2.1","id":"relationship--5c0a7d10-0102-4c3e-9a51-0a5e3c1f0100","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"originates-from","source_ref":"intrusion-set--5c0a7d10-0001-4c3e-9a51-0a5e3c1f0001","target_ref":"location--5c0a7d10-0002-4c3e-9a51-0a5e3c1f0002"},
{"type":"relationship","spec_version":"2.1","id":"relationship--5c0a7d10-0103-4c3e-9a51-0a5e3c1f0100","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--5c0a7d10-0001-4c3e-9a51-0a5e3c1f0001","target_ref":"location--5c0a7d10-0003-4c3e-9a51-0a5e3c1f0003"},
{"type":"relationship","spec_version":"2.1","id":"relationship--5c0a7d10-0104-4c3e-9a51-0a5e3c1f0100","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--5c0a7d10-0001-4c3e-9a51-0a5e3c1f0001","target_ref":"location--5c0a7d10-0004-4c3e-9a51-0a5e3c1f0004"}
]}`
