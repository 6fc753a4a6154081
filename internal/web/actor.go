package web

import (
	"net/http"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
)

func (h *Handler) actor(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	a, err := h.views.Actor(r.Context(), name)
	if err != nil {
		h.lookupError(w, r, err, name, "actor")
		return
	}
	via := r.URL.Query().Get("via")
	if via == "" && !strings.EqualFold(name, a.Name) && !strings.Contains(name, "--") {
		via = name
	}
	reports := a.Reports
	page := api.Page{Number: api.IntParam(r, "reports_page"), Size: api.PageSize, Total: len(reports)}
	lo, hi := page.Bounds()
	ind, err := h.views.ActorIndicators(r.Context(), a.ID, api.IntParam(r, "indicators_page"))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var suggest *telltale.Suggestions
	if unnamedActor(a.Name) && h.views.Suggestions != nil {
		if suggest, err = h.views.SuggestForActor(r.Context(), a.ID); err != nil {
			h.Error(w, r, err)
			return
		}
	}
	data := view{Title: a.Name, Data: struct {
		A          *api.ActorView
		NamedBy    []api.NamedBy
		Matrix     []api.TacticColumn
		Via        string
		Reports    []telltale.Ref
		ReportPage api.Page
		Suggest    *telltale.Suggestions
		Indicators *api.ActorIndicators
	}{A: a, NamedBy: a.NamedBy, Matrix: a.Matrix, Via: via, Reports: reports[lo:hi], ReportPage: page, Suggest: suggest, Indicators: ind}}
	// The page is a function of the request and the view (whose version
	// names the store's state and the viewer, so a feed's new indicators
	// make a new version): rendered once per version.
	h.renderCached(w, r, "actor", a.Version(), data, func() view { return data })
}
