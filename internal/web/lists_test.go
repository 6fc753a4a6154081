package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

const (
	listMuddyWater = "intrusion-set--ac5dbac9-ca65-5571-a916-968297b1fd75" // starter knowledge, Iran
	listProseGroup = "intrusion-set--a1a1a1a1-1111-4111-8111-111111111111"
	listFormulaMal = "malware--b2b2b2b2-2222-4222-8222-222222222222"
	listCommaMal   = "malware--c3c3c3c3-3333-4333-8333-333333333333"
	listCampaign   = "campaign--d4d4d4d4-4444-4444-8444-444444444444"
	listReport     = "report--e5e5e5e5-5555-4555-8555-555555555555"
	listTLPRed     = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
)

const listStamp = `"spec_version":"2.1","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"`

func listSectorID(t testing.TB, key string) string {
	t.Helper()
	sec, ok := knowledge.SectorByKey(key)
	if !ok {
		t.Fatalf("no sector %s", key)
	}
	return sec.ID
}

func listRel(n int, typ, src, tgt, extra string) string {
	return fmt.Sprintf(`{"type":"relationship",%s,"id":"relationship--f%07d-0000-4000-8000-000000000000","relationship_type":%q,"source_ref":%q,"target_ref":%q%s}`, listStamp, n, typ, src, tgt, extra)
}

// importListFixture adds to the starter knowledge: a group whose only
// targeting was read from its description, two malware with names a
// spreadsheet or a CSV reader would trip on (used by MuddyWater), a
// campaign of MuddyWater against telecommunications, and an accepted
// report (as ingest leaves it) on MuddyWater and Communication.
func importListFixture(t *testing.T, a *testApp) {
	t.Helper()
	a.importJSON(t,
		`{"type":"intrusion-set",`+listStamp+`,"id":"`+listProseGroup+`","name":"Prose Panda","last_seen":"2024-02-01T00:00:00.000Z"}`,
		listRel(1, "targets", listProseGroup, listSectorID(t, "satellite-communications"), `,"confidence":30,"x_telltale_from_description":true`),
		`{"type":"malware",`+listStamp+`,"id":"`+listFormulaMal+`","name":"=HYPERLINK(\"http://evil\")","is_family":true}`,
		`{"type":"malware",`+listStamp+`,"id":"`+listCommaMal+`","name":"Comma, \"Quoted\" Loader","is_family":true,"aliases":["@risky alias"]}`,
		listRel(2, "uses", listMuddyWater, listFormulaMal, ""),
		listRel(3, "uses", listMuddyWater, listCommaMal, ""),
		`{"type":"campaign",`+listStamp+`,"id":"`+listCampaign+`","name":"Operation Listless","last_seen":"2025-06-01T00:00:00.000Z"}`,
		listRel(4, "attributed-to", listCampaign, listMuddyWater, ""),
		listRel(5, "targets", listCampaign, listSectorID(t, "telecommunications"), ""),
		`{"type":"report",`+listStamp+`,"id":"`+listReport+`","name":"Carrier intrusions 2025","published":"2025-03-01T00:00:00.000Z","x_telltale_status":"accepted","object_refs":["`+listMuddyWater+`","`+listSectorID(t, "communication")+`"]}`,
	)
}

// listJSON fetches a list from the JSON API.
func listJSON(t *testing.T, a *testApp, path string) api.ListResult {
	t.Helper()
	code, body, _ := a.get(t, path)
	if code != http.StatusOK {
		t.Fatalf("%s: %d %s", path, code, body)
	}
	var res api.ListResult
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return res
}

func listRowNames(rows []telltale.ListRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

var listTotalRe = regexp.MustCompile(`<strong id="list-total">(\d+)</strong>`)

// pageTotal is the count a list page shows.
func listPageTotal(t *testing.T, a *testApp, path string) (int, string) {
	t.Helper()
	code, body, _ := a.get(t, path)
	if code != http.StatusOK {
		t.Fatalf("%s: %d", path, code)
	}
	m := listTotalRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("%s: no total on the page", path)
	}
	var n int
	fmt.Sscan(m[1], &n)
	return n, body
}

func TestListFilters(t *testing.T) {
	a := newApp(t)
	importListFixture(t, a)
	for _, tc := range []struct {
		path string
		want []string // names, in order
	}{
		{"/api/v1/actors?origin=IR", []string{"MuddyWater"}},
		{"/api/v1/actors?origin=iran", []string{"MuddyWater"}},
		{"/api/v1/actors?source=description", []string{"Prose Panda"}},
		{"/api/v1/actors?source=report", []string{"MuddyWater"}}, // an accepted report refers to it
		{"/api/v1/actors?since=2024-01&until=2024-12-31", []string{"Prose Panda"}},
		{"/api/v1/actors?since=2025", []string{"MuddyWater"}}, // its campaign was seen in 2025
		{"/api/v1/actors?sector=satellite-communications", []string{"Prose Panda"}},
		{"/api/v1/actors?name=ATK51", []string{"MuddyWater"}},
		{"/api/v1/malware?origin=IR&name=quoted", []string{"Comma, \"Quoted\" Loader"}},
		{"/api/v1/malware?name=risky", []string{"Comma, \"Quoted\" Loader"}},
		{"/api/v1/campaigns?sector=communication", []string{"Operation Listless", "Operation Soft Cell"}},
		{"/api/v1/campaigns?sector=communication&since=2025", []string{"Operation Listless"}},
		{"/api/v1/campaigns?sector=government&origin=IR", []string{"Operation Listless"}}, // through MuddyWater
		{"/api/v1/campaigns?sector=healthcare&origin=IR", nil},
		{"/api/v1/reports?sector=communication&window=5y&until=2099", []string{"Carrier intrusions 2025"}},
		{"/api/v1/reports?motivation=personal-gain", nil},
		{"/api/v1/reports?source=curated", nil},
		{"/api/v1/malware?source=report", nil},
	} {
		t.Run(tc.path, func(t *testing.T) {
			res := listJSON(t, a, tc.path)
			if got := listRowNames(res.Rows); !slices.Equal(got, tc.want) {
				t.Errorf("rows %q, want %q", got, tc.want)
			}
			if res.Total != len(tc.want) {
				t.Errorf("total %d, want %d", res.Total, len(tc.want))
			}
		})
	}
	t.Run("MalwareOfMuddyWaterTargetsOfCommunication", func(t *testing.T) {
		// A malware row matches the actor filters through the actors
		// that use it: MuddyWater targets Communication and is Iranian.
		res := listJSON(t, a, "/api/v1/malware?sector=communication&origin=IR&motivation=organizational-gain")
		if !slices.Contains(listRowNames(res.Rows), "=HYPERLINK(\"http://evil\")") {
			t.Errorf("rows %q lack the malware MuddyWater uses", listRowNames(res.Rows))
		}
	})
	t.Run("MotivationsAsTheSectorPageCountsThem", func(t *testing.T) {
		// The sector page counts attackers by the analyst's word
		// ("espionage"); the list filters by it too, as by STIX's value.
		_, body, _ := a.get(t, "/api/v1/sectors/communication")
		var l telltale.Landscape
		if err := json.Unmarshal([]byte(body), &l); err != nil {
			t.Fatal(err)
		}
		if len(l.Motivations) == 0 {
			t.Fatal("the landscape counts no motivation")
		}
		for _, m := range l.Motivations {
			if m.Key == "" {
				continue // the actors of no known motivation
			}
			res := listJSON(t, a, "/api/v1/actors?sector=communication&page_size=500&motivation="+url.QueryEscape(m.Name))
			if res.Total != m.Count {
				t.Errorf("motivation %q: %d actors, the sector page counts %d", m.Name, res.Total, m.Count)
			}
		}
	})
	t.Run("ActorsOfASectorAreItsAttackers", func(t *testing.T) {
		res := listJSON(t, a, "/api/v1/actors?sector=communication&page_size=500")
		_, body, _ := a.get(t, "/api/v1/sectors/communication")
		var l telltale.Landscape
		if err := json.Unmarshal([]byte(body), &l); err != nil {
			t.Fatal(err)
		}
		if res.Total != l.AttackerCount {
			t.Errorf("%d actors target communication, the landscape counts %d", res.Total, l.AttackerCount)
		}
	})
	t.Run("SectorByNameOrAlias", func(t *testing.T) {
		// The sector filter reads a sector as its page does: "telecom"
		// and "Telecommunications" are telecommunications; a sector no
		// name designates is not found, not an empty list.
		want := listRowNames(listJSON(t, a, "/api/v1/actors?sector=telecommunications").Rows)
		if len(want) == 0 {
			t.Fatal("no actor targets telecommunications")
		}
		for _, p := range []string{"/api/v1/actors?sector=telecom", "/api/v1/actors?sector=Telecommunications"} {
			if got := listRowNames(listJSON(t, a, p).Rows); !slices.Equal(got, want) {
				t.Errorf("%s: %q, want %q", p, got, want)
			}
		}
		for _, p := range []string{"/api/v1/actors?sector=bogus", "/api/v1/malware?sector=bogus", "/actors?sector=bogus"} {
			if code, body, _ := a.get(t, p); code != http.StatusNotFound {
				t.Errorf("%s: %d %.200s", p, code, body)
			}
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for _, p := range []string{"/actors?since=yesterday", "/api/v1/actors?source=rumour", "/api/v1/tools?window=3d", "/api/v1/techniques?page=0", "/api/v1/reports?format=xml"} {
			if code, body, _ := a.get(t, p); code != http.StatusBadRequest {
				t.Errorf("%s: %d %s", p, code, body)
			}
		}
	})
}

func TestListSortAndPages(t *testing.T) {
	a := newApp(t)
	importListFixture(t, a)
	all := listJSON(t, a, "/api/v1/actors")
	if all.Total < 5 || all.Sort != "name" {
		t.Fatalf("%d actors sorted by %q", all.Total, all.Sort)
	}
	names := listRowNames(all.Rows)
	if !slices.IsSortedFunc(names, func(x, y string) int { return strings.Compare(strings.ToLower(x), strings.ToLower(y)) }) {
		t.Errorf("default order is not by name: %q", names)
	}
	desc := listJSON(t, a, "/api/v1/actors?sort=-name")
	rev := slices.Clone(names)
	slices.Reverse(rev)
	if got := listRowNames(desc.Rows); !slices.Equal(got, rev) {
		t.Errorf("sort=-name: %q, want %q", got, rev)
	}
	bySources := listJSON(t, a, "/api/v1/actors?sort=-sources")
	if !slices.IsSortedFunc(bySources.Rows, func(x, y telltale.ListRow) int { return y.Sources - x.Sources }) {
		t.Errorf("sort=-sources is not by sources, most first")
	}
	if bySources.Rows[0].Name != "MuddyWater" {
		t.Errorf("most sources: %s, want MuddyWater (curated, its campaign and a report)", bySources.Rows[0].Name)
	}
	p2 := listJSON(t, a, "/api/v1/actors?page_size=2&page=2")
	if p2.Total != all.Total || p2.Number != 2 || p2.Size != 2 || !slices.Equal(listRowNames(p2.Rows), names[2:4]) {
		t.Errorf("page 2 of 2: total %d page %d rows %q, want %d, 2, %q", p2.Total, p2.Number, listRowNames(p2.Rows), all.Total, names[2:4])
	}
	n, body := listPageTotal(t, a, "/actors?sort=-name&page=2&page_size=2")
	if n != all.Total {
		t.Errorf("the page counts %d actors, the API %d", n, all.Total)
	}
	mustContain(t, body, fmt.Sprintf("Page 2 of %d · %d in all", (all.Total+1)/2, all.Total), `aria-sort="descending"`,
		`href="/actors?format=csv&amp;page_size=2&amp;sort=-name"`, `href="/api/v1/actors?page_size=2&amp;sort=-name"`,
		`<a href="/actors?page_size=2&amp;sort=name">Name`)
	n, body = listPageTotal(t, a, "/campaigns?name=LISTLESS")
	if n != 1 {
		t.Errorf("%d campaigns are called listless, want 1", n)
	}
	mustContain(t, body, `aria-current="page">Campaigns</a>`, "1</strong> of 2 campaigns match these filters.", `<a href="/objects/`+listCampaign+`">Operation Listless</a>`)
	_, body = listPageTotal(t, a, "/reports")
	mustContain(t, body, `<a href="/reports/`+listReport+`">Carrier intrusions 2025</a>`, "1</strong> report.")
	_, body = listPageTotal(t, a, "/reports?source=report")
	mustContain(t, body, "1</strong> of 1 reports match these filters.")
	_, body = listPageTotal(t, a, "/actors?name=muddy")
	mustContain(t, body, `<a href="/actors/`+listMuddyWater+`">MuddyWater</a>`)
}

func TestListCSV(t *testing.T) {
	a := newApp(t)
	importListFixture(t, a)
	for _, path := range []string{"/malware?format=csv&origin=IR", "/api/v1/malware?format=csv&origin=IR"} {
		code, body, h := a.get(t, path)
		if code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.Contains(h.Get("Content-Disposition"), "telltale-malware.csv") {
			t.Fatalf("%s: %d %s %s", path, code, h.Get("Content-Type"), h.Get("Content-Disposition"))
		}
		recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("%s: not CSV: %v", path, err)
		}
		json := listJSON(t, a, "/api/v1/malware?origin=IR&page_size=500")
		if len(recs)-1 != json.Total {
			t.Errorf("%s: %d rows, the API counts %d", path, len(recs)-1, json.Total)
		}
		if recs[0][0] != "id" || recs[0][2] != "name" {
			t.Errorf("header %q", recs[0])
		}
		byID := map[string][]string{}
		for _, r := range recs[1:] {
			byID[r[0]] = r
		}
		if got := byID[listFormulaMal]; got == nil || got[2] != `'=HYPERLINK("http://evil")` {
			t.Errorf("formula cell %q, want it prefixed with a quote", got)
		}
		if got := byID[listCommaMal]; got == nil || got[2] != `Comma, "Quoted" Loader` || got[4] != "'@risky alias" {
			t.Errorf("escaped cells %q", got)
		}
		if !strings.Contains(body, `"Comma, ""Quoted"" Loader"`) {
			t.Errorf("%s: comma and quotes not escaped as CSV does", path)
		}
	}
}

// TestListsHideRed: a TLP:RED actor and the malware only it uses are
// neither listed nor counted for a viewer without clearance, in the
// pages, the JSON, the CSV and the filter choices.
func TestListsHideRed(t *testing.T) {
	const (
		redActor   = "intrusion-set--aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa"
		redMalware = "malware--aaaaaaaa-2222-4222-8222-aaaaaaaaaaaa"
	)
	a := newAppWith(t, knowledge.Options{Reader: extract.Reader{},
		Mark: telltale.MarkOf,
		Viewer: func(ctx context.Context) (string, func(telltale.Mark) bool) {
			if u := telltale.UserFromContext(ctx); u != nil && u.Name == "red" {
				return "red", func(telltale.Mark) bool { return true }
			}
			return "clear", func(m telltale.Mark) bool { return m.Level != telltale.Red }
		},
	})
	red := `,"object_marking_refs":["` + listTLPRed + `"]`
	a.importJSON(t,
		`{"type":"intrusion-set",`+listStamp+`,"id":"`+redActor+`","name":"Crimson Secret","primary_motivation":"coercion"`+red+`}`,
		`{"type":"malware",`+listStamp+`,"id":"`+redMalware+`","name":"Crimson Implant","is_family":true`+red+`}`,
		listRel(9, "uses", redActor, redMalware, red),
		listRel(10, "targets", redActor, listSectorID(t, "telecommunications"), red))
	redClient := a.newClient("red")
	get := func(c *http.Client, path string) string {
		t.Helper()
		code, body, _ := do(t, c, http.MethodGet, a.ts.URL+path, nil, "")
		if code != http.StatusOK {
			t.Fatalf("%s: %d", path, code)
		}
		return body
	}
	count := func(c *http.Client, path string) int {
		var res api.ListResult
		if err := json.Unmarshal([]byte(get(c, path)), &res); err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	for _, path := range []string{"/api/v1/actors", "/api/v1/actors?sector=communication", "/api/v1/malware", "/api/v1/malware?motivation=coercion"} {
		clear, all := count(a.client, path), count(redClient, path)
		if all != clear+1 {
			t.Errorf("%s: the cleared viewer counts %d, the other %d; want one more", path, all, clear)
		}
	}
	for _, path := range []string{"/actors", "/malware", "/actors?format=csv", "/malware?format=csv", "/api/v1/actors", "/api/v1/malware", "/actors?motivation=coercion"} {
		mustNotContain(t, get(a.client, path), "Crimson", "coercion (1)")
		if path == "/actors" || path == "/malware" {
			mustContain(t, get(redClient, path), "Crimson")
		}
	}
	mustContain(t, get(redClient, "/actors"), "coercion (1)")
}

// TestSearchPaged: a search with more hits than a page says how many
// there are and pages through them, on the page and in the API.
func TestSearchPaged(t *testing.T) {
	a := newApp(t)
	var objs []string
	for i := range 60 {
		objs = append(objs, fmt.Sprintf(`{"type":"tool",%s,"id":"tool--0000%04d-0000-4000-8000-000000000000","name":"Pagertool %02d"}`, listStamp, i, i))
	}
	a.importJSON(t, objs...)
	_, body, _ := a.get(t, "/search?q=pagertool&all=1")
	mustContain(t, body, "60 results for “pagertool”; 1 of 2 pages, 50 a page.", "Page 1 of 2 · 60 in all", "Pagertool 00")
	mustNotContain(t, body, "Pagertool 59")
	_, body, _ = a.get(t, "/search?q=pagertool&page=2")
	mustContain(t, body, "Page 2 of 2 · 60 in all", "Pagertool 59", "10 on this page")
	mustNotContain(t, body, "Pagertool 00<")
	code, body, _ := a.get(t, "/api/v1/search?q=pagertool&page=2&limit=25")
	var res api.SearchResult
	if err := json.Unmarshal([]byte(body), &res); code != http.StatusOK || err != nil {
		t.Fatalf("%d %v", code, err)
	}
	if res.Total != 60 || res.Paging.Number != 2 || res.Paging.Size != 25 || len(res.Groups) != 1 || len(res.Groups[0].Hits) != 25 {
		t.Errorf("API page 2: total %d, page %+v, groups %d", res.Total, res.Paging, len(res.Groups))
	}
}
