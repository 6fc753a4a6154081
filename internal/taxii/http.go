package taxii

import (
	"context"
	"encoding/json"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// call is one request as the handlers see it.
type call struct {
	user *telltale.User
}

// handle checks media types and credentials before f runs.
func (s *Server) handle(f func(w http.ResponseWriter, r *http.Request, c *call)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !acceptsTAXII(r.Header.Get("Accept")) {
			s.fail(w, r, http.StatusNotAcceptable, "Not Acceptable",
				"this server answers "+MediaTAXII+"; the Accept header asks for "+r.Header.Get("Accept"))
			return
		}
		u, err := s.identify(r)
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		if u.IsAnonymous() && !s.anonymousAllowed(r.Context()) {
			s.fail(w, r, http.StatusUnauthorized, "Unauthorized", "send HTTP Basic credentials or an API token (Authorization: Bearer ...)")
			return
		}
		if root := r.PathValue("root"); root != "" && root != RootName {
			s.fail(w, r, http.StatusNotFound, "Not Found", "no API root "+root)
			return
		}
		// Collections are addressed by id: the resource's id must be the
		// one in the URL (TAXII clients check). An alias ("all",
		// "sector-communication") answers with a permanent redirect to the
		// id's URL, once the caller may use the collection.
		if coll := r.PathValue("coll"); coll != "" && !stix.IsUUID(coll) {
			col, err := s.lookup(r.Context(), u, coll)
			if err != nil {
				s.failErr(w, r, err)
				return
			}
			target := strings.Replace(r.URL.EscapedPath(), "/collections/"+url.PathEscape(coll)+"/", "/collections/"+col.ID+"/", 1)
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			w.Header().Set("Location", target)
			s.fail(w, r, http.StatusPermanentRedirect, "Permanent Redirect", "collection "+coll+" is "+col.ID+": address it by its id")
			return
		}
		f(w, r, &call{user: u})
	})
}

func (s *Server) identify(r *http.Request) (*telltale.User, error) {
	if u := telltale.UserFromContext(r.Context()); u != nil {
		return u, nil
	}
	if s.Identify == nil {
		return telltale.Anonymous(), nil
	}
	u, err := s.Identify(r)
	if err != nil {
		return nil, err
	}
	if u == nil {
		u = telltale.Anonymous()
	}
	return u, nil
}

// acceptsTAXII reports whether an Accept header allows TAXII 2.1 JSON. No
// header, */* and application/* do; application/taxii+json does without a
// version or with version 2.1.
func acceptsTAXII(accept string) bool {
	if strings.TrimSpace(accept) == "" {
		return true
	}
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		if q, ok := params["q"]; ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				continue
			}
		}
		switch mt {
		case "*/*", "application/*":
			return true
		case "application/taxii+json":
			if v, ok := params["version"]; !ok || v == "2.1" {
				return true
			}
		}
	}
	return false
}

// isTAXIIContent reports whether a Content-Type is TAXII 2.1 JSON.
func isTAXIIContent(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/taxii+json" {
		return false
	}
	v, ok := params["version"]
	return !ok || v == "2.1"
}

// errorMessage is a TAXII 2.1 error message.
type errorMessage struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	ErrorID     string `json:"error_id,omitempty"`
	ErrorCode   string `json:"error_code,omitempty"`
	HTTPStatus  string `json:"http_status,omitempty"`
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, title, description string) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="telltale", charset="UTF-8"`)
	}
	writeTAXII(w, status, errorMessage{Title: title, Description: description, HTTPStatus: strconv.Itoa(status)})
}

// Fail answers a request under Prefix with the TAXII error message for
// err's telltale code: for the HTTP server to use when its middleware
// refuses a TAXII request (e.g. wrong credentials), so TAXII clients get
// TAXII errors.
func (s *Server) Fail(w http.ResponseWriter, r *http.Request, err error) { s.failErr(w, r, err) }

// failErr answers with the TAXII error for err's telltale code.
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	title := "Internal Server Error"
	switch telltale.ErrorCode(err) {
	case telltale.EINVALID:
		status, title = http.StatusBadRequest, "Bad Request"
	case telltale.ENOTFOUND:
		status, title = http.StatusNotFound, "Not Found"
	case telltale.EUNAUTHORIZED:
		status, title = http.StatusUnauthorized, "Unauthorized"
	case telltale.EFORBIDDEN:
		status, title = http.StatusForbidden, "Forbidden"
	case telltale.ETOOLARGE:
		status, title = http.StatusRequestEntityTooLarge, "Request Entity Too Large"
	case telltale.EUNAVAILABLE:
		status, title = http.StatusServiceUnavailable, "Service Unavailable"
	case telltale.ECONFLICT:
		status, title = http.StatusConflict, "Conflict"
	default:
		slog.Error("taxii", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.fail(w, r, status, title, telltale.ErrorMessage(err))
}

func writeTAXII(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", MediaTAXII)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, c *call) {
	s.fail(w, r, http.StatusNotFound, "Not Found", "no TAXII endpoint at "+r.Method+" "+r.URL.Path)
}

// anonymousAllowed reports whether a caller without credentials may read.
func (s *Server) anonymousAllowed(ctx context.Context) bool {
	if s.AnonymousAllowed != nil {
		return s.AnonymousAllowed(ctx)
	}
	return s.AnonymousRead
}
