package main

import (
	"context"
	"fmt"
	"log"
	"log/slog"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/feeds"
	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/watches"
)

// watcher is the webhook notifier of an app. Webhooks on private and
// loopback addresses need TELLTALE_ALLOW_PRIVATE_WEBHOOKS=1.
func (m *Main) watcher(a *app.App) *watches.Watcher {
	return &watches.Watcher{
		Service:      watchService(a),
		AllowPrivate: m.Getenv("TELLTALE_ALLOW_PRIVATE_WEBHOOKS") == "1",
		Logf:         log.New(m.Stderr, "telltale: ", 0).Printf,
	}
}

// watchService is the service watches run on: each watch sees what its
// owner may see (TLP), through the app's one knowledge service, which
// answers a watch's context (app.ReadAs) as the owner sees, and
// an object service filtered for the owner. A watch without an owner sees
// what an anonymous reader sees; one whose owner is gone or disabled is
// skipped.
func watchService(a *app.App) *watches.Service {
	as := auth.New(a.DB)
	return &watches.Service{
		Store:     a.DB,
		Knowledge: a.Knowledge,
		Objects:   a.DB,
		Viewer: func(ctx context.Context, owner string) (context.Context, telltale.ObjectService, error) {
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
			ctx = app.ReadAs(telltale.NewContextWithUser(ctx, u), u)
			return ctx, &auth.VisibleObjects{ObjectService: a.DB, Viewer: func(context.Context) *auth.User { return u }}, nil
		},
	}
}

// watchImports makes every import of this run check the watches.
func (m *Main) watchImports(a *app.App) {
	a.Importer.AfterCommit = m.watcher(a).Hook(a.Importer.AfterCommit)
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
	verb, rest, err := subcommand(args, map[string]int{"add": 0, "list": 0, "remove": 1, "check": 0, "queue": 0}, telltale.Errorf(telltale.EINVALID, "watch: give add (--sector KEY | --actor NAME) --webhook URL, list, remove ID, check or queue"))
	if err != nil {
		return err
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		switch verb {
		case "add":
			return m.watchAdd(ctx, a, &c, watchAddFlags{sector: *sector, actor: *actor, webhook: *webhook, owner: *owner})
		case "list":
			return m.watchList(ctx, a, &c)
		case "remove":
			if err := a.DB.DeleteWatch(ctx, rest[0]); err != nil {
				return err
			}
			if !c.json {
				fmt.Fprintf(m.Stdout, "removed %s\n", rest[0])
			}
		case "check":
			return m.watchCheck(ctx, a, &c)
		case "queue":
			return m.watchQueue(ctx, a, &c)
		}
		return nil
	})
}

// watchAddFlags are the flags of watch add.
type watchAddFlags struct{ sector, actor, webhook, owner string }

// watchAdd adds a watch and shows its secret, this once.
func (m *Main) watchAdd(ctx context.Context, a *app.App, c *common, f watchAddFlags) error {
	kind, target := watches.KindSector, f.sector
	if (f.sector == "") == (f.actor == "") || f.webhook == "" {
		return telltale.Errorf(telltale.EINVALID, "watch add: give --sector or --actor, and --webhook")
	}
	if f.actor != "" {
		kind, target = watches.KindActor, f.actor
	}
	w, secret, err := watchService(a).AddFor(ctx, f.owner, kind, target, f.webhook)
	if err != nil {
		return err
	}
	if c.json {
		return m.printJSON(map[string]any{"watch": w, "secret": secret})
	}
	fmt.Fprintf(m.Stdout, "added %s: %s %s → %s\n", w.ID, w.Kind, w.Target, w.Webhook)
	fmt.Fprintf(m.Stdout, "secret (shown once; verify %s = sha256=HMAC-SHA256(secret, body)):\n%s\n", watches.SignatureHeader, secret)
	return nil
}

// watchList lists the watches.
func (m *Main) watchList(ctx context.Context, a *app.App, c *common) error {
	ws, err := a.DB.Watches(ctx)
	if err != nil {
		return err
	}
	if c.json {
		return printList(m, ws)
	}
	for _, w := range ws {
		who := w.Owner
		if who == "" {
			who = "(no owner: TLP:CLEAR only)"
		}
		fmt.Fprintf(m.Stdout, "%s  %s %s → %s  as %s  (since %s)\n", w.ID, w.Kind, w.Target, w.Webhook, who, w.Created)
	}
	return nil
}

// watchCheck queues what the watches gained, then tries every due event
// once; what fails stays queued for the next check or a server's worker.
func (m *Main) watchCheck(ctx context.Context, a *app.App, c *common) error {
	w := m.watcher(a)
	if _, err := w.Check(ctx); err != nil {
		return err
	}
	ds, err := w.DeliverDue(ctx)
	if err != nil {
		return err
	}
	if c.json {
		return printList(m, ds)
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
	return nil
}

// watchQueue lists the queued events, due and given up.
func (m *Main) watchQueue(ctx context.Context, a *app.App, c *common) error {
	var all []*telltale.Delivery
	for _, failed := range []bool{false, true} {
		ds, err := a.DB.Deliveries(ctx, "", failed, 1000)
		if err != nil {
			return err
		}
		all = append(all, ds...)
	}
	if c.json {
		return printList(m, all)
	}
	for _, d := range all {
		state := "due " + d.NextAt
		if d.Failed {
			state = "given up"
		}
		fmt.Fprintf(m.Stdout, "%s  %s  %s after %d attempt(s)  %s\n", d.ID, d.WatchID, state, d.Attempts, d.LastError)
	}
	return nil
}

// background is what a server runs besides answering requests: the
// ingestion the feed poller runs on and the service of the watches checked
// after every import.
type background struct {
	ingest  *ingest.Service
	watches *watches.Service
}

// startIngest runs the ingestion background work of a server: watches
// checked after every import (web uploads, TAXII pushes, accepted
// reports) with their events posted by a worker of their own (on every
// node: each event is claimed by one), and the feed poller, leader-only
// when the store offers a leader lock (several nodes on one PostgreSQL
// database). Both read a.Knowledge: the poller whole (asServer), each
// watch as its owner sees (app.ReadAs). It returns at once with what it
// started on; the poller and the worker stop with ctx.
func (m *Main) startIngest(ctx context.Context, a *app.App, logger *slog.Logger, allowPrivate bool) background {
	logf := func(format string, args ...any) { logger.Info(fmt.Sprintf(format, args...)) }
	w := m.watcher(a)
	w.Logf = logf
	a.Importer.AfterCommit = w.Hook(a.Importer.AfterCommit)
	w.Start(ctx)
	in := ingestService(a)
	p := &feeds.Poller{Service: feedService(a, in), Client: &feeds.Client{AllowPrivate: allowPrivate}, Logf: logf}
	if l, ok := any(a.DB).(interface {
		WithLeaderLock(ctx context.Context, name string, fn func() error) (bool, error)
	}); ok {
		p.Leader = l.WithLeaderLock
	}
	go p.Run(app.AsServer(ctx))
	return background{ingest: in, watches: w.Service}
}
