package web

import (
	"net/http"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// errorPage is what the error template shows.
type errorPage struct {
	Heading     string
	Message     string
	Search      string // offer a search for this
	Suggestions []api.Suggestion
}

var headings = map[string]string{
	telltale.EINVALID:      "That request does not make sense",
	telltale.ENOTFOUND:     "Not found",
	telltale.ECONFLICT:     "Conflict",
	telltale.EUNAUTHORIZED: "Sign in required",
	telltale.EFORBIDDEN:    "Not allowed",
	telltale.EUNAVAILABLE:  "Temporarily unavailable",
	telltale.ETOOLARGE:     "Too large",
	telltale.EINTERNAL:     "Something went wrong",
}

// Error renders err as an error page with the status its code maps to.
// Internal errors are logged with the request and shown without details.
func (h *Handler) Error(w http.ResponseWriter, r *http.Request, err error) {
	h.errorPage(w, r, err, errorPage{})
}

func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, err error, p errorPage) {
	ihttp.LogError(r, err)
	code := telltale.ErrorCode(err)
	if code == telltale.EUNAUTHORIZED && h.accounts && h.sessions.SignIn != nil && browserPage(r) && r.URL.Path != SignInPath {
		// A browser is sent to the sign-in form, which returns here.
		http.Redirect(w, r, signinURL(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if p.Heading == "" {
		p.Heading = headings[code]
	}
	if p.Message == "" {
		p.Message = telltale.ErrorMessage(err)
		if code == telltale.EINTERNAL {
			p.Message = "The server could not answer this request. The problem has been logged; try again in a moment."
		}
	}
	if code == telltale.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="telltale"`)
	}
	if code == telltale.EUNAVAILABLE {
		w.Header().Set("Retry-After", ihttp.RetryAfter)
	}
	h.render(w, r, ihttp.Status(err), "error", view{Title: p.Heading, Data: p})
}

// lookupError answers a failed look-up of a sector or an actor by name (or
// key): a page of suggestions when there is none of that name, else the
// error.
func (h *Handler) lookupError(w http.ResponseWriter, r *http.Request, err error, name, kind string) {
	if telltale.ErrorCode(err) == telltale.ENOTFOUND {
		h.notFoundWithSuggestions(w, r, err, name, kind)
		return
	}
	h.Error(w, r, err)
}

// notFoundWithSuggestions renders a 404 for a name that resolved to
// nothing, suggesting what the name might have meant.
func (h *Handler) notFoundWithSuggestions(w http.ResponseWriter, r *http.Request, err error, name, kind string) {
	p := errorPage{Heading: "No " + kind + " called “" + name + "”", Search: name}
	if sugg, serr := h.views.Suggest(r.Context(), name); serr == nil {
		p.Suggestions = sugg
	}
	if len(p.Suggestions) == 0 && kind == "sector" {
		if all, serr := h.views.Sectors(r.Context()); serr == nil {
			for _, s := range all {
				if s.Parent == "" {
					p.Suggestions = append(p.Suggestions, api.Suggestion{Label: s.Name, Type: "sector", URL: "/sectors/" + s.Key})
				}
			}
		}
	}
	p.Message = telltale.ErrorMessage(err)
	h.errorPage(w, r, err, p)
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.Error(w, r, telltale.Errorf(telltale.ENOTFOUND, "There is no page at %s.", r.URL.Path))
}
