package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/feeds"
	"github.com/telltale-cti/telltale/internal/ingest"
)

// feedService is the feed service of an app: new items become drafts
// through in, which reads the knowledge as an anonymous reader does
// (publicIngester), whether serve's poller or `feed poll` polls.
func feedService(a *app.App, in *ingest.Service) *feeds.Service {
	return &feeds.Service{Store: a.DB, Ingester: publicIngester{in}}
}

// publicIngester makes a feed item's draft from what an anonymous reader
// may see of the knowledge (TLP:CLEAR and unmarked objects): nobody chose
// who may read a feed's drafts, so a draft names and links no actor, and
// no alias of one, that only a marked object holds.
type publicIngester struct{ in *ingest.Service }

func (p publicIngester) Ingest(ctx context.Context, doc ingest.Document, accept bool) (*ingest.Result, error) {
	return p.in.Ingest(app.ReadAs(ctx, telltale.Anonymous()), doc, accept)
}

func (m *Main) runFeed(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("feed", &c)
	allowPrivate := fs.Bool("allow-private-fetch", false, "add, poll: allow feeds on private, loopback and link-local addresses")
	force := fs.Bool("force", true, "poll: poll every feed now, even those backing off after failures")
	fs.Usage = func() {
		m.help("feed", fs, "add fetches the feed once and refuses it when that fails.", "[flags] add URL | list | remove ID | poll")
	}
	args, err := parse(fs, args)
	if err != nil {
		return err
	}
	verb, rest, err := subcommand(args, map[string]int{"add": 1, "list": 0, "remove": 1, "poll": 0}, telltale.Errorf(telltale.EINVALID, "feed: give add URL, list, remove ID or poll"))
	if err != nil {
		return err
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		switch verb {
		case "add":
			return m.feedAdd(ctx, a, &c, rest[0], *allowPrivate)
		case "list":
			return m.feedList(ctx, a, &c)
		case "remove":
			if err := a.DB.DeleteFeed(ctx, rest[0]); err != nil {
				return err
			}
			if !c.json {
				fmt.Fprintf(m.Stdout, "removed %s\n", rest[0])
			}
		case "poll":
			return m.feedPoll(ctx, a, &c, *allowPrivate, *force)
		}
		return nil
	})
}

// feedAdd adds a feed.
func (m *Main) feedAdd(ctx context.Context, a *app.App, c *common, rawURL string, allowPrivate bool) error {
	// A feed is added only when it can be fetched, from an address
	// the rules allow: an unreachable or refused URL is an error now,
	// not a failure at every poll.
	client := &feeds.Client{AllowPrivate: allowPrivate, Timeout: 30 * time.Second, HostInterval: -1}
	if _, err := client.Get(ctx, strings.TrimSpace(rawURL), "", ""); err != nil {
		if telltale.ErrorCode(err) != telltale.EINTERNAL {
			return err
		}
		return telltale.Errorf(fetchCode(err), "feed %s cannot be fetched: %v", rawURL, err)
	}
	f, err := feedService(a, ingestService(a)).Add(ctx, rawURL)
	if err != nil {
		return err
	}
	if c.json {
		return m.printJSON(f)
	}
	fmt.Fprintf(m.Stdout, "added %s %s\n", f.ID, f.URL)
	return nil
}

// feedList lists the feeds and how their polls went.
func (m *Main) feedList(ctx context.Context, a *app.App, c *common) error {
	fs, err := a.DB.Feeds(ctx)
	if err != nil {
		return err
	}
	if c.json {
		return printList(m, fs)
	}
	for _, f := range fs {
		state := "ok"
		if f.LastPolled == "" {
			state = "not polled yet"
		}
		if f.Failures > 0 {
			state = fmt.Sprintf("%d failure(s), next try %s: %s", f.Failures, f.NextPoll, f.LastError)
		}
		fmt.Fprintf(m.Stdout, "%s  %s  %d item(s)  last polled %s  %s\n", f.ID, f.URL, f.Items, orNever(f.LastPolled), state)
	}
	return nil
}

// feedPoll polls the feeds (all of them with force); every feed failing
// is a failure of the command.
func (m *Main) feedPoll(ctx context.Context, a *app.App, c *common, allowPrivate, force bool) error {
	results, err := feedService(a, ingestService(a)).PollAll(ctx, &feeds.Client{AllowPrivate: allowPrivate}, force)
	if err != nil {
		return err
	}
	failed := 0
	for _, r := range results {
		if r.Error != "" {
			failed++
		}
	}
	// Every feed failing is a failure of the command (exit 6).
	var allFailed error
	if failed > 0 && failed == len(results) {
		allFailed = telltale.Errorf(telltale.EUNAVAILABLE, "every feed (%d) failed", failed)
	}
	if c.json {
		if err := m.printJSON(results); err != nil {
			return err
		}
		if allFailed != nil {
			fmt.Fprintf(m.Stderr, "telltale: %s\n", telltale.ErrorMessage(allFailed))
			return silent{allFailed}
		}
		return nil
	}
	for _, r := range results {
		switch {
		case r.Error != "":
			fmt.Fprintf(m.Stdout, "%s: failed: %s\n", r.URL, r.Error)
		case r.Skipped:
			fmt.Fprintf(m.Stdout, "%s: backing off\n", r.URL)
		case r.NotModified:
			fmt.Fprintf(m.Stdout, "%s: not modified\n", r.URL)
		default:
			fmt.Fprintf(m.Stdout, "%s: %d item(s), %d new draft(s)\n", r.URL, r.Items, r.New)
		}
	}
	return allFailed
}

func orNever(s string) string {
	if s == "" {
		return "never"
	}
	return s
}
