package api

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

var slug = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)

// filename is a safe download name for a sector key or name.
func filename(key, suffix string) string {
	if !slug.MatchString(key) {
		key = "sector"
	}
	return fmt.Sprintf("telltale-%s%s", key, suffix)
}

func (h *Handler) sectorBundle(w http.ResponseWriter, r *http.Request) {
	if h.Views.SectorBundle == nil {
		ihttp.Error(w, r, telltale.Errorf(telltale.EUNAVAILABLE, "sector bundles are not available on this server"))
		return
	}
	// Built in memory first so a failure is an error response, not half a
	// bundle.
	var buf bytes.Buffer
	key := r.PathValue("key")
	if err := h.Views.SectorBundle(r.Context(), key, &buf); err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.Download(w, "application/stix+json;version=2.1", filename(key, ".json"))
	_, _ = w.Write(buf.Bytes())
}

func (h *Handler) sectorNavigator(w http.ResponseWriter, r *http.Request) {
	if h.Views.SectorNavigator == nil {
		ihttp.Error(w, r, telltale.Errorf(telltale.EUNAVAILABLE, "Navigator layers are not available on this server"))
		return
	}
	key := r.PathValue("key")
	domain := r.URL.Query().Get("domain")
	b, err := h.Views.SectorNavigator(r.Context(), key, domain)
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.Download(w, "application/json", filename(key, layerSuffix(domain)))
	_, _ = w.Write(b)
}

// layerSuffix names a Navigator layer's file: Enterprise layers keep the
// name they always had, other domains add theirs.
func layerSuffix(domain string) string {
	if domain == "" || domain == "enterprise-attack" {
		return "-navigator-layer.json"
	}
	return "-" + strings.TrimSuffix(domain, "-attack") + "-navigator-layer.json"
}
