package auth

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
)

// LoginLimits bound failed sign-ins in a sliding window: per client
// address, per account whatever the address (a spray from many addresses
// at one account), and per account from one address (which a success
// clears). A key over its limit is refused, without checking the password,
// until its oldest failure in the window is older than the window. The
// failures are counted in the store, so every node and process on one
// database counts the same ones.
type LoginLimits struct {
	Window       time.Duration
	PerIP        int
	PerAccount   int
	PerIPAccount int
}

// DefaultLoginLimits are the limits of New.
var DefaultLoginLimits = LoginLimits{Window: 15 * time.Minute, PerIP: 30, PerAccount: 20, PerIPAccount: 5}

// loginKeys are the keys a sign-in from remote as name counts against,
// with their limits.
func (s *Service) loginKeys(remote, name string) ([]string, []int) {
	name = strings.ToLower(name)
	l := s.LoginLimits
	return []string{"ip " + remote, "user " + name, "ip-user " + remote + " " + name},
		[]int{l.PerIP, l.PerAccount, l.PerIPAccount}
}

// loginWait returns how long a sign-in from remote as name must wait (0:
// it may try now).
func (s *Service) loginWait(ctx context.Context, remote, name string, now time.Time) (time.Duration, error) {
	keys, limits := s.loginKeys(remote, name)
	counts, err := s.Store.LoginFailures(ctx, keys, now.Add(-s.LoginLimits.Window).Format(stampLayout))
	if err != nil {
		return 0, err
	}
	var wait time.Duration
	for i, k := range keys {
		c, ok := counts[k]
		if !ok || c.Count < limits[i] {
			continue
		}
		oldest, err := time.Parse(stampLayout, c.Oldest)
		if err != nil {
			return s.LoginLimits.Window, nil // unreadable: wait a whole window
		}
		wait = max(wait, oldest.Add(s.LoginLimits.Window).Sub(now), time.Second)
	}
	return wait, nil
}

// loginFailed counts a failed sign-in.
func (s *Service) loginFailed(ctx context.Context, remote, name string, now time.Time) error {
	keys, _ := s.loginKeys(remote, name)
	return s.Store.AddLoginFailure(context.WithoutCancel(ctx), keys, now.Format(stampLayout), now.Add(-s.LoginLimits.Window).Format(stampLayout))
}

// loginSucceeded forgets the failures of name from remote; those of the
// address and of the account stay until they age out, so that a user
// signing in does not give a guesser elsewhere a fresh allowance.
func (s *Service) loginSucceeded(ctx context.Context, remote, name string) error {
	keys, _ := s.loginKeys(remote, name)
	return s.Store.ClearLoginFailures(context.WithoutCancel(ctx), keys[2])
}

// refusedLogin is the error of a sign-in refused for too many failures.
func refusedLogin(wait time.Duration) error {
	return telltale.Errorf(telltale.EUNAUTHORIZED, "too many failed sign-ins; try again in %s", wait.Round(time.Second))
}

// ClientIP is the address of the client that sent r: the peer's, or, when
// the peer is a trusted proxy (TrustedProxies) and ProxyHeader is set, the
// address the proxies put in that header (X-Forwarded-For: the last one
// that is not itself a trusted proxy). A header from any other peer is
// ignored, so a client cannot choose its address by sending one.
func (s *Service) ClientIP(r *http.Request) string {
	peer := remoteIP(r)
	if s.ProxyHeader == "" || !s.trustedProxy(peer) {
		return peer
	}
	var hops []string
	for _, v := range r.Header.Values(s.ProxyHeader) {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			break // a malformed entry: trust nothing left of it
		}
		client = a.String()
		if !s.trustedProxy(client) {
			break
		}
	}
	return client
}

// parseHop reads an address of a forwarding header: "1.2.3.4",
// "1.2.3.4:5678", "2001:db8::1" or "[2001:db8::1]:5678".
func parseHop(h string) (netip.Addr, bool) {
	h = strings.TrimSpace(h)
	if a, err := netip.ParseAddr(h); err == nil {
		return a.Unmap(), true
	}
	if host, _, err := net.SplitHostPort(h); err == nil {
		if a, err := netip.ParseAddr(host); err == nil {
			return a.Unmap(), true
		}
	}
	return netip.Addr{}, false
}

func (s *Service) trustedProxy(addr string) bool {
	a, ok := parseHop(addr)
	if !ok {
		return false
	}
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParseProxies reads a comma-separated list of addresses and CIDR
// prefixes ("10.0.0.0/8, 127.0.0.1").
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, telltale.Errorf(telltale.EINVALID, "trusted proxy %q is not an address or CIDR prefix", f)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, telltale.Errorf(telltale.EINVALID, "trusted proxy %q is not an address or CIDR prefix", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
