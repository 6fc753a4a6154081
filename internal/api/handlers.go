package api

import (
	"net/http"
	"strconv"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

func (h *Handler) sectors(w http.ResponseWriter, r *http.Request) {
	s, err := h.Views.Sectors(r.Context())
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.JSON(w, r, s)
}

// conflicts lists the names several actors claim and the joins a rule
// refused, as `telltale conflicts --json` does, for an analyst to decide
// (actor link, actor split).
func (h *Handler) conflicts(w http.ResponseWriter, r *http.Request) {
	cs, err := h.Views.Knowledge.Conflicts(r.Context())
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	if cs == nil {
		cs = []telltale.Conflict{}
	}
	ihttp.JSON(w, r, cs)
}

func (h *Handler) sector(w http.ResponseWriter, r *http.Request) {
	f, err := h.Views.FilterFrom(r)
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	l, err := h.Views.LandscapeFiltered(r.Context(), r.PathValue("key"), f)
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.JSON(w, r, l)
}

func (h *Handler) actor(w http.ResponseWriter, r *http.Request) {
	a, err := h.Views.Actor(r.Context(), r.PathValue("name"))
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.JSON(w, r, a)
}

func (h *Handler) object(w http.ResponseWriter, r *http.Request) {
	d, err := h.Views.Object(r.Context(), r.PathValue("id"), PagesFrom(r))
	if err == nil {
		var b []byte
		if b, err = d.JSON(); err == nil {
			ihttp.EncodedJSON(w, r, b)
			return
		}
	}
	ihttp.Error(w, r, err)
}

// objectSTIX serves the complete STIX object of the view, with its tag
// (304 to a client that holds it) and gzip to a client that takes it.
func (h *Handler) objectSTIX(w http.ResponseWriter, r *http.Request) {
	k, err := h.Views.STIXObject(r.Context(), r.PathValue("id"))
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	k.Serve(w, r)
}

func (h *Handler) versions(w http.ResponseWriter, r *http.Request) {
	v, err := h.Views.Versions(r.Context(), r.PathValue("id"), IntParam(r, "from"), IntParam(r, "to"))
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.JSON(w, r, v)
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if q == "" {
		ihttp.Error(w, r, telltale.Errorf(telltale.EINVALID, "give something to search for with ?q="))
		return
	}
	var res *SearchResult
	var err error
	if page := IntParam(r, "page"); page > 0 {
		res, err = h.Views.SearchPage(r.Context(), q, page, IntParam(r, "limit"))
	} else {
		res, err = h.Views.Search(r.Context(), q, IntParam(r, "limit"))
	}
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.JSON(w, r, res)
}

func (h *Handler) suggest(w http.ResponseWriter, r *http.Request) {
	s, err := h.Views.Suggest(r.Context(), r.URL.Query().Get("q"))
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.JSON(w, r, s)
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	ihttp.Error(w, r, telltale.Errorf(telltale.ENOTFOUND, "no API endpoint %s %s", r.Method, r.URL.Path))
}

// IntParam reads a positive integer query parameter; 0 when absent or bad.
func IntParam(r *http.Request, name string) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// PagesFrom reads the page numbers of an object's lists: refs_page,
// out_page and in_page.
func PagesFrom(r *http.Request) Pages {
	return Pages{Refs: IntParam(r, "refs_page"), Out: IntParam(r, "out_page"), In: IntParam(r, "in_page")}
}
