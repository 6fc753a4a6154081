package ingest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// receiver is a webhook endpoint that fails its first failFirst calls and
// keeps the events whose signature checks out.
type receiver struct {
	mu        sync.Mutex
	secret    string
	failFirst int
	calls     int
	badSig    int
	events    []Event
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
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
	w := &Watcher{Service: s, AllowPrivate: true, Backoff: time.Millisecond}
	s.Importer.AfterCommit = w.Hook(nil)

	sw, secret, err := s.AddWatch(ctx, WatchSector, "Communication", srv.URL+"/hook")
	if err != nil {
		t.Fatal(err)
	}
	aw, secret2, err := s.AddWatch(ctx, WatchActor, "ATK51", srv.URL+"/hook")
	if err != nil {
		t.Fatal(err)
	}
	if sw.Target != "communication" || aw.Target != "intrusion-set--ac5dbac9-ca65-5571-a916-968297b1fd75" || secret == secret2 {
		t.Fatalf("watches = %+v, %+v", sw, aw)
	}
	rc.secret = secret
	t.Run("NothingNewNothingSent", func(t *testing.T) {
		if ds, err := w.Check(ctx); err != nil || len(ds) != 0 {
			t.Fatalf("check = %+v, %v", ds, err)
		}
	})
	t.Run("AcceptedReportAddsAttacker", func(t *testing.T) {
		if _, err := s.Ingest(ctx, Document{Text: sample(t, "telecom-records-theft-news.txt"), Title: "Telecom records theft"}, true); err != nil {
			t.Fatal(err)
		}
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
		// a 401, which is never retried) and are retried at the next
		// check; the actor watch's go through. Attempts stay at the
		// default: a transport failure of a loaded machine (a timeout, a
		// kept-alive connection the server dropped) is retried instead of
		// losing the delivery this test waits for.
		text := "ATK51 (MuddyWater) used the server 45.77.12[.]34 against a telecom operator."
		if _, err := s.Ingest(ctx, Document{Text: text, Title: "MuddyWater server"}, true); err != nil {
			t.Fatal(err)
		}
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
