package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/fetch"
)

// MediaTAXII is the media type of TAXII 2.1 requests and responses.
const MediaTAXII = "application/taxii+json;version=2.1"

// Client talks to one TAXII 2.1 server.
type Client struct {
	// HTTP sends the requests; New gives one that refuses private
	// addresses unless allowed.
	HTTP *http.Client
	// User and Password, when User is set, are sent as HTTP Basic
	// credentials; Token, when set, as a bearer token.
	User, Password string
	Token          string
	// MaxBytes bounds one response body.
	MaxBytes int64
}

// New returns a client whose connections obey the outbound rules of
// internal/fetch: no private, loopback or link-local addresses unless
// allowPrivate is set, checked on the address actually dialled.
func New(allowPrivate bool) *Client {
	d := &net.Dialer{
		Timeout: 10 * time.Second,
		Control: fetch.DialControl(allowPrivate),
	}
	return &Client{
		HTTP: &http.Client{
			Timeout: 5 * time.Minute,
			Transport: &http.Transport{
				Proxy: nil, DialContext: d.DialContext, ForceAttemptHTTP2: true,
				MaxIdleConns: 4, IdleConnTimeout: 30 * time.Second,
				TLSHandshakeTimeout: 10 * time.Second, ResponseHeaderTimeout: time.Minute,
			},
		},
		MaxBytes: 1 << 30,
	}
}

// Error is a TAXII error message returned by the server.
type Error struct {
	Status      int    `json:"-"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("TAXII server answered %d", e.Status)
	if e.Title != "" {
		msg += ": " + e.Title
	}
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg
}

// get fetches u and decodes the JSON answer into v, returning the
// response headers.
func (c *Client) get(ctx context.Context, u string, v any) (http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return nil, telltale.Errorf(telltale.EINVALID, "bad TAXII URL %q: %v", u, err)
	}
	req.Header.Set("Accept", MediaTAXII)
	req.Header.Set("User-Agent", "telltale-taxii-client")
	if c.User != "" {
		req.SetBasicAuth(c.User, c.Password)
	} else if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		if errors.Is(err, fetch.ErrBlockedAddress) {
			return nil, telltale.Errorf(telltale.EINVALID, "%v", err)
		}
		return nil, telltale.Errorf(telltale.EUNAVAILABLE, "TAXII server %s: %v", req.URL.Host, err)
	}
	defer resp.Body.Close()
	max := c.MaxBytes
	if max <= 0 {
		max = 1 << 30
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, telltale.Errorf(telltale.EUNAVAILABLE, "TAXII server %s: %v", req.URL.Host, err)
	}
	if int64(len(body)) > max {
		return nil, telltale.Errorf(telltale.ETOOLARGE, "TAXII answer from %s is larger than %d bytes", req.URL.Host, max)
	}
	if resp.StatusCode != http.StatusOK {
		e := &Error{Status: resp.StatusCode}
		_ = json.Unmarshal(body, e)
		code := telltale.EINVALID
		switch resp.StatusCode {
		case 401:
			code = telltale.EUNAUTHORIZED
		case 403:
			code = telltale.EFORBIDDEN
		case 404:
			code = telltale.ENOTFOUND
		case 500, 502, 503, 504:
			code = telltale.EUNAVAILABLE
		}
		return nil, telltale.Errorf(code, "%s: %v", u, e)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return nil, telltale.Errorf(telltale.EINVALID, "%s: not TAXII JSON: %v", u, err)
	}
	return resp.Header, nil
}

// Discovery is a server's discovery resource.
type Discovery struct {
	Title    string   `json:"title"`
	Default  string   `json:"default"`
	APIRoots []string `json:"api_roots"`
}

// APIRoot is an API root resource.
type APIRoot struct {
	Title            string   `json:"title"`
	Versions         []string `json:"versions"`
	MaxContentLength int64    `json:"max_content_length"`
}

// Collection is a collection resource.
type Collection struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Alias       string   `json:"alias,omitempty"`
	CanRead     bool     `json:"can_read"`
	CanWrite    bool     `json:"can_write"`
	MediaTypes  []string `json:"media_types,omitempty"`
}

// ResolveAPIRoot turns a URL given by a user, a discovery URL or an API
// root URL, into an API root URL ending in "/".
func (c *Client) ResolveAPIRoot(ctx context.Context, raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", telltale.Errorf(telltale.EINVALID, "%q is not an http(s) URL", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	var probe struct {
		Default  string   `json:"default"`
		APIRoots []string `json:"api_roots"`
		Versions []string `json:"versions"`
	}
	if _, err := c.get(ctx, u.String(), &probe); err != nil {
		return "", err
	}
	if len(probe.Versions) > 0 {
		return u.String(), nil
	}
	root := probe.Default
	if root == "" && len(probe.APIRoots) > 0 {
		root = probe.APIRoots[0]
	}
	if root == "" {
		return "", telltale.Errorf(telltale.EINVALID, "%s is neither a TAXII discovery endpoint with an API root nor an API root", raw)
	}
	ru, err := u.Parse(root)
	if err != nil {
		return "", telltale.Errorf(telltale.EINVALID, "bad API root %q: %v", root, err)
	}
	if !strings.HasSuffix(ru.Path, "/") {
		ru.Path += "/"
	}
	return ru.String(), nil
}

// Collections lists the collections of an API root.
func (c *Client) Collections(ctx context.Context, apiRoot string) ([]Collection, error) {
	var resp struct {
		Collections []Collection `json:"collections"`
	}
	if _, err := c.get(ctx, apiRoot+"collections/", &resp); err != nil {
		return nil, err
	}
	return resp.Collections, nil
}

// FindCollection finds a collection by id, alias or title.
func (c *Client) FindCollection(ctx context.Context, apiRoot, which string) (*Collection, error) {
	cs, err := c.Collections(ctx, apiRoot)
	if err != nil {
		return nil, err
	}
	for _, match := range []func(Collection) bool{
		func(c Collection) bool { return c.ID == which },
		func(c Collection) bool { return c.Alias != "" && c.Alias == which },
		func(c Collection) bool { return strings.EqualFold(c.Title, which) },
	} {
		for _, col := range cs {
			if match(col) {
				return &col, nil
			}
		}
	}
	var names []string
	for _, col := range cs {
		names = append(names, fmt.Sprintf("%s (%s)", col.ID, col.Title))
	}
	return nil, telltale.Errorf(telltale.ENOTFOUND, "no collection %q at %s; there are: %s", which, apiRoot, strings.Join(names, ", "))
}

// Page is one page of objects.
type Page struct {
	Objects []json.RawMessage
	More    bool
	Next    string
	// DateAddedFirst and DateAddedLast are the X-TAXII-Date-Added-First
	// and -Last headers ("" when the server sent none).
	DateAddedFirst, DateAddedLast string
}

// Query selects objects.
type Query struct {
	AddedAfter string
	Next       string
	Limit      int
	Types      []string
	// Versions is match[version]: "last" (the server's default), "first",
	// "all" or timestamps, comma-separated.
	Versions string
}

// Objects reads one page of a collection's objects.
func (c *Client) Objects(ctx context.Context, apiRoot, collection string, q Query) (*Page, error) {
	v := url.Values{}
	if q.AddedAfter != "" {
		v.Set("added_after", q.AddedAfter)
	}
	if q.Next != "" {
		v.Set("next", q.Next)
	}
	if q.Limit > 0 {
		v.Set("limit", fmt.Sprint(q.Limit))
	}
	if len(q.Types) > 0 {
		v.Set("match[type]", strings.Join(q.Types, ","))
	}
	if q.Versions != "" {
		v.Set("match[version]", q.Versions)
	}
	u := apiRoot + "collections/" + url.PathEscape(collection) + "/objects/"
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	var env struct {
		More    bool              `json:"more"`
		Next    string            `json:"next"`
		Objects []json.RawMessage `json:"objects"`
	}
	h, err := c.get(ctx, u, &env)
	if err != nil {
		return nil, err
	}
	return &Page{Objects: env.Objects, More: env.More, Next: env.Next,
		DateAddedFirst: h.Get("X-TAXII-Date-Added-First"), DateAddedLast: h.Get("X-TAXII-Date-Added-Last")}, nil
}

// Pull reads every version of every object of a collection page by page
// from addedAfter ("" for the start) and hands each page to fn with the date_added to resume after
// once the page is stored. It follows next cursors; from servers that say
// there is more without a cursor it moves on by date_added. It stops when
// the server has no more, and refuses to loop on a server that repeats
// itself.
func (c *Client) Pull(ctx context.Context, apiRoot, collection, addedAfter string, limit int, fn func(p *Page, resumeAfter string) error) error {
	q := Query{AddedAfter: addedAfter, Limit: limit, Versions: "all"}
	resume := addedAfter
	seen := map[string]bool{}
	for {
		p, err := c.Objects(ctx, apiRoot, collection, q)
		if err != nil {
			return err
		}
		if p.DateAddedLast != "" {
			resume = p.DateAddedLast
		}
		if err := fn(p, resume); err != nil {
			return err
		}
		if !p.More || len(p.Objects) == 0 {
			return nil
		}
		key := p.Next + "\x00" + resume
		if seen[key] {
			return telltale.Errorf(telltale.EINVALID, "the TAXII server keeps answering the same page (next %q, added after %q)", p.Next, resume)
		}
		seen[key] = true
		if p.Next != "" {
			q.Next = p.Next
		} else if p.DateAddedLast != "" {
			q.Next, q.AddedAfter = "", p.DateAddedLast
		} else {
			return telltale.Errorf(telltale.EINVALID, "the TAXII server says there is more but gives neither next nor X-TAXII-Date-Added-Last")
		}
	}
}
