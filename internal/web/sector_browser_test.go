package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// sectorNumbers are the numbers the sector page shows, read from the page
// or from the JSON API, to be compared.
type sectorNumbers struct {
	Count, Undated, Techniques, Reports, Campaigns, Mitigations int
	Kinds                                                       []kindNumber
	Origins, Targets, Motivations                               []barNumber
	Activity                                                    []periodNumber
}

type kindNumber struct {
	Kind            string
	Attackers, Only int
}

type barNumber struct {
	Key   string
	Count int
}

type periodNumber struct {
	Period             string
	Attackers, Reports int
}

// pageNumbers reads the numbers off the page: the data attributes of the
// summary, the figures' bars and the sections' counts.
const pageNumbers = `(() => {
  const bars = id => [...document.querySelectorAll("#" + id + " g.bar")].map(g => ({Key: g.dataset.key, Count: +g.dataset.count}));
  const n = sel => +document.querySelector(sel).textContent.trim();
  const undated = document.querySelector(".undated");
  return {
    Count: +document.querySelector(".attacker-count").dataset.count,
    Undated: undated ? +undated.dataset.undated : 0,
    Techniques: n("#techniques-h .muted"), Reports: n("#reports-h .muted"),
    Campaigns: n("#campaigns-h .muted"), Mitigations: n("#mitigations-h .muted"),
    Kinds: [...document.querySelectorAll(".kind-count")].map(e => ({Kind: e.dataset.kind, Attackers: +e.dataset.attackers, Only: +e.dataset.only})),
    Origins: bars("fig-origins"), Targets: bars("fig-targets"), Motivations: bars("fig-motivations"),
    Activity: [...document.querySelectorAll("#fig-activity g.period")].map(g => ({Period: g.dataset.period, Attackers: +g.dataset.attackers, Reports: +g.dataset.reports})),
  };
})()`

// apiNumbers reads the same numbers from the JSON API at path.
func apiNumbers(t *testing.T, base, path string) sectorNumbers {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", path, resp.Status)
	}
	type tally struct {
		Key   string `json:"key"`
		Count int    `json:"count"`
	}
	var l struct {
		AttackerCount int        `json:"attacker_count"`
		Undated       int        `json:"undated"`
		ReportCount   int        `json:"report_count"`
		Techniques    []struct{} `json:"techniques"`
		Campaigns     []struct{} `json:"campaigns"`
		Mitigations   []struct{} `json:"mitigations"`
		SourceKinds   []struct {
			Kind      string `json:"kind"`
			Attackers int    `json:"attackers"`
			Only      int    `json:"only"`
		} `json:"source_kinds"`
		Origins     []tally `json:"origins"`
		Targets     []tally `json:"target_countries"`
		Motivations []tally `json:"motivations"`
		Activity    []struct {
			Period    string `json:"period"`
			Attackers int    `json:"attackers"`
			Reports   int    `json:"reports"`
		} `json:"activity"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&l); err != nil {
		t.Fatal(err)
	}
	n := sectorNumbers{Count: l.AttackerCount, Undated: l.Undated, Techniques: len(l.Techniques), Reports: l.ReportCount,
		Campaigns: len(l.Campaigns), Mitigations: len(l.Mitigations),
		Kinds: []kindNumber{}, Origins: []barNumber{}, Targets: []barNumber{}, Motivations: []barNumber{}, Activity: []periodNumber{}}
	for _, k := range l.SourceKinds {
		n.Kinds = append(n.Kinds, kindNumber{k.Kind, k.Attackers, k.Only})
	}
	bars := func(ts []tally) []barNumber {
		out := []barNumber{}
		for i, t := range ts {
			if i < 10 { // the figures draw ten bars
				out = append(out, barNumber(t))
			}
		}
		return out
	}
	n.Origins, n.Targets, n.Motivations = bars(l.Origins), bars(l.Targets), bars(l.Motivations)
	for _, p := range l.Activity {
		n.Activity = append(n.Activity, periodNumber{p.Period, p.Attackers, p.Reports})
	}
	return n
}

// checkSameNumbers compares the page's numbers with the JSON API's for
// the page's own JSON link (the same sector, window and kinds).
func checkSameNumbers(t *testing.T, ctx context.Context, base, what string) sectorNumbers {
	t.Helper()
	onPage := value(t, ctx, chromedp.Evaluate[sectorNumbers](pageNumbers))
	normalize(&onPage)
	href := value(t, ctx, chromedp.Evaluate[string](`document.getElementById("json-link").getAttribute("href")`))
	fromAPI := apiNumbers(t, base, href)
	if !reflect.DeepEqual(onPage, fromAPI) {
		t.Errorf("%s: the page says\n  %+v\nthe JSON API (%s) says\n  %+v", what, onPage, href, fromAPI)
	}
	return onPage
}

func normalize(n *sectorNumbers) {
	for _, p := range []*[]barNumber{&n.Origins, &n.Targets, &n.Motivations} {
		if *p == nil {
			*p = []barNumber{}
		}
	}
	if n.Kinds == nil {
		n.Kinds = []kindNumber{}
	}
	if n.Activity == nil {
		n.Activity = []periodNumber{}
	}
}

// TestBrowserSectorAtAGlance: the sector page's summary, figures and
// sections show the JSON API's numbers for the same window and kinds of
// source, while a reader changes them; folded, the page is at most three
// screens tall at 1400 px; it is drawn in light and dark and printed.
func TestBrowserSectorAtAGlance(t *testing.T) {
	ctx := browser(t)
	a := newApp(t)
	comm, _ := knowledge.SectorByKey("communication")
	recent := time.Now().UTC().AddDate(0, -2, 0).Format("2006-01-02T15:04:05.000Z")
	bundle := strings.NewReplacer("COMM", comm.ID, "RECENT", recent).Replace(kindsBundleJSON)
	if _, err := a.im.Import(context.Background(), strings.NewReader(bundle), "kinds", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	base := a.ts.URL
	dark(t, ctx, false)
	act(t, ctx, chromedp.EmulateViewport(1400, 900))
	defer act(t, ctx, chromedp.ResetViewport())

	act(t, ctx, chromedp.Navigate(base+"/sectors/communication"), chromedp.WaitVisible(chromedp.CSS("#fig-origins")))
	all := checkSameNumbers(t, ctx, base, "all time, every kind")
	kinds := map[string]kindNumber{}
	for _, k := range all.Kinds {
		kinds[k.Kind] = k
	}
	if kinds["curated"].Attackers < 1 || kinds["report"].Attackers < 1 || kinds["description"].Only < 1 {
		t.Errorf("the summary's kinds %+v: want each kind", all.Kinds)
	}
	if value(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
		t.Error("the sector page scrolls sideways at 1400 px")
	}
	screenshot(t, ctx, "sector-glance-light")

	// The window: the last three years, by its link.
	act(t, ctx, chromedp.Click(chromedp.CSS(`a[data-window="3y"]`)), chromedp.WaitVisible(chromedp.CSS(`a[data-window="3y"][aria-current="true"]`)))
	three := checkSameNumbers(t, ctx, base, "last 3 years")
	if three.Count >= all.Count || three.Undated < 1 {
		t.Errorf("last 3 years: %d attackers (all time %d), %d undated", three.Count, all.Count, three.Undated)
	}

	// The kinds: leave out actor descriptions, in the form; the window stays.
	act(t, ctx,
		chromedp.Click(chromedp.CSS(`#window-form input[name="kind"][value="description"]`)),
		chromedp.Click(chromedp.CSS(`#window-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.kind-count.left-out[data-kind="description"]`)),
	)
	search := value(t, ctx, chromedp.Evaluate[string](`location.search`))
	if !strings.Contains(search, "window=3y") || !strings.Contains(search, "kind=curated") || !strings.Contains(search, "kind=report") || strings.Contains(search, "kind=description") {
		t.Errorf("after the form: %s", search)
	}
	checkSameNumbers(t, ctx, base, "last 3 years, no descriptions")
	act(t, ctx, chromedp.Click(chromedp.CSS(`a[data-window="all"]`)), chromedp.WaitVisible(chromedp.CSS(`a[data-window="all"][aria-current="true"]`)))
	noProse := checkSameNumbers(t, ctx, base, "all time, no descriptions")
	if noProse.Count != all.Count-kinds["description"].Only {
		t.Errorf("without descriptions %d attackers; all %d less %d from descriptions only", noProse.Count, all.Count, kinds["description"].Only)
	}
	rows := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#attackers-table tbody tr").length`))
	if rows != min(noProse.Count, 100) {
		t.Errorf("%d rows in the table, %d attackers", rows, noProse.Count)
	}
	checkAxe(t, ctx, "sector page with figures")

	t.Run("FoldedHeight", func(t *testing.T) {
		act(t, ctx, chromedp.Navigate(base+"/sectors/communication"), chromedp.WaitVisible(chromedp.CSS("#fig-origins")))
		act(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details").forEach(d => d.open = false)`))
		h := value(t, ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollHeight, window.innerHeight]`))
		if h[0] > 3*h[1] {
			t.Errorf("folded, the page is %d px tall at 1400 px: more than three screens of %d", h[0], h[1])
		}
		t.Logf("folded: %d px for a %d px screen", h[0], h[1])
		screenshot(t, ctx, "sector-glance-folded")
	})

	t.Run("Dark", func(t *testing.T) {
		dark(t, ctx, true)
		defer dark(t, ctx, false)
		act(t, ctx, chromedp.Navigate(base+"/sectors/communication"), chromedp.WaitVisible(chromedp.CSS("#fig-origins")))
		// The bars take the dark theme's accent, not the light one's.
		fill := value(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("#fig-origins .fig-bar")).fill`))
		if fill != "rgb(77, 143, 240)" {
			t.Errorf("dark bars are %s", fill)
		}
		screenshot(t, ctx, "sector-glance-dark")
		checkAxe(t, ctx, "sector page with figures, dark")
	})

	t.Run("Print", func(t *testing.T) {
		act(t, ctx, chromedp.Navigate(base+"/sectors/communication"), chromedp.WaitVisible(chromedp.CSS("#fig-origins")))
		call(t, ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		// Folded sections print open; the controls do not print.
		shown := value(t, ctx, chromedp.Evaluate[[]bool](`[document.querySelector("#reports .timeline, #reports p").getClientRects().length > 0,
			document.querySelector("#window-form").getClientRects().length > 0]`))
		call(t, ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
		if !shown[0] || shown[1] {
			t.Errorf("printed: folded reports shown %v, controls shown %v", shown[0], shown[1])
		}
		yes := true
		pdf, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PrintBackground: &yes})
		if err != nil {
			t.Fatal(err)
		}
		if len(pdf.Data) < 1000 {
			t.Errorf("a PDF of %d bytes", len(pdf.Data))
		}
		if err := os.WriteFile(filepath.Join(artefacts(t), "sector-glance-print.pdf"), pdf.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	})
}

// kindsBundleJSON holds an attacker of Communication for each kind of
// source (COMM is the sector's id): a curated one seen in 2015–2016, one
// read from a description with no date, one from an accepted report
// published RECENT.
const kindsBundleJSON = `{"type":"bundle","id":"bundle--7a1e0c55-0000-4c3e-9a51-0a5e3c1f0000","objects":[
{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--7a1e0c55-0001-4c3e-9a51-0a5e3c1f0001","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Glance Curated Group","primary_motivation":"organizational-gain","description":"A cyber espionage group.","first_seen":"2015-01-01T00:00:00.000Z","last_seen":"2016-06-01T00:00:00.000Z"},
{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--7a1e0c55-0002-4c3e-9a51-0a5e3c1f0002","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Glance Prose <Group>","primary_motivation":"personal-gain","description":"A financially motivated crew."},
{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--7a1e0c55-0003-4c3e-9a51-0a5e3c1f0003","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Glance Report Group"},
{"type":"report","spec_version":"2.1","id":"report--7a1e0c55-0004-4c3e-9a51-0a5e3c1f0004","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Glance report","published":"RECENT","object_refs":["intrusion-set--7a1e0c55-0003-4c3e-9a51-0a5e3c1f0003","COMM"],"x_telltale_status":"accepted"},
{"type":"relationship","spec_version":"2.1","id":"relationship--7a1e0c55-0101-4c3e-9a51-0a5e3c1f0100","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--7a1e0c55-0001-4c3e-9a51-0a5e3c1f0001","target_ref":"COMM"},
{"type":"relationship","spec_version":"2.1","id":"relationship--7a1e0c55-0102-4c3e-9a51-0a5e3c1f0100","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--7a1e0c55-0002-4c3e-9a51-0a5e3c1f0002","target_ref":"COMM","confidence":30,"x_telltale_from_description":true},
{"type":"relationship","spec_version":"2.1","id":"relationship--7a1e0c55-0103-4c3e-9a51-0a5e3c1f0100","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--7a1e0c55-0003-4c3e-9a51-0a5e3c1f0003","target_ref":"COMM","x_telltale_report_ref":"report--7a1e0c55-0004-4c3e-9a51-0a5e3c1f0004"}
]}`
