package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// narrativeForm edits a sector's "Understanding the cyber threat".
func (h *Handler) narrativeForm(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	l, err := h.views.Landscape(r.Context(), key)
	if err != nil {
		h.lookupError(w, r, err, key, "sector")
		return
	}
	why := ""
	if err := ihttp.CanWrite(r); err != nil {
		why = telltale.ErrorMessage(err)
	} else if h.importFn == nil {
		why = "changes are not available on this server"
	}
	h.render(w, r, http.StatusOK, "narrative", view{Title: "Edit " + l.Sector.Name, Nav: "sectors", Data: struct {
		L       *api.LandscapeView
		Why     string
		History string
	}{l, why, "/objects/" + url.PathEscape(api.NarrativeID(l.Sector.ID)) + "/versions"}})
}

// narrativeSave stores the edited narrative as a new version of the
// sector's note.
func (h *Handler) narrativeSave(w http.ResponseWriter, r *http.Request) {
	if err := ihttp.CanWrite(r); err != nil {
		h.Error(w, r, err)
		return
	}
	if h.importFn == nil {
		h.Error(w, r, telltale.Errorf(telltale.EUNAVAILABLE, "changes are not available on this server"))
		return
	}
	l, err := h.views.Landscape(r.Context(), r.PathValue("key"))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	text := strings.ReplaceAll(r.PostFormValue("narrative"), "\r\n", "\n")
	author := ""
	if u := telltale.UserFromContext(r.Context()); u != nil {
		author = u.Name
	}
	note, err := h.views.NarrativeNote(r.Context(), l.Sector, text, author, time.Now())
	if err != nil {
		h.Error(w, r, err)
		return
	}
	res, err := h.importFn(r.Context(), bytes.NewReader(note), "narrative of "+l.Sector.Name, ImportOptions{Strict: true})
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if res.Rejected > 0 && len(res.Problems) > 0 {
		h.Error(w, r, telltale.Errorf(telltale.EINVALID, "the narrative was refused: %s", res.Problems[0].Reason))
		return
	}
	http.Redirect(w, r, "/sectors/"+url.PathEscape(l.Sector.Key)+"#threat", http.StatusSeeOther)
}
