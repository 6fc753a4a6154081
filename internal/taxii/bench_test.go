package taxii_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"

	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/scale"
	"github.com/telltale-cti/telltale/internal/taxii"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// attackServer serves a store holding ATT&CK Enterprise.
func attackServer(b *testing.B) (*httptest.Server, int) {
	b.Helper()
	h, added := attackHandler(b)
	hs := httptest.NewServer(h)
	b.Cleanup(hs.Close)
	return hs, added
}

func attackHandler(b *testing.B) (http.Handler, int) {
	b.Helper()
	path := testutil.SharedFile(b, "data/attack/enterprise-attack-18.1.json")
	a := openApp(b, false)
	db := a.DB
	fh, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer fh.Close()
	res, err := a.Importer.Import(context.Background(), fh, path, importer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	srv := taxii.NewServer(db, &auth.VisibleObjects{ObjectService: db}, nil)
	markings := auth.NewMarkings(db) // ATT&CK's objects carry MITRE's statement marking
	srv.Identify = func(*http.Request) (*auth.User, error) {
		return &auth.User{Name: "bench", Role: auth.RoleReader, Clearance: auth.Amber, Markings: markings}, nil
	}
	return srv.Handler(), res.Added
}

func fetchPage(b *testing.B, u string) (more bool, next string, n int) {
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Accept", taxii.MediaTAXII)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("%d %v", resp.StatusCode, err)
	}
	var env struct {
		More    bool              `json:"more"`
		Next    string            `json:"next"`
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		b.Fatal(err)
	}
	return env.More, env.Next, len(env.Objects)
}

// BenchmarkPage1000 reads one page of 1,000 ATT&CK objects.
func BenchmarkPage1000(b *testing.B) {
	hs, _ := attackServer(b)
	_, next, _ := fetchPage(b, hs.URL+objectsPath(taxii.AllID, url.Values{"limit": {"5000"}}))
	u := hs.URL + objectsPath(taxii.AllID, url.Values{"limit": {"1000"}, "next": {next}})
	for b.Loop() {
		if _, _, n := fetchPage(b, u); n != 1000 {
			b.Fatalf("page of %d", n)
		}
	}
}

// BenchmarkPage1000Handler is BenchmarkPage1000 without the network and
// the client's decoding: the server's own time.
func BenchmarkPage1000Handler(b *testing.B) {
	h, _ := attackHandler(b)
	get := func(u string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", u, nil)
		req.Header.Set("Accept", taxii.MediaTAXII)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
		return w
	}
	var env struct {
		Next string `json:"next"`
	}
	if err := json.Unmarshal(get(objectsPath(taxii.AllID, url.Values{"limit": {"5000"}})).Body.Bytes(), &env); err != nil {
		b.Fatal(err)
	}
	u := objectsPath(taxii.AllID, url.Values{"limit": {"1000"}, "next": {env.Next}})
	for b.Loop() {
		get(u)
	}
}

// BenchmarkCrawlEnterprise reads all of ATT&CK Enterprise page by page.
func BenchmarkCrawlEnterprise(b *testing.B) {
	hs, added := attackServer(b)
	for b.Loop() {
		total := 0
		q := url.Values{"limit": {"1000"}}
		for {
			more, next, n := fetchPage(b, hs.URL+objectsPath(taxii.AllID, q))
			total += n
			if !more {
				break
			}
			q.Set("next", next)
		}
		if total != added {
			b.Fatalf("crawled %d of %d", total, added)
		}
	}
	b.ReportMetric(float64(added), "objects")
}

// BenchmarkSectorPageFirst is the first objects page (limit 1000) of the
// Communication collection on ATT&CK Enterprise and a generated feed of
// 20,000 objects: a fresh server each time, over warm knowledge, so each
// op finds the sector's objects and their positions (issue 17).
func BenchmarkSectorPageFirst(b *testing.B) {
	ctx := context.Background()
	attack := testutil.SharedFile(b, "data/attack/enterprise-attack-18.1.json")
	a := openApp(b, false)
	db, im, k := a.DB, a.Importer, a.Knowledge
	fh, err := os.Open(attack)
	if err != nil {
		b.Fatal(err)
	}
	defer fh.Close()
	opts, err := scale.AttackOptions(attack, 20_000, 1)
	if err != nil {
		b.Fatal(err)
	}
	var feed bytes.Buffer
	if _, err := scale.Write(&feed, opts); err != nil {
		b.Fatal(err)
	}
	for _, r := range []io.Reader{bytes.NewReader(knowledge.StarterBundle()), fh, &feed} {
		if _, err := im.Import(ctx, r, "bench", importer.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	u := objectsPath(taxii.SectorCollectionID("communication"), url.Values{"limit": {"1000"}})
	first := func() {
		srv := taxii.NewServer(db, &auth.VisibleObjects{ObjectService: db}, nil)
		srv.Identify = func(*http.Request) (*auth.User, error) { return auth.Anonymous(), nil }
		srv.AnonymousRead = true
		srv.Sectors = &taxii.BundleSectors{List: k.Sectors, BundleSeqs: k.SectorBundleSeqs, LastSeq: db.LastSeq, Seqs: db.VersionSeqs}
		req := httptest.NewRequest("GET", u, nil)
		req.Header.Set("Accept", taxii.MediaTAXII)
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
	first() // the knowledge, computed once per store state
	for b.Loop() {
		first()
	}
}
