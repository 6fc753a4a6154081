package main

import (
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// wireDrafts serves the draft review (the pages and /api/v1/drafts,
// where a report sent by POST becomes a draft):
// reviewers are the signed-in users, audited with the client address the
// authenticator trusts.
func wireDrafts(srv *ihttp.Server, a *app.App, views *api.Views) {
	ing := ingestService(a)
	if as, ok := srv.Auth.(*auth.Service); ok {
		ing.Audit = as.AuditFrom
		views.ClientIP = as.ClientIP
	}
	views.Drafts = ing
}
