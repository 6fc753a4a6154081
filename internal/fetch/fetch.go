package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Defaults used when a Client field is zero.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBytes     = 64 << 20 // 64 MiB
	DefaultMaxRedirects = 5
	DefaultUserAgent    = "Telltale (+https://github.com/telltale-cti/telltale)"
)

// ErrBlockedAddress is wrapped by every error caused by the address rules;
// test for it with errors.Is.
var ErrBlockedAddress = errors.New("address not allowed")

// ErrTooLarge is wrapped when a body exceeds MaxBytes.
var ErrTooLarge = errors.New("response body too large")

// Client fetches URLs under the outbound rules. The zero value is usable and
// applies the defaults. A Client is safe for concurrent use once its fields
// are set.
type Client struct {
	// AllowPrivate lets fetches reach private, loopback, link-local,
	// unspecified and multicast addresses (e.g. a TAXII server on the LAN,
	// or an httptest server in a test).
	AllowPrivate bool
	// Timeout bounds a whole fetch, redirects and body included.
	Timeout time.Duration
	// MaxBytes caps the body; a longer body is an error, not a truncation.
	MaxBytes int64
	// MaxRedirects is the number of redirects followed; negative means none.
	MaxRedirects int
	// UserAgent is sent with every request.
	UserAgent string
	// Resolver resolves host names; nil uses net.DefaultResolver.
	Resolver *net.Resolver

	once      sync.Once
	transport *http.Transport
}

// Response is a fetched document.
type Response struct {
	URL         string // final URL after redirects
	StatusCode  int
	ContentType string // media type without parameters, lower-case, e.g. "text/html"
	Charset     string // charset parameter of Content-Type, if any
	Body        []byte
}

// Error is the error of a failed fetch: the URL and the reason.
type Error struct {
	URL    string
	Reason string
	Err    error
	Status int // the HTTP status of an answer other than 2xx
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("fetch %s: %s: %v", e.URL, e.Reason, e.Err)
	}
	return fmt.Sprintf("fetch %s: %s", e.URL, e.Reason)
}

func (e *Error) Unwrap() error { return e.Err }

// Get fetches rawURL (http or https only) and returns its body. A status
// other than 2xx is an error carrying the status.
func (c *Client) Get(ctx context.Context, rawURL string) (*Response, error) {
	s, err := c.Open(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	defer s.Body.Close()
	body, err := io.ReadAll(s.Body)
	if err != nil {
		return nil, err
	}
	return &Response{URL: s.URL, StatusCode: s.StatusCode, ContentType: s.ContentType, Charset: s.Charset, Body: body}, nil
}

// Stream is a document being fetched: its body is read as it arrives,
// never held whole.
type Stream struct {
	URL         string // final URL after redirects
	StatusCode  int
	ContentType string // as in Response
	Charset     string
	Length      int64 // the Content-Length, -1 when not given
	// Body yields at most MaxBytes: reading further is an *Error wrapping
	// ErrTooLarge, as is any read error. Close it; closing ends the fetch
	// (and its timeout).
	Body io.ReadCloser
}

// Open fetches rawURL as Get does, but returns once the headers have
// arrived, with the body to read as a stream. A body whose Content-Length
// is over MaxBytes is refused at once; one without is cut off, with an
// error, at MaxBytes.
func (c *Client) Open(ctx context.Context, rawURL string) (*Stream, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, &Error{URL: rawURL, Reason: "invalid URL", Err: err}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, &Error{URL: rawURL, Reason: fmt.Sprintf("unsupported scheme %q (want http or https)", u.Scheme)}
	}
	if u.Host == "" {
		return nil, &Error{URL: rawURL, Reason: "missing host"}
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		cancel()
		return nil, &Error{URL: rawURL, Reason: "invalid request", Err: err}
	}
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept", "text/html, application/pdf, text/plain, text/markdown;q=0.9, */*;q=0.5")

	resp, err := c.httpClient().Do(req)
	if err != nil {
		cancel()
		return nil, c.wrap(rawURL, err)
	}
	final := resp.Request.URL.String()
	fail := func(e *Error) (*Stream, error) {
		resp.Body.Close()
		cancel()
		return nil, e
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fail(&Error{URL: final, Reason: "unexpected status " + resp.Status, Status: resp.StatusCode})
	}
	max := c.MaxBytes
	if max <= 0 {
		max = DefaultMaxBytes
	}
	if resp.ContentLength > max {
		return fail(&Error{URL: final, Reason: fmt.Sprintf("body of %d bytes exceeds the limit of %d", resp.ContentLength, max), Err: ErrTooLarge})
	}
	out := &Stream{URL: final, StatusCode: resp.StatusCode, Length: resp.ContentLength,
		Body: &cappedBody{rc: resp.Body, max: max, url: final, cancel: cancel, wrap: c.wrap}}
	if mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type")); err == nil {
		out.ContentType = strings.ToLower(mt)
		out.Charset = strings.ToLower(params["charset"])
	}
	return out, nil
}

// cappedBody reads a response body up to max bytes. It lets one byte more
// through from the connection to tell a body of exactly max bytes from a
// longer one, and never returns that byte.
type cappedBody struct {
	rc     io.ReadCloser
	n, max int64
	err    error // sticky: the body was over max
	url    string
	cancel context.CancelFunc
	wrap   func(string, error) error
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if room := b.max + 1 - b.n; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := b.rc.Read(p)
	b.n += int64(n)
	if b.n > b.max {
		b.err = &Error{URL: b.url, Reason: fmt.Sprintf("body exceeds the limit of %d bytes", b.max), Err: ErrTooLarge}
		return n - 1, b.err
	}
	if err != nil && err != io.EOF {
		err = b.wrap(b.url, err)
	}
	return n, err
}

func (b *cappedBody) Close() error {
	err := b.rc.Close()
	b.cancel()
	return err
}

// wrap turns a transport error into an *Error naming the URL and reason.
func (c *Client) wrap(rawURL string, err error) error {
	var fe *Error
	if errors.As(err, &fe) {
		// Raised by our own dialer or redirect check; keep its reason but
		// name the URL being fetched.
		if fe.URL == "" {
			fe.URL = rawURL
		}
		return fe
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{URL: rawURL, Reason: "timed out", Err: err}
	}
	return &Error{URL: rawURL, Reason: "request failed", Err: err}
}

func (c *Client) httpClient() *http.Client {
	max := c.MaxRedirects
	if max == 0 {
		max = DefaultMaxRedirects
	}
	return &http.Client{
		Transport: c.roundTripper(),
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if max < 0 || len(via) > max {
				return &Error{URL: via[0].URL.String(), Reason: fmt.Sprintf("more than %d redirects (last to %s)", max, req.URL)}
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return &Error{URL: req.URL.String(), Reason: "redirect to unsupported scheme " + req.URL.Scheme}
			}
			return nil
		},
	}
}

func (c *Client) roundTripper() http.RoundTripper {
	c.once.Do(c.initTransport)
	return c.transport
}

func (c *Client) initTransport() {
	d := &net.Dialer{
		Timeout:   10 * time.Second,
		KeepAlive: 30 * time.Second,
		Resolver:  c.Resolver,
		Control:   DialControl(c.AllowPrivate),
	}
	c.transport = &http.Transport{
		// No proxy from the environment: a proxy would connect on our
		// behalf and the address check would only see the proxy.
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          10,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
	}
}

// DialControl is the net.Dialer Control function that enforces the
// outbound rule: it runs after name resolution, on the very address about
// to be connected (the one place where DNS rebinding cannot slip
// through), and refuses blocked addresses unless allowPrivate. Every
// outbound client of Telltale dials through it.
func DialControl(allowPrivate bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		if allowPrivate {
			return nil
		}
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return &Error{Reason: "bad dial address " + address, Err: ErrBlockedAddress}
		}
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return &Error{Reason: "bad dial address " + address, Err: ErrBlockedAddress}
		}
		if reason := Blocked(ip); reason != "" {
			return &Error{Reason: fmt.Sprintf("refusing to connect to %s (%s address; --allow-private-fetch permits it)", ip, reason), Err: ErrBlockedAddress}
		}
		return nil
	}
}

// Blocked reports why ip must not be fetched by default: "private",
// "loopback", "link-local", "unspecified", "multicast", or "" when it is a
// public address. IPv4-mapped IPv6 addresses are judged as IPv4.
func Blocked(ip netip.Addr) string {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid():
		return "invalid"
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsLoopback():
		return "loopback"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "link-local"
	case ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return "multicast"
	case ip.IsPrivate():
		return "private"
	}
	for _, p := range extraBlocked {
		if p.Contains(ip) {
			return "private"
		}
	}
	return ""
}

// Ranges that net/netip does not classify but that reach internal hosts.
var extraBlocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, incl. broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("64:ff9b::/96"),    // well-known NAT64: reaches any IPv4 address
	netip.MustParsePrefix("2002::/16"),       // 6to4: embeds an IPv4 address
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
	netip.MustParsePrefix("::ffff:0:0:0/96"), // IPv4-translated
}

// GuardedClient is an HTTP client under the address rule: the dialled
// address is checked (DialControl) unless allowPrivate, no
// proxy, redirects limited to http(s).
func GuardedClient(allowPrivate bool, timeout time.Duration) *http.Client {
	d := &net.Dialer{
		Timeout: 10 * time.Second,
		Control: DialControl(allowPrivate),
	}
	if timeout <= 0 {
		timeout = time.Minute
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                 nil, // a proxy would dial for us and dodge the address check
			DialContext:           d.DialContext,
			MaxIdleConnsPerHost:   4,
			IdleConnTimeout:       30 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: 30 * time.Second,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= DefaultMaxRedirects {
				return errors.New("too many redirects")
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to unsupported scheme %q", req.URL.Scheme)
			}
			return nil
		},
	}
}
