package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
)

// Heavy pages (a sector landscape is about 130 KB of HTML with its
// heatmap) are rendered once per version of their data and reused: the
// key is the page, its query and a hash of the view it renders, so any
// change in the knowledge renders afresh. Cached pages are rendered for
// nobody in particular: no CSRF token, no user. A template that needs
// either must use render, not renderCached.
type pageCache struct {
	mu      sync.Mutex
	entries map[string]*cachedPage
}

type cachedPage struct {
	body, gz []byte
	etag     string
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
		body, err := h.execute(r, http.StatusOK, name, build())
		if err != nil {
			h.fail(w, r, err)
			return
		}
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
		_, _ = zw.Write(body)
		_ = zw.Close()
		bsum := sha256.Sum256(body)
		p = &cachedPage{body: body, gz: gz.Bytes(), etag: `"` + hex.EncodeToString(bsum[:12]) + `"`}
		c.mu.Lock()
		if c.entries == nil || len(c.entries) >= maxCachedPages {
			c.entries = make(map[string]*cachedPage)
		}
		c.entries[key] = p
		c.mu.Unlock()
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-cache")
	hd.Set("ETag", p.etag)
	hd.Add("Vary", "Accept-Encoding")
	if r.Header.Get("If-None-Match") == p.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := p.body
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		hd.Set("Content-Encoding", "gzip")
		body = p.gz
	}
	_, _ = w.Write(body)
}
