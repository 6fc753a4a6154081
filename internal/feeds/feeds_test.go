package feeds

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/knowledge/knowledgetest"
	"github.com/telltale-cti/telltale/internal/store"
)

// fixture is a feed service over a temp SQLite store with the starter
// knowledge, its drafts made by the ingest service in, with a clock that
// moves one second per call.
type fixture struct {
	*Service
	in *ingest.Service
	db *store.DB
}

func newService(t testing.TB) *fixture {
	t.Helper()
	db, im, k := knowledgetest.Open(t)
	in := ingest.New(db, k, im)
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	in.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	return &fixture{Service: &Service{Store: db, Ingester: in, Now: in.Now}, in: in, db: db}
}

// feedServer serves an RSS feed with an ETag and counts what it was asked.
type feedServer struct {
	mu          sync.Mutex
	items       []string
	requests    int
	notModified int
	fail        bool
}

func (f *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	if f.fail {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	etag := fmt.Sprintf(`"v%d"`, len(f.items))
	if r.Header.Get("If-None-Match") == etag {
		f.notModified++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Telecom news</title><link>http://example.org/</link><description>d</description>`)
	for _, it := range f.items {
		fmt.Fprint(w, it)
	}
	fmt.Fprint(w, `</channel></rss>`)
}

func rssItem(i int, body string) string {
	return fmt.Sprintf(`<item><title>Story %d</title><link>http://news.example.org/story/%d</link><guid>story-%d</guid><pubDate>Mon, 02 Nov 2026 10:%02d:00 +0000</pubDate><description><![CDATA[<p>%s</p>]]></description></item>`, i, i, i, i%60, body)
}

func TestFeeds(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	fs := &feedServer{items: []string{
		rssItem(1, "ATK51 (MuddyWater) targeted telecommunications providers with spear-phishing from 45.77.12[.]34 and 203.0.113.77."),
		rssItem(2, "A group, possibly based in Iran, breached 4 telecom operators and stole call records."),
	}}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	c := &Client{AllowPrivate: true, HostInterval: -1}

	f, err := s.Add(ctx, srv.URL+"/rss")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ErrConflict", func(t *testing.T) {
		if _, err := s.Add(ctx, srv.URL+"/rss"); err == nil || !strings.Contains(err.Error(), "already") {
			t.Fatalf("second add: err = %v", err)
		}
	})
	t.Run("NewItemsBecomeDrafts", func(t *testing.T) {
		res, err := s.PollAll(ctx, c, true)
		if err != nil || len(res) != 1 || res[0].New != 2 || res[0].Error != "" {
			t.Fatalf("poll = %+v, %v; want 2 new", res, err)
		}
		drafts, _ := s.in.Drafts(ctx, ingest.StatusDraft)
		if len(drafts) != 2 {
			t.Fatalf("%d drafts, want 2", len(drafts))
		}
		var story1 *ingest.Summary
		for _, id := range res[0].Reports {
			sum, _, err := s.in.Show(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Title == "Story 1" {
				story1 = sum
			}
		}
		if story1 == nil || story1.URL != "http://news.example.org/story/1" || len(story1.Indicators) != 1 || len(story1.Benign) != 1 {
			t.Fatalf("story 1 = %+v", story1)
		}
		indicates := false
		for _, r := range story1.Relationships {
			if r.Type == "indicates" && r.Source == story1.Indicators[0].ID && r.TargetName == "MuddyWater" {
				indicates = true
			}
		}
		if !indicates {
			t.Errorf("story 1: the indicator does not indicate MuddyWater: %+v", story1.Relationships)
		}
	})
	t.Run("ConditionalGet", func(t *testing.T) {
		res, err := s.PollAll(ctx, c, true)
		if err != nil || !res[0].NotModified || res[0].New != 0 {
			t.Fatalf("poll = %+v, %v; want not modified", res, err)
		}
		if fs.notModified != 1 {
			t.Errorf("server answered 304 %d times, want 1", fs.notModified)
		}
	})
	t.Run("OnlyNewItems", func(t *testing.T) {
		fs.mu.Lock()
		fs.items = append(fs.items, rssItem(3, "Nothing to see."))
		fs.mu.Unlock()
		res, err := s.PollAll(ctx, c, true)
		if err != nil || res[0].New != 1 || res[0].Items != 3 {
			t.Fatalf("poll = %+v, %v; want 1 new of 3", res, err)
		}
	})
	t.Run("BackoffOnFailure", func(t *testing.T) {
		fs.mu.Lock()
		fs.fail = true
		fs.mu.Unlock()
		res, _ := s.PollAll(ctx, c, true)
		if res[0].Error == "" {
			t.Fatal("no error from a failing feed")
		}
		before := fs.requests
		res, _ = s.PollAll(ctx, c, false)
		if !res[0].Skipped || fs.requests != before {
			t.Errorf("poll while backing off = %+v; want skipped without a request", res[0])
		}
		feeds, _ := s.db.Feeds(ctx)
		if feeds[0].Failures != 1 || feeds[0].NextPoll == "" {
			t.Errorf("feed after failure = %+v", feeds[0])
		}
	})
	t.Run("Remove", func(t *testing.T) {
		if err := s.db.DeleteFeed(ctx, f.ID); err != nil {
			t.Fatal(err)
		}
		if feeds, _ := s.db.Feeds(ctx); len(feeds) != 0 {
			t.Errorf("%d feeds after remove", len(feeds))
		}
	})
}

func TestClientRefusesPrivate(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	c := &Client{HostInterval: -1}
	if _, err := c.Get(context.Background(), srv.URL, "", ""); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("err = %v, want a refusal of the loopback address", err)
	}
}

func TestPollerRun(t *testing.T) {
	s := newService(t)
	fs := &feedServer{items: []string{rssItem(1, "APT-C-23 spied on messaging app users in the Middle East.")}}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	if _, err := s.Add(context.Background(), srv.URL); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	rounds := 0
	done := make(chan error, 1)
	p := &Poller{Service: s.Service, Client: &Client{AllowPrivate: true, HostInterval: -1}, Interval: 5 * time.Millisecond,
		Leader: func(ctx context.Context, name string, fn func() error) (bool, error) {
			rounds++
			if rounds == 1 {
				return false, nil // another node is the leader this round
			}
			return true, fn()
		}}
	go func() { done <- p.Run(ctx) }()
	for i := 0; i < 1000; i++ {
		if ds, _ := s.in.Drafts(context.Background(), ingest.StatusDraft); len(ds) == 1 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.in.Drafts(context.Background(), ingest.StatusDraft); len(ds) != 1 {
		t.Fatalf("%d drafts after polling, want 1", len(ds))
	}
}
