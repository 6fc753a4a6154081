package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCachedPageSignInCorner: the anonymous caller's sign-in link on a
// page the cache answers links back to the address asked for, when two
// addresses of the same page alternate (the corner is kept with the
// page, for the address it was rendered for), gzipped or not: the gzip
// form, made once, is the same page.
func TestCachedPageSignInCorner(t *testing.T) {
	a, _ := newSignedApp(t, true)
	for i, path := range []string{"/sectors/communication", "/sectors/communic%61tion", "/sectors/communication", "/sectors/communic%61tion"} {
		want := `id="signin-link" href="/signin?next=%2fsectors%2fcommunication"`
		if strings.Contains(path, "%61") {
			want = `id="signin-link" href="/signin?next=%2fsectors%2fcommunic%2561tion"`
		}
		plain, tag := cachedGet(t, a, path, false)
		if !strings.Contains(plain, want) {
			t.Errorf("%s (%d): no %s", path, i, want)
		}
		if zipped, ztag := cachedGet(t, a, path, true); zipped != plain || ztag != tag {
			t.Errorf("%s (%d): gzipped, the page differs (%d bytes against %d, tag %s against %s)", path, i, len(zipped), len(plain), ztag, tag)
		}
	}
}

// cachedGet asks a's handler for path as an anonymous browser (gzip
// accepted or not): the page, unzipped, and its tag.
func cachedGet(t *testing.T, a *testApp, path string, gz bool) (string, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	rec := httptest.NewRecorder()
	a.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: status %d", path, rec.Code)
	}
	body := rec.Body.Bytes()
	if gz {
		if rec.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s: not gzipped", path)
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return string(body), rec.Header().Get("ETag")
}

// TestCachedPageAllocs: a sector page the page cache answers, to an
// anonymous caller who is offered to sign in, allocates little: the page
// is written from the cache, the sign-in corner is rendered once per
// address, and the store's change marker is read through a statement
// prepared once. The bound counts the request and its response too
// (about 20 allocations: httptest.NewRequest, the header map).
func TestCachedPageAllocs(t *testing.T) {
	a, _ := newSignedApp(t, true)
	for _, encoding := range []string{"", "gzip"} {
		serve := func() {
			w := &wireWriter{header: http.Header{}}
			req := httptest.NewRequest(http.MethodGet, "/sectors/communication", nil)
			req.Header.Set("Accept-Encoding", encoding)
			a.srv.ServeHTTP(w, req)
			if w.code != http.StatusOK {
				t.Fatalf("status %d", w.code)
			}
		}
		serve()
		if n := testing.AllocsPerRun(200, serve); n > 75 {
			t.Errorf("a cached sector page (Accept-Encoding %q): %.0f allocations a request; want at most 75", encoding, n)
		}
	}
}
