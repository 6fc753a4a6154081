package main

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/stix"
)

func (m *Main) runExport(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("export", &c)
	types := fs.String("type", "", "only objects of these types (comma-separated)")
	ids := fs.String("id", "", "only these objects (comma-separated ids)")
	all := fs.Bool("all", false, "also revoked and deprecated objects")
	sector := fs.String("sector", "", "the landscape of this sector (key, name or alias)")
	format := fs.String("format", "stix", "stix (a STIX 2.1 bundle) or navigator (an ATT&CK Navigator layer; needs --sector)")
	domain := fs.String("domain", "enterprise-attack", "the ATT&CK domain of a Navigator layer: enterprise-attack, mobile-attack or ics-attack")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		db := a.DB
		switch {
		case *format == "navigator" && *sector == "":
			return telltale.Errorf(telltale.EINVALID, "export --format navigator needs --sector")
		case *format == "navigator":
			layer, err := a.Knowledge.SectorNavigatorDomainLayer(ctx, *sector, *domain)
			if err != nil {
				return err
			}
			return m.printJSON(layer)
		case *format != "stix":
			return telltale.Errorf(telltale.EINVALID, "unknown export format %q: stix or navigator", *format)
		case *sector != "":
			return a.Knowledge.SectorBundle(ctx, *sector, m.Stdout)
		}
		f := telltale.ObjectFilter{Types: splitList(*types), IDs: splitList(*ids), IncludeRevoked: *all}
		bw := stix.NewBundleWriter(m.Stdout)
		written := 0
		write := func(raw json.RawMessage) error {
			written++
			return bw.Write(raw)
		}
		// The objects are read in passes, one at a time, so that the
		// export takes the same memory whatever the store's size.
		err := db.ObjectPasses(ctx, f, func(each func(yield func(*telltale.Object) error) error) error {
			raws := func(yield func(json.RawMessage) error) error {
				return each(func(o *telltale.Object) error { return yield(o.Raw) })
			}
			if len(f.Types) == 0 && len(f.IDs) == 0 {
				// The whole store: a self-contained bundle, without
				// references to what it leaves out (revoked and
				// deprecated objects unless --all, targets never
				// imported).
				return stix.ResolveRefsEach(raws, write)
			}
			return raws(write)
		})
		if err != nil {
			return err
		}
		if len(f.IDs) > 0 && written == 0 {
			return telltale.Errorf(telltale.ENOTFOUND, "no object with id %s", *ids)
		}
		return bw.Close()
	})
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
