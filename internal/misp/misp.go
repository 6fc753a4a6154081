package misp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/telltale-cti/telltale"
)

// Epoch is the created and modified time of every object made here: fixed so
// that converting the same file twice gives the same objects.
const Epoch = "2026-08-06T00:00:00.000Z"

// ValueError says why one value of a cluster file was skipped.
type ValueError struct {
	File   string // name of the file, as given to Convert
	Index  int    // position of the value in the file's "values", from 0
	UUID   string // the value's uuid, "" when it has none
	Reason string
}

func (e *ValueError) Error() string {
	if e.UUID != "" {
		return fmt.Sprintf("%s: value %d (uuid %s): %s", e.File, e.Index, e.UUID, e.Reason)
	}
	return fmt.Sprintf("%s: value %d: %s", e.File, e.Index, e.Reason)
}

// Convert reads a MISP galaxy cluster file and calls emit with each STIX
// object it yields as compact JSON, numbered from 0 in the order emitted.
// A malformed value is skipped and passed to reject; with a nil reject, the
// first one ends the conversion as its error. An error returned by emit
// ends the conversion and is returned as is.
func Convert(r io.Reader, name string, emit func(index int, raw []byte) error, reject func(*ValueError)) error {
	c := &converter{name: name, emit: emit, reject: reject, seen: map[string]bool{}, uuids: map[string]int{}}
	return c.run(r)
}

// header is what the top level of a cluster file says about its values.
type header struct {
	Type     string
	Category string
}

func (c *converter) fatalf(format string, args ...any) error {
	return telltale.Errorf(telltale.EINVALID, "%s: %s", c.name, fmt.Sprintf(format, args...))
}

// run walks the top-level object, streaming "values" one value at a time.
// The files list "type" before "values"; should a file do otherwise, the
// values are held until the header is read.
func (c *converter) run(r io.Reader) error {
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err != nil {
		return c.syntax(dec, err, "")
	}
	if tok != json.Delim('{') {
		return c.fatalf("not a MISP galaxy cluster file: the top level is not a JSON object")
	}
	var held []json.RawMessage
	sawValues := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return c.syntax(dec, err, "")
		}
		key, _ := tok.(string)
		switch key {
		case "type", "category":
			err = c.headerField(dec, key)
		case "values":
			sawValues = true
			held, err = c.values(dec, held)
		default:
			var skip json.RawMessage
			if err = dec.Decode(&skip); err != nil {
				err = c.syntax(dec, err, "")
			}
		}
		if err != nil {
			return err
		}
	}
	return c.end(dec, sawValues, held)
}

// headerField reads the string value of the top-level "type" or
// "category" into the header.
func (c *converter) headerField(dec *json.Decoder, key string) error {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return c.syntax(dec, err, "")
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil || !utf8.Valid(raw) {
		return c.fatalf("%q: must be a string in UTF-8, not %s", key, clip(raw))
	}
	if key == "type" {
		c.hdr.Type = s
	} else {
		c.hdr.Category = s
	}
	return nil
}

// values converts the "values" list one value at a time, or appends the
// values to held while the header's type is not known yet.
func (c *converter) values(dec *json.Decoder, held []json.RawMessage) ([]json.RawMessage, error) {
	if tok, err := dec.Token(); err != nil {
		return held, c.syntax(dec, err, "")
	} else if tok != json.Delim('[') {
		return held, c.fatalf(`"values": must be a list of cluster values`)
	}
	for i := 0; dec.More(); i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return held, c.syntax(dec, err, fmt.Sprintf("value %d", i))
		}
		if c.hdr.Type == "" {
			held = append(held, raw)
			continue
		}
		if err := c.start(); err != nil {
			return held, err
		}
		if err := c.value(i, raw); err != nil {
			return held, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return held, c.syntax(dec, err, "")
	}
	return held, nil
}

// end checks the end of the file, converts the values held for want of a
// header, and finishes the conversion.
func (c *converter) end(dec *json.Decoder, sawValues bool, held []json.RawMessage) error {
	if _, err := dec.Token(); err != nil {
		return c.syntax(dec, err, "")
	}
	if _, err := dec.Token(); err != io.EOF {
		return c.fatalf("unexpected data after the cluster file's JSON object")
	}
	if !sawValues {
		return c.fatalf(`no "values": not a MISP galaxy cluster file`)
	}
	if err := c.start(); err != nil {
		return err
	}
	for i, raw := range held {
		if err := c.value(i, raw); err != nil {
			return err
		}
	}
	return c.finish()
}

// syntax turns a decoding error into a message naming where it happened.
func (c *converter) syntax(dec *json.Decoder, err error, where string) error {
	if where != "" {
		where += ": "
		if c.lastUUID != "" {
			where = fmt.Sprintf("%s(after value %d, uuid %s): ", where, c.lastIndex, c.lastUUID)
		}
	}
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return c.fatalf("%sthe file ends in the middle of its JSON (truncated?)", where)
	case errors.As(err, &se):
		return c.fatalf("%smalformed JSON at byte %d: %v", where, se.Offset, err)
	}
	var ve *telltale.Error
	if errors.As(err, &ve) {
		return err
	}
	return c.fatalf("%sreading the file: %v", where, err)
}

// clip shortens a raw JSON value for a message.
func clip(raw []byte) string {
	s := strings.ToValidUTF8(string(raw), "\uFFFD")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// encode writes v as compact JSON without HTML escaping, so text survives
// as the galaxy wrote it.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
