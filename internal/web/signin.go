package web

import (
	"net/http"
	"strings"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// localPath reports whether next is a path on this server: it starts with
// one slash, and has no backslash or control character (browsers drop
// tabs and newlines, so "/\t/evil.example" would become "//evil.example").
func localPath(next string) bool {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return false
	}
	for _, r := range next {
		if r == '\\' || r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// signin asks the browser for credentials with an HTTP Basic challenge
// (the authentication layer checks them on every request) and sends a
// recognised user back to the page they came from.
func (h *Handler) signin(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if !localPath(next) {
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
