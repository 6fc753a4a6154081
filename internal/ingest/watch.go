package ingest

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
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/store"
)

// Kinds of watches.
const (
	WatchSector = "sector"
	WatchActor  = "actor"
)

// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the body
// under the watch's secret.
const SignatureHeader = "X-Telltale-Signature"

// WatchState is what a watched sector or actor had when last looked at:
// object id → display name.
type WatchState struct {
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

// AddWatch creates a watch on a sector (key, name or alias) or an actor
// (name, alias or id) and returns it with its secret, which is shown this
// once. What the target has now is the baseline: only later additions
// are notified.
func (s *Service) AddWatch(ctx context.Context, kind, target, webhook string) (*store.Watch, string, error) {
	return s.AddWatchFor(ctx, "", kind, target, webhook)
}

// AddWatchFor is AddWatch for a watch owned by a user: the watch sees, and
// posts, only what that user may see (see Service.WatchViewer).
func (s *Service) AddWatchFor(ctx context.Context, owner, kind, target, webhook string) (*store.Watch, string, error) {
	u, err := url.Parse(webhook)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, "", telltale.Errorf(telltale.EINVALID, "webhook %q is not an http(s) URL", webhook)
	}
	switch kind {
	case WatchSector:
		sec, ok := knowledge.SectorByKey(target)
		if !ok {
			if sec, ok = knowledge.ResolveSector(target); !ok {
				return nil, "", telltale.Errorf(telltale.ENOTFOUND, "no sector %q", target)
			}
		}
		target = sec.Key
	case WatchActor:
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
	w := &store.Watch{
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
	if err := s.DB.PutWatch(ctx, w); err != nil {
		return nil, "", err
	}
	return w, w.Secret, nil
}

// viewAs returns the context and the object service to read with as a
// watch's owner: Service.WatchViewer's, or ctx and the store itself
// when none is set.
func (s *Service) viewAs(ctx context.Context, owner string) (context.Context, telltale.ObjectService, error) {
	if s.WatchViewer == nil {
		return ctx, s.DB, nil
	}
	return s.WatchViewer(ctx, owner)
}

// watchState computes what a watch's target has now, and its name, as the
// watch's owner may see it.
func (s *Service) watchState(ctx context.Context, w *store.Watch) (*WatchState, string, error) {
	ctx, objects, err := s.viewAs(ctx, w.Owner)
	if err != nil {
		return nil, "", err
	}
	st := &WatchState{Attackers: map[string]string{}, Targets: map[string]string{}, Techniques: map[string]string{}, Indicators: map[string]string{}}
	var members []string
	name := w.Target
	switch w.Kind {
	case WatchSector:
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
	case WatchActor:
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
// posts an event for what was added. Wire Hook into the importer's
// AfterCommit so every import and every accepted report is checked.
type Watcher struct {
	Service      *Service
	AllowPrivate bool          // allow webhooks on private and loopback addresses
	Attempts     int           // deliveries tried per event; 0 is 5
	Backoff      time.Duration // first pause between attempts, doubling; 0 is one second
	Logf         func(format string, args ...any)

	client *http.Client
}

// Delivery is the outcome of one event.
type Delivery struct {
	Event    Event  `json:"event"`
	Attempts int    `json:"attempts"`
	Status   int    `json:"status,omitempty"`
	Error    string `json:"error,omitempty"`
}

// Hook returns an importer AfterCommit function that runs next (may be
// nil) and then Check. A failed delivery is logged, never an import error.
func (w *Watcher) Hook(next func(context.Context) error) func(context.Context) error {
	return func(ctx context.Context) error {
		if next != nil {
			if err := next(ctx); err != nil {
				return err
			}
		}
		if _, err := w.Check(ctx); err != nil && w.Logf != nil {
			w.Logf("watches: %v", err)
		}
		return nil
	}
}

// Check looks at every watch, posts what each gained and records the new
// state. A watch whose delivery failed keeps its old state, so the next
// check tries again.
func (w *Watcher) Check(ctx context.Context) ([]Delivery, error) {
	s := w.Service
	watches, err := s.DB.Watches(ctx)
	if err != nil {
		return nil, err
	}
	var out []Delivery
	for _, wt := range watches {
		var before WatchState
		json.Unmarshal([]byte(wt.State), &before)
		now, name, err := s.watchState(ctx, wt)
		if err != nil {
			if telltale.ErrorCode(err) == telltale.ENOTFOUND {
				continue // the actor or sector is gone; nothing to say
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
				s.DB.SetWatchState(ctx, wt.ID, string(b)) // something went away: the new baseline
			}
			continue
		}
		d := w.deliver(ctx, wt, ev)
		out = append(out, d)
		if d.Error != "" {
			if w.Logf != nil {
				w.Logf("watch %s: webhook %s: %s", wt.ID, wt.Webhook, d.Error)
			}
			continue
		}
		if err := s.DB.SetWatchState(ctx, wt.ID, string(b)); err != nil {
			return out, err
		}
	}
	return out, nil
}

// Sign returns the signature header value of body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// deliver posts an event, retrying with exponential backoff on network
// errors and 5xx/429 answers.
func (w *Watcher) deliver(ctx context.Context, wt *store.Watch, ev Event) Delivery {
	if w.client == nil {
		w.client = guardedClient(w.AllowPrivate, 15*time.Second)
	}
	attempts, pause := w.Attempts, w.Backoff
	if attempts <= 0 {
		attempts = 5
	}
	if pause <= 0 {
		pause = time.Second
	}
	body, _ := json.Marshal(ev)
	d := Delivery{Event: ev}
	for i := 0; i < attempts; i++ {
		if i > 0 {
			t := time.NewTimer(pause)
			select {
			case <-ctx.Done():
				t.Stop()
				d.Error = ctx.Err().Error()
				return d
			case <-t.C:
			}
			pause *= 2
		}
		d.Attempts++
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, wt.Webhook, bytes.NewReader(body))
		if err != nil {
			d.Error = err.Error()
			return d
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "Telltale-Webhook")
		req.Header.Set("X-Telltale-Event", ev.Event)
		req.Header.Set("X-Telltale-Delivery", stix.UUIDv5(stix.Namespace, body))
		req.Header.Set(SignatureHeader, Sign(wt.Secret, body))
		resp, err := w.client.Do(req)
		if err != nil {
			d.Error = err.Error()
			continue
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		d.Status = resp.StatusCode
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			d.Error = ""
			return d
		}
		d.Error = fmt.Sprintf("webhook answered %s", resp.Status)
		if resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests {
			return d // the receiver refuses it; retrying will not help
		}
	}
	return d
}
