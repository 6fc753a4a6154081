package web_test

import (
	"bytes"
	"context"
	"fmt"
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
	h := benchApp(b).srv
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

// benchApp is the app over TELLTALE_BENCH_DB, or over the starter
// knowledge.
func benchApp(b *testing.B) *testApp {
	path := os.Getenv("TELLTALE_BENCH_DB")
	if path == "" {
		return newApp(b)
	}
	db, err := store.Open(context.Background(), path, false)
	if err != nil {
		b.Fatal(err)
	}
	db.Fold = knowledge.Fold
	b.Cleanup(func() { db.Close() })
	a := &testApp{db: db, k: knowledge.New(db), logs: &bytes.Buffer{}}
	a.start(b)
	return a
}

// BenchmarkSectorPageRender renders /sectors/communication afresh each
// time (a query the page cache has not seen): what a first view after an
// import costs, the server-side figures included.
func BenchmarkSectorPageRender(b *testing.B) {
	h := benchApp(b).srv
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/sectors/communication", nil))
	if rec.Code != 200 {
		b.Fatalf("status %d", rec.Code)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, fmt.Sprintf("/sectors/communication?n=%d", i), nil))
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
