package main

import (
	"context"
	"flag"
	"io"
	"net/http"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/extract"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/taxii"
	"github.com/telltale-cti/telltale/internal/web"
)

// secureOptions are the serve flags of authentication and TAXII.
type secureOptions struct {
	anonymousRead   bool   // callers without credentials may read TLP:CLEAR data
	insecureCookies bool   // session cookies without the Secure flag
	proxyHeader     string // the header a trusted proxy puts the client's address in
	trustedProxies  string // comma-separated addresses and CIDR prefixes of those proxies
}

// secureFlags adds the flags of authentication and TAXII to fs.
func secureFlags(fs *flag.FlagSet) *secureOptions {
	o := &secureOptions{}
	fs.BoolVar(&o.anonymousRead, "anonymous-read", false, "let callers without credentials read TLP:CLEAR (and unmarked) data in the pages, the API and TAXII")
	fs.BoolVar(&o.insecureCookies, "insecure-cookies", false, "send the session cookie over plain HTTP too (only behind a TLS proxy that strips it, or for tests)")
	fs.StringVar(&o.proxyHeader, "trusted-proxy-header", "", "read the client's address from this header (e.g. X-Forwarded-For) on requests from --trusted-proxies, for sign-in limits and the audit log")
	fs.StringVar(&o.trustedProxies, "trusted-proxies", "", "comma-separated addresses and CIDR prefixes of the reverse proxies whose --trusted-proxy-header is believed")
	return o
}

// wireSecure adds to srv what needs to know who is asking: the
// authenticator, TAXII 2.1 under /taxii2/ and the write side of /api/v1
// (imports, exports, users, tokens, sessions, collections, audit log). It
// returns the auth service, whose ViewerOf the read paths filter by
// (auth.VisibleObjects).
//
// Reads are gated here too: without credentials a request gets 401 unless
// anonymous reading is on (--anonymous-read) or the database has no
// account yet; sign-in, static assets, the OpenAPI document, the session
// endpoint and TAXII (which answers in its own error format) stay
// reachable.
func wireSecure(ctx context.Context, a *app, srv *ihttp.Server, o secureOptions) (*auth.Service, error) {
	as, err := newAuth(ctx, a, srv, o)
	if err != nil {
		return nil, err
	}
	gateReads(srv, as)
	a.knowledgeByViewer(as)
	wireTAXII(a, srv, as)
	(&api.Admin{
		Auth: as, Store: a.db, Objects: a.db, Show: a.visible, SectorBundle: a.knowledge.SectorBundle,
		Import: func(ctx context.Context, r io.Reader, name string, strict bool) (*telltale.ImportResult, error) {
			return a.importer.Import(ctx, r, name, importer.Options{Strict: strict, CanSee: writerSees(srv, ctx)})
		},
	}).Register(srv)
	return as, nil
}

// newAuth makes the accounts service of a server from its options, and
// makes it the server's.
func newAuth(ctx context.Context, a *app, srv *ihttp.Server, o secureOptions) (*auth.Service, error) {
	as := auth.New(a.db)
	as.AnonymousRead = o.anonymousRead
	as.InsecureCookies = o.insecureCookies
	if (o.proxyHeader == "") != (o.trustedProxies == "") {
		return nil, telltale.Errorf(telltale.EINVALID, "give --trusted-proxy-header and --trusted-proxies together: a forwarding header is believed only from the proxies named")
	}
	proxies, err := auth.ParseProxies(o.trustedProxies)
	if err != nil {
		return nil, err
	}
	as.ProxyHeader, as.TrustedProxies = http.CanonicalHeaderKey(o.proxyHeader), proxies
	srv.Auth = as
	if !as.AnonymousRead {
		// A database without any account (a fresh install) has nobody to
		// sign in as: its TLP:CLEAR and unmarked knowledge is readable
		// until the first user is added, by any process on the database
		// (pass --anonymous-read to keep it open). Nothing is ever
		// writable without an account.
		as.OpenUntilFirstUser = true
		users, err := as.Users(ctx)
		if err != nil {
			return nil, err
		}
		if len(users) == 0 {
			srv.Logger.Warn("no user accounts yet: TLP:CLEAR and unmarked data are readable without credentials until the first is added ('telltale user add NAME --role admin')")
		}
	}
	return as, nil
}

// gateReads makes reading need credentials (see wireSecure).
func gateReads(srv *ihttp.Server, as *auth.Service) {
	// Reading needs credentials unless anonymous reading is on; sign-in,
	// static assets, the OpenAPI document and TAXII (which answers in its
	// own error format) stay reachable.
	// Pages refused are answered by the error page, which sends a browser
	// to the sign-in form; the APIs keep their JSON.
	gate := as.ReadGate([]string{"/"}, []string{web.SignInPath, web.SignOutPath, "/favicon.ico", "/api/v1/openapi.json", "/api/v1/session"}, srv.Fail)
	srv.OpenForms = []string{web.SignInPath, web.SignOutPath}
	srv.Use(func(next http.Handler) http.Handler {
		gated := gate(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/static/") || strings.HasPrefix(r.URL.Path, "/taxii2/") {
				next.ServeHTTP(w, r)
				return
			}
			gated.ServeHTTP(w, r)
		})
	})
}

// knowledgeByViewer replaces the app's knowledge service with one that
// filters by viewer.
func (a *app) knowledgeByViewer(as *auth.Service) {
	// Landscapes, actors, counts and exports show each caller only what
	// their clearance covers (an anonymous reader, when allowed: TLP:CLEAR
	// and unmarked data).
	a.byViewer = true
	a.knowledge = knowledge.NewWithOptions(a.db, knowledge.Options{
		Mark:   markOf(a.db),
		Reader: extract.Reader{},
		Viewer: func(ctx context.Context) (string, func(telltale.Mark) bool) {
			if key, sees, ok := watchViewer(ctx); ok {
				return key, sees // a watch reads as its owner, even in the server's own work
			}
			if ctx.Value(serverWork{}) != nil {
				return "server", nil // everything; a user's key always holds "|"
			}
			u := as.ViewerOf(ctx)
			if u == nil {
				return "", func(telltale.Mark) bool { return false } // nobody: sees nothing
			}
			return u.Key(), u.Sees
		},
	})
}

// wireTAXII serves TAXII 2.1 through the viewer-filtered store.
func wireTAXII(a *app, srv *ihttp.Server, as *auth.Service) {
	a.visible = &auth.VisibleObjects{ObjectService: a.db, Viewer: as.ViewerOf}
	tx := taxii.NewServer(a.db, a.visible, a.importer)
	tx.Identify = as.Caller
	tx.AnonymousAllowed = as.AnonymousAllowed
	tx.Audit = as.Audit
	tx.Sectors = &taxii.BundleSectors{
		// The taxonomy, not the landscapes: listing collections must not
		// wait for the knowledge to be computed.
		List: func(context.Context) ([]telltale.SectorSummary, error) {
			var out []telltale.SectorSummary
			for _, s := range knowledge.Sectors() {
				out = append(out, telltale.SectorSummary{Sector: s})
			}
			return out, nil
		},
		BundleSeqs: a.knowledge.SectorBundleSeqs,
		LastSeq:    a.db.LastSeq,
		Seqs:       a.db.VersionSeqs,
		// The bundles differ by clearance, as the landscapes do.
		ViewerKey: viewerKey(srv),
	}
	tx.Routes(srv)
	// Refusals of the server's own checks (wrong credentials, CSRF) under
	// /taxii2/ are TAXII error messages with a Basic challenge, as for
	// callers without credentials.
	srv.Errors = map[string]func(http.ResponseWriter, *http.Request, error){taxii.Prefix: tx.Fail}
}

// serverWork marks the context of the server's own background work (feed
// polling), which reads the knowledge whole, as the commands do and as it
// did when it had a knowledge service of its own. Requests never carry
// it: it is set only on the poller's context (asServer).
type serverWork struct{}

// asServer returns ctx marked as the server's own work.
func asServer(ctx context.Context) context.Context {
	return context.WithValue(ctx, serverWork{}, true)
}

// visibleObjects is the object service the pages and the read API should
// read through: the store behind the TLP visibility rule of the caller
// when the server authenticates (wireSecure set srv.Auth and made it),
// the bare store otherwise.
func visibleObjects(srv *ihttp.Server, a *app) telltale.ObjectService {
	if _, ok := srv.Auth.(*auth.Service); ok && a.visible != nil {
		return a.visible
	}
	return a.db
}

// webSessions signs people in and out of the pages with the auth
// service's sessions (none when the server does not authenticate).
func webSessions(srv *ihttp.Server) web.Sessions {
	as, ok := srv.Auth.(*auth.Service)
	if !ok {
		return web.Sessions{}
	}
	return web.Sessions{
		SignIn: func(r *http.Request, name, password string) (*http.Cookie, error) {
			_, c, err := as.SignIn(r, name, password)
			return c, err
		},
		SignOut:    as.SignOut,
		UsersExist: as.UsersExist,
	}
}
