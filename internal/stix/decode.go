package stix

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Decoder reads the objects of a STIX bundle one at a time, so a bundle of
// any size is never held in memory whole. It accepts a bundle
// ({"type":"bundle","objects":[...]} with its keys in any order), a bare JSON
// array of objects, or a single object.
type Decoder struct {
	dec   *json.Decoder
	state int // 0 start, 1 in top-level array, 2 in bundle objects, 3 after objects, 4 done
	index int

	top      map[string]json.RawMessage // top-level properties other than "objects"
	sawArray bool

	// BundleID is the id of the bundle, once the decoder has read it.
	BundleID string
}

// NewDecoder returns a decoder reading from r.
func NewDecoder(r io.Reader) *Decoder {
	d := json.NewDecoder(r)
	d.UseNumber()
	return &Decoder{dec: d, top: map[string]json.RawMessage{}}
}

// Index is the position in the bundle of the object Next last returned.
func (d *Decoder) Index() int { return d.index - 1 }

// Offset is the byte offset in the input the decoder has reached.
func (d *Decoder) Offset() int64 { return d.dec.InputOffset() }

// Next returns the JSON of the next object, or io.EOF after the last one. A
// syntax error is fatal: the decoder cannot resynchronise, and the error gives
// the byte offset.
func (d *Decoder) Next() (json.RawMessage, error) {
	for {
		switch d.state {
		case 0:
			tok, err := d.dec.Token()
			if err == io.EOF {
				return nil, errors.New("empty input: expected a STIX bundle, an array or an object")
			} else if err != nil {
				return nil, d.syntax(err)
			}
			switch tok {
			case json.Delim('['):
				d.state = 1
			case json.Delim('{'):
				d.state = 2
				if err := d.readKeys(); err != nil {
					return nil, err
				}
			default:
				return nil, fmt.Errorf("expected a STIX bundle, an array or an object, found %v", tok)
			}
		case 1, 2:
			if d.dec.More() {
				var raw json.RawMessage
				if err := d.dec.Decode(&raw); err != nil {
					return nil, d.syntax(fmt.Errorf("object %d: %w", d.index, err))
				}
				d.index++
				return raw, nil
			}
			if _, err := d.dec.Token(); err != nil { // closing ']'
				return nil, d.syntax(err)
			}
			if d.state == 1 {
				d.state = 4
				if err := d.expectEOF(); err != nil {
					return nil, err
				}
				continue
			}
			d.state = 3
			if err := d.readKeys(); err != nil {
				return nil, err
			}
		case 3:
			// The top-level object is finished.
			d.state = 4
			if err := d.expectEOF(); err != nil {
				return nil, err
			}
			if !d.sawArray {
				// A single object, not a bundle.
				raw, err := json.Marshal(d.top)
				if err != nil {
					return nil, err
				}
				if t := d.topString("type"); t == "bundle" {
					return nil, io.EOF // an empty bundle
				}
				d.index++
				return raw, nil
			}
			if t := d.topString("type"); t != "bundle" {
				return nil, fmt.Errorf("top-level object has an \"objects\" list but its type is %q, not \"bundle\"", t)
			}
		case 4:
			return nil, io.EOF
		}
	}
}

// readKeys reads top-level keys until the "objects" array starts (state 2)
// or the top-level object ends (state 3).
func (d *Decoder) readKeys() error {
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return d.syntax(err)
		}
		key, _ := tok.(string)
		if key == "objects" && !d.sawArray {
			tok, err := d.dec.Token()
			if err != nil {
				return d.syntax(err)
			}
			if tok != json.Delim('[') {
				return fmt.Errorf("bundle property \"objects\" must be a list, found %v", tok)
			}
			d.sawArray = true
			d.state = 2
			return nil
		}
		var v json.RawMessage
		if err := d.dec.Decode(&v); err != nil {
			return d.syntax(err)
		}
		d.top[key] = v
		if key == "id" {
			_ = json.Unmarshal(v, &d.BundleID)
		}
	}
	if _, err := d.dec.Token(); err != nil { // closing '}'
		return d.syntax(err)
	}
	d.state = 3
	return nil
}

func (d *Decoder) topString(key string) string {
	var s string
	_ = json.Unmarshal(d.top[key], &s)
	return s
}

func (d *Decoder) expectEOF() error {
	if _, err := d.dec.Token(); err != io.EOF {
		if err != nil {
			return d.syntax(err)
		}
		return fmt.Errorf("unexpected data after the end of the JSON value at byte %d", d.dec.InputOffset())
	}
	return nil
}

func (d *Decoder) syntax(err error) error {
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("malformed JSON: unexpected end of input at byte %d", d.dec.InputOffset())
	}
	return fmt.Errorf("malformed JSON at byte %d: %w", d.dec.InputOffset(), err)
}
