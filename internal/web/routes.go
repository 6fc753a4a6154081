package web

import (
	"net/http"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// Register adds the pages' routes to mux.
func (h *Handler) Register(mux ihttp.Mux) {
	mux.Handle("GET /{$}", http.HandlerFunc(h.sectors))
	mux.Handle("GET /sectors", http.HandlerFunc(h.sectors))
	mux.Handle("GET /sectors/{key}", http.HandlerFunc(h.sector))
	mux.Handle("GET /sectors/{key}/techniques/{tid}", http.HandlerFunc(h.technique))
	mux.Handle("GET /sectors/{key}/narrative", http.HandlerFunc(h.narrativeForm))
	mux.Handle("POST /sectors/{key}/narrative", http.HandlerFunc(h.narrativeSave))
	mux.Handle("GET /actors/{name}", http.HandlerFunc(h.actor))
	mux.Handle("GET /reports/{id}", http.HandlerFunc(h.report))
	mux.Handle("GET /drafts", http.HandlerFunc(h.draftQueue))
	mux.Handle("POST /drafts", http.HandlerFunc(h.draftSubmit))
	mux.Handle("GET /drafts/{id}", http.HandlerFunc(h.draft))
	mux.Handle("POST /drafts/{id}/{action}", http.HandlerFunc(h.draftAction))
	mux.Handle("GET /objects/{id}", http.HandlerFunc(h.object))
	mux.Handle("GET /objects/{id}/versions", http.HandlerFunc(h.versions))
	mux.Handle("GET /search", http.HandlerFunc(h.search))
	for _, kind := range telltale.ListKinds {
		mux.Handle("GET /"+kind, h.list(kind))
	}
	mux.Handle("GET /import", http.HandlerFunc(h.importForm))
	mux.Handle("POST /import", http.HandlerFunc(h.importPost))
	mux.Handle("GET /import/jobs/{id}", http.HandlerFunc(h.job))
	mux.Handle("GET "+SignInPath, http.HandlerFunc(h.signin))
	mux.Handle("POST "+SignInPath, http.HandlerFunc(h.signinPost))
	mux.Handle("POST "+SignOutPath, http.HandlerFunc(h.signout))
	mux.Handle("GET /static/", http.HandlerFunc(h.static))
	mux.Handle("GET /favicon.ico", http.HandlerFunc(h.favicon))
	mux.Handle("/", http.HandlerFunc(h.notFound))
}
