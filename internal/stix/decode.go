package stix

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// DefaultMaxObjectSize is the largest single object a Decoder accepts unless
// told otherwise: far above any real STIX object (the largest ATT&CK object
// is under 100 KB), low enough that a hostile input cannot exhaust memory.
const DefaultMaxObjectSize = 64 << 20

// ErrObjectTooLarge is wrapped by the error the Decoder returns for an object
// larger than its maximum object size.
var ErrObjectTooLarge = errors.New("object exceeds the maximum object size")

// DecodeError is a fatal error of the Decoder: malformed JSON, invalid UTF-8,
// an object too large, or a top-level value that is not STIX. Offset is the
// byte offset in the input where the problem was found; Index is the
// position in the bundle of the object being read, or -1 outside objects.
type DecodeError struct {
	Offset int64
	Index  int
	Err    error
}

func (e *DecodeError) Error() string {
	if e.Index >= 0 {
		return fmt.Sprintf("object %d, byte %d: %v", e.Index, e.Offset, e.Err)
	}
	return fmt.Sprintf("byte %d: %v", e.Offset, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

var errMalformed = errors.New("malformed JSON")

// Decoder reads the objects of a STIX bundle one at a time, so a bundle of
// any size is never held in memory whole: only the object being read is, up
// to MaxObjectSize bytes. It accepts a bundle ({"type":"bundle",
// "objects":[...]} with its keys in any order), a bare JSON array of objects,
// or a single object.
//
// Next returns each object compacted (whitespace outside strings removed)
// but otherwise byte for byte: string escapes and number spellings are kept.
// The decoder finds where each object ends in one pass and leaves the full
// JSON grammar to Parse, so a malformed object inside a well-formed bundle
// is reported by Parse against that object alone. Invalid UTF-8 is an error,
// not silently replaced: STIX is UTF-8 JSON, and a replacement character
// would change an indicator's value without notice.
type Decoder struct {
	r     *bufio.Reader
	off   int64 // bytes consumed
	state int   // 0 start, 1 in top-level array, 2 in bundle objects, 3 after objects, 4 done
	index int
	err   error // sticky fatal error

	top      []topProp // top-level properties other than "objects", in order
	sawArray bool
	scratch  []byte

	// BundleID is the id of the bundle, once the decoder has read it.
	BundleID string

	// MaxObjectSize is the largest object, in bytes after compaction, Next
	// accepts; 0 means DefaultMaxObjectSize.
	MaxObjectSize int64
	// MaxObjects is the most objects Next returns; one more is an error
	// wrapping ErrLimit. 0 means no limit.
	MaxObjects int

	objStart int64 // input offset of the object Next last returned
}

type topProp struct {
	key string
	val json.RawMessage
}

// NewDecoder returns a decoder reading from r.
func NewDecoder(r io.Reader) *Decoder {
	return &Decoder{r: bufio.NewReaderSize(r, 256<<10)}
}

// Index is the position in the bundle of the object Next last returned.
func (d *Decoder) Index() int { return d.index - 1 }

// ObjectOffset is the byte offset in the input where the object Next last
// returned starts.
func (d *Decoder) ObjectOffset() int64 { return d.objStart }

// Offset is the byte offset in the input the decoder has reached.
func (d *Decoder) Offset() int64 { return d.off }

func (d *Decoder) maxSize() int64 {
	if d.MaxObjectSize > 0 {
		return d.MaxObjectSize
	}
	return DefaultMaxObjectSize
}

// Next returns the JSON of the next object, or io.EOF after the last one.
// Any other error is a *DecodeError and is fatal: the decoder cannot
// resynchronise, and every later call returns the same error.
func (d *Decoder) Next() (json.RawMessage, error) {
	if d.err != nil {
		return nil, d.err
	}
	raw, err := d.next()
	if err != nil && err != io.EOF {
		d.err = err
	}
	return raw, err
}

func (d *Decoder) next() (json.RawMessage, error) {
	for {
		var raw json.RawMessage
		var err error
		switch d.state {
		case 0:
			err = d.start()
		case 1, 2:
			raw, err = d.element()
		case 3:
			raw, err = d.finishTop()
		case 4:
			return nil, io.EOF
		}
		// Neither an object nor an error: the state moved on.
		if raw != nil || err != nil {
			return raw, err
		}
	}
}

// start reads the first byte of the input (state 0): an array of objects
// (state 1) or an object, a bundle's top-level members up to its
// "objects" (state 2) or to its end (state 3).
func (d *Decoder) start() error {
	c, err := d.peekNonSpace()
	if err == io.EOF {
		return d.fail(-1, errors.New("empty input: expected a STIX bundle, an array or an object"))
	} else if err != nil {
		return d.readErr(-1, err)
	}
	switch c {
	case '[':
		d.consume(1)
		d.state = 1
		return nil
	case '{':
		d.consume(1)
		d.state = 2
		return d.readKeys()
	}
	return d.fail(-1, fmt.Errorf("expected a STIX bundle, an array or an object, found %s", quoteByte(c)))
}

// element reads the next object of the array (states 1 and 2), or its
// closing ']' and what follows it (nil, nil: the state moved on).
func (d *Decoder) element() (json.RawMessage, error) {
	c, err := d.peekNonSpace()
	if err != nil {
		return nil, d.readErr(d.index, err)
	}
	if c == ']' {
		d.consume(1)
		if d.state == 1 {
			d.state = 4
			return nil, d.expectEOF()
		}
		d.state = 3
		return nil, d.readKeys()
	}
	if d.index > 0 {
		if c != ',' {
			return nil, d.fail(d.index, fmt.Errorf("%w: expected ',' or ']' after object %d, found %s", errMalformed, d.index-1, quoteByte(c)))
		}
		d.consume(1)
		if c, err = d.peekNonSpace(); err != nil {
			return nil, d.readErr(d.index, err)
		}
	}
	if c != '{' {
		return nil, d.fail(d.index, fmt.Errorf("expected a STIX object, found %s", quoteByte(c)))
	}
	if d.MaxObjects > 0 && d.index >= d.MaxObjects {
		return nil, d.fail(d.index, fmt.Errorf("%w: more than %d objects in one bundle", ErrLimit, d.MaxObjects))
	}
	d.objStart = d.off
	raw, err := d.value(d.index)
	if err != nil {
		return nil, err
	}
	d.index++
	return raw, nil
}

// finishTop checks the end of the input once the top-level object is
// finished (state 3): a single object is returned whole, a bundle without
// objects ends the input (io.EOF), and a bundle whose objects were read
// has nothing more (nil, nil).
func (d *Decoder) finishTop() (json.RawMessage, error) {
	d.state = 4
	if err := d.expectEOF(); err != nil {
		return nil, err
	}
	typ := d.topString("type")
	if !d.sawArray {
		if typ == "bundle" {
			return nil, io.EOF // a bundle without objects
		}
		// A single object, not a bundle: reassemble it in order.
		d.index++
		return d.topObject(), nil
	}
	if typ != "bundle" {
		return nil, d.fail(-1, fmt.Errorf("top-level object has an \"objects\" list but its type is %q, not \"bundle\"", typ))
	}
	return nil, nil
}

// readKeys reads top-level members until the "objects" array starts (state
// 2) or the top-level object ends (state 3).
func (d *Decoder) readKeys() error {
	for {
		c, err := d.peekNonSpace()
		if err != nil {
			return d.readErr(-1, err)
		}
		if c == '}' {
			d.consume(1)
			d.state = 3
			return nil
		}
		if len(d.top) > 0 || d.sawArray {
			if c != ',' {
				return d.fail(-1, fmt.Errorf("%w: expected ',' or '}' in the top-level object, found %s", errMalformed, quoteByte(c)))
			}
			d.consume(1)
			if c, err = d.peekNonSpace(); err != nil {
				return d.readErr(-1, err)
			}
		}
		if c != '"' {
			return d.fail(-1, fmt.Errorf("%w: expected a property name, found %s", errMalformed, quoteByte(c)))
		}
		keyAt := d.off
		rawKey, err := d.value(-1)
		if err != nil {
			return err
		}
		var key string
		if err := json.Unmarshal(rawKey, &key); err != nil {
			return d.fail(-1, fmt.Errorf("%w: property name %s: %v", errMalformed, rawKey, err))
		}
		if key == "objects" && d.sawArray || d.hasTop(key) {
			return &DecodeError{Offset: keyAt, Index: -1, Err: fmt.Errorf("%w: duplicate property %q in the top-level object", errMalformed, key)}
		}
		if c, err = d.peekNonSpace(); err != nil {
			return d.readErr(-1, err)
		}
		if c != ':' {
			return d.fail(-1, fmt.Errorf("%w: expected ':' after property name %q, found %s", errMalformed, key, quoteByte(c)))
		}
		d.consume(1)
		if c, err = d.peekNonSpace(); err != nil {
			return d.readErr(-1, err)
		}
		if key == "objects" && !d.sawArray && c == '[' {
			d.consume(1)
			d.sawArray = true
			d.state = 2
			return nil
		}
		v, err := d.value(-1)
		if err != nil {
			return err
		}
		if !json.Valid(v) {
			return d.fail(-1, fmt.Errorf("%w: the value of top-level property %q", errMalformed, key))
		}
		d.top = append(d.top, topProp{key, v})
		if key == "id" {
			_ = json.Unmarshal(v, &d.BundleID)
		}
		var size int64
		for _, p := range d.top {
			size += int64(len(p.key) + len(p.val))
		}
		if size > d.maxSize() {
			return d.fail(-1, fmt.Errorf("%w of %d bytes", ErrObjectTooLarge, d.maxSize()))
		}
	}
}

// value reads one JSON value starting at the next byte, compacting it as it
// goes. It follows strings, escapes and nesting to find where the value
// ends, not the whole grammar: Parse checks that.
func (d *Decoder) value(index int) (json.RawMessage, error) {
	start := d.off
	out := d.scratch[:0]
	max := d.maxSize()
	sc := valueScan{first: true}
	for {
		if _, err := d.r.Peek(1); err != nil {
			if err == io.EOF {
				return nil, d.fail(index, fmt.Errorf("%w: unexpected end of input in the value starting at byte %d", errMalformed, start))
			}
			return nil, d.readErr(index, err)
		}
		chunk, _ := d.r.Peek(d.r.Buffered())
		n, o, done := sc.scan(chunk, out)
		out = o
		d.consume(n)
		if int64(len(out)) > max {
			return nil, &DecodeError{Offset: start, Index: index, Err: fmt.Errorf("%w of %d bytes", ErrObjectTooLarge, max)}
		}
		if done {
			break
		}
	}
	return d.keep(out, start, index)
}

// valueScan is where Decoder.value is in the value it reads, from one
// buffered chunk to the next.
type valueScan struct {
	depth    int
	inString bool
	first    bool // nothing but spaces read yet
}

// scan compacts the value from chunk onto out, up to its end (done) or the
// end of chunk; n is how many bytes of chunk it read.
func (sc *valueScan) scan(chunk, out []byte) (n int, _ []byte, done bool) {
	// The state is kept in locals for the loop and stored once at the end.
	depth, inString, first := sc.depth, sc.inString, sc.first
scan:
	for n < len(chunk) {
		if inString {
			// Copy up to the next quote in one go; it ends the string
			// unless an odd run of backslashes precedes it. (Control
			// characters in strings are left for Parse to reject.)
			q := bytes.IndexByte(chunk[n:], '"')
			if q < 0 {
				out = appendDoubling(out, chunk[n:])
				n = len(chunk)
				break
			}
			out = appendDoubling(out, chunk[n:n+q+1])
			n += q + 1
			if trailingBackslashes(out[:len(out)-1])%2 == 1 {
				continue // an escaped quote
			}
			inString = false
			if depth == 0 {
				done = true
				break scan
			}
			continue
		}
		c := chunk[n]
		n++
		switch c {
		case ' ', '\t', '\n', '\r':
			if first {
				continue
			}
			if depth == 0 {
				n--
				done = true
				break scan
			}
			continue
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				n-- // the end of an enclosing container: not ours
				done = true
				break scan
			}
			depth--
			if depth == 0 {
				out = append(grow(out, 1), c)
				done = true
				break scan
			}
		case ',', ':':
			if depth == 0 {
				n--
				done = true
				break scan
			}
		}
		first = false
		out = append(grow(out, 1), c)
	}
	sc.depth, sc.inString, sc.first = depth, inString, first
	return n, out, done
}

// keep checks the value Decoder.value compacted into out and returns it,
// keeping a moderate buffer for the next value.
func (d *Decoder) keep(out []byte, start int64, index int) (json.RawMessage, error) {
	if len(out) == 0 {
		return nil, d.fail(index, fmt.Errorf("%w: expected a value", errMalformed))
	}
	if !utf8.Valid(out) {
		return nil, &DecodeError{Offset: start, Index: index, Err: fmt.Errorf("invalid UTF-8 in the value starting here, at byte %d of it compacted (STIX content must be UTF-8)", invalidUTF8At(out))}
	}
	if cap(out) > 1<<20 {
		// A buffer this large is not kept for the next object: hand it
		// over rather than copy it.
		d.scratch = nil
		return out[:len(out):len(out)], nil
	}
	raw := bytes.Clone(out)
	d.scratch = out[:0] // keep a moderate buffer for the next object
	return raw, nil
}

// appendDoubling is append that at least doubles the capacity when it must
// grow: append grows large slices by a quarter, so a 10 MB object would be
// copied some twenty times over (50 MB allocated) instead of about twice.
func appendDoubling(out, b []byte) []byte {
	return append(grow(out, len(b)), b...)
}

// grow returns out with room for n more bytes, at least doubling its
// capacity when it must grow.
func grow(out []byte, n int) []byte {
	if len(out)+n <= cap(out) {
		return out
	}
	grown := make([]byte, len(out), max(2*cap(out), len(out)+n, 512))
	copy(grown, out)
	return grown
}

// trailingBackslashes counts the backslashes b ends with.
func trailingBackslashes(b []byte) int {
	n := 0
	for i := len(b) - 1; i >= 0 && b[i] == '\\'; i-- {
		n++
	}
	return n
}

func (d *Decoder) consume(n int) {
	d.r.Discard(n)
	d.off += int64(n)
}

// peekNonSpace skips whitespace and returns the next byte without consuming
// it.
func (d *Decoder) peekNonSpace() (byte, error) {
	for {
		b, err := d.r.Peek(1)
		if err != nil {
			return 0, err
		}
		switch b[0] {
		case ' ', '\t', '\n', '\r':
			d.consume(1)
		default:
			return b[0], nil
		}
	}
}

// Envelope returns the bundle's own properties (type, id and any others,
// without "objects") as a JSON object, once Next has returned io.EOF; nil
// before that, and for a bare array or a single object.
func (d *Decoder) Envelope() json.RawMessage {
	if d.state != 4 || d.err != nil || !(d.sawArray || d.topString("type") == "bundle") {
		return nil
	}
	return d.topObject()
}

func (d *Decoder) hasTop(key string) bool {
	for _, p := range d.top {
		if p.key == key {
			return true
		}
	}
	return false
}

func (d *Decoder) topString(key string) string {
	for _, p := range d.top {
		if p.key == key {
			var s string
			_ = json.Unmarshal(p.val, &s)
			return s
		}
	}
	return ""
}

func (d *Decoder) topObject() json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range d.top {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(p.key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(p.val)
	}
	b.WriteByte('}')
	return b.Bytes()
}

func (d *Decoder) expectEOF() error {
	c, err := d.peekNonSpace()
	switch {
	case err == io.EOF:
		return nil
	case err != nil:
		return d.readErr(-1, err)
	}
	return d.fail(-1, fmt.Errorf("unexpected data after the end of the JSON value, starting with %s", quoteByte(c)))
}

func (d *Decoder) fail(index int, err error) error {
	return &DecodeError{Offset: d.off, Index: index, Err: err}
}

// readErr reports an error of the underlying reader, or the end of input
// where more was expected.
func (d *Decoder) readErr(index int, err error) error {
	if err == io.EOF {
		return d.fail(index, fmt.Errorf("%w: unexpected end of input", errMalformed))
	}
	return d.fail(index, fmt.Errorf("reading input: %w", err))
}

func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// invalidUTF8At returns the offset of the first invalid UTF-8 sequence in b.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}
