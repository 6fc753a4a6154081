package http

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Gzip is b compressed with gzip at its fastest level: answers kept for
// many requests are compressed once, so speed matters more than the last
// percent of size.
func Gzip(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// AcceptsGzip says whether the client takes a gzip body.
func AcceptsGzip(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
}

// NotModified sets the validator headers of an answer that varies with
// Accept-Encoding and is checked again on each use (no-cache), and answers
// 304 when the client holds etag already (If-None-Match, weak comparison
// as RFC 9110 asks, or "*"). It reports whether it answered.
func NotModified(w http.ResponseWriter, r *http.Request, etag, cacheControl string) bool {
	hd := w.Header()
	hd.Set("Cache-Control", cacheControl)
	hd.Set("ETag", etag)
	hd.Add("Vary", "Accept-Encoding")
	for _, tag := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == etag || tag == "*" {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	return false
}

// Kept is an answer's body kept for many requests: its gzip form is made
// on the first request that takes gzip and kept with it. The two forms
// are different representations, so each has its own strong tag (the
// gzip one ends in "-gz").
type Kept struct {
	Body []byte
	// ETag is the strong tag of Body, quoted.
	ETag        string
	ContentType string

	gzipOnce sync.Once
	gz       []byte
}

// Gzipped returns the kept body's gzip form, compressing it the first time.
func (k *Kept) Gzipped() []byte {
	k.gzipOnce.Do(func() { k.gz = Gzip(k.Body) })
	return k.gz
}

// Serve writes the kept answer for r: 304 when the client holds it,
// gzip when the client takes it, else the body. The answer is private
// (it can differ by caller) and checked again on each use.
func (k *Kept) Serve(w http.ResponseWriter, r *http.Request) {
	body, etag := k.Body, k.ETag
	gz := AcceptsGzip(r)
	if gz {
		etag = strings.TrimSuffix(etag, `"`) + `-gz"`
	}
	if NotModified(w, r, etag, "private, no-cache") {
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", k.ContentType)
	if gz {
		body = k.Gzipped()
		hd.Set("Content-Encoding", "gzip")
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}
