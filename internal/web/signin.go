package web

import (
	"net/http"
	"strings"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// signin asks the browser for credentials with an HTTP Basic challenge
// (the authentication layer checks them on every request) and sends a
// recognised user back to the page they came from.
func (h *Handler) signin(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		next = "/"
	}
	if ihttp.UserFrom(r.Context()) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	if !h.accounts {
		h.Error(w, r, telltale.Errorf(telltale.EUNAUTHORIZED, "this server has no accounts: start it with authentication configured and create a user with 'telltale user'"))
		return
	}
	w.Header().Set("WWW-Authenticate", `Basic realm="telltale", charset="UTF-8"`)
	h.errorPage(w, r, telltale.Errorf(telltale.EUNAUTHORIZED, "enter the name and password of your Telltale account"), errorPage{keepChallenge: true})
}
