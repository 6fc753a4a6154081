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
	if _, err := (&importer.Importer{Store: f.db}).Import(context.Background(), fh, path, importer.Options{}); err != nil {
		b.Fatal(err)
	}
	return f, "/api/v1/objects/intrusion-set--f9c06633-dcff-48a1-8588-759e7cec5694"
}

// BenchmarkAuthenticatedGET reads one object (an ATT&CK group, with its
// relationships) through the whole server: authentication with an API
// token or Basic credentials, the read gate, the object view, from
// parallel clients. req/s is the throughput.
func BenchmarkAuthenticatedGET(b *testing.B) {
	f, path := benchServer(b)
	for _, who := range []string{"basic", "bearer"} {
		b.Run(who, func(b *testing.B) {
			get := func(c *http.Client) {
				req, _ := http.NewRequest("GET", f.ts.URL+path, nil)
				if who == "bearer" {
					req.Header.Set("Authorization", "Bearer "+f.tokens["reader"])
				} else {
					req.SetBasicAuth("reader", "password-reader")
				}
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
			c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			get(c)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					get(c)
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}
