package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// waitListPage waits until the page that replaced the marked one (see
// listMarkStale) has loaded and shows a list.
func waitListPage(t *testing.T, ctx context.Context) {
	t.Helper()
	for range 150 {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__stale === undefined && document.readyState === "complete" && !!document.getElementById("list-total")`))
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the list page did not load")
}

// listMarkStale marks the current page, so waitListPage knows the next one.
func listMarkStale(t *testing.T, ctx context.Context) {
	act(t, ctx, chromedp.Evaluate[chromedp.Void](`window.__stale = 1`))
}

// TestBrowserLists browses every list in Chromium, filters it with its
// form as a person would, and checks that the count the page shows is
// the JSON API's for the same query, that sorting, paging and the CSV
// link keep the filters, and that the pages pass axe in both themes.
func TestBrowserLists(t *testing.T) {
	ctx := browser(t)
	a := newApp(t)
	importListFixture(t, a)
	a.importJSON(t,
		`{"type":"attack-pattern",`+listStamp+`,"id":"attack-pattern--f6f6f6f6-6666-4666-8666-666666666666","name":"Spearphishing Link","kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":"initial-access"}],"external_references":[{"source_name":"mitre-attack","external_id":"T1566.002"}]}`,
		listRel(20, "uses", listMuddyWater, "attack-pattern--f6f6f6f6-6666-4666-8666-666666666666", ""),
		`{"type":"tool",`+listStamp+`,"id":"tool--f7f7f7f7-7777-4777-8777-777777777777","name":"Listed Tunnel"}`,
		listRel(21, "uses", listMuddyWater, "tool--f7f7f7f7-7777-4777-8777-777777777777", ""))
	base := a.ts.URL
	dark(t, ctx, false)
	act(t, ctx, chromedp.EmulateViewport(1400, 900))
	defer act(t, ctx, chromedp.ResetViewport())

	for _, tc := range []struct {
		kind, fill, want string
	}{
		{"actors", `form["origin"].value = "IR"`, "MuddyWater"},
		{"malware", `form["name"].value = "quoted"; form["sector"].value = "communication"`, `Comma, "Quoted" Loader`},
		{"tools", `form["motivation"].value = "organizational-gain"; form["origin"].value = "IR"`, "Listed Tunnel"},
		{"techniques", `form["sector"].value = "telecommunications"`, "Spearphishing Link"},
		{"campaigns", `form["since"].value = "2025-01-01"; form.querySelector('[name=source][value=curated]').checked = true`, "Operation Listless"},
		{"reports", `form["sector"].value = "communication"; form.querySelector('[name=source][value=report]').checked = true`, "Carrier intrusions 2025"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			act(t, ctx, chromedp.Navigate(base+"/sectors"), chromedp.WaitVisible(chromedp.CSS(`nav a[href="/`+tc.kind+`"]`)))
			listMarkStale(t, ctx)
			act(t, ctx, chromedp.Click(chromedp.CSS(`nav a[href="/`+tc.kind+`"]`)))
			waitListPage(t, ctx)
			all := listPageCount(t, ctx)
			listCountIsAPIs(t, ctx, a, tc.kind, all)

			act(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => { const form = document.querySelector("form.list-filters"); `+tc.fill+` })()`))
			listMarkStale(t, ctx)
			act(t, ctx, chromedp.Click(chromedp.CSS(`form.list-filters button[type="submit"]`)))
			waitListPage(t, ctx)
			n := listPageCount(t, ctx)
			if n == 0 || n > all || (n == all && all > 1) {
				t.Errorf("filtered: %d of %d", n, all)
			}
			if rows := text(t, ctx, "#list-table tbody"); !strings.Contains(rows, tc.want) {
				t.Errorf("filtered rows lack %q: %q", tc.want, rows)
			}
			listCountIsAPIs(t, ctx, a, tc.kind, n)
			csvRows := listCSVLinkRows(t, ctx, a)
			if csvRows != n {
				t.Errorf("the CSV link has %d rows, the page counts %d", csvRows, n)
			}
			screenshot(t, ctx, "list-"+tc.kind)
		})
	}

	t.Run("SortAndPage", func(t *testing.T) {
		act(t, ctx, chromedp.Navigate(base+"/actors?page_size=3&origin=CN"))
		waitListPage(t, ctx)
		n := listPageCount(t, ctx)
		listMarkStale(t, ctx)
		act(t, ctx, chromedp.Click(chromedp.CSS(`#list-table thead th:first-child a`)))
		waitListPage(t, ctx)
		if sort := value(t, ctx, chromedp.AttributeValue(chromedp.CSS(`#list-table thead th[aria-sort]`), "aria-sort")); sort.Value != "descending" {
			t.Errorf("after a click on Name: aria-sort %q", sort.Value)
		}
		first := text(t, ctx, "#list-table tbody tr:first-child th")
		listMarkStale(t, ctx)
		act(t, ctx, chromedp.Click(chromedp.CSS(`.pager a[rel="next"]`)))
		waitListPage(t, ctx)
		loc := value(t, ctx, chromedp.Location())
		if !strings.Contains(loc, "origin=CN") || !strings.Contains(loc, "sort=-name") || !strings.Contains(loc, "page=2") {
			t.Errorf("next page lost the filters: %s", loc)
		}
		if pager := text(t, ctx, ".pager"); !strings.Contains(pager, fmt.Sprintf("Page 2 of %d · %d in all", (n+2)/3, n)) {
			t.Errorf("pager %q for %d actors", pager, n)
		}
		if second := text(t, ctx, "#list-table tbody tr:first-child th"); second >= first {
			t.Errorf("descending by name: page 2 starts with %q after %q", second, first)
		}
		listCountIsAPIs(t, ctx, a, "actors", n)
		checkAxe(t, ctx, "actors list")
		dark(t, ctx, true)
		screenshot(t, ctx, "list-actors-dark")
		checkAxe(t, ctx, "actors list, dark")
		dark(t, ctx, false)
	})
}

// listPageCount is the count the list page shows.
func listPageCount(t *testing.T, ctx context.Context) int {
	t.Helper()
	n, err := strconv.Atoi(text(t, ctx, "#list-total"))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// listCountIsAPIs compares the page's count with the JSON API's for the
// query in the browser's address bar.
func listCountIsAPIs(t *testing.T, ctx context.Context, a *testApp, kind string, shown int) {
	t.Helper()
	search := value(t, ctx, chromedp.Evaluate[string](`location.search`))
	res := listJSON(t, a, "/api/v1/"+kind+search)
	if res.Total != shown {
		t.Errorf("/%s%s shows %d, the JSON API counts %d", kind, search, shown, res.Total)
	}
}

// listCSVLinkRows fetches the page's CSV link and counts its rows.
func listCSVLinkRows(t *testing.T, ctx context.Context, a *testApp) int {
	t.Helper()
	href := value(t, ctx, chromedp.Evaluate[string](`document.querySelector("#list-summary a[download]").getAttribute("href")`))
	code, body, _ := a.get(t, href)
	if code != 200 {
		t.Fatalf("%s: %d", href, code)
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", href, err)
	}
	return len(recs) - 1
}
