package web

import (
	"net/http"
	"net/url"

	"github.com/telltale-cti/telltale/internal/api"
)

// search shows results grouped by type. A query that is exactly a name of
// an actor goes straight to that actor's page (add all=1 to see the list).
func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	res, err := h.views.SearchPage(r.Context(), q, api.IntParam(r, "page"), api.PageSize)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if res.Actor != nil && r.URL.Query().Get("all") == "" {
		target := "/actors/" + url.PathEscape(res.Actor.ID)
		if res.Actor.Matched != "" {
			target += "?via=" + url.QueryEscape(res.Actor.Matched)
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	h.render(w, r, http.StatusOK, "search", view{Title: "Search", Query: q, Data: struct{ R *api.SearchResult }{res}})
}
