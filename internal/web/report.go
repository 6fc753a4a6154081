package web

import (
	"net/http"
	"strings"

	"github.com/telltale-cti/telltale"
)

// report shows an ingested report (its newest draft) with the known
// actors ranked by the evidence it shares with each.
func (h *Handler) report(w http.ResponseWriter, r *http.Request) {
	s, err := h.views.SuggestForReport(r.Context(), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "report", view{Title: s.Title, Data: struct{ S *telltale.Suggestions }{s}})
}

// unnamedActor says whether an actor is a group a report described
// without naming it (ingestion calls it "Unnamed actor: <title>"): its page
// asks which known actor it is.
func unnamedActor(name string) bool { return strings.HasPrefix(name, "Unnamed actor") }
