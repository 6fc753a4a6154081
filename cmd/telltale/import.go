package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/fetch"
	"github.com/telltale-cti/telltale/internal/importer"
)

func (m *Main) runImport(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("import", &c)
	strict := fs.Bool("strict", false, "reject a whole file when any object in it is invalid")
	format := fs.String("format", "", "force the format: stix or misp-cluster (default: detect)")
	allowPrivate := fs.Bool("allow-private-fetch", false, "allow URLs on private, loopback and link-local addresses")
	limits := limitFlags(fs)
	fs.Usage = func() { m.help("import", fs, "", "[flags] FILE|URL|- ...") }
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return telltale.Errorf(telltale.EINVALID, "import: give at least one FILE, URL or - for standard input")
	}
	defer limitImportMemory()()
	return m.withApp(ctx, &c, func(a *app.App) error {
		m.watchImports(a)
		im := a.Importer
		im.Limits = *limits

		var results []*telltale.ImportResult
		var failed error
		for _, p := range paths {
			opts := importer.Options{Strict: *strict, Format: *format}
			res, err := m.importFile(ctx, im, &c, p, opts, *allowPrivate)
			if res != nil {
				results = append(results, res)
			}
			if err != nil {
				failed = err
			}
		}
		if err := m.recomputeAfter(ctx, a, &c, results); err != nil {
			return err
		}
		if c.json {
			if err := m.printJSON(results); err != nil {
				return err
			}
		}
		if failed != nil {
			return silent{failed}
		}
		return nil
	})
}

// importFile imports one FILE, URL or - and reports on it: the result to
// list (nil when there is none to list) and why the file failed, already
// written on stderr.
func (m *Main) importFile(ctx context.Context, im *importer.Importer, c *common, p string, opts importer.Options, allowPrivate bool) (*telltale.ImportResult, error) {
	r, size, closeFn, err := m.openInput(ctx, p, allowPrivate)
	if err != nil {
		fmt.Fprintf(m.Stderr, "telltale: %s\n", telltale.ErrorMessage(err))
		return nil, err
	}
	bar := m.progress(c, p, size)
	if bar != nil {
		opts.Progress = bar.update
	}
	start := time.Now()
	res, err := im.Import(ctx, r, p, opts)
	closeFn()
	if bar != nil {
		bar.done()
	}
	if err != nil {
		fmt.Fprintf(m.Stderr, "telltale: %s\n", errText(err))
		if res != nil && c.json {
			return res, err
		}
		return nil, err
	}
	if !c.json {
		m.printImport(res, time.Since(start))
	}
	if res.Rejected > 0 && res.Added+res.Updated+res.Unchanged == 0 {
		// Nothing of the file was imported: that is a failure.
		failed := telltale.Errorf(telltale.EINVALID, "%s: every object (%d) was rejected", p, res.Rejected)
		fmt.Fprintf(m.Stderr, "telltale: %s\n", telltale.ErrorMessage(failed))
		return res, failed
	}
	return res, nil
}

// recomputeAfter recomputes clusters and landscapes when an import changed
// something, and keeps them, so the next question is answered at once.
func (m *Main) recomputeAfter(ctx context.Context, a *app.App, c *common, results []*telltale.ImportResult) error {
	changed := false
	for _, r := range results {
		changed = changed || r.Added+r.Updated > 0
	}
	if !changed {
		return nil
	}
	start := time.Now()
	if err := a.Knowledge.Recompute(ctx); err != nil {
		return fmt.Errorf("recompute clusters and landscapes: %w", err)
	}
	if !c.json && !c.quiet {
		fmt.Fprintf(m.Stdout, "actor clusters and sector landscapes recomputed in %s\n", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// silent is an error already reported on stderr; only its exit code counts.
type silent struct{ error }

func (s silent) Unwrap() error { return s.error }

func errText(err error) string {
	if telltale.ErrorCode(err) == telltale.EINTERNAL {
		return err.Error()
	}
	return telltale.ErrorMessage(err)
}

func (m *Main) printImport(res *telltale.ImportResult, took time.Duration) {
	fmt.Fprintf(m.Stdout, "%s (%s): %d added, %d updated, %d unchanged, %d rejected in %s\n",
		res.Source, res.Format, res.Added, res.Updated, res.Unchanged, res.Rejected, took.Round(time.Millisecond))
	for i, p := range res.Problems {
		if i == 20 {
			fmt.Fprintf(m.Stdout, "  ... and %d more (use --json for all)\n", len(res.Problems)-20)
			break
		}
		fmt.Fprintf(m.Stdout, "  rejected %s\n", importer.Describe(p))
	}
	switch {
	case res.Rejected > 0 && res.Added+res.Updated+res.Unchanged == 0:
		fmt.Fprintln(m.Stdout, "  nothing was imported: every object was rejected")
	case res.Rejected > 0:
		fmt.Fprintln(m.Stdout, "  the other objects were imported; use --strict to reject the whole file instead")
	}
}

// openInput opens a file, a URL or standard input ("-").
func (m *Main) openInput(ctx context.Context, p string, allowPrivate bool) (io.Reader, int64, func(), error) {
	switch {
	case p == "-":
		return m.Stdin, -1, func() {}, nil
	case strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://"):
		// Streamed to the importer as it arrives, bounded while read.
		c := &fetch.Client{AllowPrivate: allowPrivate, MaxBytes: 1 << 30, Timeout: 5 * time.Minute}
		s, err := c.Open(ctx, p)
		if err != nil {
			return nil, 0, nil, fetchError(err)
		}
		return fetchBody{s.Body}, s.Length, func() { s.Body.Close() }, nil
	default:
		f, err := os.Open(p)
		if err != nil {
			return nil, 0, nil, telltale.Errorf(telltale.EINVALID, "%v", err)
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, nil, telltale.Errorf(telltale.EINVALID, "%v", err)
		}
		if st.IsDir() {
			f.Close()
			return nil, 0, nil, telltale.Errorf(telltale.EINVALID, "%s is a directory", p)
		}
		return f, st.Size(), func() { f.Close() }, nil
	}
}

// progressBar draws import progress on a terminal.
type progressBar struct {
	w     io.Writer
	name  string
	total int64
	last  time.Time
}

func (m *Main) progress(c *common, name string, total int64) *progressBar {
	if c.quiet || c.json || !isTerminal(m.Stderr) {
		return nil
	}
	return &progressBar{w: m.Stderr, name: name, total: total}
}

func (b *progressBar) update(read int64) {
	if time.Since(b.last) < 100*time.Millisecond {
		return
	}
	b.last = time.Now()
	if b.total > 0 {
		pct := float64(read) / float64(b.total)
		if pct > 1 {
			pct = 1
		}
		n := int(pct * 30)
		fmt.Fprintf(b.w, "\r%s [%s%s] %3.0f%%", b.name, strings.Repeat("#", n), strings.Repeat(" ", 30-n), pct*100)
	} else {
		fmt.Fprintf(b.w, "\r%s %.1f MB", b.name, float64(read)/1e6)
	}
}

func (b *progressBar) done() { fmt.Fprint(b.w, "\r\033[K") }

// fetchBody is a fetched body whose read errors are telltale errors.
type fetchBody struct{ io.ReadCloser }

func (b fetchBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		err = fetchError(err)
	}
	return n, err
}

// fetchError turns a failed fetch into a telltale error of its kind, so
// that the exit code says what went wrong (6 for the network).
func fetchError(err error) error {
	return telltale.Errorf(fetchCode(err), "%v", err)
}

// fetchCode classifies a failed fetch as a telltale error code: EINVALID for a
// URL that cannot be fetched as given (invalid, another scheme, an
// address the rules refuse without --allow-private-fetch), ETOOLARGE for a body over the limit,
// ENOTFOUND for a 404 or 410 answer, and EUNAVAILABLE for the network
// (no such host, refused, timed out, another status).
func fetchCode(err error) string {
	var fe *fetch.Error
	switch {
	case errors.Is(err, fetch.ErrBlockedAddress):
		return telltale.EINVALID
	case errors.Is(err, fetch.ErrTooLarge):
		return telltale.ETOOLARGE
	case !errors.As(err, &fe):
		return telltale.EUNAVAILABLE
	case fe.Status == http.StatusNotFound || fe.Status == http.StatusGone:
		return telltale.ENOTFOUND
	case fe.Status != 0:
		return telltale.EUNAVAILABLE
	case fe.Reason == "invalid URL" || fe.Reason == "missing host" || fe.Reason == "invalid request" || strings.HasPrefix(fe.Reason, "unsupported scheme"):
		return telltale.EINVALID
	}
	return telltale.EUNAVAILABLE
}
