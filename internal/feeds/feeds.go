// Package feeds polls RSS and Atom feeds and ingests each new item as a
// draft report (through an Ingester: internal/ingest's service). It owns
// the feed client (conditional GETs, a per-host rate limit, internal/
// fetch's address rule) and the poller serve runs; the feeds and the
// items seen are kept through the Store it declares (*store.DB satisfies
// it). Of the module it may import the root package, internal/stix,
// extract (HTML to text), fetch and ingest (the document it hands over);
// never the store, the web, API or TAXII packages.
package feeds

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/fetch"
	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Feed polling defaults.
const (
	DefaultPollInterval = 30 * time.Minute
	// DefaultHostInterval is the least time between two requests to one
	// host, whatever the number of feeds it serves.
	DefaultHostInterval = 2 * time.Second
	maxBackoff          = 24 * time.Hour
	feedMaxBytes        = 32 << 20
)

// Client fetches feeds under the outbound rules of internal/fetch
// (no private, loopback or link-local address unless AllowPrivate; the
// check runs on the dialled address, so rebinding and redirects are
// covered), with conditional GETs (ETag, Last-Modified) and a per-host
// rate limit. internal/fetch's Client does plain GETs only, so this one
// reuses its address rule (fetch.Blocked) on its own transport.
type Client struct {
	AllowPrivate bool
	Timeout      time.Duration
	HostInterval time.Duration // 0 is DefaultHostInterval; negative disables the limit

	once   sync.Once
	client *http.Client
	mu     sync.Mutex
	next   map[string]time.Time // host → earliest time of the next request
}

// Response is a fetched feed, or nothing new (NotModified).
type Response struct {
	NotModified  bool
	Body         []byte
	ETag         string
	LastModified string
	URL          string
}

func (c *Client) init() {
	c.client = fetch.GuardedClient(c.AllowPrivate, c.Timeout)
	c.next = map[string]time.Time{}
}

// wait blocks until the host may be asked again.
func (c *Client) wait(ctx context.Context, host string) error {
	gap := c.HostInterval
	if gap == 0 {
		gap = DefaultHostInterval
	}
	if gap < 0 {
		return nil
	}
	c.mu.Lock()
	now := time.Now()
	at := c.next[host]
	if at.Before(now) {
		at = now
	}
	c.next[host] = at.Add(gap)
	c.mu.Unlock()
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

// Get fetches rawURL, sending etag and lastModified for a conditional GET.
func (c *Client) Get(ctx context.Context, rawURL, etag, lastModified string) (*Response, error) {
	c.once.Do(c.init)
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, telltale.Errorf(telltale.EINVALID, "feed %q is not an http(s) URL", rawURL)
	}
	if err := c.wait(ctx, u.Host); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", fetch.DefaultUserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	defer resp.Body.Close()
	out := &Response{URL: resp.Request.URL.String(), ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	if resp.StatusCode == http.StatusNotModified {
		out.NotModified = true
		if out.ETag == "" {
			out.ETag = etag
		}
		if out.LastModified == "" {
			out.LastModified = lastModified
		}
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("fetch %s: unexpected status %s", rawURL, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, feedMaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	if len(body) > feedMaxBytes {
		return nil, fmt.Errorf("fetch %s: feed larger than %d MB", rawURL, feedMaxBytes>>20)
	}
	out.Body = body
	return out, nil
}

// Result is what one poll of a feed did.
type Result struct {
	Feed        string   `json:"feed"`
	URL         string   `json:"url"`
	NotModified bool     `json:"not_modified,omitempty"`
	Skipped     bool     `json:"skipped,omitempty"` // not due yet (backing off)
	Items       int      `json:"items"`             // items in the feed
	New         int      `json:"new"`               // items ingested as drafts
	Reports     []string `json:"reports,omitempty"` // report ids of the new drafts
	Error       string   `json:"error,omitempty"`
}

// Store keeps the feeds and the items seen (*store.DB).
type Store interface {
	Feeds(ctx context.Context) ([]*telltale.Feed, error)
	PutFeed(ctx context.Context, f *telltale.Feed) error
	FeedItemSeen(ctx context.Context, feedID, guid string) (bool, error)
	AddFeedItem(ctx context.Context, feedID, guid, reportID, seen string) error
}

// Ingester turns a feed item's text into a draft report (ingest.Service).
type Ingester interface {
	Ingest(ctx context.Context, doc ingest.Document, accept bool) (*ingest.Result, error)
}

// Service adds and polls feeds.
type Service struct {
	Store    Store
	Ingester Ingester
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// ID is the id of a feed: derived from its URL.
func ID(rawURL string) string {
	h := sha256.Sum256([]byte(strings.TrimSpace(rawURL)))
	return "feed-" + hex.EncodeToString(h[:6])
}

// Add registers a feed, or returns ECONFLICT when its URL is there.
func (s *Service) Add(ctx context.Context, rawURL string) (*telltale.Feed, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, telltale.Errorf(telltale.EINVALID, "feed %q is not an http(s) URL", rawURL)
	}
	feeds, err := s.Store.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range feeds {
		if f.URL == u.String() {
			return nil, telltale.Errorf(telltale.ECONFLICT, "feed %s is there already as %s", f.URL, f.ID)
		}
	}
	f := &telltale.Feed{ID: ID(u.String()), URL: u.String(), Created: stix.FormatTime(s.now())}
	return f, s.Store.PutFeed(ctx, f)
}

// PollAll polls every feed that is due (all of them with force) and
// ingests each new item as a draft. A failing feed backs off
// exponentially and does not stop the others.
func (s *Service) PollAll(ctx context.Context, c *Client, force bool) ([]Result, error) {
	feeds, err := s.Store.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	out := []Result{}
	for _, f := range feeds {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		out = append(out, s.Poll(ctx, c, f, force))
	}
	return out, nil
}

// Poll polls one feed and records the outcome on it.
func (s *Service) Poll(ctx context.Context, c *Client, f *telltale.Feed, force bool) Result {
	res := Result{Feed: f.ID, URL: f.URL}
	now := s.now()
	if !force && f.NextPoll != "" {
		if next, err := time.Parse(time.RFC3339Nano, f.NextPoll); err == nil && now.Before(next) {
			res.Skipped = true
			return res
		}
	}
	err := s.poll(ctx, c, f, &res)
	f.LastPolled = now.UTC().Format(time.RFC3339Nano)
	if err != nil {
		f.Failures++
		f.LastError = err.Error()
		res.Error = f.LastError
		f.NextPoll = now.Add(backoff(f.Failures)).UTC().Format(time.RFC3339Nano)
	} else {
		f.Failures, f.LastError = 0, ""
		f.NextPoll = now.Add(DefaultPollInterval).UTC().Format(time.RFC3339Nano)
	}
	if perr := s.Store.PutFeed(context.WithoutCancel(ctx), f); perr != nil && res.Error == "" {
		res.Error = perr.Error()
	}
	return res
}

// backoff is the wait after n failures in a row: 1 min doubling, at most a
// day.
func backoff(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

func (s *Service) poll(ctx context.Context, c *Client, f *telltale.Feed, res *Result) error {
	resp, err := c.Get(ctx, f.URL, f.ETag, f.LastModified)
	if err != nil {
		return err
	}
	f.ETag, f.LastModified = resp.ETag, resp.LastModified
	if resp.NotModified {
		res.NotModified = true
		return nil
	}
	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(resp.Body))
	if err != nil {
		return fmt.Errorf("feed %s: %w", f.URL, err)
	}
	if parsed.Title != "" {
		f.Title = parsed.Title
	}
	res.Items = len(parsed.Items)
	// Oldest first, so drafts come in publication order.
	for i := len(parsed.Items) - 1; i >= 0; i-- {
		it := parsed.Items[i]
		parsed.Items[i] = nil // let each item go once ingested
		guid := itemGUID(it)
		seen, err := s.Store.FeedItemSeen(ctx, f.ID, guid)
		if err != nil {
			return err
		}
		if seen {
			continue
		}
		doc := itemDocument(it, parsed.Title)
		reportID := ""
		if strings.TrimSpace(doc.Text) != "" {
			r, err := s.Ingester.Ingest(ctx, doc, false)
			if err != nil && telltale.ErrorCode(err) != telltale.EINVALID {
				return err
			}
			if err == nil {
				reportID = r.Report.ReportID
				if r.Outcome != ingest.Unchanged {
					res.New++
					res.Reports = append(res.Reports, reportID)
				}
			}
		}
		if err := s.Store.AddFeedItem(ctx, f.ID, guid, reportID, stix.FormatTime(s.now())); err != nil {
			return err
		}
		f.Items++
	}
	return nil
}

// itemGUID identifies a feed item: its GUID, else its link, else a hash
// of its title and content.
func itemGUID(it *gofeed.Item) string {
	if it.GUID != "" {
		return it.GUID
	}
	if it.Link != "" {
		return it.Link
	}
	h := sha256.Sum256([]byte(it.Title + "\x00" + it.Content + "\x00" + it.Description))
	return "sha256:" + hex.EncodeToString(h[:])
}

// itemDocument is the text of a feed item: title, then content (or the
// description), as plain text.
func itemDocument(it *gofeed.Item, feedTitle string) ingest.Document {
	body := it.Content
	if strings.TrimSpace(body) == "" {
		body = it.Description
	}
	text := extract.HTMLText(body)
	doc := ingest.Document{Title: strings.TrimSpace(it.Title), Text: text}
	if doc.Title != "" && !strings.HasPrefix(text, doc.Title) {
		doc.Text = doc.Title + "\n\n" + text
	}
	if u, err := url.Parse(it.Link); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		doc.URL = it.Link
	}
	switch {
	case it.PublishedParsed != nil:
		doc.Published = stix.FormatTime(*it.PublishedParsed)
	case it.UpdatedParsed != nil:
		doc.Published = stix.FormatTime(*it.UpdatedParsed)
	}
	if doc.URL == "" && feedTitle != "" {
		doc.Publisher = feedTitle
	}
	return doc
}

// Poller polls the feeds on a schedule, for `telltale serve`.
type Poller struct {
	Service  *Service
	Client   *Client
	Interval time.Duration // how often to look for due feeds; 0 is one minute
	// Logf, when set, reports each poll's failures and new drafts.
	Logf func(format string, args ...any)
	// Leader, when set, runs each round only if this node is the leader
	// (store.DB.WithLeaderLock: on PostgreSQL one node of several polls).
	// Nil runs every round here.
	Leader func(ctx context.Context, name string, fn func() error) (ran bool, err error)
}

// Run polls until ctx ends, one round every Interval, each round under
// Leader when set.
func (p *Poller) Run(ctx context.Context) error {
	every := p.Interval
	if every <= 0 {
		every = time.Minute
	}
	c := p.Client
	if c == nil {
		c = &Client{}
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		leader := p.Leader
		if leader == nil {
			leader = func(_ context.Context, _ string, fn func() error) (bool, error) { return true, fn() }
		}
		_, err := leader(ctx, "ingest-feeds", func() error {
			results, err := p.Service.PollAll(ctx, c, false)
			for _, r := range results {
				if p.Logf != nil && (r.Error != "" || r.New > 0) {
					p.Logf("feed %s: %d new draft(s) %s", r.URL, r.New, r.Error)
				}
			}
			return err
		})
		if err != nil && ctx.Err() == nil && p.Logf != nil {
			p.Logf("feeds: %v", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
