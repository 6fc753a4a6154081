package main

import (
	"context"
	"fmt"
	"log"
	"log/slog"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
)

func init() {
	register("watch", "webhooks when a sector or actor gains an attacker, technique or indicator: add | list | remove ID | check | queue", (*Main).runWatch)
}

// watcher is the webhook notifier of an app. Webhooks on private and
// loopback addresses need TELLTALE_ALLOW_PRIVATE_WEBHOOKS=1.
func (m *Main) watcher(a *app) *ingest.Watcher {
	return &ingest.Watcher{
		Service:      watchService(a),
		AllowPrivate: m.Getenv("TELLTALE_ALLOW_PRIVATE_WEBHOOKS") == "1",
		Logf:         log.New(m.Stderr, "telltale: ", 0).Printf,
	}
}

// watchService is the ingest service watches run on: each watch sees what
// its owner may see (TLP), through a knowledge service of its own that
// filters by the user in the context (computed only when a watch is
// checked) and an object service filtered for the owner. A watch without
// an owner sees what an anonymous reader sees; one whose owner is gone or
// disabled is skipped.
func watchService(a *app) *ingest.Service {
	svc := a.ingestService()
	as := auth.New(a.db)
	svc.Knowledge = knowledge.NewWithOptions(a.db, knowledge.Options{
		Mark: func(raw []byte) any { return as.MarkOf(raw) },
		Viewer: func(ctx context.Context) (string, func(any) bool) {
			u := telltale.UserFromContext(ctx)
			if u == nil {
				return "", func(any) bool { return false } // nobody: sees nothing
			}
			return u.Key(), func(m any) bool { mk, _ := m.(auth.Mark); return u.Sees(mk) }
		},
	})
	svc.WatchViewer = func(ctx context.Context, owner string) (context.Context, telltale.ObjectService, error) {
		u := as.Anonymous()
		if owner != "" {
			var err error
			if u, err = as.UserByName(ctx, owner); err != nil {
				return nil, nil, err
			}
			if u.Disabled {
				return nil, nil, telltale.Errorf(telltale.ENOTFOUND, "user %s is disabled", owner)
			}
		}
		return telltale.NewContextWithUser(ctx, u), &auth.VisibleObjects{ObjectService: a.db, Viewer: func(context.Context) *auth.User { return u }}, nil
	}
	return svc
}

// watchImports makes every import of this run check the watches.
func (m *Main) watchImports(a *app) {
	a.importer.AfterCommit = m.watcher(a).Hook(a.importer.AfterCommit)
}

func (m *Main) runWatch(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("watch", &c)
	sector := fs.String("sector", "", "add: watch this sector (key, name or alias)")
	actor := fs.String("actor", "", "add: watch this actor (name, alias or id)")
	webhook := fs.String("webhook", "", "add: URL to POST events to")
	owner := fs.String("owner", "", "add: the user whose TLP clearance decides what the watch sees and posts (default: what an anonymous reader sees, TLP:CLEAR)")
	fs.Usage = func() {
		m.help("watch", fs, "", "add (--sector KEY | --actor NAME) --webhook URL [--owner USER] | list | remove ID | check | queue")
	}
	args, err := parse(fs, args)
	if err != nil {
		return err
	}
	usage := telltale.Errorf(telltale.EINVALID, "watch: give add (--sector KEY | --actor NAME) --webhook URL, list, remove ID, check or queue")
	if len(args) == 0 {
		return usage
	}
	verb, rest := args[0], args[1:]
	want := map[string]int{"add": 0, "list": 0, "remove": 1, "check": 0, "queue": 0}
	if n, ok := want[verb]; !ok || n != len(rest) {
		return usage
	}
	a, err := m.open(ctx, &c)
	if err != nil {
		return err
	}
	defer a.Close()
	svc := watchService(a)
	switch verb {
	case "add":
		kind, target := ingest.WatchSector, *sector
		if (*sector == "") == (*actor == "") || *webhook == "" {
			return telltale.Errorf(telltale.EINVALID, "watch add: give --sector or --actor, and --webhook")
		}
		if *actor != "" {
			kind, target = ingest.WatchActor, *actor
		}
		w, secret, err := svc.AddWatchFor(ctx, *owner, kind, target, *webhook)
		if err != nil {
			return err
		}
		if c.json {
			return m.printJSON(map[string]any{"watch": w, "secret": secret})
		}
		fmt.Fprintf(m.Stdout, "added %s: %s %s → %s\n", w.ID, w.Kind, w.Target, w.Webhook)
		fmt.Fprintf(m.Stdout, "secret (shown once; verify %s = sha256=HMAC-SHA256(secret, body)):\n%s\n", ingest.SignatureHeader, secret)
	case "list":
		ws, err := a.db.Watches(ctx)
		if err != nil {
			return err
		}
		if c.json {
			if ws == nil {
				return m.printJSON([]any{})
			}
			return m.printJSON(ws)
		}
		for _, w := range ws {
			who := w.Owner
			if who == "" {
				who = "(no owner: TLP:CLEAR only)"
			}
			fmt.Fprintf(m.Stdout, "%s  %s %s → %s  as %s  (since %s)\n", w.ID, w.Kind, w.Target, w.Webhook, who, w.Created)
		}
	case "remove":
		if err := a.db.DeleteWatch(ctx, rest[0]); err != nil {
			return err
		}
		if !c.json {
			fmt.Fprintf(m.Stdout, "removed %s\n", rest[0])
		}
	case "check":
		// Queue what the watches gained, then try every due event once;
		// what fails stays queued for the next check or a server's worker.
		w := m.watcher(a)
		if _, err := w.Check(ctx); err != nil {
			return err
		}
		ds, err := w.DeliverDue(ctx)
		if err != nil {
			return err
		}
		if c.json {
			if ds == nil {
				return m.printJSON([]any{})
			}
			return m.printJSON(ds)
		}
		for _, d := range ds {
			state := "delivered"
			switch {
			case d.GaveUp:
				state = "failed, given up: " + d.Error
			case d.Error != "":
				state = "failed (retry at " + d.Retry + "): " + d.Error
			}
			n := 0
			for _, items := range d.Event.Added {
				n += len(items)
			}
			fmt.Fprintf(m.Stdout, "%s (%s): %d addition(s), %s after %d attempt(s)\n", d.Event.WatchID, d.Event.TargetName, n, state, d.Attempts)
		}
	case "queue":
		var all []*store.Delivery
		for _, failed := range []bool{false, true} {
			ds, err := a.db.Deliveries(ctx, "", failed, 1000)
			if err != nil {
				return err
			}
			all = append(all, ds...)
		}
		if c.json {
			if all == nil {
				return m.printJSON([]any{})
			}
			return m.printJSON(all)
		}
		for _, d := range all {
			state := "due " + d.NextAt
			if d.Failed {
				state = "given up"
			}
			fmt.Fprintf(m.Stdout, "%s  %s  %s after %d attempt(s)  %s\n", d.ID, d.WatchID, state, d.Attempts, d.LastError)
		}
	}
	return nil
}

// startIngest runs the ingestion background work of a server: watches
// checked after every import (web uploads, TAXII pushes, accepted
// reports) with their events posted by a worker of their own (on every
// node: each event is claimed by one), and the feed poller, leader-only
// when the store offers a leader lock (several nodes on one PostgreSQL
// database). It returns at once with the ingestion service the poller
// runs on (its knowledge is a.knowledge, read whole: asServer); the
// poller stops with ctx.
func (m *Main) startIngest(ctx context.Context, a *app, logger *slog.Logger, allowPrivate bool) *ingest.Service {
	logf := func(format string, args ...any) { logger.Info(fmt.Sprintf(format, args...)) }
	svc := a.ingestService()
	w := m.watcher(a)
	w.Logf = logf
	a.importer.AfterCommit = w.Hook(a.importer.AfterCommit)
	w.Start(ctx)
	p := &ingest.Poller{Service: svc, Client: &ingest.FeedClient{AllowPrivate: allowPrivate}, Logf: logf}
	if l, ok := any(a.db).(interface {
		WithLeaderLock(ctx context.Context, name string, fn func() error) (bool, error)
	}); ok {
		p.Leader = l.WithLeaderLock
	}
	go p.Run(asServer(ctx))
	return svc
}
