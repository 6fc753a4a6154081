package importer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/misp"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/store"
)

// Formats the importer recognises.
const (
	FormatSTIX        = "stix"         // a STIX 2.1 bundle, a bare array of objects, or one object
	FormatMISPCluster = "misp-cluster" // a MISP galaxy cluster file
)

// Options change how one import runs (the root package's ImportOptions,
// which callers outside the wiring name).
type Options = telltale.ImportOptions

// Importer stores what it reads in a store.
type Importer struct {
	Store *store.DB
	// AfterCommit, when set, runs after every successful import that
	// changed something (e.g. recomputing actor clusters).
	AfterCommit func(ctx context.Context) error
	// Limits bound what one input may hold (zero fields: the defaults). An
	// input over one of them is refused whole, naming the object.
	Limits stix.Limits
}

// MaxProblems bounds how many rejections an import result lists in detail.
const MaxProblems = 1000

// Import reads r (named name in messages) and stores its objects.
func (im *Importer) Import(ctx context.Context, r io.Reader, name string, opts Options) (*telltale.ImportResult, error) {
	cr := &countingReader{r: r, progress: opts.Progress}
	br := bufio.NewReaderSize(cr, 256<<10)
	format := opts.Format
	if format == "" {
		var err error
		if format, err = Detect(br); err != nil {
			return nil, telltale.Errorf(telltale.EINVALID, "%s: %v", name, err)
		}
	}
	b, err := im.begin(ctx, name, format, opts)
	if err != nil {
		return nil, err
	}
	res := b.res
	switch format {
	case FormatSTIX:
		err = importSTIX(ctx, br, opts, im.Limits.WithDefaults(), func(ids []string) error { return b.tx.Prefetch(ctx, ids) }, b.put)
	case FormatMISPCluster:
		err = misp.Convert(br, name, func(index int, raw []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			o, err := parseValid(raw, im.Limits)
			if errors.Is(err, stix.ErrLimit) {
				return &objectError{msg: fmt.Sprintf("cluster value %d: %v", index, err)}
			}
			return b.put(index, o, err, true)
		}, func(e *misp.ValueError) {
			// A malformed cluster value: skipped and reported, like an
			// invalid object. Index is the value's position in "values".
			b.reject(e.Index, e.UUID, "", "cluster value: "+e.Reason)
		})
	default:
		err = fmt.Errorf("unknown format %q", format)
	}
	if err == nil {
		err = b.strict()
	}
	if err != nil {
		b.tx.Rollback()
		if telltale.ErrorCode(err) == telltale.EUNAVAILABLE {
			return res, err
		}
		if telltale.ErrorCode(err) == telltale.EINVALID || isObjectError(err) {
			return res, telltale.Errorf(telltale.EINVALID, "%s: %s", name, strings.TrimPrefix(reason(err), name+": "))
		}
		return res, fmt.Errorf("%s: %w", name, err)
	}
	if err := b.commit(ctx); err != nil {
		return res, fmt.Errorf("%s: %w", name, err)
	}
	return res, nil
}

// ImportObjects stores objects already split from what carried them (the
// envelope of a TAXII POST) in one transaction recorded as source: the
// pipeline of Import, without format detection. Each object is parsed
// within the importer's limits, validated, offered to opts.Check and
// stored; invalid objects are rejected and counted. An object over a limit
// refuses the whole input (EINVALID naming it; nothing is stored), as a
// file's does.
func (im *Importer) ImportObjects(ctx context.Context, source string, objects []json.RawMessage, opts Options) (*telltale.ImportResult, error) {
	b, err := im.begin(ctx, source, FormatSTIX, opts)
	if err != nil {
		return nil, err
	}
	lim := im.Limits.WithDefaults()
	for i, raw := range objects {
		o, err := parseValid(raw, lim)
		var le *stix.LimitError
		if errors.As(err, &le) {
			b.tx.Rollback()
			return b.res, telltale.Errorf(telltale.EINVALID, "object %d (%s): %v; nothing was stored", i, le.ID, le)
		}
		if err := b.put(i, o, err, opts.Derived); err != nil {
			b.tx.Rollback()
			return b.res, fmt.Errorf("object %d: %w", i, err)
		}
	}
	if err := b.strict(); err != nil {
		b.tx.Rollback()
		return b.res, err
	}
	return b.res, b.commit(ctx)
}

// InputLimits returns what one input may hold: Limits with the defaults
// for its zero fields.
func (im *Importer) InputLimits() stix.Limits { return im.Limits.WithDefaults() }

// batch is one import under way: its transaction, its options and what
// it did so far.
type batch struct {
	ctx  context.Context
	im   *Importer
	tx   *store.Tx
	opts Options
	res  *telltale.ImportResult
}

// begin opens the transaction of one import of source in format.
func (im *Importer) begin(ctx context.Context, source, format string, opts Options) (*batch, error) {
	tx, err := im.Store.Begin(ctx, source, format)
	if err != nil {
		return nil, err
	}
	tx.CanSee = opts.CanSee
	return &batch{ctx: ctx, im: im, tx: tx, opts: opts, res: &telltale.ImportResult{Source: source, Format: format}}, nil
}

// put stores the object at index of the input, or counts it as rejected:
// when err (its parse or validation error) is set, when opts.Check refuses
// it, or when the store refuses it. Only the store failing (internal, or
// unreachable: 503) is returned, and ends the import.
func (b *batch) put(index int, o *stix.Object, err error, derived bool) error {
	if err == nil && b.opts.Check != nil {
		err = b.opts.Check(&telltale.Object{ID: o.ID, Type: o.Type, Raw: o.Raw})
	}
	if err == nil && derived {
		o, err = bumpIfChanged(b.ctx, b.tx, o)
	}
	var outcome store.Outcome
	if err == nil {
		outcome, err = b.tx.Put(b.ctx, o)
	}
	if err != nil {
		if code := telltale.ErrorCode(err); (code == telltale.EINTERNAL || code == telltale.EUNAVAILABLE) && !isObjectError(err) {
			return err
		}
		id := ""
		if o != nil {
			id = o.ID
		}
		b.reject(index, id, version(o), reason(err))
		return nil
	}
	switch outcome {
	case store.Added:
		b.res.Added++
	case store.Updated:
		b.res.Updated++
	case store.Unchanged:
		b.res.Unchanged++
	}
	if b.opts.Each != nil {
		b.opts.Each(telltale.ImportedObject{Index: index, ID: o.ID, Version: version(o)})
	}
	return nil
}

// reject counts one rejected object (or MISP cluster value) and says why.
func (b *batch) reject(index int, id, version, why string) {
	b.res.Rejected++
	if len(b.res.Problems) < MaxProblems {
		b.res.Problems = append(b.res.Problems, telltale.ImportProblem{Index: index, ID: id, Reason: why})
	}
	if b.opts.Each != nil {
		b.opts.Each(telltale.ImportedObject{Index: index, ID: id, Version: version, Reason: why})
	}
}

// version names the version of o: its modified, or created when it has
// none; "" for no object.
func version(o *stix.Object) string {
	switch {
	case o == nil:
		return ""
	case o.Modified != "":
		return o.Modified
	}
	return o.Created
}

// strict refuses the whole input when an object was rejected and
// opts.Strict is set.
func (b *batch) strict() error {
	if !b.opts.Strict || b.res.Rejected == 0 {
		return nil
	}
	return telltale.Errorf(telltale.EINVALID, "%d invalid object(s) and --strict is set; nothing was imported; first: %s", b.res.Rejected, describe(b.res.Problems[0]))
}

// commit ends the import, then runs AfterCommit when it changed something.
func (b *batch) commit(ctx context.Context) error {
	if err := b.tx.Commit(ctx, b.res); err != nil {
		return err
	}
	if b.im.AfterCommit != nil && b.res.Added+b.res.Updated > 0 {
		if err := b.im.AfterCommit(ctx); err != nil {
			return fmt.Errorf("after import: %w", err)
		}
	}
	return nil
}

// prefetchWindow is how many parsed objects are looked up in the store
// together, ahead of their Puts: as many as the store writes in a batch
// (512), so that the objects staged while the store writes a batch were
// looked up before it.
const prefetchWindow = 512

// importSTIX decodes, parses and validates objects in one goroutine while
// the caller's goroutine stores them, so JSON work and SQL work overlap on
// two cores. Order is kept. The objects waiting to be stored (up to
// prefetchWindow of them) are looked up in the store together, a window
// ahead: the next window's lookup is asked for before this window's
// objects are stored, and the store answers it while they are staged
// (store.Tx.Prefetch returns before the answer).
func importSTIX(ctx context.Context, r io.Reader, opts Options, lim stix.Limits, prefetch func([]string) error, put func(int, *stix.Object, error, bool) error) error {
	items := make(chan stixItem, 512)
	errc := make(chan error, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(items)
		errc <- decodeItems(ctx, r, lim, items)
	}()
	window, next := make([]stixItem, 0, prefetchWindow), make([]stixItem, 0, prefetchWindow)
	ids := make([]string, 0, prefetchWindow)
	// take reads the next window into next and asks for its lookup.
	take := func() error {
		next, ids = next[:0], ids[:0]
		if it, ok := <-items; ok {
			next = fillWindow(append(next, it), items)
		}
		for _, w := range next {
			if w.err == nil && w.obj != nil {
				ids = append(ids, w.obj.ID)
			}
		}
		if len(ids) == 0 {
			return nil
		}
		return prefetch(ids)
	}
	err := take()
	for err == nil && len(next) > 0 {
		window, next = next, window
		err = take()
		for _, w := range window {
			if err != nil {
				break
			}
			err = put(w.index, w.obj, w.err, opts.Derived)
		}
	}
	if err != nil {
		cancel()
		for range items {
		}
		return err
	}
	if err := <-errc; err != nil {
		return err
	}
	return ctx.Err()
}

// stixItem is one object of the input, parsed and validated, or why not.
type stixItem struct {
	index int
	obj   *stix.Object
	err   error
}

// decodeItems decodes, parses and validates the objects of r onto items,
// in order, and returns what ended the input: nil at its end, else a
// fatal error (malformed input, an object over a limit, ctx done).
func decodeItems(ctx context.Context, r io.Reader, lim stix.Limits, items chan<- stixItem) error {
	dec := stix.NewDecoder(r)
	dec.MaxObjectSize, dec.MaxObjects = lim.MaxObjectSize, lim.MaxObjects
	for {
		raw, err := dec.Next()
		if errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return &objectError{msg: err.Error()}
		}
		o, perr := parseValid(raw, lim)
		var le *stix.LimitError
		var de *stix.DuplicateKeyError
		switch {
		case errors.As(perr, &le):
			// Refused whole: the object is not built, nor are the
			// rest of the input's.
			id := ""
			if le.ID != "" {
				id = " (" + le.ID + ")"
			}
			return &objectError{msg: fmt.Sprintf("object %d%s, starting at byte %d: %v", dec.Index(), id, dec.ObjectOffset(), le)}
		case errors.As(perr, &de):
			perr = fmt.Errorf("%w (the object starts at byte %d of the input)", perr, dec.ObjectOffset())
		}
		select {
		case items <- stixItem{dec.Index(), o, perr}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// fillWindow appends to window the items already waiting, up to
// prefetchWindow in all, without waiting for more.
func fillWindow(window []stixItem, items <-chan stixItem) []stixItem {
	for len(window) < prefetchWindow {
		select {
		case next, ok := <-items:
			if !ok {
				return window
			}
			window = append(window, next)
		default:
			return window
		}
	}
	return window
}

// parseValid parses and validates one object within lim. On a validation
// error the parsed object is returned too, so the error can name its id.
func parseValid(raw []byte, lim stix.Limits) (*stix.Object, error) {
	o, err := lim.Parse(raw)
	if err != nil {
		return nil, err
	}
	return o, stix.Validate(o)
}

// bumpIfChanged keeps derived objects (made by Telltale from another
// format, with a fixed modified) in step with the stored version: when the
// content is the same as the current version's apart from modified, the
// current version is returned (and Put finds it unchanged); when it
// differs, modified is moved to now, so the change becomes a new version.
func bumpIfChanged(ctx context.Context, tx *store.Tx, o *stix.Object) (*stix.Object, error) {
	cur, _, found, err := tx.Current(ctx, o.ID)
	if err != nil || !found || bytes.Equal(cur, o.Raw) {
		return o, err
	}
	var curProps, props map[string]json.RawMessage
	if err := json.Unmarshal(cur, &curProps); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(o.Raw, &props); err != nil {
		return nil, err
	}
	curModified := curProps["modified"]
	delete(curProps, "modified")
	newModified := props["modified"]
	delete(props, "modified")
	a, _ := json.Marshal(curProps) // maps marshal with sorted keys
	b, _ := json.Marshal(props)
	if bytes.Equal(a, b) {
		return stix.Parse(cur)
	}
	now, _ := json.Marshal(stix.FormatTime(time.Now()))
	if bytes.Compare(now, curModified) <= 0 || bytes.Compare(now, newModified) <= 0 {
		// A clock behind the stored version: step just past it.
		var t string
		_ = json.Unmarshal(curModified, &t)
		if ct, err := stix.ParseTime(t); err == nil {
			now, _ = json.Marshal(stix.FormatTime(ct.Add(time.Millisecond)))
		}
	}
	props["modified"] = now
	raw, err := json.Marshal(props)
	if err != nil {
		return nil, err
	}
	return stix.Parse(raw)
}

// objectError is a problem with the input, not with the store: one that
// ends the import (the decoder's, an object over a limit).
type objectError struct{ msg string }

func (e *objectError) Error() string { return e.msg }

// isObjectError reports whether err is about the input rather than the
// store, by its type: an objectError, or the stix package's errors for an
// object it cannot read (*stix.ParseError, *stix.DuplicateKeyError) or
// that breaks the specification (*stix.ValidationError). A store error is
// never one, whatever its message says.
func isObjectError(err error) bool {
	var (
		oe *objectError
		pe *stix.ParseError
		de *stix.DuplicateKeyError
		ve *stix.ValidationError
	)
	return errors.As(err, &oe) || errors.As(err, &pe) || errors.As(err, &de) || errors.As(err, &ve)
}

func reason(err error) string {
	if telltale.ErrorCode(err) != telltale.EINTERNAL {
		return telltale.ErrorMessage(err)
	}
	return err.Error()
}

func describe(p telltale.ImportProblem) string {
	if p.ID != "" {
		return fmt.Sprintf("object %d (%s): %s", p.Index, p.ID, p.Reason)
	}
	return fmt.Sprintf("object %d: %s", p.Index, p.Reason)
}

// Describe formats a problem for people: "object 3 (indicator--...): reason".
func Describe(p telltale.ImportProblem) string { return describe(p) }

// Detect looks at the start of r (without consuming it) and names its
// format.
func Detect(r *bufio.Reader) (string, error) {
	head, err := r.Peek(64 << 10)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return "", err
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 {
		return "", errors.New("empty input")
	}
	switch trimmed[0] {
	case '[':
		return FormatSTIX, nil
	case '{':
	default:
		return "", errors.New("not JSON: expected a STIX bundle or a MISP galaxy cluster file")
	}
	keys := topLevelKeys(trimmed)
	switch {
	case keys["objects"] || keys["spec_version"] && keys["id"]:
		return FormatSTIX, nil
	case keys["values"] && keys["uuid"]:
		return FormatMISPCluster, nil
	case keys["type"] && keys["id"]:
		return FormatSTIX, nil
	case keys["uuid"] && keys["namespace"]:
		return "", errors.New("a MISP galaxy definition (galaxies/*.json) holds no clusters: import the matching clusters/*.json file")
	}
	return "", errors.New("unrecognised JSON: expected a STIX bundle, a STIX object array or a MISP galaxy cluster file")
}

// topLevelKeys lists the keys of the top-level object found in the head of
// the input, stopping at the end of the head.
func topLevelKeys(head []byte) map[string]bool {
	keys := map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(head))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return keys
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		k, ok := tok.(string)
		if !ok {
			return keys
		}
		keys[k] = true
		if err := skipValue(dec); err != nil {
			return keys
		}
	}
	return keys
}

// skipValue skips one JSON value, however deep.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

type countingReader struct {
	r        io.Reader
	n        int64
	last     int64
	progress func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil && (c.n-c.last >= 1<<20 || err == io.EOF) {
		c.last = c.n
		c.progress(c.n)
	}
	return n, err
}
