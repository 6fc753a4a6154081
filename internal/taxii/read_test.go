package taxii_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/auth"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/taxii"
)

func TestDiscoveryAndCollections(t *testing.T) {
	f := newFixture(t)
	t.Run("Discovery", func(t *testing.T) {
		r := f.get(taxii.Prefix, "reader")
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		if got := r.header.Get("Content-Type"); got != taxii.MediaTAXII {
			t.Errorf("Content-Type %q, want %q", got, taxii.MediaTAXII)
		}
		var d struct {
			Default  string   `json:"default"`
			APIRoots []string `json:"api_roots"`
		}
		r.decode(t, &d)
		if d.Default != taxii.RootPath || !slices.Equal(d.APIRoots, []string{taxii.RootPath}) {
			t.Errorf("discovery %s", r.body)
		}
	})
	t.Run("APIRoot", func(t *testing.T) {
		r := f.get(taxii.RootPath, "reader")
		var root struct {
			Versions         []string `json:"versions"`
			MaxContentLength int64    `json:"max_content_length"`
		}
		r.decode(t, &root)
		if r.status != 200 || !slices.Equal(root.Versions, []string{taxii.MediaTAXII}) || root.MaxContentLength <= 0 {
			t.Errorf("api root %d %s", r.status, r.body)
		}
	})
	t.Run("UnknownAPIRoot404", func(t *testing.T) {
		r := f.get(taxii.Prefix+"nope/collections/", "reader")
		var e struct {
			Title      string `json:"title"`
			HTTPStatus string `json:"http_status"`
		}
		r.decode(t, &e)
		if r.status != 404 || e.HTTPStatus != "404" || e.Title == "" {
			t.Errorf("got %d %s", r.status, r.body)
		}
	})
	t.Run("Collections", func(t *testing.T) {
		for _, tc := range []struct {
			user      string
			canWrite  bool
			wantTitle string
		}{{"reader", false, "Everything"}, {"analyst", true, "Everything"}} {
			r := f.get(taxii.RootPath+"collections/", tc.user)
			var cs struct {
				Collections []struct {
					ID         string   `json:"id"`
					Title      string   `json:"title"`
					CanRead    bool     `json:"can_read"`
					CanWrite   bool     `json:"can_write"`
					MediaTypes []string `json:"media_types"`
				} `json:"collections"`
			}
			r.decode(t, &cs)
			if len(cs.Collections) == 0 {
				t.Fatalf("%s: no collections: %s", tc.user, r.body)
			}
			c := cs.Collections[0]
			if c.ID != taxii.AllID || c.Title != tc.wantTitle || !c.CanRead || c.CanWrite != tc.canWrite || !slices.Equal(c.MediaTypes, []string{taxii.MediaSTIX}) {
				t.Errorf("%s: collection %+v", tc.user, c)
			}
			one := f.get(taxii.RootPath+"collections/"+taxii.AllID+"/", tc.user)
			if one.status != 200 || !strings.Contains(string(one.body), taxii.AllID) {
				t.Errorf("%s: collection: %d %s", tc.user, one.status, one.body)
			}
		}
	})
	t.Run("UnknownCollection404", func(t *testing.T) {
		if r := f.get(taxii.RootPath+"collections/00000000-0000-4000-8000-000000000000/objects/", "reader"); r.status != 404 {
			t.Errorf("got %d", r.status)
		}
	})
}

func TestMediaTypesAndCredentials(t *testing.T) {
	f := newFixture(t)
	objs := taxii.RootPath + "collections/" + taxii.AllID + "/objects/"
	t.Run("NotAcceptable406", func(t *testing.T) {
		for _, accept := range []string{"application/json", "application/taxii+json;version=2.0", "text/html"} {
			r := f.do("GET", objs, "reader", nil, "Accept", accept)
			if r.status != 406 {
				t.Errorf("Accept %q: got %d, want 406", accept, r.status)
			}
		}
	})
	t.Run("Acceptable", func(t *testing.T) {
		for _, accept := range []string{taxii.MediaTAXII, "application/taxii+json", "*/*", "application/taxii+json; version=2.1, application/json;q=0.5"} {
			if r := f.do("GET", objs, "reader", nil, "Accept", accept); r.status != 200 {
				t.Errorf("Accept %q: got %d", accept, r.status)
			}
		}
	})
	t.Run("UnsupportedMediaType415", func(t *testing.T) {
		r := f.do("POST", objs, "analyst", []byte(`{"objects":[]}`), "Content-Type", "application/json")
		if r.status != 415 {
			t.Errorf("got %d, want 415", r.status)
		}
	})
	t.Run("NoCredentials401", func(t *testing.T) {
		r := f.get(objs, "")
		if r.status != 401 || !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Basic") {
			t.Errorf("got %d %q", r.status, r.header.Get("WWW-Authenticate"))
		}
	})
	t.Run("BadCredentials401", func(t *testing.T) {
		if r := f.get(objs, "mallory"); r.status != 401 {
			t.Errorf("got %d", r.status)
		}
	})
	t.Run("BadParameters400", func(t *testing.T) {
		for _, q := range []string{"limit=0", "limit=x", "added_after=yesterday", "next=garbage", "match[version]=newest", "match[spec_version]=3.0", "match[color]=red"} {
			if r := f.get(objs+"?"+q, "reader"); r.status != 400 {
				t.Errorf("%s: got %d, want 400", q, r.status)
			}
		}
	})
}

// crawl reads a collection page by page, checking headers and the order
// of date_added as it goes, and returns every object id in order.
func crawl(t *testing.T, f *fixture, user string, q url.Values) (ids []string, lastAdded string) {
	t.Helper()
	q = cloneValues(q)
	pages := 0
	prevLast := ""
	for {
		r := f.get(objectsPath(taxii.AllID, q), user)
		if r.status != 200 {
			t.Fatalf("page %d: %d %s", pages, r.status, r.body)
		}
		var env envelope
		r.decode(t, &env)
		pages++
		if len(env.Objects) > 0 {
			first, last := r.header.Get("X-TAXII-Date-Added-First"), r.header.Get("X-TAXII-Date-Added-Last")
			if first == "" || last == "" || first > last {
				t.Fatalf("page %d: date headers %q %q", pages, first, last)
			}
			if prevLast != "" && first <= prevLast {
				t.Fatalf("page %d: first date_added %s not after the previous page's last %s", pages, first, prevLast)
			}
			prevLast, lastAdded = last, last
		}
		ids = append(ids, idsOf(t, env.Objects)...)
		if !env.More {
			if env.Next != "" {
				t.Fatalf("page %d: next without more", pages)
			}
			return ids, lastAdded
		}
		if env.Next == "" {
			t.Fatalf("page %d: more without next", pages)
		}
		q.Set("next", env.Next)
		if pages > 100000 {
			t.Fatal("paging does not end")
		}
	}
}

func idsOf(t *testing.T, objs []json.RawMessage) []string { return ids(t, objs) }

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

func TestPagingTenThousandInOneBundle(t *testing.T) {
	f := newFixture(t)
	const n = 10000
	objs := make([]string, n)
	for i := range objs {
		objs[i] = indicator(i, "2024-01-01T00:00:00.000Z")
	}
	if res := f.importObjects(objs...); res.Added != n {
		t.Fatalf("added %d", res.Added)
	}
	for _, limit := range []int{1000, 333, 10000} {
		t.Run("Limit"+strconv.Itoa(limit), func(t *testing.T) {
			got, _ := crawl(t, f, "reader", url.Values{"limit": {strconv.Itoa(limit)}})
			if len(got) != n {
				t.Fatalf("got %d objects, want %d", len(got), n)
			}
			for i, id := range got {
				if id != indicatorID(i) {
					t.Fatalf("object %d is %s, want %s (skipped or repeated)", i, id, indicatorID(i))
				}
			}
		})
	}
	t.Run("ManifestDateAddedStrictlyIncreasing", func(t *testing.T) {
		r := f.get(taxii.RootPath+"collections/"+taxii.AllID+"/manifest/?limit=10000", "reader")
		var m struct {
			More    bool `json:"more"`
			Objects []struct {
				ID        string `json:"id"`
				DateAdded string `json:"date_added"`
				Version   string `json:"version"`
				MediaType string `json:"media_type"`
			} `json:"objects"`
		}
		r.decode(t, &m)
		if len(m.Objects) != n || m.More {
			t.Fatalf("manifest has %d records, more %v", len(m.Objects), m.More)
		}
		for i := 1; i < n; i++ {
			if m.Objects[i].DateAdded <= m.Objects[i-1].DateAdded {
				t.Fatalf("date_added %s then %s", m.Objects[i-1].DateAdded, m.Objects[i].DateAdded)
			}
		}
		if m.Objects[0].Version != "2024-01-01T00:00:00.000Z" || m.Objects[0].MediaType != taxii.MediaSTIX {
			t.Errorf("record %+v", m.Objects[0])
		}
	})
	t.Run("AddedAfterEveryDateAdded", func(t *testing.T) {
		// Resuming from any page boundary by date gives exactly the rest.
		r := f.get(taxii.RootPath+"collections/"+taxii.AllID+"/manifest/?limit=10000", "reader")
		var m struct {
			Objects []struct {
				DateAdded string `json:"date_added"`
			} `json:"objects"`
		}
		r.decode(t, &m)
		for _, i := range []int{0, 1, 999, 5000, 9998, 9999} {
			got, _ := crawl(t, f, "reader", url.Values{"added_after": {m.Objects[i].DateAdded}, "limit": {"1000"}})
			if len(got) != n-1-i || (len(got) > 0 && got[0] != indicatorID(i+1)) {
				t.Errorf("added_after object %d: got %d objects", i, len(got))
			}
		}
	})
}

func TestPagingWhileWriting(t *testing.T) {
	f := newFixture(t)
	var objs []string
	for i := range 50 {
		objs = append(objs, indicator(i, "2024-01-01T00:00:00.000Z"))
	}
	f.importObjects(objs...)
	q := url.Values{"limit": {"10"}}
	r := f.get(objectsPath(taxii.AllID, q), "reader")
	var env envelope
	r.decode(t, &env)
	// Between two pages: a new version of an object already read, and a
	// new object.
	f.importObjects(indicator(3, "2024-02-01T00:00:00.000Z"), indicator(50, "2024-01-01T00:00:00.000Z"))
	got := idsOf(t, env.Objects)
	q.Set("next", env.Next)
	rest, last := crawl(t, f, "reader", q)
	got = append(got, rest...)
	want := []string{}
	for i := range 51 {
		if i != 3 {
			want = append(want, indicatorID(i))
		}
	}
	want = slices.Insert(want, 3, indicatorID(3))
	want = append(want[:50], indicatorID(3), indicatorID(50))
	if !slices.Equal(got[:10], want[:10]) || len(got) != 52 {
		t.Fatalf("got %d objects: %v", len(got), got)
	}
	if got[50] != indicatorID(3) || got[51] != indicatorID(50) {
		t.Errorf("the new version and the new object should come last, got %v", got[48:])
	}
	// Resuming by date after the last page finds nothing new.
	again, _ := crawl(t, f, "reader", url.Values{"added_after": {last}})
	if len(again) != 0 {
		t.Errorf("added_after the last date_added: %v", again)
	}
}

func TestMatchFilters(t *testing.T) {
	f := newFixture(t)
	f.importObjects(
		indicator(1, "2024-01-01T00:00:00.000Z"),
		indicator(2, "2024-01-01T00:00:00.000Z"),
		`{"type":"malware","spec_version":"2.1","id":"malware--00000000-0000-4000-8000-000000000001","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"m","is_family":true}`,
	)
	f.importObjects(indicator(1, "2024-03-01T00:00:00.000Z"))
	f.importObjects(indicator(1, "2024-02-01T00:00:00.000Z")) // an older version, arriving last
	get := func(q url.Values) []string {
		got, _ := crawl(t, f, "reader", q)
		return got
	}
	versionsOf := func(q url.Values) []string {
		r := f.get(objectsPath(taxii.AllID, q), "reader")
		var env envelope
		r.decode(t, &env)
		var out []string
		for _, o := range env.Objects {
			var h header
			json.Unmarshal(o, &h)
			out = append(out, h.ID[:20]+"@"+h.Modified[:7])
		}
		return out
	}
	for _, tc := range []struct {
		name string
		q    url.Values
		want []string
	}{
		{"Type", url.Values{"match[type]": {"malware"}}, []string{"malware--00000000-0000-4000-8000-000000000001"}},
		{"TypeList", url.Values{"match[type]": {"malware,indicator"}}, []string{indicatorID(2), "malware--00000000-0000-4000-8000-000000000001", indicatorID(1)}},
		{"ID", url.Values{"match[id]": {indicatorID(2)}}, []string{indicatorID(2)}},
		{"SpecVersion20", url.Values{"match[spec_version]": {"2.0"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := get(tc.q); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	i1 := indicatorID(1)[:20]
	for _, tc := range []struct {
		name, version string
		want          []string
	}{
		{"VersionLastByDefault", "", []string{i1 + "@2024-03"}},
		{"VersionFirst", "first", []string{i1 + "@2024-01"}},
		{"VersionAll", "all", []string{i1 + "@2024-01", i1 + "@2024-03", i1 + "@2024-02"}},
		{"VersionFirstAndLast", "first,last", []string{i1 + "@2024-01", i1 + "@2024-03"}},
		{"VersionTimestamp", "2024-02-01T00:00:00.000Z", []string{i1 + "@2024-02"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := url.Values{"match[id]": {indicatorID(1)}}
			if tc.version != "" {
				q.Set("match[version]", tc.version)
			}
			if got := versionsOf(q); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	// Tens of thousands of values used to run for seconds and answer 500
	// "too many SQL variables".
	t.Run("ErrTooManyValues400", func(t *testing.T) {
		many := make([]string, 40000) // short: a URL has at most 1 MB
		for i := range many {
			many[i] = "i" + strconv.Itoa(i)
		}
		for _, q := range []url.Values{
			{"match[id]": {strings.Join(many, ",")}},
			{"match[type]": many[:ihttp.MaxListValues+1]}, // repeated, not comma-separated
		} {
			r := f.get(objectsPath(taxii.AllID, q), "reader")
			if r.status != 400 || !strings.Contains(string(r.body), "at most 1000 are allowed") {
				t.Errorf("got %d %.200s", r.status, r.body)
			}
		}
		atLimit := append(many[:ihttp.MaxListValues-1:ihttp.MaxListValues-1], indicatorID(1))
		r := f.get(taxii.RootPath+"collections/"+taxii.AllID+"/manifest/?"+url.Values{"match[id]": {strings.Join(atLimit, ",")}}.Encode(), "reader")
		if r.status != 200 || !strings.Contains(string(r.body), indicatorID(1)) {
			t.Errorf("at the limit: got %d %.200s", r.status, r.body)
		}
	})
	// Objects may carry marked data chosen for one caller: no cache may
	// keep them.
	t.Run("NoStore", func(t *testing.T) {
		coll := taxii.RootPath + "collections/" + taxii.AllID + "/"
		for _, path := range []string{coll + "objects/", coll + "manifest/", coll + "objects/" + indicatorID(1) + "/",
			coll + "objects/" + indicatorID(1) + "/versions/", coll + "objects/?match[id]=" + indicatorID(1)} {
			if r := f.get(path, "reader"); r.status != 200 || r.header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: %d, Cache-Control %q", path, r.status, r.header.Get("Cache-Control"))
			}
		}
	})
	t.Run("Object", func(t *testing.T) {
		r := f.get(taxii.RootPath+"collections/"+taxii.AllID+"/objects/"+indicatorID(1)+"/?match[version]=all", "reader")
		var env envelope
		r.decode(t, &env)
		if r.status != 200 || len(env.Objects) != 3 {
			t.Errorf("got %d %s", r.status, r.body)
		}
		if r := f.get(taxii.RootPath+"collections/"+taxii.AllID+"/objects/indicator--99999999-0000-4000-8000-000000000000/", "reader"); r.status != 404 {
			t.Errorf("missing object: got %d", r.status)
		}
	})
	t.Run("Versions", func(t *testing.T) {
		r := f.get(taxii.RootPath+"collections/"+taxii.AllID+"/objects/"+indicatorID(1)+"/versions/", "reader")
		var v struct {
			More     bool     `json:"more"`
			Versions []string `json:"versions"`
		}
		r.decode(t, &v)
		want := []string{"2024-01-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z"}
		if r.status != 200 || !slices.Equal(v.Versions, want) || r.header.Get("X-TAXII-Date-Added-First") == "" {
			t.Errorf("got %d %s", r.status, r.body)
		}
	})
}

func TestMarkingVisibility(t *testing.T) {
	f := newFixture(t)
	f.srv.AnonymousRead = true
	f.importObjects(
		indicator(0, "2024-01-01T00:00:00.000Z"),
		indicator(1, "2024-01-01T00:00:00.000Z", auth.TLPClear),
		indicator(2, "2024-01-01T00:00:00.000Z", auth.TLPGreen),
		indicator(3, "2024-01-01T00:00:00.000Z", auth.TLPAmber),
		indicator(4, "2024-01-01T00:00:00.000Z", auth.TLPAmberStrict),
		indicator(5, "2024-01-01T00:00:00.000Z", auth.TLPRed),
		strings.Replace(indicator(6, "2024-01-01T00:00:00.000Z", auth.TLPRed), `"name"`, `"x_telltale_recipients":["soc"],"name"`, 1),
		strings.Replace(indicator(7, "2024-01-01T00:00:00.000Z", auth.TLPRed), `"name"`, `"x_telltale_recipients":["admin"],"name"`, 1),
		indicator(8, "2024-01-01T00:00:00.000Z", auth.TLP1Amber),
		indicator(9, "2024-01-01T00:00:00.000Z", auth.TLPGreen, auth.TLPAmberStrict),
	)
	for _, tc := range []struct {
		user string
		want []int
	}{
		{"", []int{0, 1}},
		{"reader", []int{0, 1, 2}},
		{"analyst", []int{0, 1, 2, 3, 6, 8}},
		{"admin", []int{0, 1, 2, 3, 4, 7, 8, 9}},
	} {
		t.Run("User"+tc.user, func(t *testing.T) {
			var want []string
			for _, i := range tc.want {
				want = append(want, indicatorID(i))
			}
			got, _ := crawl(t, f, tc.user, url.Values{"limit": {"1"}})
			if !slices.Equal(got, want) {
				t.Errorf("objects: got %v, want %v", got, want)
			}
			for i := range 10 {
				r := f.get(taxii.RootPath+"collections/"+taxii.AllID+"/objects/"+indicatorID(i)+"/", tc.user)
				if visible := slices.Contains(tc.want, i); (r.status == 200) != visible {
					t.Errorf("object %d: status %d, visible %v", i, r.status, visible)
				}
			}
		})
	}
}

// TestRelationshipsToHiddenObjects: in the collection of everything, an
// unmarked relationship or sighting that names an object the reader may
// not see is hidden like that object, on every endpoint and filter.
func TestRelationshipsToHiddenObjects(t *testing.T) {
	f := newFixture(t)
	rel := func(n, src, dst int) string {
		return fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--%08d-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"related-to","source_ref":%q,"target_ref":%q}`, n, indicatorID(src), indicatorID(dst))
	}
	relID := func(n int) string { return fmt.Sprintf("relationship--%08d-0000-4000-8000-000000000000", n) }
	const sighting = "sighting--00000003-0000-4000-8000-000000000000"
	f.importObjects(
		indicator(1, "2024-01-01T00:00:00.000Z"),
		indicator(2, "2024-01-01T00:00:00.000Z", auth.TLPAmber),
		rel(1, 1, 2), // names the hidden indicator
		rel(2, 1, 1), // names only what the reader sees
		`{"type":"sighting","spec_version":"2.1","id":"`+sighting+`","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","sighting_of_ref":"`+indicatorID(2)+`"}`,
	)
	hiddenIDs := []string{indicatorID(2), relID(1), sighting}
	leaks := func(what string, body []byte) {
		t.Helper()
		for _, id := range hiddenIDs {
			if bytes.Contains(body, []byte(id)) {
				t.Errorf("%s names %s", what, id)
			}
		}
	}
	coll := taxii.RootPath + "collections/" + taxii.AllID + "/"
	for _, path := range []string{
		coll + "objects/",
		coll + "objects/?match[type]=relationship,sighting",
		coll + "objects/?match[id]=" + relID(1) + "," + relID(2) + "," + sighting,
		coll + "objects/?match[version]=all",
		coll + "manifest/",
		coll + "manifest/?match[id]=" + relID(1),
	} {
		r := f.get(path, "reader")
		if r.status != 200 {
			t.Fatalf("%s: %d %s", path, r.status, r.body)
		}
		leaks(path, r.body)
		if !strings.Contains(path, "match[id]="+relID(1)) && !strings.Contains(path, "manifest/?") && !bytes.Contains(r.body, []byte(relID(2))) {
			t.Errorf("%s: the visible relationship is missing: %s", path, r.body)
		}
	}
	for _, id := range []string{relID(1), sighting} {
		for _, ep := range []string{"objects/" + id + "/", "objects/" + id + "/versions/"} {
			if r := f.get(coll+ep, "reader"); r.status != 404 {
				t.Errorf("%s: %d %s", ep, r.status, r.body)
			}
			if r := f.get(coll+ep, "analyst"); r.status != 200 {
				t.Errorf("%s as analyst: %d %s", ep, r.status, r.body)
			}
		}
	}
	// Paging by one still reaches the end and never shows them.
	got, _ := crawl(t, f, "reader", url.Values{"limit": {"1"}})
	if want := []string{indicatorID(1), relID(2)}; !slices.Equal(got, want) {
		t.Errorf("crawl: got %v, want %v", got, want)
	}
}

// TestCollectionsAddressedByID: a collection resource carries the id of
// its URL; an alias answers with a permanent redirect to that URL (query
// kept), so a TAXII client never sees an id other than the one it asked.
func TestCollectionsAddressedByID(t *testing.T) {
	f := newFixture(t)
	f.importObjects(indicator(1, "2024-01-01T00:00:00.000Z"))
	for _, path := range []string{
		taxii.RootPath + "collections/all/",
		taxii.RootPath + "collections/all/objects/?limit=1&match[type]=indicator",
		taxii.RootPath + "collections/all/manifest/",
	} {
		req, _ := http.NewRequest("GET", f.http.URL+path, nil)
		req.Header.Set("Accept", taxii.MediaTAXII)
		req.Header.Set("Authorization", "Bearer reader")
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := strings.Replace(path, "/all/", "/"+taxii.AllID+"/", 1)
		if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
			t.Errorf("%s: %d, Location %q; want 308 to %s", path, resp.StatusCode, resp.Header.Get("Location"), want)
			continue
		}
		if ct := resp.Header.Get("Content-Type"); ct != taxii.MediaTAXII {
			t.Errorf("%s: content type %q", path, ct)
		}
		if got := f.get(want, "reader"); got.status != 200 {
			t.Errorf("%s: %d", want, got.status)
		}
	}
	var c struct {
		ID string `json:"id"`
	}
	r := f.get(taxii.RootPath+"collections/"+taxii.AllID+"/", "reader")
	r.decode(t, &c)
	if c.ID != taxii.AllID {
		t.Errorf("the collection at %s says it is %s", taxii.AllID, c.ID)
	}
	if r := f.get(taxii.RootPath+"collections/nope/", "reader"); r.status != 404 {
		t.Errorf("an unknown alias: %d", r.status)
	}
}
