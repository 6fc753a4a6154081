package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
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
func wireSecure(ctx context.Context, a *app.App, srv *ihttp.Server, o secureOptions) (*auth.Service, error) {
	as, err := newAuth(ctx, a, srv, o)
	if err != nil {
		return nil, err
	}
	gateReads(srv, as)
	wireTAXII(a, srv, as)
	(&api.Admin{
		Auth: as, Store: a.DB, Objects: a.DB, Show: a.Visible, SectorBundle: a.Knowledge.SectorBundle,
		Import: func(ctx context.Context, r io.Reader, name string, strict bool) (*telltale.ImportResult, error) {
			return a.Importer.Import(ctx, r, name, importer.Options{Strict: strict, CanSee: writerSees(srv, ctx)})
		},
	}).Register(srv)
	return as, nil
}

// newAuth sets the options of the app's accounts service (app.Config
// Accounts made it) and makes it the server's.
func newAuth(ctx context.Context, a *app.App, srv *ihttp.Server, o secureOptions) (*auth.Service, error) {
	as := a.Auth
	if as == nil {
		return nil, errors.New("the app was opened without accounts (app.Config.Accounts)")
	}
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

// wireTAXII serves TAXII 2.1 through the viewer-filtered store.
func wireTAXII(a *app.App, srv *ihttp.Server, as *auth.Service) {
	tx := taxii.NewServer(a.DB, a.Visible, a.Importer)
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
		BundleSeqs: a.Knowledge.SectorBundleSeqs,
		LastSeq:    a.DB.LastSeq,
		Seqs:       a.DB.VersionSeqs,
		// The bundles differ by clearance, as the landscapes do.
		ViewerKey: viewerKey(srv),
	}
	tx.Routes(srv)
	// Refusals of the server's own checks (wrong credentials, CSRF) under
	// /taxii2/ are TAXII error messages with a Basic challenge, as for
	// callers without credentials.
	srv.Errors = map[string]func(http.ResponseWriter, *http.Request, error){taxii.Prefix: tx.Fail}
}

// visibleObjects is the object service the pages and the read API should
// read through: the store behind the TLP visibility rule of the caller
// when the server authenticates (wireSecure set srv.Auth; app.Open made it),
// the bare store otherwise.
func visibleObjects(srv *ihttp.Server, a *app.App) telltale.ObjectService {
	if _, ok := srv.Auth.(*auth.Service); ok && a.Visible != nil {
		return a.Visible
	}
	return a.DB
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
