package api

import (
	"net/http"
	"time"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// list serves one list of the knowledge as JSON, or as CSV with
// ?format=csv (every matching row, no paging).
func (h *Handler) list(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := ParseListQuery(r.URL.Query(), time.Now())
		if err != nil {
			ihttp.Error(w, r, err)
			return
		}
		format := r.URL.Query().Get("format")
		if format != "" && format != "json" && format != "csv" {
			ihttp.Error(w, r, telltale.Errorf(telltale.EINVALID, "format %q: use json or csv", format))
			return
		}
		q.All = format == "csv"
		res, err := h.Views.List(r.Context(), kind, q)
		if err != nil {
			ihttp.Error(w, r, err)
			return
		}
		if q.All {
			ihttp.Download(w, "text/csv; charset=utf-8", "telltale-"+kind+".csv")
			_ = WriteListCSV(w, res.Rows)
			return
		}
		ihttp.JSON(w, r, res)
	}
}
