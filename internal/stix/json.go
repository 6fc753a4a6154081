package stix

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// parseObject decodes a JSON object into map[string]any, with numbers as
// json.Number (their text, so big integers are judged exactly), strings,
// bools, nil, []any and map[string]any: the values encoding/json's Decoder
// with UseNumber gives, in one pass instead of its scan-then-decode two.
// data must be valid UTF-8 (Parse checks that first). Validate is the only
// user; the object's bytes are kept as they are in Object.Raw.
//
// With lim, a property given twice in any JSON object is an error (a
// *DuplicateKeyError), and so is a value over one of the limits (a
// *LimitError), found before the rest of the value is built; without, the
// last of duplicate properties wins, as with encoding/json.
func parseObject(data []byte, lim *Limits) (map[string]any, error) {
	p := jsonParser{data: data, lim: lim}
	p.ws()
	if p.i >= len(data) || data[p.i] != '{' {
		return nil, p.errorf("expected a JSON object")
	}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(data) {
		return nil, p.errorf("unexpected data after the object")
	}
	return v.(map[string]any), nil
}

// maxJSONDepth is encoding/json's nesting limit too.
const maxJSONDepth = 10000

type jsonParser struct {
	data []byte
	i    int
	lim  *Limits // nil: no limits, duplicate properties allowed
	prop string  // the top-level property being read, when lim is set
}

func (p *jsonParser) overLimit(at int, format string, args ...any) error {
	return &LimitError{Offset: at, Reason: fmt.Sprintf(format, args...)}
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return fmt.Errorf("%s at byte %d", fmt.Sprintf(format, args...), p.i)
}

func (p *jsonParser) ws() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, p.errorf("nested too deeply")
	}
	if p.i >= len(p.data) {
		return nil, p.errorf("unexpected end of JSON input")
	}
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.stringValue(depth)
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, p.errorf("invalid character %q looking for a value", p.data[p.i])
}

// object reads a JSON object at depth; p.i is at its '{'.
func (p *jsonParser) object(depth int) (any, error) {
	p.i++
	m := map[string]any{}
	p.ws()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.i++
		return m, nil
	}
	for {
		if err := p.member(m, depth); err != nil {
			return nil, err
		}
		if end, err := p.after('}', "an object"); err != nil {
			return nil, err
		} else if end {
			return m, nil
		}
	}
}

// member reads one "name": value member of an object at depth into m,
// checking duplicates and the limit on properties when p.lim is set.
func (p *jsonParser) member(m map[string]any, depth int) error {
	p.ws()
	if p.i >= len(p.data) || p.data[p.i] != '"' {
		return p.errorf("expected a property name")
	}
	keyAt := p.i
	k, err := p.str()
	if err != nil {
		return err
	}
	p.ws()
	if p.i >= len(p.data) || p.data[p.i] != ':' {
		return p.errorf("expected ':' after a property name")
	}
	p.i++
	p.ws()
	if depth == 0 {
		p.prop = k
	}
	v, err := p.value(depth + 1)
	if err != nil {
		return err
	}
	n := len(m)
	m[k] = v
	if p.lim != nil {
		// The map's size tells a new key from a repeated one
		// without a second lookup.
		if len(m) == n {
			return &DuplicateKeyError{Key: k, Offset: keyAt}
		}
		if max, _ := p.lim.listLimit(depth, p.prop); max >= 0 && len(m) > max {
			return p.overLimit(keyAt, "%s: more than %d properties in one JSON object, the limit", p.where(depth), max)
		}
	}
	return nil
}

// array reads a JSON array at depth; p.i is at its '['.
func (p *jsonParser) array(depth int) (any, error) {
	p.i++
	a := []any{}
	p.ws()
	if p.i < len(p.data) && p.data[p.i] == ']' {
		p.i++
		return a, nil
	}
	for {
		p.ws()
		itemAt := p.i
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		if p.lim != nil {
			if max, what := p.lim.listLimit(depth, p.prop); max >= 0 && len(a) > max {
				return nil, p.overLimit(itemAt, "%s: more than %d %s, the limit", p.where(depth), max, what)
			}
		}
		if end, err := p.after(']', "a list"); err != nil {
			return nil, err
		} else if end {
			return a, nil
		}
	}
}

// after reads what follows a member of an object or an item of a list:
// a ',' (more follow) or the closing byte (end).
func (p *jsonParser) after(closing byte, in string) (end bool, err error) {
	p.ws()
	if p.i >= len(p.data) {
		return false, p.errorf("unexpected end of JSON input")
	}
	switch p.data[p.i] {
	case ',':
		p.i++
		return false, nil
	case closing:
		p.i++
		return true, nil
	}
	return false, p.errorf("expected ',' or '%c' in %s", closing, in)
}

// stringValue reads a string value at depth, checking its length when
// p.lim is set; p.i is at its opening quote.
func (p *jsonParser) stringValue(depth int) (any, error) {
	at := p.i
	s, err := p.str()
	if err == nil && p.lim != nil {
		if max := p.lim.stringLimit(depth, p.prop); max >= 0 && len(s) > max {
			return nil, p.overLimit(at, "%s: a string of %d bytes, over the limit of %d", p.where(depth), len(s), max)
		}
	}
	return s, err
}

// where names the value at depth for messages: the top-level property
// it is or is in.
func (p *jsonParser) where(depth int) string {
	if depth == 0 {
		return "the object"
	}
	return fmt.Sprintf("property %q", p.prop)
}

func (p *jsonParser) literal(word string) error {
	if len(p.data)-p.i < len(word) || string(p.data[p.i:p.i+len(word)]) != word {
		return p.errorf("invalid literal, expected %s", word)
	}
	p.i += len(word)
	return nil
}

func (p *jsonParser) number() (json.Number, error) {
	start := p.i
	d := p.data
	if d[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(d) && d[p.i] == '0':
		p.i++
	case p.i < len(d) && d[p.i] >= '1' && d[p.i] <= '9':
		for p.i < len(d) && isDigit(d[p.i]) {
			p.i++
		}
	default:
		return "", p.errorf("invalid number")
	}
	if p.i < len(d) && d[p.i] == '.' {
		p.i++
		if p.i >= len(d) || !isDigit(d[p.i]) {
			return "", p.errorf("invalid number: digits must follow '.'")
		}
		for p.i < len(d) && isDigit(d[p.i]) {
			p.i++
		}
	}
	if p.i < len(d) && (d[p.i] == 'e' || d[p.i] == 'E') {
		p.i++
		if p.i < len(d) && (d[p.i] == '+' || d[p.i] == '-') {
			p.i++
		}
		if p.i >= len(d) || !isDigit(d[p.i]) {
			return "", p.errorf("invalid number: digits must follow the exponent")
		}
		for p.i < len(d) && isDigit(d[p.i]) {
			p.i++
		}
	}
	return json.Number(d[start:p.i]), nil
}

// str reads a string literal; p.i is at its opening quote.
func (p *jsonParser) str() (string, error) {
	p.i++
	start := p.i
	d := p.data
	// The common case: no escapes.
	for p.i < len(d) {
		c := d[p.i]
		if c == '"' {
			s := string(d[start:p.i])
			p.i++
			return s, nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", p.errorf("control character %q in a string", c)
		}
		p.i++
	}
	return p.escapedStr(append([]byte(nil), d[start:p.i]...))
}

// escapedStr reads the rest of a string literal that has escapes, after
// buf, what str read of it before its first backslash.
func (p *jsonParser) escapedStr(buf []byte) (string, error) {
	d := p.data
	for p.i < len(d) {
		c := d[p.i]
		switch {
		case c == '"':
			p.i++
			return string(buf), nil
		case c < 0x20:
			return "", p.errorf("control character %q in a string", c)
		case c != '\\':
			buf = append(buf, c)
			p.i++
			continue
		}
		p.i++
		if p.i >= len(d) {
			break
		}
		var err error
		if buf, err = p.escape(buf); err != nil {
			return "", err
		}
	}
	return "", p.errorf("unterminated string")
}

// escape appends to buf what the escape at p.i (after its backslash)
// stands for.
func (p *jsonParser) escape(buf []byte) ([]byte, error) {
	e := p.data[p.i]
	p.i++
	switch e {
	case '"', '\\', '/':
		return append(buf, e), nil
	case 'b':
		return append(buf, '\b'), nil
	case 'f':
		return append(buf, '\f'), nil
	case 'n':
		return append(buf, '\n'), nil
	case 'r':
		return append(buf, '\r'), nil
	case 't':
		return append(buf, '\t'), nil
	case 'u':
		return p.unicodeEscape(buf)
	}
	return nil, p.errorf("invalid escape \\%c in a string", e)
}

// unicodeEscape appends the rune of a \u escape (p.i after its "\u"), with
// the low surrogate that may follow it.
func (p *jsonParser) unicodeEscape(buf []byte) ([]byte, error) {
	d := p.data
	r, ok := p.hex4()
	if !ok {
		return nil, p.errorf("invalid \\u escape")
	}
	if utf16.IsSurrogate(r) {
		// A valid pair makes one rune; anything else is U+FFFD, as
		// encoding/json does.
		r2 := rune(-1)
		if p.i+1 < len(d) && d[p.i] == '\\' && d[p.i+1] == 'u' {
			save := p.i
			p.i += 2
			if x, ok := p.hex4(); ok {
				r2 = x
			} else {
				return nil, p.errorf("invalid \\u escape")
			}
			if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
				return utf8.AppendRune(buf, dec), nil
			}
			p.i = save
		}
		r = utf8.RuneError
	}
	return utf8.AppendRune(buf, r), nil
}

func (p *jsonParser) hex4() (rune, bool) {
	if len(p.data)-p.i < 4 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(p.data[p.i:p.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(n), true
}
