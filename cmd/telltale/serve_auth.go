package main

import (
	"context"
	"flag"
	"io"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/auth"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/taxii"
)

// secureOptions are the serve flags of authentication and TAXII.
type secureOptions struct {
	anonymousRead   bool // callers without credentials may read TLP:CLEAR data
	insecureCookies bool // session cookies without the Secure flag
}

func init() {
	var o secureOptions
	registerServe(serveExtension{
		name: "authentication, TAXII and the write API",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&o.anonymousRead, "anonymous-read", false, "let callers without credentials read TLP:CLEAR (and unmarked) data in the pages, the API and TAXII")
			fs.BoolVar(&o.insecureCookies, "insecure-cookies", false, "send the session cookie over plain HTTP too (only behind a TLS proxy that strips it, or for tests)")
		},
		mount: func(ctx context.Context, a *app, srv *ihttp.Server) error {
			wireSecure(a, srv, o)
			return nil
		},
	})
}

// wireSecure adds to srv what needs to know who is asking: the
// authenticator, TAXII 2.1 under /taxii2/ and the write side of /api/v1
// (imports, exports, users, tokens, sessions, collections, audit log). It
// returns the auth service, whose ViewerOf the read paths filter by
// (auth.VisibleObjects).
//
// Reads of the pages and of the read-only API are not gated here yet:
// srv.Use(as.ReadGate([]string{"/api/"}, []string{"/api/v1/openapi.json",
// "/api/v1/session"})) does it for the API once serve_test.go reads with
// credentials or --anonymous-read.
func wireSecure(a *app, srv *ihttp.Server, o secureOptions) *auth.Service {
	as := auth.New(a.db)
	as.AnonymousRead = o.anonymousRead
	as.InsecureCookies = o.insecureCookies
	srv.Auth = as

	// Landscapes, actors, counts and exports show each caller only what
	// their clearance covers; a caller the server does not know sees what
	// an anonymous reader would (TLP:CLEAR and unmarked data).
	a.knowledge = knowledge.NewWithOptions(a.db, knowledge.Options{
		Mark: func(raw []byte) any { return auth.MarkOf(raw) },
		Viewer: func(ctx context.Context) (string, func(any) bool) {
			u := as.ViewerOf(ctx)
			if u == nil {
				u = auth.Anonymous()
			}
			return u.Key(), func(m any) bool { mk, _ := m.(auth.Mark); return u.Sees(mk) }
		},
	})

	tx := taxii.NewServer(a.db, a.importer)
	tx.Identify = as.Caller
	tx.AnonymousRead = o.anonymousRead
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
		Bundle:  a.knowledge.SectorBundle,
		LastSeq: a.db.LastSeq,
	}
	tx.Routes(srv)

	(&api.Admin{
		Auth: as, Store: a.db, Objects: a.db, SectorBundle: a.knowledge.SectorBundle,
		Import: func(ctx context.Context, r io.Reader, name string, strict bool) (*telltale.ImportResult, error) {
			return a.importer.Import(ctx, r, name, importer.Options{Strict: strict})
		},
	}).Register(srv)
	return as
}

// visibleObjects is the object service the pages and the read API should
// read through: the store behind the TLP visibility rule of the caller
// when the server authenticates (this file's extension set srv.Auth),
// the bare store otherwise.
func visibleObjects(srv *ihttp.Server, a *app) telltale.ObjectService {
	if as, ok := srv.Auth.(*auth.Service); ok {
		return &auth.VisibleObjects{ObjectService: a.db, Viewer: as.ViewerOf}
	}
	return a.db
}
