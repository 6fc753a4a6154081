package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// Heavy pages (a sector landscape is about 130 KB of HTML with its
// heatmap) are rendered once per version of their data and reused: the
// key is the page, its query and a hash of the view it renders, so any
// change in the knowledge renders afresh. Cached pages are rendered for
// nobody in particular: no CSRF token, no user. A template that needs
// either must use render, not renderCached; the header's account corner
// (who is signed in, with its sign-out form) is cut out of the cached
// bytes and rendered for each request (accountSlot), except an anonymous
// caller's sign-in link, rendered (and the whole page gzipped with it)
// once per page and address.
type pageCache struct {
	mu      sync.Mutex
	entries map[string]*cachedPage
}

type cachedPage struct {
	body, gz      []byte // with an empty account corner
	before, after []byte // around the account corner
	etag          string

	// signIn is the anonymous caller's corner (a sign-in link back to
	// the page) as last rendered, with the address it links back to: the
	// same for every anonymous request of that address, so rendered once.
	signIn atomic.Pointer[corner]
}

// corner is an account corner rendered for a page: its bytes, for the
// request address uri, and the page's tag with it.
type corner struct {
	uri, etag string
	html      []byte

	kept   bool // kept with the page (signIn): its gzip form is made once
	gzOnce sync.Once
	gz     []byte
}

// gzip is the whole page p with corner c, gzipped, for a corner kept
// with the page; nil for another (compressed as it is written).
func (c *corner) gzip(p *cachedPage) []byte {
	if !c.kept {
		return nil
	}
	c.gzOnce.Do(func() { c.gz = ihttp.Gzip(slices.Concat(p.before, c.html, p.after)) })
	return c.gz
}

// maxCachedPages bounds the cache; past it the cache starts over.
const maxCachedPages = 256

// renderCached renders page name for the view build returns, or reuses
// the bytes rendered for the same request and data: build runs only when
// the page is rendered, so what is dear to compute for it (the sector
// page's figures) is not computed for the requests the cache answers.
// version names the data's state ("" to hash data instead).
func (h *Handler) renderCached(w http.ResponseWriter, r *http.Request, name, version string, data any, build func() view) {
	if version == "" {
		fp, err := json.Marshal(data)
		if err != nil {
			h.render(w, r, http.StatusOK, name, build())
			return
		}
		sum := sha256.Sum256(fp)
		version = hex.EncodeToString(sum[:])
	}
	key := name + "\x00" + r.URL.Path + "?" + r.URL.RawQuery + "\x00" + version
	c := &h.cache
	c.mu.Lock()
	p := c.entries[key]
	c.mu.Unlock()
	if p == nil || h.dev != "" {
		v := build()
		v.AccountSlot = accountSlot
		marked, err := h.execute(r, http.StatusOK, name, v)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		before, after, _ := bytes.Cut(marked, []byte(accountSlot))
		body := append(append([]byte{}, before...), after...)
		bsum := sha256.Sum256(body)
		p = &cachedPage{body: body, gz: ihttp.Gzip(body), before: before, after: after, etag: `"` + hex.EncodeToString(bsum[:12]) + `"`}
		c.mu.Lock()
		if c.entries == nil || len(c.entries) >= maxCachedPages {
			c.entries = make(map[string]*cachedPage)
		}
		c.entries[key] = p
		c.mu.Unlock()
	}
	ac, err := h.cornerFor(r, name, p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	parts, gz, etag := [][]byte{p.body}, p.gz, p.etag
	if ac != nil {
		// Someone is signed in (or may sign in): their corner goes into
		// the page, written around it rather than copied into it, and the
		// page's tag says whose it is.
		parts, gz, etag = [][]byte{p.before, ac.html, p.after}, ac.gzip(p), ac.etag
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	if ihttp.NotModified(w, r, etag, "no-cache") {
		return
	}
	var out io.Writer = w
	if ihttp.AcceptsGzip(r) {
		hd.Set("Content-Encoding", "gzip")
		if gz != nil {
			_, _ = w.Write(gz)
			return
		}
		zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
		defer zw.Close()
		out = zw
	}
	for _, b := range parts {
		_, _ = out.Write(b)
	}
}

// cornerFor is r's account corner in cached page p (name): nil when
// nobody is signed in and there is nobody to sign in as. An anonymous
// caller's corner is rendered once per address and kept with the page.
func (h *Handler) cornerFor(r *http.Request, name string, p *cachedPage) (*corner, error) {
	anonymous := telltale.UserFromContext(r.Context()) == nil
	if anonymous && !h.canSignIn(r) {
		return nil, nil
	}
	uri := r.URL.RequestURI()
	if c := p.signIn.Load(); anonymous && c != nil && c.uri == uri {
		return c, nil
	}
	account, err := h.account(r, name)
	if err != nil || len(account) == 0 {
		return nil, err
	}
	asum := sha256.Sum256(account)
	c := &corner{uri: uri, html: account, etag: strings.TrimSuffix(p.etag, `"`) + "-" + hex.EncodeToString(asum[:6]) + `"`}
	if anonymous {
		c.kept = true
		p.signIn.Store(c)
	}
	return c, nil
}

// accountSlot marks where the account corner goes in a cached page; it
// is never sent.
const accountSlot = "<telltale-account-slot></telltale-account-slot>"

// account renders the header's account corner of page name for r's
// caller: empty when nobody is signed in and there is nobody to sign in
// as.
func (h *Handler) account(r *http.Request, name string) ([]byte, error) {
	v := view{CSRF: ihttp.CSRFToken(r), User: telltale.UserFromContext(r.Context()), URL: r.URL}
	if v.User == nil {
		if v.SignIn = h.canSignIn(r); !v.SignIn {
			return nil, nil
		}
	}
	h.mu.RLock()
	t := h.pages[name]
	h.mu.RUnlock()
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "account", v); err != nil {
		return nil, fmt.Errorf("render the account corner: %w", err)
	}
	return buf.Bytes(), nil
}
