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
		p.i++
		m := map[string]any{}
		p.ws()
		if p.i < len(p.data) && p.data[p.i] == '}' {
			p.i++
			return m, nil
		}
		for {
			p.ws()
			if p.i >= len(p.data) || p.data[p.i] != '"' {
				return nil, p.errorf("expected a property name")
			}
			keyAt := p.i
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			p.ws()
			if p.i >= len(p.data) || p.data[p.i] != ':' {
				return nil, p.errorf("expected ':' after a property name")
			}
			p.i++
			p.ws()
			if depth == 0 {
				p.prop = k
			}
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			n := len(m)
			m[k] = v
			if p.lim != nil {
				// The map's size tells a new key from a repeated one
				// without a second lookup.
				if len(m) == n {
					return nil, &DuplicateKeyError{Key: k, Offset: keyAt}
				}
				if max, _ := p.lim.listLimit(depth, p.prop); max >= 0 && len(m) > max {
					return nil, p.overLimit(keyAt, "%s: more than %d properties in one JSON object, the limit", p.where(depth), max)
				}
			}
			p.ws()
			if p.i >= len(p.data) {
				return nil, p.errorf("unexpected end of JSON input")
			}
			switch p.data[p.i] {
			case ',':
				p.i++
			case '}':
				p.i++
				return m, nil
			default:
				return nil, p.errorf("expected ',' or '}' in an object")
			}
		}
	case c == '[':
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
			p.ws()
			if p.i >= len(p.data) {
				return nil, p.errorf("unexpected end of JSON input")
			}
			switch p.data[p.i] {
			case ',':
				p.i++
			case ']':
				p.i++
				return a, nil
			default:
				return nil, p.errorf("expected ',' or ']' in a list")
			}
		}
	case c == '"':
		at := p.i
		s, err := p.str()
		if err == nil && p.lim != nil {
			if max := p.lim.stringLimit(depth, p.prop); max >= 0 && len(s) > max {
				return nil, p.overLimit(at, "%s: a string of %d bytes, over the limit of %d", p.where(depth), len(s), max)
			}
		}
		return s, err
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
	buf := append([]byte(nil), d[start:p.i]...)
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
		e := d[p.i]
		p.i++
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", p.errorf("invalid \\u escape")
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
						return "", p.errorf("invalid \\u escape")
					}
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						buf = utf8.AppendRune(buf, dec)
						continue
					}
					p.i = save
				}
				r = utf8.RuneError
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return "", p.errorf("invalid escape \\%c in a string", e)
		}
	}
	return "", p.errorf("unterminated string")
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
