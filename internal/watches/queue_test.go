package watches

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/knowledge/knowledgetest"
	"github.com/telltale-cti/telltale/internal/store"
)

// attackerBundle is a new intrusion set that targets the Communication
// sector: what a sector watch on it reports as an added attacker.
func attackerBundle(n int, name string) []byte {
	comm, _ := knowledge.SectorByKey("communication")
	id := fmt.Sprintf("0c0c0c0c-0000-4000-8000-%012d", n)
	return []byte(`{"type":"bundle","id":"bundle--` + id + `","objects":[` +
		`{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--` + id + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"` + name + `"},` +
		`{"type":"relationship","spec_version":"2.1","id":"relationship--` + id + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--` + id + `","target_ref":"` + comm.ID + `"}]}`)
}

// fixture is a watch service over a store with the starter knowledge
// imported, with the importer and an ingest service on the same store.
type fixture struct {
	*Service
	DB       *store.DB
	Importer *importer.Importer
	in       *ingest.Service
}

// openWatchService opens (creating or migrating) the store at path with
// the starter knowledge imported (the starter imported again into a store
// reopened changes nothing); closed when the test ends, if not before.
func openWatchService(t testing.TB, path string) *fixture {
	t.Helper()
	db, im, k := knowledgetest.OpenDSN(t, path)
	return &fixture{Service: &Service{Store: db, Knowledge: k, Objects: db}, DB: db, Importer: im, in: ingest.New(db, k, im)}
}

// newService is openWatchService on a temp file.
func newService(t testing.TB) *fixture {
	return openWatchService(t, filepath.Join(t.TempDir(), "t.db"))
}

func (s *fixture) importBundle(t *testing.T, b []byte) {
	t.Helper()
	if _, err := s.Importer.Import(context.Background(), bytes.NewReader(b), "test", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
}

// Webhooks are delivered apart from the import that caused them, from a
// queue in the store: an import returns while its webhook hangs and then
// fails; the failed delivery is retried until the receiver takes it; a
// queued delivery outlives the process (the store reopened).
func TestWebhookQueue(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	s := openWatchService(t, path)

	rc := &receiver{}
	var (
		once    sync.Once
		entered = make(chan struct{})
		release = make(chan struct{})
		// The first call ended before the test released it (the poster
		// gave up waiting): whoever posted it waited for it, and so did
		// the import if it posted it itself.
		abandoned atomic.Bool
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first := false
		once.Do(func() { first = true })
		if !first {
			rc.ServeHTTP(w, r)
			return
		}
		io.Copy(io.Discard, r.Body) // so that the server notices the poster leaving
		close(entered)
		select {
		case <-release:
		case <-r.Context().Done():
			abandoned.Store(true)
		}
		http.Error(w, "down", http.StatusBadGateway)
	}))
	defer srv.Close()
	wt, secret, err := s.Add(ctx, KindSector, "communication", srv.URL+"/hook")
	if err != nil {
		t.Fatal(err)
	}
	rc.secret = secret

	t.Run("ImportDoesNotWaitForFailingHook", func(t *testing.T) {
		var (
			logMu sync.Mutex
			logs  []string
		)
		w := &Watcher{Service: s.Service, AllowPrivate: true, Backoff: time.Millisecond, Logf: func(format string, args ...any) {
			logMu.Lock()
			logs = append(logs, fmt.Sprintf(format, args...))
			logMu.Unlock()
		}}
		s.Importer.AfterCommit = w.Hook(nil)
		wctx, stop := context.WithCancel(ctx)
		done := w.Start(wctx)
		defer func() { stop(); <-done }()

		s.importBundle(t, attackerBundle(1, "Hanging Weasel"))
		// The import has returned; the webhook's first call is held until
		// now, and fails when released.
		<-entered
		if abandoned.Load() {
			t.Fatal("the import waited for the webhook")
		}
		close(release)
		rc.waitFor(t, "delivery after the failure", func() bool { return len(rc.events) > 0 })
		// The held call failed as the receiver answered it once released,
		// after the import had returned, and nothing else failed: the
		// poster waited for the receiver, not the import for the poster.
		logMu.Lock()
		if len(logs) != 1 || !strings.Contains(logs[0], "502") {
			t.Errorf("failures logged: %q; want the one 502", logs)
		}
		logMu.Unlock()
		rc.mu.Lock()
		defer rc.mu.Unlock()
		ev := rc.events[0]
		if ev.WatchID != wt.ID || len(ev.Added["attackers"]) != 1 || ev.Added["attackers"][0].Name != "Hanging Weasel" || rc.badSig != 0 {
			t.Errorf("event %+v (bad signatures %d)", ev, rc.badSig)
		}
	})
	t.Run("QueuedDeliverySurvivesReopen", func(t *testing.T) {
		s.Importer.AfterCommit = nil
		s.importBundle(t, attackerBundle(2, "Patient Weasel"))
		// Queued and not posted: no worker in this "process".
		if evs, err := (&Watcher{Service: s.Service}).Check(ctx); err != nil || len(evs) != 1 {
			t.Fatalf("check = %+v, %v", evs, err)
		}
		if err := s.DB.Close(); err != nil {
			t.Fatal(err)
		}
		s2 := openWatchService(t, path)
		defer s2.DB.Close()
		if q, err := s2.DB.Deliveries(ctx, "", false, 0); err != nil || len(q) != 1 {
			for _, d := range q {
				t.Logf("%+v %s", d, d.Body)
			}
			t.Fatalf("queue after reopening = %+v, %v", q, err)
		}
		w := &Watcher{Service: s2.Service, AllowPrivate: true}
		wctx, stop := context.WithCancel(ctx)
		done := w.Start(wctx)
		rc.waitFor(t, "queued delivery", func() bool { return len(rc.events) > 1 })
		stop()
		<-done
		rc.mu.Lock()
		ev := rc.events[1]
		rc.mu.Unlock()
		if ev.WatchID != wt.ID || len(ev.Added["attackers"]) != 1 || ev.Added["attackers"][0].Name != "Patient Weasel" {
			t.Errorf("event %+v", ev)
		}
		if q, err := s2.DB.Deliveries(ctx, "", false, 0); err != nil || len(q) != 0 {
			t.Errorf("queue after delivery = %+v, %v", q, err)
		}
	})
}

// A failing delivery waits Backoff, then twice that, ... and is given up
// after Attempts attempts. The worker's clock is the test's.
func TestWebhookBackoffAndGiveUp(t *testing.T) {
	ctx := context.Background()
	s := openWatchService(t, filepath.Join(t.TempDir(), "t.db"))
	defer s.DB.Close()
	var calls int
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		mu.Unlock()
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	if _, _, err := s.Add(ctx, KindSector, "communication", srv.URL); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	w := &Watcher{Service: s.Service, AllowPrivate: true, Attempts: 3, Backoff: 10 * time.Second, Now: func() time.Time { return clock }}
	s.importBundle(t, attackerBundle(3, "Busy Weasel"))
	if evs, err := w.Check(ctx); err != nil || len(evs) != 1 {
		t.Fatalf("check = %+v, %v", evs, err)
	}
	stamp := func(d time.Duration) string { return clock.Add(d).Format(stampLayout) }
	for i, tc := range []struct {
		advance time.Duration
		tried   int    // outcomes
		retry   string // their retry time
		gaveUp  bool
	}{
		{0, 1, stamp(10 * time.Second), false},
		{9 * time.Second, 0, "", false}, // not due yet
		{time.Second, 1, stamp(10*time.Second + 20*time.Second), false},
		{20 * time.Second, 1, "", true},
		{time.Hour, 0, "", false}, // given up: never tried again
	} {
		clock = clock.Add(tc.advance)
		ds, err := w.DeliverDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != tc.tried {
			t.Fatalf("step %d: %d attempts, want %d", i, len(ds), tc.tried)
		}
		if tc.tried == 1 && (ds[0].Retry != tc.retry || ds[0].GaveUp != tc.gaveUp || ds[0].Status != 503) {
			t.Errorf("step %d: %+v, want retry %q, gave up %v", i, ds[0], tc.retry, tc.gaveUp)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 3 {
		t.Errorf("%d calls, want 3", calls)
	}
	if q, err := s.DB.Deliveries(ctx, "", true, 0); err != nil || len(q) != 1 || q[0].Attempts != 3 || q[0].LastError == "" {
		t.Errorf("given up = %+v, %v", q, err)
	}
}
