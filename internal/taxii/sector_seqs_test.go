package taxii_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/scale"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/taxii"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// TestSectorSeqsSamePages: the Communication collection whose objects and
// positions come from the knowledge snapshot (BundleSectors.BundleSeqs,
// issue 17) serves the same pages, byte for byte and with the same
// headers, as one that takes the ids of the objects SectorBundle writes
// and looks up the positions of their versions in the store: for every
// viewer, paging (three pages a query, and one whole crawl), added_after
// and match filter, on ATT&CK Enterprise, the
// starter knowledge, a generated feed with later versions, and objects
// marked TLP:AMBER and TLP:RED in the sector.
func TestSectorSeqsSamePages(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	attack := testutil.SharedFile(t, "data/attack/enterprise-attack-18.1.json")
	im := f.im
	importFile := func(r io.Reader, name string) {
		t.Helper()
		if _, err := im.Import(ctx, r, name, importer.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	importFile(bytes.NewReader(knowledge.StarterBundle()), "starter")
	fh, err := os.Open(attack)
	if err != nil {
		t.Fatal(err)
	}
	importFile(fh, attack)
	fh.Close()
	opts, err := scale.AttackOptions(attack, 3000, 1)
	if err != nil {
		t.Fatal(err)
	}
	var feed bytes.Buffer
	if _, err := scale.Write(&feed, opts); err != nil {
		t.Fatal(err)
	}
	importFile(&feed, "feed")
	f.importObjects(markedSectorObjects()...)

	markings := auth.NewMarkings(f.db)
	k := knowledge.NewWithOptions(f.db, knowledge.Options{
		Reader: extract.Reader{},
		Mark:   func(raw []byte) telltale.Mark { return telltale.MarkWith(raw, markings) },
		Viewer: func(ctx context.Context) (string, func(telltale.Mark) bool) {
			u := telltale.UserFromContext(ctx)
			if u == nil {
				u = auth.Anonymous()
			}
			return u.Key(), u.Sees
		},
	})
	viewerKey := func(ctx context.Context) string {
		if u := telltale.UserFromContext(ctx); u != nil {
			return u.Key()
		}
		return auth.Anonymous().Key()
	}
	// The reference: the ids of the bundle SectorBundle writes (the
	// objects read whole) and the positions of all their versions.
	bundleIDs := func(ctx context.Context, sector string) (map[string]bool, error) {
		var buf bytes.Buffer
		if err := k.SectorBundle(ctx, sector, &buf); err != nil {
			return nil, err
		}
		ids := map[string]bool{}
		dec := stix.NewDecoder(&buf)
		for {
			raw, err := dec.Next()
			if err == io.EOF {
				return ids, nil
			} else if err != nil {
				return nil, err
			}
			o, err := stix.Parse(raw)
			if err != nil {
				return nil, err
			}
			ids[o.ID] = true
		}
	}
	serve := func(s *taxii.BundleSectors) *fixture {
		srv := taxii.NewServer(f.db, &auth.VisibleObjects{ObjectService: f.db, Viewer: telltale.UserFromContext}, nil)
		srv.Identify = f.srv.Identify
		srv.Sectors = s
		h := srv.Handler()
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if u, err := f.srv.Identify(r); err == nil {
				r = r.WithContext(telltale.NewContextWithUser(r.Context(), u))
			}
			h.ServeHTTP(w, r)
		}))
		t.Cleanup(hs.Close)
		on := *f
		on.http = hs
		return &on
	}
	want := serve(&taxii.BundleSectors{List: k.Sectors, BundleIDs: bundleIDs, LastSeq: f.db.LastSeq, Seqs: f.db.VersionSeqs, ViewerKey: viewerKey})
	got := serve(&taxii.BundleSectors{List: k.Sectors, BundleSeqs: k.SectorBundleSeqs, LastSeq: f.db.LastSeq, Seqs: f.db.VersionSeqs, ViewerKey: viewerKey})

	pages := 0
	col := taxii.SectorCollectionID("communication")
	for _, user := range []string{"", "reader", "analyst", "admin"} {
		for _, q := range sectorQueries() {
			pages += crawlSame(t, want, got, col, user, q, 3)
		}
	}
	// One whole crawl: every page to the last.
	pages += crawlSame(t, want, got, col, "admin", url.Values{"limit": {"500"}}, 0)
	if pages < 60 {
		t.Errorf("compared only %d pages", pages)
	}
}

// sectorQueries are the queries TestSectorSeqsSamePages crawls: each
// endpoint that lists, with paging and every filter.
func sectorQueries() []url.Values {
	return []url.Values{
		{},
		{"limit": {"1000"}},
		{"limit": {"97"}},
		{"limit": {"50"}, "added_after": {"2020-01-01T00:00:00Z"}},
		{"limit": {"200"}, "match[type]": {"attack-pattern,relationship"}},
		{"limit": {"300"}, "match[version]": {"all"}},
		{"limit": {"300"}, "match[version]": {"first"}},
		{"limit": {"300"}, "match[version]": {"last"}},
		{"limit": {"300"}, "match[version]": {"first,last"}},
		{"limit": {"300"}, "match[spec_version]": {"2.1"}},
		{"limit": {"5"}, "match[type]": {"intrusion-set"}, "manifest": {"1"}},
		{"limit": {"400"}, "manifest": {"1"}},
	}
}

// crawlSame reads a collection page by page from both servers as user,
// up to max pages (0: all), and fails on the first difference; it
// returns the pages compared.
func crawlSame(t *testing.T, want, got *fixture, col, user string, q url.Values, max int) int {
	t.Helper()
	q = cloneValues(q)
	endpoint := "/objects/"
	if q.Has("manifest") {
		endpoint = "/manifest/"
		q.Del("manifest")
	}
	for n := 1; ; n++ {
		path := taxii.RootPath + "collections/" + col + endpoint + "?" + q.Encode()
		a, b := want.get(path, user), got.get(path, user)
		first, last := "X-TAXII-Date-Added-First", "X-TAXII-Date-Added-Last"
		if a.status != b.status || !bytes.Equal(a.body, b.body) || a.header.Get(first) != b.header.Get(first) || a.header.Get(last) != b.header.Get(last) {
			t.Fatalf("%s as %q, page %d: got %d (%d bytes, %s..%s), want %d (%d bytes, %s..%s)", path, user, n,
				b.status, len(b.body), b.header.Get(first), b.header.Get(last), a.status, len(a.body), a.header.Get(first), a.header.Get(last))
		}
		var env struct {
			More bool   `json:"more"`
			Next string `json:"next"`
		}
		if a.status != 200 || json.Unmarshal(a.body, &env) != nil || !env.More || n == max {
			return n
		}
		q.Set("next", env.Next)
	}
}

// markedSectorObjects are objects in the Communication sector that some
// viewers may not see: a TLP:AMBER actor targeting it, created by a
// TLP:AMBER identity, a TLP:RED targets relationship of a public actor,
// and a later version of the public actor.
func markedSectorObjects() []string {
	sec, _ := telltale.SectorByKey("communication")
	const (
		amberActor = "intrusion-set--5e0a5c1e-54a4-4bd6-9d38-6b2f0c8d1a01"
		amberID    = "identity--5e0a5c1e-54a4-4bd6-9d38-6b2f0c8d1a02"
		publicSet  = "intrusion-set--5e0a5c1e-54a4-4bd6-9d38-6b2f0c8d1a03"
	)
	actor := func(id, name, modified, extra string) string {
		return fmt.Sprintf(`{"type":"intrusion-set","spec_version":"2.1","id":%q,"created":"2024-01-01T00:00:00.000Z","modified":%q,"name":%q%s}`, id, modified, name, extra)
	}
	rel := func(n int, src, marking string) string {
		return fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--5e0a5c1e-54a4-4bd6-9d38-6b2f0c8d1b%02d","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":%q,"target_ref":%q%s}`, n, src, sec.ID, marking)
	}
	amber := `,"object_marking_refs":["` + telltale.TLPAmber + `"]`
	return []string{
		fmt.Sprintf(`{"type":"identity","spec_version":"2.1","id":%q,"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Amber Vendor","identity_class":"organization"%s}`, amberID, amber),
		actor(amberActor, "Amber Quokka", "2024-01-01T00:00:00.000Z", `,"created_by_ref":"`+amberID+`"`+amber),
		actor(publicSet, "Public Wombat", "2024-01-01T00:00:00.000Z", ""),
		actor(publicSet, "Public Wombat", "2024-06-01T00:00:00.000Z", `,"aliases":["Wombat Two"]`),
		rel(1, amberActor, amber),
		rel(2, publicSet, ""),
		rel(3, publicSet, `,"object_marking_refs":["`+telltale.TLPRed+`"]`),
	}
}
