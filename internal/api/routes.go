package api

import (
	"net/http"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// Handler serves the read-only JSON API the pages are built from.
type Handler struct {
	Views *Views
}

// Register adds the API's routes to mux.
func (h *Handler) Register(mux ihttp.Mux) {
	mux.Handle("GET /api/v1/sectors", http.HandlerFunc(h.sectors))
	mux.Handle("GET /api/v1/sectors/{key}", http.HandlerFunc(h.sector))
	mux.Handle("GET /api/v1/sectors/{key}/bundle", http.HandlerFunc(h.sectorBundle))
	mux.Handle("GET /api/v1/sectors/{key}/navigator", http.HandlerFunc(h.sectorNavigator))
	mux.Handle("GET /api/v1/actors/{name}", http.HandlerFunc(h.actor))
	mux.Handle("GET /api/v1/actors/{name}/suggestions", http.HandlerFunc(h.actorSuggestions))
	mux.Handle("GET /api/v1/actors/{name}/indicators", http.HandlerFunc(h.actorIndicators))
	mux.Handle("GET /api/v1/reports/{id}/suggestions", http.HandlerFunc(h.reportSuggestions))
	mux.Handle("POST /api/v1/suggestions", http.HandlerFunc(h.textSuggestions))
	mux.Handle("GET /api/v1/objects/{id}", http.HandlerFunc(h.object))
	mux.Handle("GET /api/v1/objects/{id}/stix", http.HandlerFunc(h.objectSTIX))
	mux.Handle("GET /api/v1/objects/{id}/versions", http.HandlerFunc(h.versions))
	mux.Handle("GET /api/v1/search", http.HandlerFunc(h.search))
	mux.Handle("GET /api/v1/suggest", http.HandlerFunc(h.suggest))
	mux.Handle("GET /api/v1/conflicts", http.HandlerFunc(h.conflicts))
	h.registerDrafts(mux)
	for _, kind := range telltale.ListKinds {
		mux.Handle("GET /api/v1/"+kind, h.list(kind))
	}
	mux.Handle("/api/", http.HandlerFunc(h.notFound))
}
