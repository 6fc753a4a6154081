package auth_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// Failed sign-ins are counted in the database: two nodes on one database
// (two services, two connections) allow together what one allows, per
// account from one address and per account from any address.
func TestLoginLimitsSharedByNodes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		var nodes []*auth.Service
		for range 2 {
			a, err := app.Open(ctx, app.Config{DSN: dsn, Migrate: true, NoStarter: true, Accounts: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			s := a.Auth
			s.Now = func() time.Time { return now }
			nodes = append(nodes, s)
		}
		a, b := nodes[0], nodes[1]
		if _, err := a.AddUser(ctx, auth.NewUser{Name: "alice", Password: "0123456789", Role: auth.RoleReader, Clearance: auth.Green}); err != nil {
			t.Fatal(err)
		}
		refused := func(err error) bool { return err != nil && strings.Contains(err.Error(), "too many") }

		t.Run("PerAccountFromOneAddress", func(t *testing.T) {
			for i := range auth.DefaultLoginLimits.PerIPAccount {
				if _, err := nodes[i%2].Login(ctx, "alice", "wrong password", "192.0.2.1"); err == nil || refused(err) {
					t.Fatalf("failure %d: %v", i, err)
				}
			}
			if _, err := a.Login(ctx, "Alice", "0123456789", "192.0.2.1"); !refused(err) {
				t.Errorf("after failures on both nodes: %v", err)
			}
			if _, err := b.Login(ctx, "alice", "0123456789", "192.0.2.1"); !refused(err) {
				t.Errorf("on the other node: %v", err)
			}
			if _, err := b.Login(ctx, "alice", "0123456789", "198.51.100.7"); err != nil {
				t.Errorf("from another address: %v", err)
			}
		})
		now = now.Add(auth.DefaultLoginLimits.Window)
		t.Run("WindowPassed", func(t *testing.T) {
			if _, err := a.Login(ctx, "alice", "0123456789", "192.0.2.1"); err != nil {
				t.Errorf("after the window: %v", err)
			}
		})
		t.Run("PerAccountFromAnyAddress", func(t *testing.T) {
			for i := range auth.DefaultLoginLimits.PerAccount {
				if _, err := nodes[i%2].Login(ctx, "alice", "wrong password", fmt.Sprintf("203.0.113.%d", i)); err == nil || refused(err) {
					t.Fatalf("failure %d: %v", i, err)
				}
			}
			if _, err := a.Login(ctx, "alice", "0123456789", "198.51.100.99"); !refused(err) {
				t.Errorf("after a spray from many addresses: %v", err)
			}
		})
		t.Run("PerAddress", func(t *testing.T) {
			now = now.Add(auth.DefaultLoginLimits.Window)
			for i := range auth.DefaultLoginLimits.PerIP {
				if _, err := nodes[i%2].Login(ctx, fmt.Sprintf("user%d", i), "wrong password", "192.0.2.50"); err == nil || refused(err) {
					t.Fatalf("failure %d: %v", i, err)
				}
			}
			if _, err := b.Login(ctx, "alice", "0123456789", "192.0.2.50"); !refused(err) {
				t.Errorf("after failures for many names from one address: %v", err)
			}
		})
	})
}

// The client's address comes from the forwarding header only when the
// peer is a trusted proxy, and is the last address in it that is not one.
func TestClientIP(t *testing.T) {
	proxies, err := auth.ParseProxies("10.0.0.0/8, 127.0.0.1, ::1")
	if err != nil {
		t.Fatal(err)
	}
	s := auth.New(nil)
	for _, tc := range []struct {
		name, header, peer, forwarded, want string
	}{
		{"NoHeaderConfigured", "", "10.0.0.2:5000", "203.0.113.7", "10.0.0.2"},
		{"UntrustedPeerIgnored", "X-Forwarded-For", "198.51.100.1:5000", "203.0.113.7", "198.51.100.1"},
		{"TrustedPeer", "X-Forwarded-For", "10.0.0.2:5000", "203.0.113.7", "203.0.113.7"},
		{"SpoofedLeftIgnored", "X-Forwarded-For", "10.0.0.2:5000", "1.2.3.4, 203.0.113.7, 10.0.0.3", "203.0.113.7"},
		{"IPv6Peer", "X-Forwarded-For", "[::1]:5000", "[2001:db8::7]:443", "2001:db8::7"},
		{"NoHeaderSent", "X-Forwarded-For", "127.0.0.1:5000", "", "127.0.0.1"},
		{"MalformedStops", "X-Forwarded-For", "10.0.0.2:5000", "203.0.113.7, junk, 10.0.0.3", "10.0.0.3"},
		{"OtherHeader", "X-Real-Ip", "10.0.0.2:5000", "203.0.113.8", "203.0.113.8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.ProxyHeader, s.TrustedProxies = tc.header, proxies
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			if tc.forwarded != "" {
				r.Header.Set(tc.header, tc.forwarded)
			}
			if got := s.ClientIP(r); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	if _, err := auth.ParseProxies("10.0.0.0/33"); err == nil {
		t.Error("a bad prefix parses")
	}
}
