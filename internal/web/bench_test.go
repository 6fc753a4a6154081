package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/scale"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/testutil"
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
	built := openApp(b, app.Config{DSN: path})
	a := &testApp{db: built.DB, k: built.Knowledge, im: built.Importer, logs: &bytes.Buffer{}}
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

// BenchmarkFirstSectorPage serves /sectors/communication once from a new
// server over a store after an import, as `serve` wires the knowledge (an
// anonymous reader who sees TLP:CLEAR, objects marked by the auth rules):
// each iteration pays what the first page after `serve` starts paid, which
// at 1,000,000 objects was the loading and clustering of the whole
// knowledge (issue 17). The store is TELLTALE_BENCH_DB (its views cached
// by `telltale import`), else ATT&CK Enterprise and 20,000 generated
// objects (package scale), imported and recomputed in the setup.
func BenchmarkFirstSectorPage(b *testing.B) {
	db := benchScaleDB(b)
	markings := auth.NewMarkings(db)
	opts := knowledge.Options{Reader: extract.Reader{},
		Mark: func(raw []byte) telltale.Mark { return telltale.MarkWith(raw, markings) },
		Viewer: func(context.Context) (string, func(telltale.Mark) bool) {
			u := auth.Anonymous()
			return u.Key(), u.Sees
		},
	}
	b.ReportAllocs()
	for b.Loop() {
		a := &testApp{db: db, k: knowledge.NewWithOptions(db, opts), logs: &bytes.Buffer{}}
		a.start(b)
		rec := httptest.NewRecorder()
		a.srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/sectors/communication", nil))
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
		a.ts.Close()
	}
}

// benchScaleDB opens TELLTALE_BENCH_DB, or builds a store of ATT&CK
// Enterprise and 20,000 generated objects whose views are cached as
// `telltale import` caches them.
func benchScaleDB(b *testing.B) *store.DB {
	ctx := context.Background()
	if path := os.Getenv("TELLTALE_BENCH_DB"); path != "" {
		return benchApp(b).db
	}
	attack := testutil.SharedFile(b, "data/attack/enterprise-attack-18.1.json")
	built := openApp(b, app.Config{DSN: filepath.Join(b.TempDir(), "scale.db"), Migrate: true, NoStarter: true})
	db, im := built.DB, built.Importer
	f, err := os.Open(attack)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if _, err := im.Import(ctx, f, "attack", importer.Options{}); err != nil {
		b.Fatal(err)
	}
	so, err := scale.AttackOptions(attack, 20_000, 1)
	if err != nil {
		b.Fatal(err)
	}
	var bundle bytes.Buffer
	if _, err := scale.Write(&bundle, so); err != nil {
		b.Fatal(err)
	}
	if _, err := im.Import(ctx, &bundle, "generated", importer.Options{}); err != nil {
		b.Fatal(err)
	}
	// The views cached as the commands cache them (the store's marks).
	if err := built.Knowledge.Recompute(ctx); err != nil {
		b.Fatal(err)
	}
	return db
}

// openApp builds the application (app.Open) of c, closed when the
// benchmark ends.
func openApp(b *testing.B, c app.Config) *app.App {
	b.Helper()
	a, err := app.Open(context.Background(), c)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	return a
}
