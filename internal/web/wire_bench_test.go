package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// wireWriter is a response that goes out as it is written, the way a
// server's connection takes it: the body is counted, not kept, so a
// benchmark through it measures what the handler costs, without the
// copy of the whole page that httptest.ResponseRecorder keeps.
type wireWriter struct {
	header http.Header
	code   int
	n      int
}

func (w *wireWriter) Header() http.Header { return w.header }

func (w *wireWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *wireWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.n += len(b)
	return len(b), nil
}

// BenchmarkSectorPageWire is BenchmarkSectorPage with the page written
// out rather than recorded: the handler's own cost for a page the page
// cache answers.
func BenchmarkSectorPageWire(b *testing.B) {
	h := benchApp(b).srv
	w := &wireWriter{header: http.Header{}}
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/sectors/communication", nil))
	if w.code != http.StatusOK || w.n == 0 {
		b.Fatalf("status %d, %d bytes", w.code, w.n)
	}
	page := w.n
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := &wireWriter{header: http.Header{}}
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/sectors/communication", nil))
			if w.code != http.StatusOK {
				b.Errorf("status %d", w.code)
			}
		}
	})
	b.ReportMetric(float64(page), "page-bytes")
}
