package fetch

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
)

func TestGet(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/report":
			w.Header().Set("Content-Type", "text/html; charset=UTF-8")
			w.Write([]byte("<p>hello</p>"))
		case "/big":
			w.Write([]byte(strings.Repeat("x", 2048)))
		case "/redirect":
			http.Redirect(w, r, "/redirect", http.StatusFound)
		case "/missing":
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ctx := context.Background()

	t.Run("LoopbackRefusedByDefault", func(t *testing.T) {
		var c Client
		_, err := c.Get(ctx, srv.URL+"/report")
		if !errors.Is(err, ErrBlockedAddress) {
			t.Fatalf("got %v, want ErrBlockedAddress", err)
		}
		if !strings.Contains(err.Error(), srv.URL) || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("got %q, want the URL and the reason", err)
		}
	})
	t.Run("LoopbackAllowed", func(t *testing.T) {
		c := Client{AllowPrivate: true}
		got, err := c.Get(ctx, srv.URL+"/report")
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Body) != "<p>hello</p>" || got.ContentType != "text/html" || got.Charset != "utf-8" {
			t.Errorf("got %q %q %q", got.Body, got.ContentType, got.Charset)
		}
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		c := Client{AllowPrivate: true, MaxBytes: 1024}
		_, err := c.Get(ctx, srv.URL+"/big")
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("got %v, want ErrTooLarge", err)
		}
	})
	t.Run("TooManyRedirects", func(t *testing.T) {
		c := Client{AllowPrivate: true, MaxRedirects: 3}
		_, err := c.Get(ctx, srv.URL+"/redirect")
		if err == nil || !strings.Contains(err.Error(), "more than 3 redirects") {
			t.Fatalf("got %v, want a redirect limit error", err)
		}
	})
	t.Run("NotFoundStatus", func(t *testing.T) {
		c := Client{AllowPrivate: true}
		_, err := c.Get(ctx, srv.URL+"/missing")
		if err == nil || !strings.Contains(err.Error(), "404") {
			t.Fatalf("got %v, want a 404 error", err)
		}
	})
	t.Run("UnsupportedScheme", func(t *testing.T) {
		var c Client
		_, err := c.Get(ctx, "file:///etc/passwd")
		if err == nil || !strings.Contains(err.Error(), "unsupported scheme") {
			t.Fatalf("got %v, want unsupported scheme", err)
		}
	})
	t.Run("HostNameResolvingToLoopbackRefused", func(t *testing.T) {
		var c Client
		port := srv.URL[strings.LastIndex(srv.URL, ":"):]
		_, err := c.Get(ctx, "http://localhost"+port+"/report")
		if !errors.Is(err, ErrBlockedAddress) {
			t.Fatalf("got %v, want ErrBlockedAddress", err)
		}
	})
}

func TestBlocked(t *testing.T) {
	for _, tc := range []struct{ ip, want string }{
		{"8.8.8.8", ""},
		{"2606:4700::1111", ""},
		{"10.1.2.3", "private"},
		{"172.16.0.1", "private"},
		{"192.168.1.1", "private"},
		{"100.64.0.1", "private"},
		{"127.0.0.1", "loopback"},
		{"::1", "loopback"},
		{"::ffff:127.0.0.1", "loopback"},
		{"169.254.169.254", "link-local"},
		{"fe80::1", "link-local"},
		{"0.0.0.0", "unspecified"},
		{"::", "unspecified"},
		{"239.1.2.3", "multicast"},
		{"ff02::1", "link-local"},
		{"fd00::1", "private"},
	} {
		t.Run(tc.ip, func(t *testing.T) {
			if got := Blocked(netip.MustParseAddr(tc.ip)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestOpenStreams: Open returns the body while the server is still
// sending it, so a large file is read as it arrives, never held whole.
func TestOpenStreams(t *testing.T) {
	read := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("first part;"))
		w.(http.Flusher).Flush()
		<-read // the client has the first part before the rest is sent
		w.Write([]byte("second part"))
	}))
	defer srv.Close()
	defer func() {
		select {
		case <-read:
		default:
			close(read) // let the handler end when the test failed early
		}
	}()
	s, err := (&Client{AllowPrivate: true}).Open(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Body.Close()
	first := make([]byte, len("first part;"))
	if _, err := io.ReadFull(s.Body, first); err != nil || string(first) != "first part;" {
		t.Fatalf("first part %q, %v", first, err)
	}
	close(read)
	rest, err := io.ReadAll(s.Body)
	if err != nil || string(rest) != "second part" {
		t.Fatalf("rest %q, %v", rest, err)
	}
}

// TestOpenLimit: a body without a Content-Length is bounded while it is
// read: exactly MaxBytes passes, one byte more is an error, every read
// after it too.
func TestOpenLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		for i := 0; i < n; i += 100 {
			w.Write([]byte(strings.Repeat("x", min(100, n-i))))
			w.(http.Flusher).Flush() // chunked: no Content-Length to refuse early
		}
	}))
	defer srv.Close()
	c := &Client{AllowPrivate: true, MaxBytes: 1000}
	read := func(n int) ([]byte, io.ReadCloser, error) {
		s, err := c.Open(context.Background(), srv.URL+"?n="+strconv.Itoa(n))
		if err != nil {
			t.Fatal(err)
		}
		if s.Length != -1 {
			t.Fatalf("Length %d, want -1 (chunked)", s.Length)
		}
		b, err := io.ReadAll(s.Body)
		return b, s.Body, err
	}
	b, body, err := read(1000)
	body.Close()
	if err != nil || len(b) != 1000 {
		t.Fatalf("at the limit: %d bytes, %v", len(b), err)
	}
	b, body, err = read(5000)
	defer body.Close()
	if !errors.Is(err, ErrTooLarge) || len(b) != 1000 || !strings.Contains(err.Error(), "body exceeds the limit of 1000 bytes") {
		t.Fatalf("over the limit: %d bytes, %v", len(b), err)
	}
	if n, err := body.Read(make([]byte, 10)); n != 0 || !errors.Is(err, ErrTooLarge) {
		t.Errorf("read after the limit: %d, %v", n, err)
	}
}
