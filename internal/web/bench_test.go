package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
)

// BenchmarkSectorPage renders /sectors/communication over a database
// given by TELLTALE_BENCH_DB (scripts/bench-web builds one with ATT&CK and
// the MISP galaxies), or over the starter knowledge.
func BenchmarkSectorPage(b *testing.B) {
	a := &testApp{}
	if path := os.Getenv("TELLTALE_BENCH_DB"); path != "" {
		db, err := store.Open(context.Background(), path, false)
		if err != nil {
			b.Fatal(err)
		}
		db.Fold = knowledge.Fold
		b.Cleanup(func() { db.Close() })
		a.db, a.k = db, knowledge.New(db)
		a.logs = &bytes.Buffer{}
		a.start(b)
	} else {
		a = newApp(b)
	}
	h := a.srv
	req := httptest.NewRequest(http.MethodGet, "/sectors/communication", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("status %d", rec.Code)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/sectors/communication", nil))
			if rec.Code != 200 {
				b.Errorf("status %d", rec.Code)
			}
			_, _ = io.Copy(io.Discard, rec.Body)
		}
	})
}
