package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/telltale-cti/telltale/internal/api"
)

// RawShown is the largest object whose JSON the object page shows inline;
// larger ones are linked, so a report with 80,000 refs never ships whole.
const RawShown = 64 << 10

func (h *Handler) object(w http.ResponseWriter, r *http.Request) {
	d, err := h.views.Object(r.Context(), r.PathValue("id"), api.PagesFrom(r))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	raw := ""
	if len(d.Object.Raw) <= RawShown {
		var buf bytes.Buffer
		if json.Indent(&buf, d.Object.Raw, "", "  ") == nil {
			raw = buf.String()
		} else {
			raw = string(d.Object.Raw)
		}
	}
	h.render(w, r, http.StatusOK, "object", view{Title: d.Object.Name, Data: struct {
		D       *api.ObjectDetail
		Raw     string
		RawSize string
	}{d, raw, size(len(d.Object.Raw))}})
}

func (h *Handler) versions(w http.ResponseWriter, r *http.Request) {
	v, err := h.views.Versions(r.Context(), r.PathValue("id"), api.IntParam(r, "from"), api.IntParam(r, "to"))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "versions", view{Title: "Versions", Data: struct{ V *api.Versions }{v}})
}

func size(n int) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
