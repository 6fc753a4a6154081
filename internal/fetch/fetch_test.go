package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
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
