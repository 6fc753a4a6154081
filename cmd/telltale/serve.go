package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/fetch"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/web"
)

func (m *Main) runServe(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("serve", &c)
	defAddr := m.Getenv("TELLTALE_ADDR")
	if defAddr == "" {
		defAddr = ihttp.DefaultAddr
	}
	addr := fs.String("addr", defAddr, "address to listen on (env TELLTALE_ADDR)")
	dev := fs.String("dev", "", "read templates and assets from this directory (internal/web of a checkout) at every request")
	allowPrivate := fs.Bool("allow-private-fetch", false, "let the import page fetch URLs on private, loopback and link-local addresses")
	limits := limitFlags(fs)
	readDB := fs.String("read-db", m.Getenv("TELLTALE_READ_DB"), "a PostgreSQL hot standby of --db to send reads to, postgres://... (env TELLTALE_READ_DB; see \"Read replicas\" in the README)")
	secure := secureFlags(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	start := time.Now()
	logger := slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if c.quiet {
		logger = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}

	// A new SQLite file is created and migrated; an existing database
	// whose schema is behind is refused with the command that migrates it.
	a, err := app.Open(ctx, serveConfig(c.db))
	if err != nil {
		return err
	}
	defer a.Close()
	if *readDB != "" {
		if err := useReadReplica(ctx, a, *readDB, logger); err != nil {
			return err
		}
	}
	a.Importer.Limits = *limits // the API, the web form and TAXII import through it
	srv, _, err := m.buildServe(ctx, a, logger, *dev, *allowPrivate, *secure)
	if err != nil {
		return err
	}
	carryAfterImports(ctx, a, logger)
	srv.Addr = *addr
	served := a.DB.Path()
	if *readDB != "" {
		served += ", reads from " + a.DB.ReplicaDSN()
	}
	if err := srv.Open(); err != nil {
		return err
	}
	// Compute the knowledge now rather than at the first request, then
	// hand the memory its computation used back to the system: what
	// stays is the computed knowledge, not the garbage of reading it.
	// Meanwhile the views cached after the last import answer the
	// viewers who see all of the knowledge.
	go func() {
		if err := a.Knowledge.Warm(ctx); err != nil && ctx.Err() == nil {
			logger.Error("compute knowledge", slog.String("error", err.Error()))
		}
		debug.FreeOSMemory()
	}()
	fmt.Fprintf(m.Stderr, "telltale: serving %s on %s (ready in %s)\n", served, srv.URL(), time.Since(start).Round(time.Millisecond))
	return srv.Serve(ctx)
}

// buildServe wires what serve runs over a, in this order: the server
// (newServer), then the background ingestion, watches on every import and
// feed polling (one node at a time), all on the knowledge service
// app.Open made (serveConfig: it filters by viewer): one knowledge
// service, one snapshot of the store. It returns what the background
// work runs on.
func (m *Main) buildServe(ctx context.Context, a *app.App, logger *slog.Logger, dev string, allowPrivate bool, secure secureOptions) (*ihttp.Server, background, error) {
	srv, err := newServer(ctx, a, logger, dev, allowPrivate, secure)
	if err != nil {
		return nil, background{}, err
	}
	return srv, m.startIngest(ctx, a, logger, allowPrivate), nil
}

// newServer wires the pages and the APIs over the application, in this
// order: authentication, TAXII and the write API first (wireSecure sets
// the authenticator, the app's accounts service, which the pages need to
// know about), then the views, the draft review, the pages and the read
// API.
func newServer(ctx context.Context, a *app.App, logger *slog.Logger, dev string, allowPrivate bool, secure secureOptions) (*ihttp.Server, error) {
	srv := ihttp.NewServer(logger)
	if _, err := wireSecure(ctx, a, srv, secure); err != nil {
		return nil, fmt.Errorf("serve: authentication, TAXII and the write API: %w", err)
	}
	views := &api.Views{
		// Objects as the caller may see them (TLP) when authentication is
		// on: the sector narrative too.
		Objects:         visibleObjects(srv, a),
		Version:         a.DB.LastSeq,
		ViewerKey:       viewerKey(srv),
		Knowledge:       a.Knowledge,
		Suggestions:     ingestService(a),
		Documents:       extract.Documents{},
		SectorBundle:    a.Knowledge.SectorBundle,
		SectorNavigator: a.Knowledge.SectorNavigatorJSON,
	}
	wireDrafts(srv, a, views)
	pages, err := web.New(web.Options{
		Views:    views,
		Logger:   logger,
		Dev:      dev,
		Accounts: srv.Auth != nil,
		Sessions: webSessions(srv),
		Import: func(ctx context.Context, r io.Reader, name string, o web.ImportOptions) (*telltale.ImportResult, error) {
			return a.Importer.Import(ctx, r, name, importer.Options{Strict: o.Strict, Progress: o.Progress, CanSee: writerSees(srv, ctx)})
		},
		Fetch: importFetch(allowPrivate, web.MaxUpload),
	})
	if err != nil {
		return nil, err
	}
	srv.Page = pages.Error
	if a.DB.ReplicaDSN() != "" {
		srv.Use(readAsUser) // each request reads as its user (serve --read-db)
	}
	(&api.Handler{Views: views}).Register(srv)
	pages.Register(srv)
	return srv, nil
}

// importFetch opens a URL for the import page: the body is streamed to
// the importer (or to the spool file of an import job) as it arrives, and
// the upload bound applies while it is read, so a large file is never
// held in memory (maxBytes: the bound). Errors, the body's included, are
// classified as the import command classifies them.
func importFetch(allowPrivate bool, maxBytes int64) web.FetchFunc {
	c := &fetch.Client{AllowPrivate: allowPrivate, MaxBytes: maxBytes, Timeout: 5 * time.Minute}
	return func(ctx context.Context, url string) (io.ReadCloser, error) {
		s, err := c.Open(ctx, url)
		if err != nil {
			return nil, fetchError(err)
		}
		return fetchBody{s.Body}, nil
	}
}

// writerSees is what the writer of ctx may see, which bounds what an
// import may overwrite: nothing hidden from them. Nil (everything) when the
// server does not authenticate.
func writerSees(srv *ihttp.Server, ctx context.Context) func(raw []byte) bool {
	as, ok := srv.Auth.(*auth.Service)
	if !ok {
		return nil
	}
	u := as.ViewerOf(ctx)
	if u == nil {
		return func([]byte) bool { return false }
	}
	return u.CanSee
}

// viewerKey names what a caller may see, as the knowledge layer keys its
// views (see serve_auth.go): pages and landscapes computed for one caller
// are reused only for callers with the same clearance.
func viewerKey(srv *ihttp.Server) func(ctx context.Context) string {
	as, ok := srv.Auth.(*auth.Service)
	if !ok {
		return nil
	}
	return func(ctx context.Context) string {
		u := as.ViewerOf(ctx)
		if u == nil {
			u = auth.Anonymous()
		}
		return u.Key()
	}
}

// carryAfterImports makes every import the server makes (web form, API,
// TAXII) carry the cached views over to the store's new state when it
// touched nothing they are computed from (a feed's indicators), so that
// the first page after it is answered from them instead of computing the
// knowledge. When it touched them, the knowledge is computed at once in
// the background (until serveCtx ends), from what the import stored and
// the knowledge in memory (issue 17), and the cached views with it, as
// `telltale import` does: the first page after the import does not pay
// for it, nor do the commands (actor, stats) or the next start. A failure
// is logged: the import itself stands.
func carryAfterImports(serveCtx context.Context, a *app.App, logger *slog.Logger) {
	next := a.Importer.AfterCommit
	a.Importer.AfterCommit = func(ctx context.Context) error {
		carried, err := a.Knowledge.CarryForward(ctx)
		if err != nil && ctx.Err() == nil {
			logger.Warn("carry the cached knowledge over", slog.String("error", err.Error()))
		}
		if !carried {
			go func() {
				if err := a.Knowledge.Recompute(app.AsServer(serveCtx)); err != nil && serveCtx.Err() == nil {
					logger.Warn("compute knowledge after an import", slog.String("error", err.Error()))
				}
			}()
		}
		if next != nil {
			return next(ctx)
		}
		return nil
	}
}
