package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/stix"
)

// exportBundle writes a STIX 2.1 bundle of what the caller may see: the
// whole store, or filtered by ?type= and ?id= (comma-separated), or a
// sector's landscape with ?sector=KEY. ?revoked=true adds revoked and
// deprecated objects.
func (a *Admin) exportBundle(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	v, err := a.viewer(r.Context(), u)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	ctx := r.Context()
	types, err := ihttp.ListParam(q, "type")
	if err != nil {
		return err
	}
	ids, err := ihttp.ListParam(q, "id")
	if err != nil {
		return err
	}
	var (
		objs []*telltale.Object
		raws []json.RawMessage
	)
	name := "telltale"
	if sector := q.Get("sector"); sector != "" {
		if objs, err = a.sectorObjects(ctx, sector); err != nil {
			return err
		}
		name = "telltale-sector-" + sanitizeName(sector)
	} else {
		f := telltale.ObjectFilter{Types: types, IDs: ids, IncludeRevoked: q.Get("revoked") == "true"}
		if objs, err = a.Objects.Objects(ctx, f); err != nil {
			return err
		}
	}
	// One rule for every filter, the object API's: what the viewer may
	// see, no relationship or sighting that names an object hidden from
	// them, no reference to one.
	if a.Show == nil {
		return telltale.Errorf(telltale.EINTERNAL, "exports are not wired to a visibility rule")
	}
	if objs, err = a.Show.Shown(ctx, v, objs); err != nil {
		return err
	}
	for _, o := range objs {
		raws = append(raws, o.Raw)
	}
	if q.Get("sector") == "" && len(ids) > 0 && len(raws) == 0 {
		return telltale.Errorf(telltale.ENOTFOUND, "no object %s", q.Get("id"))
	}
	if q.Get("sector") != "" || q.Get("type") == "" && q.Get("id") == "" {
		// A whole export or a sector's: self-contained, naming no object
		// it leaves out (revoked, hidden from the caller, never imported).
		raws = stix.ResolveRefs(raws)
	}
	ihttp.Download(w, "application/stix+json;version=2.1", name+".json")
	bw := stix.NewBundleWriter(w)
	for _, raw := range raws {
		if err := bw.Write(raw); err != nil {
			return nil // the client went away; the status is sent
		}
	}
	_ = bw.Close()
	return nil
}

// sectorObjects reads the objects of a sector's landscape bundle.
func (a *Admin) sectorObjects(ctx context.Context, sector string) ([]*telltale.Object, error) {
	if a.SectorBundle == nil {
		return nil, telltale.Errorf(telltale.ENOTFOUND, "sector exports are not available")
	}
	var buf bytes.Buffer
	if err := a.SectorBundle(ctx, sector, &buf); err != nil {
		return nil, err
	}
	var objs []*telltale.Object
	dec := stix.NewDecoder(&buf)
	for {
		raw, err := dec.Next()
		if err == io.EOF {
			return objs, nil
		} else if err != nil {
			return nil, err
		}
		var head struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			return nil, err
		}
		objs = append(objs, &telltale.Object{ID: head.ID, Type: head.Type, Raw: raw})
	}
}

// indicatorRow is what the CSV export reads of an indicator.
type indicatorRow struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	PatternType    string   `json:"pattern_type"`
	Pattern        string   `json:"pattern"`
	ValidFrom      string   `json:"valid_from"`
	ValidUntil     string   `json:"valid_until"`
	IndicatorTypes []string `json:"indicator_types"`
	Confidence     *int     `json:"confidence"`
	CreatedByRef   string   `json:"created_by_ref"`
	Modified       string   `json:"modified"`
	Revoked        bool     `json:"revoked"`
}

// exportIndicatorsCSV writes the current indicators the caller may see as
// CSV, one row each, with their TLP level.
func (a *Admin) exportIndicatorsCSV(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	v, err := a.viewer(r.Context(), u)
	if err != nil {
		return err
	}
	objs, err := a.Objects.Objects(r.Context(), telltale.ObjectFilter{Types: []string{"indicator"}})
	if err != nil {
		return err
	}
	ihttp.Download(w, "text/csv; charset=utf-8", "telltale-indicators.csv")
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"id", "name", "pattern_type", "pattern", "valid_from", "valid_until", "indicator_types", "confidence", "created_by_ref", "modified", "tlp"})
	for _, o := range telltale.Visible(v, objs) {
		var row indicatorRow
		if json.Unmarshal(o.Raw, &row) != nil || row.Revoked {
			continue
		}
		conf := ""
		if row.Confidence != nil {
			conf = strconv.Itoa(*row.Confidence)
		}
		level, _ := telltale.ObjectLevelWith(o.Raw, v.Markings)
		_ = cw.Write([]string{row.ID, csvSafe(row.Name), row.PatternType, csvSafe(row.Pattern), row.ValidFrom, row.ValidUntil,
			strings.Join(row.IndicatorTypes, ";"), conf, row.CreatedByRef, row.Modified, "TLP:" + strings.ToUpper(level.String())})
	}
	cw.Flush()
	return nil
}

// csvSafe keeps spreadsheet programs from running a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func sanitizeName(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteRune(c)
		}
	}
	return b.String()
}
