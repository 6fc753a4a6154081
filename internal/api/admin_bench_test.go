package api_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/testutil"
)

func benchServer(b *testing.B) (*admFixture, string) {
	b.Helper()
	path := testutil.SharedFile(b, "data/attack/enterprise-attack-18.1.json")
	f := newAdmFixture(b)
	fh, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer fh.Close()
	if _, err := f.im.Import(context.Background(), fh, path, importer.Options{}); err != nil {
		b.Fatal(err)
	}
	// Start from a settled database, not one still holding the import in
	// its write-ahead log.
	if _, err := f.db.SQL().Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	return f, "/api/v1/objects/intrusion-set--f9c06633-dcff-48a1-8588-759e7cec5694"
}

// BenchmarkAuthenticatedGET reads through the whole server from
// parallel clients, authenticated with an API token or Basic credentials:
// "object" is one ATT&CK group as the object view shows it (with its
// relationships), "session" is who-am-I, the cost of authentication alone.
// req/s is the throughput.
func BenchmarkAuthenticatedGET(b *testing.B) {
	f, object := benchServer(b)
	for _, tc := range []struct{ name, path, who string }{
		{"object/bearer", object, "bearer"},
		{"object/basic", object, "basic"},
		{"session/bearer", "/api/v1/session", "bearer"},
		{"session/basic", "/api/v1/session", "basic"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			parallelGET(b, f.ts.URL+tc.path, func(req *http.Request) {
				if tc.who == "bearer" {
					req.Header.Set("Authorization", "Bearer "+f.tokens["reader"])
				} else {
					req.SetBasicAuth("reader", "password-reader")
				}
			})
		})
	}
}

// parallelGET reads url from parallel clients (b.RunParallel) after a
// warm-up, each request made by prepare, and reports req/s.
func parallelGET(b *testing.B, url string, prepare func(*http.Request)) {
	b.Helper()
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	get := func() {
		req, _ := http.NewRequest("GET", url, nil)
		prepare(req)
		resp, err := c.Do(req)
		if err != nil {
			b.Error(err)
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Errorf("status %d", resp.StatusCode)
		}
	}
	for range 200 {
		get()
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			get()
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
