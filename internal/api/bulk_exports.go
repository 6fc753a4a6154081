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
// deprecated objects. The store's objects stream: they are read in passes
// (objectPasses), never all at once.
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
	// One rule for every filter, the object API's: what the viewer may
	// see, no relationship or sighting that names an object hidden from
	// them, no reference to one.
	if a.Show == nil {
		return telltale.Errorf(telltale.EINTERNAL, "exports are not wired to a visibility rule")
	}
	// The bundle starts with the first object (or at the end), so that an
	// error before it is still answered as an error.
	var bw *stix.BundleWriter
	name := "telltale"
	start := func() {
		if bw == nil {
			ihttp.Download(w, "application/stix+json;version=2.1", name+".json")
			bw = stix.NewBundleWriter(w)
		}
	}
	write := func(raw json.RawMessage) error {
		start()
		return bw.Write(raw)
	}
	if sector := q.Get("sector"); sector != "" {
		name = "telltale-sector-" + sanitizeName(sector)
		err = a.sectorExport(ctx, v, sector, write)
	} else {
		f := telltale.ObjectFilter{Types: types, IDs: ids, IncludeRevoked: q.Get("revoked") == "true"}
		err = a.Objects.ObjectPasses(ctx, f, func(each func(yield func(*telltale.Object) error) error) error {
			shown := a.shownEach(ctx, v, each)
			if len(types) == 0 && len(ids) == 0 {
				// A whole export: self-contained, naming no object it
				// leaves out (revoked, hidden from the caller, never
				// imported).
				return stix.ResolveRefsEach(shown, write)
			}
			return shown(write)
		})
	}
	switch {
	case bw != nil && err != nil:
		return nil // the status is sent: the client went away, or the store failed half-way
	case err != nil:
		return err
	case bw == nil && len(ids) > 0 && q.Get("sector") == "":
		return telltale.Errorf(telltale.ENOTFOUND, "no object %s", q.Get("id"))
	}
	start() // an empty bundle when nothing is shown
	_ = bw.Close()
	return nil
}

// shownEach streams what v is shown of the objects each yields (Shown, a
// thousand objects at a time).
func (a *Admin) shownEach(ctx context.Context, v *telltale.User, each func(yield func(*telltale.Object) error) error) func(yield func(json.RawMessage) error) error {
	return func(yield func(json.RawMessage) error) error {
		var chunk []*telltale.Object
		flush := func() error {
			shown, err := a.Show.Shown(ctx, v, chunk)
			if err != nil {
				return err
			}
			chunk = chunk[:0]
			for _, o := range shown {
				if err := yield(o.Raw); err != nil {
					return err
				}
			}
			return nil
		}
		if err := each(func(o *telltale.Object) error {
			if chunk = append(chunk, o); len(chunk) == 1000 {
				return flush()
			}
			return nil
		}); err != nil {
			return err
		}
		return flush()
	}
}

// sectorExport writes what v is shown of a sector's landscape bundle,
// self-contained.
func (a *Admin) sectorExport(ctx context.Context, v *telltale.User, sector string, write func(json.RawMessage) error) error {
	objs, err := a.sectorObjects(ctx, sector)
	if err != nil {
		return err
	}
	if objs, err = a.Show.Shown(ctx, v, objs); err != nil {
		return err
	}
	raws := make([]json.RawMessage, len(objs))
	for i, o := range objs {
		raws[i] = o.Raw
	}
	for _, raw := range stix.ResolveRefs(raws) {
		if err := write(raw); err != nil {
			return err
		}
	}
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

// exportIndicatorsCSV writes the current indicators the caller may see as
// CSV, one row each, with their TLP level.
func (a *Admin) exportIndicatorsCSV(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	v, err := a.viewer(r.Context(), u)
	if err != nil {
		return err
	}
	if a.Show == nil {
		return telltale.Errorf(telltale.EINTERNAL, "exports are not wired to a visibility rule")
	}
	var cw *csv.Writer
	err = a.Objects.ObjectPasses(r.Context(), telltale.ObjectFilter{Types: []string{"indicator"}}, func(each func(yield func(*telltale.Object) error) error) error {
		ihttp.Download(w, "text/csv; charset=utf-8", "telltale-indicators.csv")
		cw = csv.NewWriter(w)
		_ = cw.Write([]string{"id", "name", "pattern_type", "pattern", "valid_from", "valid_until", "indicator_types", "confidence", "created_by_ref", "modified", "tlp"})
		// One pass, shown as the viewer may see each indicator (its
		// created_by_ref left out when it names an object hidden from
		// them), a thousand at a time.
		return a.shownEach(r.Context(), v, each)(func(raw json.RawMessage) error {
			var row IndicatorEntry
			if json.Unmarshal(raw, &row) != nil || row.Revoked {
				return nil
			}
			conf := ""
			if row.Confidence != nil {
				conf = strconv.Itoa(*row.Confidence)
			}
			level, _ := telltale.ObjectLevelWith(raw, v.Markings)
			return cw.Write([]string{row.ID, csvSafe(row.Name), row.PatternType, csvSafe(row.Pattern), row.ValidFrom, row.ValidUntil,
				strings.Join(row.IndicatorTypes, ";"), conf, row.CreatedByRef, row.Modified, "TLP:" + strings.ToUpper(level.String())})
		})
	})
	if cw == nil {
		return err // nothing sent yet
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
