package watches

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// sample is the news sample of the shared data.
func sample(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testutil.SharedDir(t), "samples", "telecom-records-theft-news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// receiver is a webhook endpoint that fails its first failFirst calls and
// keeps the events whose signature checks out; waitFor lets a test wait
// for what it has received.
type receiver struct {
	mu        sync.Mutex
	secret    string
	failFirst int
	calls     int
	badSig    int
	events    []Event
	changed   chan struct{}
}

// waitFor waits until cond (called with rc locked) holds after a call. It
// fails the test when nothing arrives for a minute, so that a worker
// that never posts fails instead of hanging; it times nothing.
func (rc *receiver) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	rc.mu.Lock()
	if rc.changed == nil {
		rc.changed = make(chan struct{}, 1)
	}
	ch := rc.changed
	rc.mu.Unlock()
	for {
		rc.mu.Lock()
		ok := cond()
		rc.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-time.After(time.Minute):
			t.Fatalf("no %s in a minute", what)
		}
	}
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	defer func() {
		if rc.changed != nil {
			select {
			case rc.changed <- struct{}{}:
			default:
			}
		}
	}()
	rc.calls++
	if rc.calls <= rc.failFirst {
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	body, _ := io.ReadAll(r.Body)
	if r.Header.Get(SignatureHeader) != Sign(rc.secret, body) {
		rc.badSig++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var ev Event
	json.Unmarshal(body, &ev)
	rc.events = append(rc.events, ev)
}

func TestWatches(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	rc := &receiver{failFirst: 1}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	w := &Watcher{Service: s.Service, AllowPrivate: true, Backoff: time.Millisecond}
	s.Importer.AfterCommit = w.Hook(nil)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	w.Start(wctx)

	sw, secret, err := s.Add(ctx, KindSector, "Communication", srv.URL+"/hook")
	if err != nil {
		t.Fatal(err)
	}
	aw, secret2, err := s.Add(ctx, KindActor, "ATK51", srv.URL+"/hook")
	if err != nil {
		t.Fatal(err)
	}
	if sw.Target != "communication" || aw.Target != "intrusion-set--ac5dbac9-ca65-5571-a916-968297b1fd75" || secret == secret2 {
		t.Fatalf("watches = %+v, %+v", sw, aw)
	}
	rc.secret = secret
	t.Run("NothingNewNothingSent", func(t *testing.T) {
		if evs, err := w.Check(ctx); err != nil || len(evs) != 0 {
			t.Fatalf("check = %+v, %v", evs, err)
		}
	})
	t.Run("AcceptedReportAddsAttacker", func(t *testing.T) {
		if _, err := s.in.Ingest(ctx, ingest.Document{Text: sample(t), Title: "Telecom records theft"}, true); err != nil {
			t.Fatal(err)
		}
		rc.waitFor(t, "event", func() bool { return len(rc.events) > 0 })
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if rc.calls != 2 || len(rc.events) != 1 {
			t.Fatalf("%d calls, %d events; want a retry after the 503, then one event", rc.calls, len(rc.events))
		}
		ev := rc.events[0]
		if ev.WatchID != sw.ID || len(ev.Added["attackers"]) != 1 || ev.Added["attackers"][0].Name != "Unnamed actor: Telecom records theft" {
			t.Errorf("event = %+v", ev)
		}
	})
	t.Run("IndicatorForWatchedActor", func(t *testing.T) {
		rc.mu.Lock()
		rc.secret, rc.events = secret2, nil
		rc.mu.Unlock()
		// The sector watch's deliveries fail (wrong secret at the receiver:
		// a 401) and are retried; the actor watch's go through. The test
		// waits for both to have happened, whatever their order.
		text := "ATK51 (MuddyWater) used the server 45.77.12[.]34 against a telecom operator."
		if _, err := s.in.Ingest(ctx, ingest.Document{Text: text, Title: "MuddyWater server"}, true); err != nil {
			t.Fatal(err)
		}
		rc.waitFor(t, "actor event and refused signature", func() bool {
			actor := false
			for _, ev := range rc.events {
				actor = actor || ev.WatchID == aw.ID
			}
			return actor && rc.badSig > 0
		})
		rc.mu.Lock()
		defer rc.mu.Unlock()
		var got *Event
		for i := range rc.events {
			if rc.events[i].WatchID == aw.ID {
				got = &rc.events[i]
			}
		}
		if got == nil || len(got.Added["indicators"]) != 1 || got.Added["indicators"][0].Name != "45.77.12.34" {
			t.Fatalf("actor events = %+v", rc.events)
		}
		if rc.badSig == 0 {
			t.Errorf("no delivery was signed with the other watch's secret")
		}
	})
}
