// Package watches answers standing questions ("tell me when the
// Communication sector gains an attacker") with signed webhooks: a watch
// on a sector or an actor keeps what its target had when last looked at,
// the Watcher compares after every import and queues an event for what
// was added, and its worker posts the queued events with retries, apart
// from the import that caused them. What a watch sees is what its owner
// may see (TLP): the program passes a Viewer, and the knowledge service
// every view reads. Watches, their states and the queue are kept through
// the Store it declares (*store.DB satisfies it). Of the module it may
// import the root package, internal/stix, fetch and knowledge (the
// sector taxonomy); never the store, the web, API or TAXII packages.
package watches

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/fetch"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Kinds of watches.
const (
	KindSector = "sector"
	KindActor  = "actor"
)

// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the body
// under the watch's secret.
const SignatureHeader = "X-Telltale-Signature"

// State is what a watched sector or actor had when last looked at:
// object id → display name.
type State struct {
	Attackers  map[string]string `json:"attackers"`  // sector watch: actor clusters targeting it
	Targets    map[string]string `json:"targets"`    // actor watch: sectors it targets
	Techniques map[string]string `json:"techniques"` // ATT&CK techniques used
	Indicators map[string]string `json:"indicators"` // indicators that indicate the attackers (or the actor)
}

// Item is one thing a watch gained.
type Item struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Event is the JSON body posted to a watch's webhook.
type Event struct {
	Event      string            `json:"event"` // "watch.added"
	WatchID    string            `json:"watch_id"`
	Kind       string            `json:"kind"`
	Target     string            `json:"target"`
	TargetName string            `json:"target_name"`
	At         string            `json:"at"`
	Added      map[string][]Item `json:"added"` // attackers, targets, techniques, indicators
}

// Store keeps the watches, their states and the queue of their events
// (*store.DB).
type Store interface {
	PutWatch(ctx context.Context, w *telltale.Watch) error
	SetWatchState(ctx context.Context, id, state string) error
	Watches(ctx context.Context) ([]*telltale.Watch, error)
	QueueDelivery(ctx context.Context, state string, d *telltale.Delivery) error
	Deliveries(ctx context.Context, due string, failed bool, limit int) ([]*telltale.Delivery, error)
	ClaimDelivery(ctx context.Context, d *telltale.Delivery, until string) (bool, error)
	SettleDelivery(ctx context.Context, id string, delivered bool, next, lastError string, giveUp bool) error
}

// Knowledge is what a watch reads of the knowledge (knowledge.Service):
// a sector's landscape and an actor, as the caller in ctx may see them.
type Knowledge interface {
	Landscape(ctx context.Context, sector string) (*telltale.Landscape, error)
	Actor(ctx context.Context, nameOrID string) (*telltale.Actor, error)
}

// Service adds watches and computes what they see.
type Service struct {
	Store     Store
	Knowledge Knowledge
	// Objects are the store's objects, read when Viewer is nil.
	Objects telltale.ObjectService
	// Viewer returns, for a watch's owner (a user name, "" for none),
	// the context in which Knowledge answers as that user sees (TLP) and
	// the object service filtered for that user; an error (ENOTFOUND for
	// an owner who is gone) skips the watch. Nil reads everything: the
	// program sets it so that a watch posts only what its owner may see.
	Viewer func(ctx context.Context, owner string) (context.Context, telltale.ObjectService, error)
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Add creates a watch on a sector (key, name or alias) or an actor
// (name, alias or id) and returns it with its secret, which is shown this
// once. What the target has now is the baseline: only later additions
// are notified.
func (s *Service) Add(ctx context.Context, kind, target, webhook string) (*telltale.Watch, string, error) {
	return s.AddFor(ctx, "", kind, target, webhook)
}

// AddFor is Add for a watch owned by a user: the watch sees, and
// posts, only what that user may see (see Service.Viewer).
func (s *Service) AddFor(ctx context.Context, owner, kind, target, webhook string) (*telltale.Watch, string, error) {
	u, err := url.Parse(webhook)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, "", telltale.Errorf(telltale.EINVALID, "webhook %q is not an http(s) URL", webhook)
	}
	switch kind {
	case KindSector:
		sec, ok := knowledge.SectorByKey(target)
		if !ok {
			if sec, ok = knowledge.ResolveSector(target); !ok {
				return nil, "", telltale.Errorf(telltale.ENOTFOUND, "no sector %q", target)
			}
		}
		target = sec.Key
	case KindActor:
		actx, _, err := s.viewAs(ctx, owner)
		if err != nil {
			return nil, "", err
		}
		a, err := s.Knowledge.Actor(actx, target)
		if err != nil {
			return nil, "", err
		}
		target = a.ID
	default:
		return nil, "", telltale.Errorf(telltale.EINVALID, "watch kind %q (want sector or actor)", kind)
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, "", err
	}
	w := &telltale.Watch{
		ID:      "watch-" + hex.EncodeToString(secret[:6]),
		Kind:    kind,
		Target:  target,
		Webhook: u.String(),
		Owner:   owner,
		Secret:  hex.EncodeToString(secret),
		Created: stix.FormatTime(s.now()),
	}
	st, _, err := s.watchState(ctx, w)
	if err != nil {
		return nil, "", err
	}
	b, _ := json.Marshal(st)
	w.State = string(b)
	if err := s.Store.PutWatch(ctx, w); err != nil {
		return nil, "", err
	}
	return w, w.Secret, nil
}

// viewAs returns the context and the object service to read with as a
// watch's owner: Service.Viewer's, or ctx and the store itself
// when none is set.
func (s *Service) viewAs(ctx context.Context, owner string) (context.Context, telltale.ObjectService, error) {
	if s.Viewer == nil {
		return ctx, s.Objects, nil
	}
	return s.Viewer(ctx, owner)
}

// watchState computes what a watch's target has now, and its name, as the
// watch's owner may see it.
func (s *Service) watchState(ctx context.Context, w *telltale.Watch) (*State, string, error) {
	ctx, objects, err := s.viewAs(ctx, w.Owner)
	if err != nil {
		return nil, "", err
	}
	st := &State{Attackers: map[string]string{}, Targets: map[string]string{}, Techniques: map[string]string{}, Indicators: map[string]string{}}
	var members []string
	name := w.Target
	switch w.Kind {
	case KindSector:
		land, err := s.Knowledge.Landscape(ctx, w.Target)
		if err != nil {
			return nil, "", err
		}
		name = land.Sector.Name
		for _, a := range land.Attackers {
			st.Attackers[a.ID] = a.Name
			actor, err := s.Knowledge.Actor(ctx, a.ID)
			if err != nil {
				return nil, "", err
			}
			for _, m := range actor.Members {
				members = append(members, m.ID)
			}
		}
		for _, t := range land.Techniques {
			st.Techniques[t.ObjectID] = t.ID + " " + t.Name
		}
	case KindActor:
		a, err := s.Knowledge.Actor(ctx, w.Target)
		if err != nil {
			return nil, "", err
		}
		name = a.Name
		for _, m := range a.Members {
			members = append(members, m.ID)
		}
		for _, r := range a.Targets.Sectors {
			st.Targets[r.ID] = r.Name
		}
		for _, r := range a.Targets.Countries {
			st.Targets[r.ID] = r.Name
		}
		for _, r := range a.Techniques {
			st.Techniques[r.ID] = strings.TrimSpace(r.ExtID + " " + r.Name)
		}
	}
	var ids []string
	for _, m := range members {
		rels, err := objects.Relationships(ctx, telltale.RelationshipFilter{Target: m, Type: "indicates"})
		if err != nil {
			return nil, "", err
		}
		for _, r := range rels {
			if strings.HasPrefix(r.Source, "indicator--") {
				ids = append(ids, r.Source)
			}
		}
	}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 500)]
		ids = ids[len(batch):]
		objs, err := objects.Objects(ctx, telltale.ObjectFilter{IDs: batch})
		if err != nil {
			return nil, "", err
		}
		for _, o := range objs {
			st.Indicators[o.ID] = o.Name
		}
	}
	return st, name, nil
}

// added lists what now has that before had not, by id.
func added(before, now map[string]string) []Item {
	var out []Item
	for id, name := range now {
		if _, ok := before[id]; !ok {
			out = append(out, Item{ID: id, Name: name})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Watcher compares every watch's target with what it had last time and
// queues an event for what was added; its worker (Run) posts the queued
// events, apart from the import that caused them. Wire Hook into the
// importer's AfterCommit so every import and every accepted report is
// checked.
//
// The queue is a table of the store: a watch's new state and its event
// are recorded in one transaction, and an event stays queued until its
// webhook answers 2xx or it has been tried Attempts times, across
// restarts; the pause between attempts starts at Backoff and doubles up to
// MaxBackoff. Each attempt signs the event with the watch's secret of the
// moment, and only while the watch's owner may still read (a deleted or
// disabled owner fails the attempt); what an event holds was computed with
// the owner's clearance when it was queued.
type Watcher struct {
	Service      *Service
	AllowPrivate bool          // allow webhooks on private and loopback addresses
	Attempts     int           // attempts per event before it is given up; 0 is 10
	Backoff      time.Duration // pause after the first failed attempt, doubling; 0 is 10 seconds
	MaxBackoff   time.Duration // longest pause between attempts; 0 is one hour
	Logf         func(format string, args ...any)
	// Now is the worker's clock (due times); nil is time.Now.
	Now func() time.Time

	client  *http.Client
	once    sync.Once
	wake    chan struct{}
	running atomic.Int32 // workers started (Start)
}

// Delivery is the outcome of one attempt to post an event.
type Delivery struct {
	ID       string `json:"id"`
	Event    Event  `json:"event"`
	Attempts int    `json:"attempts"` // attempts made so far, this one included
	Status   int    `json:"status,omitempty"`
	Error    string `json:"error,omitempty"`
	// Retry is when a failed event is tried again; "" when it was
	// delivered or given up (GaveUp).
	Retry  string `json:"retry,omitempty"`
	GaveUp bool   `json:"gave_up,omitempty"`
}

// stampLayout writes due times with a fixed number of digits, so that
// they compare as text in either engine.
const stampLayout = "2006-01-02T15:04:05.000000000Z"

func (w *Watcher) now() time.Time {
	if w.Now != nil {
		return w.Now().UTC()
	}
	return time.Now().UTC()
}

func (w *Watcher) init() {
	w.once.Do(func() {
		w.wake = make(chan struct{}, 1)
		if w.client == nil {
			w.client = fetch.GuardedClient(w.AllowPrivate, 15*time.Second)
		}
	})
}

func (w *Watcher) logf(format string, args ...any) {
	if w.Logf != nil {
		w.Logf(format, args...)
	}
}

// Hook returns an importer AfterCommit function that runs next (may be
// nil) and then Check. The events are posted by the worker when one runs
// in this process (Run); otherwise (a command-line import) each due event
// is tried once before Hook returns, and what fails stays queued. A failed
// check or delivery is logged, never an import error.
func (w *Watcher) Hook(next func(context.Context) error) func(context.Context) error {
	return func(ctx context.Context) error {
		if next != nil {
			if err := next(ctx); err != nil {
				return err
			}
		}
		evs, err := w.Check(ctx)
		if err != nil {
			w.logf("watches: %v", err)
		}
		if len(evs) == 0 {
			return nil
		}
		if w.running.Load() > 0 { // a worker posts them
			w.Notify()
			return nil
		}
		if _, err := w.DeliverDue(ctx); err != nil {
			w.logf("watches: %v", err)
		}
		return nil
	}
}

// Notify wakes the worker to post what is due now.
func (w *Watcher) Notify() {
	w.init()
	select {
	case w.wake <- struct{}{}:
	default: // already woken
	}
}

// Check looks at every watch, queues an event for what each gained and
// records the new state, in one transaction per watch, and returns the
// events queued.
func (w *Watcher) Check(ctx context.Context) ([]Event, error) {
	s := w.Service
	watches, err := s.Store.Watches(ctx)
	if err != nil {
		return nil, err
	}
	var out []Event
	for _, wt := range watches {
		var before State
		json.Unmarshal([]byte(wt.State), &before)
		now, name, err := s.watchState(ctx, wt)
		if err != nil {
			if telltale.ErrorCode(err) == telltale.ENOTFOUND {
				continue // the actor or sector is gone, or the owner: nothing to say
			}
			return out, err
		}
		ev := Event{Event: "watch.added", WatchID: wt.ID, Kind: wt.Kind, Target: wt.Target, TargetName: name,
			At: stix.FormatTime(s.now()), Added: map[string][]Item{}}
		for k, pair := range map[string][2]map[string]string{
			"attackers":  {before.Attackers, now.Attackers},
			"targets":    {before.Targets, now.Targets},
			"techniques": {before.Techniques, now.Techniques},
			"indicators": {before.Indicators, now.Indicators},
		} {
			if items := added(pair[0], pair[1]); len(items) > 0 {
				ev.Added[k] = items
			}
		}
		b, _ := json.Marshal(now)
		if len(ev.Added) == 0 {
			if string(b) != wt.State {
				s.Store.SetWatchState(ctx, wt.ID, string(b)) // something went away: the new baseline
			}
			continue
		}
		body, _ := json.Marshal(ev)
		at := w.now().Format(stampLayout)
		d := &telltale.Delivery{ID: stix.UUIDv5(stix.Namespace, body), WatchID: wt.ID, Body: string(body), NextAt: at, Created: at}
		if err := s.Store.QueueDelivery(ctx, string(b), d); err != nil {
			return out, err
		}
		out = append(out, ev)
	}
	return out, nil
}

// Start runs the worker (Run) until ctx ends, and returns at once; from
// then on Hook leaves the posting to it. The channel is closed when the
// worker has stopped.
func (w *Watcher) Start(ctx context.Context) <-chan struct{} {
	w.running.Add(1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer w.running.Add(-1)
		w.Run(ctx)
	}()
	return done
}

// Run posts queued events as they fall due until ctx ends: at once when
// Notify (Hook) says an event was queued, and at least once a minute for
// events queued by other processes. Start runs it in the background.
func (w *Watcher) Run(ctx context.Context) {
	w.init()
	for {
		if _, err := w.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			w.logf("watches: %v", err)
		}
		pause := time.Minute
		if next, err := w.Service.Store.Deliveries(ctx, "", false, 1); err == nil && len(next) == 1 {
			if at, err := time.Parse(stampLayout, next[0].NextAt); err == nil {
				pause = min(pause, max(at.Sub(w.now()), 0))
			}
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-w.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// DeliverDue tries once each queued event that is due and returns the
// outcomes.
func (w *Watcher) DeliverDue(ctx context.Context) ([]Delivery, error) {
	w.init()
	s := w.Service
	var out []Delivery
	for {
		due, err := s.Store.Deliveries(ctx, w.now().Format(stampLayout), false, 100)
		if err != nil {
			return out, err
		}
		watches, err := s.Store.Watches(ctx)
		if err != nil {
			return out, err
		}
		byID := map[string]*telltale.Watch{}
		for _, wt := range watches {
			byID[wt.ID] = wt
		}
		for _, d := range due {
			// A claim lasts longer than an attempt can (the client's
			// timeout): a worker that dies mid-post leaves it due again.
			ok, err := s.Store.ClaimDelivery(ctx, d, w.now().Add(w.client.Timeout+time.Minute).Format(stampLayout))
			if err != nil {
				return out, err
			}
			if !ok {
				continue // another worker has it
			}
			out = append(out, w.attempt(ctx, byID[d.WatchID], d))
		}
		if len(due) < 100 {
			return out, nil
		}
	}
}

// attempt posts a claimed delivery once and records the outcome. An
// attempt begun is finished even when ctx ends meanwhile (bounded by the
// client's timeout): a worker stopping does not turn a post the receiver
// took into a failure to be posted again.
func (w *Watcher) attempt(ctx context.Context, wt *telltale.Watch, d *telltale.Delivery) Delivery {
	ctx = context.WithoutCancel(ctx)
	out := Delivery{ID: d.ID, Attempts: d.Attempts}
	json.Unmarshal([]byte(d.Body), &out.Event)
	var err error
	switch {
	case wt == nil:
		err = fmt.Errorf("the watch %s was removed", d.WatchID)
		out.GaveUp = true
	default:
		if _, _, verr := w.Service.viewAs(ctx, wt.Owner); verr != nil {
			err = fmt.Errorf("the watch's owner may not read: %v", verr)
		} else {
			out.Status, err = w.post(ctx, wt, d)
		}
	}
	if err == nil {
		if serr := w.Service.Store.SettleDelivery(ctx, d.ID, true, "", "", false); serr != nil {
			w.logf("watch %s: %v", d.WatchID, serr)
		}
		return out
	}
	out.Error = err.Error()
	attempts, pause, most := w.Attempts, w.Backoff, w.MaxBackoff
	if attempts <= 0 {
		attempts = 10
	}
	if pause <= 0 {
		pause = 10 * time.Second
	}
	if most <= 0 {
		most = time.Hour
	}
	for i := 1; i < d.Attempts && pause < most; i++ {
		pause *= 2
	}
	pause = min(pause, most)
	out.GaveUp = out.GaveUp || d.Attempts >= attempts
	next := ""
	if !out.GaveUp {
		next = w.now().Add(pause).Format(stampLayout)
		out.Retry = next
	}
	if serr := w.Service.Store.SettleDelivery(ctx, d.ID, false, next, out.Error, out.GaveUp); serr != nil {
		w.logf("watch %s: %v", d.WatchID, serr)
	}
	webhook := d.WatchID
	if wt != nil {
		webhook = wt.Webhook
	}
	if out.GaveUp {
		w.logf("watch %s: webhook %s: %s; given up after %d attempt(s)", d.WatchID, webhook, out.Error, d.Attempts)
	} else {
		w.logf("watch %s: webhook %s: %s; retrying at %s", d.WatchID, webhook, out.Error, next)
	}
	return out
}

// Sign returns the signature header value of body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// post sends a delivery's event once, signed with its watch's secret; an
// answer other than 2xx is an error.
func (w *Watcher) post(ctx context.Context, wt *telltale.Watch, d *telltale.Delivery) (int, error) {
	body := []byte(d.Body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, wt.Webhook, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	var ev struct {
		Event string `json:"event"`
	}
	json.Unmarshal(body, &ev)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Telltale-Webhook")
	req.Header.Set("X-Telltale-Event", ev.Event)
	req.Header.Set("X-Telltale-Delivery", d.ID)
	req.Header.Set(SignatureHeader, Sign(wt.Secret, body))
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("webhook answered %s", resp.Status)
	}
	return resp.StatusCode, nil
}
