package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/auth"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// BenchmarkObjectView reads the object view of ATT&CK Enterprise's most
// connected objects through the whole server as `telltale serve` wires it:
// a bearer token, and the store behind the TLP filter of the caller
// (auth.VisibleObjects), so every relationship and every object the page
// names is checked against the reader's clearance. Parallel clients;
// req/s is the throughput.
func BenchmarkObjectView(b *testing.B) {
	f := newAdmFixture(b)
	for _, name := range []string{"enterprise-attack-18.1.json", "mobile-attack-18.1.json", "ics-attack-18.1.json"} {
		path := testutil.SharedFile(b, "data/attack/"+name)
		fh, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		_, err = f.im.Import(context.Background(), fh, path, importer.Options{})
		fh.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	if _, err := f.db.SQL().Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	srv := ihttp.NewServer(nil)
	srv.Auth = f.auth
	(&api.Handler{Views: &api.Views{
		Objects: &auth.VisibleObjects{ObjectService: f.db, Viewer: f.auth.ViewerOf},
		Version: f.db.LastSeq,
	}}).Register(srv)
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)

	const collection = "x-mitre-collection--1f5f1533-f617-4ca8-9ab4-6a02367fa019"
	for _, tc := range []struct{ name, path, encoding string }{
		// MuddyWater (G0069): 75 relationships out, 1 in.
		{"MuddyWater", "intrusion-set--269e8108-68c6-4f99-b911-14b2e765dec2", ""},
		// Ingress Tool Transfer (T1105): 501 relationships in, the most of
		// any object in the three ATT&CK domains.
		{"IngressToolTransfer", "attack-pattern--e6919abc-99f9-4c6c-95a5-14761e7b2add", ""},
		// Enterprise ATT&CK's collection object, the largest (2.8 MB):
		// its view, and the complete object plain and gzipped (the
		// client asks for gzip by itself unless told otherwise).
		{"EnterpriseCollection", collection, ""},
		{"EnterpriseCollectionSTIX", collection + "/stix", "identity"},
		{"EnterpriseCollectionSTIXGzip", collection + "/stix", "gzip"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			parallelGET(b, ts.URL+"/api/v1/objects/"+tc.path, func(req *http.Request) {
				req.Header.Set("Authorization", "Bearer "+f.tokens["reader"])
				if tc.encoding != "" {
					req.Header.Set("Accept-Encoding", tc.encoding)
				}
			})
		})
	}
}
