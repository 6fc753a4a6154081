package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/fetch"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/update"
)

const updateNotes = `Fetches the ATT&CK STIX 2.1 bundle of one domain (Enterprise by default) from
mitre-attack/attack-stix-data and the MISP galaxy cluster files the MISP
adapter converts from MISP/misp-galaxy (raw.githubusercontent.com), checks
each (size, JSON of the expected shape, SHA-256 when one is known) and only
then imports them, ATT&CK first; a file that cannot be fetched or fails a
check imports nothing. --from DIR and --base-url URL read a copy laid out
like the shared test data (attack/index.json names the latest bundle,
misp-galaxy/clusters/*.json, misp-galaxy/SHA256SUMS is checked when present).`

// updateFlags are the choices of `telltale update`.
type updateFlags struct {
	from, baseURL, domain, galaxies string
	sha256                          map[string]string
	allowPrivate                    bool
	maxMB                           int64
}

func (m *Main) runUpdate(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("update", &c)
	o := updateFlags{sha256: map[string]string{}}
	fs.StringVar(&o.from, "from", "", "import offline copies from this directory (laid out like ../shared/data) instead of fetching")
	fs.StringVar(&o.baseURL, "base-url", "", "fetch from this mirror (laid out like ../shared/data) instead of the public locations")
	fs.StringVar(&o.domain, "domain", update.DefaultDomain, "ATT&CK domain: "+strings.Join(update.Domains, ", "))
	fs.StringVar(&o.galaxies, "galaxies", "", "comma-separated galaxy files to take (default every one the MISP adapter converts)")
	fs.Func("sha256", "expected digest of a file, as NAME=HEX (NAME: its base name, e.g. threat-actor.json); repeatable", func(v string) error {
		name, sum, ok := strings.Cut(v, "=")
		if !ok || len(sum) != 64 {
			return fmt.Errorf("want NAME=HEX with a 64-digit SHA-256, got %q", v)
		}
		o.sha256[name] = sum
		return nil
	})
	fs.BoolVar(&o.allowPrivate, "allow-private-fetch", false, "allow URLs on private, loopback and link-local addresses (a local mirror)")
	fs.Int64Var(&o.maxMB, "max-mb", update.DefaultMaxBytes>>20, "refuse a file larger than this many MB")
	limits := limitFlags(fs)
	fs.Usage = func() { m.help("update", fs, updateNotes) }
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return telltale.Errorf(telltale.EINVALID, "update takes no arguments (got %q): use --from DIR for local copies", rest[0])
	}
	if o.from != "" && o.baseURL != "" {
		return telltale.Errorf(telltale.EINVALID, "give --from or --base-url, not both")
	}
	src := &update.Source{
		Dir: o.from, BaseURL: o.baseURL, Domain: o.domain, SHA256: o.sha256, MaxBytes: o.maxMB << 20,
		Client: &fetch.Client{AllowPrivate: o.allowPrivate, Timeout: 10 * time.Minute},
	}
	if o.galaxies != "" {
		src.Galaxies = strings.Split(o.galaxies, ",")
	}
	dir, err := os.MkdirTemp("", "telltale-update-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	files, err := m.fetchRelease(ctx, &c, src, dir)
	if err != nil {
		return err
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		m.watchImports(a)
		a.Importer.Limits = *limits
		return m.importRelease(ctx, &c, a, files)
	})
}

// fetchRelease plans, fetches (into dir) and verifies every file before
// anything is imported.
func (m *Main) fetchRelease(ctx context.Context, c *common, src *update.Source, dir string) ([]*update.File, error) {
	files, err := src.Plan(ctx)
	if err != nil {
		return nil, updateError(err)
	}
	if !c.quiet && !c.json {
		fmt.Fprintf(m.Stderr, "telltale: fetching and checking %d files\n", len(files))
	}
	if err := src.Fetch(ctx, files, dir); err != nil {
		return nil, updateError(fmt.Errorf("%w; nothing was imported", err))
	}
	return files, nil
}

// updateError classifies a failed update as import does its inputs: a
// fetch by its kind (6 for the network), anything else as invalid input.
func updateError(err error) error {
	if telltale.ErrorCode(err) != telltale.EINTERNAL {
		return err
	}
	code := telltale.EINVALID
	var fe *fetch.Error
	if errors.As(err, &fe) {
		code = fetchCode(err)
	}
	return telltale.Errorf(code, "update: %v", err)
}

// importRelease imports the verified files in order, each in one
// transaction, and recomputes the knowledge once at the end.
func (m *Main) importRelease(ctx context.Context, c *common, a *app.App, files []*update.File) error {
	var results []*telltale.ImportResult
	changed := false
	for _, f := range files {
		in, err := os.Open(f.Path)
		if err != nil {
			return err
		}
		start := time.Now()
		format := importer.FormatSTIX
		if f.Kind == update.KindMISP {
			format = importer.FormatMISPCluster
		}
		res, err := a.Importer.Import(ctx, in, f.Location, importer.Options{Format: format})
		in.Close()
		if err != nil {
			return err
		}
		results = append(results, res)
		changed = changed || res.Added+res.Updated > 0
		if !c.json {
			m.printImport(res, time.Since(start))
		}
	}
	if changed {
		if err := a.Knowledge.Recompute(ctx); err != nil {
			return fmt.Errorf("recompute clusters and landscapes: %w", err)
		}
	}
	if c.json {
		return m.printJSON(results)
	}
	return nil
}
