package http

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/telltale-cti/telltale"
)

// MaxListValues is the most values a request may list in one filter
// (?type=, ?id=, TAXII match[id], match[type], ...), however they are
// given: comma-separated, repeated, or both. Each value becomes a
// parameter of a database statement, and engines bound those (SQLite
// answered "too many SQL variables" after seconds of work).
const MaxListValues = 1000

// ListParam returns the values of a filter given comma-separated, once or
// repeatedly, with blanks dropped; more than MaxListValues is an EINVALID
// error (400), found before the values are split.
func ListParam(q url.Values, key string) ([]string, error) {
	n := 0
	for _, v := range q[key] {
		n += strings.Count(v, ",") + 1
	}
	if n > MaxListValues {
		// Blank entries count too: the bound is on what the caller sent.
		return nil, telltale.Errorf(telltale.EINVALID, "%s lists %d values; at most %d are allowed", key, n, MaxListValues)
	}
	var out []string
	for _, v := range q[key] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// Download sets the headers of an export: its type, the file name a
// browser saves it under, and no-store — an export carries marked data
// chosen for one caller, which no cache on the way (nor the browser's)
// may keep. name must be a safe file name.
func Download(w http.ResponseWriter, contentType, name string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
}
