package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCachedPageSignInCorner: the anonymous caller's sign-in link on a
// page the cache answers links back to the address asked for, when two
// addresses of the same page alternate (the corner is kept with the
// page, for the address it was rendered for).
func TestCachedPageSignInCorner(t *testing.T) {
	a, _ := newSignedApp(t, true)
	for _, path := range []string{"/sectors/communication", "/sectors/communic%61tion", "/sectors/communication", "/sectors/communic%61tion"} {
		rec := httptest.NewRecorder()
		a.srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		want := `id="signin-link" href="/signin?next=%2fsectors%2fcommunication"`
		if strings.Contains(path, "%61") {
			want = `id="signin-link" href="/signin?next=%2fsectors%2fcommunic%2561tion"`
		}
		if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, want) {
			i := strings.Index(body, `id="signin-link"`)
			t.Errorf("%s: %d, sign-in link %q; want %s", path, rec.Code, body[max(i, 0):max(i, 0)+min(80, len(body)-max(i, 0))], want)
		}
	}
}

// TestCachedPageAllocs: a sector page the page cache answers, to an
// anonymous caller who is offered to sign in, allocates little: the page
// is written from the cache, the sign-in corner is rendered once per
// address, and the store's change marker is read through a statement
// prepared once. The bound counts the request and its response too
// (about 20 allocations: httptest.NewRequest, the header map).
func TestCachedPageAllocs(t *testing.T) {
	a, _ := newSignedApp(t, true)
	serve := func() {
		w := &wireWriter{header: http.Header{}}
		a.srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/sectors/communication", nil))
		if w.code != http.StatusOK {
			t.Fatalf("status %d", w.code)
		}
	}
	serve()
	if n := testing.AllocsPerRun(200, serve); n > 75 {
		t.Errorf("a cached sector page: %.0f allocations a request; want at most 75", n)
	}
}
