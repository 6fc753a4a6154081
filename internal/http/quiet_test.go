package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// TestQuietWaitsForRequests: Quiet does not return while a request is in
// flight (the wait is bounded only by most), and returns once it ended
// and the server stayed quiet.
func TestQuietWaitsForRequests(t *testing.T) {
	srv := ihttp.NewServer(nil)
	entered, release := make(chan struct{}), make(chan struct{})
	srv.Handle("GET /slow", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
	}))
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/slow", nil))
	}()
	<-entered

	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Quiet(context.Background(), time.Millisecond, time.Hour)
	}()
	select {
	case <-done:
		t.Fatal("Quiet returned while a request was in flight")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	<-answered
	<-done // returns once the request ended (the test's deadline bounds it)
}

// TestQuietBounded: most bounds the wait, requests in flight or not; a
// context that ends ends it too.
func TestQuietBounded(t *testing.T) {
	srv := ihttp.NewServer(nil)
	entered, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	srv.Handle("GET /slow", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
	}))
	go srv.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/slow", nil))
	<-entered
	srv.Quiet(context.Background(), time.Hour, time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	srv.Quiet(ctx, time.Hour, time.Hour)
}
