package http

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/telltale-cti/telltale"
)

// CSRF protection is a per-browser random token kept in a cookie and
// echoed by every form (a hidden field named CSRFField) and by scripts
// (the CSRFHeader header). A state-changing request without the matching
// token is refused. API clients are not asked for one: a request with a
// bearer token (which browsers never attach by themselves), or with other
// credentials and none of the headers browsers send (Sec-Fetch-Site,
// Origin). Browsers do replay HTTP Basic credentials on their own, so a
// browser's Basic-authenticated form still needs the token.
const (
	CSRFCookie = "telltale_csrf"
	CSRFField  = "csrf_token"
	CSRFHeader = "X-CSRF-Token"
)

type csrfKey struct{}

// CSRFToken returns the token forms of this request's page must carry.
func CSRFToken(r *http.Request) string {
	t, _ := r.Context().Value(csrfKey{}).(string)
	return t
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions || m == http.MethodTrace
}

func (s *Server) csrf(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := ""
		if c, err := r.Cookie(CSRFCookie); err == nil && len(c.Value) == 43 {
			token = c.Value
		}
		if !safeMethod(r.Method) && !apiClient(r) {
			// Nothing of the body is read before it is known to be worth
			// reading: a request without the cookie can never match, and
			// nobody who may not write may upload files.
			refused := telltale.Errorf(telltale.EFORBIDDEN, "the form has expired or did not come from this site (missing or wrong CSRF token): reload the page and try again")
			if token == "" && s.IsAPI(r) && !hasCredentials(r) {
				// Nothing to forge: an API client that forgot its token.
				s.fail(w, r, telltale.Errorf(telltale.EUNAUTHORIZED, "send credentials (an API token: Authorization: Bearer TOKEN) to write"))
				return
			}
			if token == "" {
				s.fail(w, r, refused)
				return
			}
			if isMultipart(r) || (isForm(r) && telltale.UserFromContext(r.Context()) == nil && !slices.Contains(s.OpenForms, r.URL.Path)) {
				// Uploads are writes: nobody who may not write gets one
				// read; and no form is read for a caller without
				// credentials but the sign-in and sign-out forms
				// (OpenForms).
				if err := CanWrite(r); err != nil {
					s.fail(w, r, err)
					return
				}
			}
			// A multipart form parsed here may spill files to the temporary
			// directory; they are removed when the request ends, whoever
			// refuses or answers it (the server's own clean-up only sees
			// the request it created, not this copy).
			defer func() {
				if r.MultipartForm != nil {
					_ = r.MultipartForm.RemoveAll()
				}
			}()
			got, err := s.submittedToken(w, r)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if !validToken(token, got) {
				s.fail(w, r, refused)
				return
			}
		}
		if token == "" {
			b := make([]byte, 32)
			_, _ = rand.Read(b)
			token = base64.RawURLEncoding.EncodeToString(b)
			http.SetCookie(w, &http.Cookie{
				Name: CSRFCookie, Value: token, Path: "/",
				HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
			})
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), csrfKey{}, token)))
	})
}

// submittedToken reads the token from the header, else from the form. A
// multipart form is parsed here (large files spill to disk), bounded by
// MaxBodyBytes.
func (s *Server) submittedToken(w http.ResponseWriter, r *http.Request) (string, error) {
	if t := r.Header.Get(CSRFHeader); t != "" {
		return t, nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case ct == "application/x-www-form-urlencoded":
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if err := r.ParseForm(); err != nil {
			return "", formError(err)
		}
		return r.PostFormValue(CSRFField), nil
	case strings.HasPrefix(ct, "multipart/"):
		r.Body = http.MaxBytesReader(w, r.Body, s.MaxBodyBytes)
		if err := r.ParseMultipartForm(16 << 20); err != nil {
			return "", formError(err)
		}
		return r.PostFormValue(CSRFField), nil
	}
	return "", nil
}

func isForm(r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "application/x-www-form-urlencoded"
}

func isMultipart(r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return strings.HasPrefix(ct, "multipart/")
}

func formError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return telltale.Errorf(telltale.ETOOLARGE, "the upload is larger than the %d MB this server accepts", tooLarge.Limit>>20)
	}
	return telltale.Errorf(telltale.EINVALID, "unreadable form: %v", err)
}

// apiClient says whether r comes from a program with its own
// credentials rather than from a browser.
func apiClient(r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	switch {
	case auth == "":
		return false
	case len(auth) > 7 && strings.EqualFold(auth[:7], "bearer "):
		return true
	}
	return r.Header.Get("Sec-Fetch-Site") == "" && r.Header.Get("Origin") == ""
}

// hasCredentials reports whether the request carries any: an
// Authorization header or a caller the server recognised (a session).
func hasCredentials(r *http.Request) bool {
	u := telltale.UserFromContext(r.Context())
	return r.Header.Get("Authorization") != "" || u != nil && !u.IsAnonymous()
}

func validToken(want, got string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}
