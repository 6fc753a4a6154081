package stix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Common holds the properties every STIX object Telltale builds shares,
// and the custom properties its type does not declare. Each typed object
// (Identity, Relationship, Report, ...) embeds it: the one way this
// module builds STIX objects. (Object, the decoder's, is for reading what
// others wrote: the indexed properties and the JSON as received.)
//
// A typed object's JSON holds, in this order: type, spec_version, id,
// created_by_ref, created and modified; the type's own properties, in
// the order the specification lists them; revoked, labels, confidence,
// external_references and object_marking_refs; then Custom, in the order
// its properties were set or read. Decoding keeps every property the type
// does not declare in Custom, value and place among them as received, so a
// decode and encode round trip loses nothing.
type Common struct {
	Type         string `json:"-"`
	SpecVersion  string `json:"-"`
	ID           string `json:"-"`
	CreatedByRef string `json:"-"`
	Created      string `json:"-"`
	Modified     string `json:"-"`

	Revoked            bool                `json:"-"`
	Labels             []string            `json:"-"`
	Confidence         *int                `json:"-"`
	ExternalReferences []ExternalReference `json:"-"`
	ObjectMarkingRefs  []string            `json:"-"`

	Custom Properties `json:"-"`
}

// NewCommon starts the common properties of a STIX 2.1 object.
func NewCommon(typ, id, createdBy, created, modified string) Common {
	return Common{Type: typ, SpecVersion: "2.1", ID: id, CreatedByRef: createdBy, Created: created, Modified: modified}
}

// Props returns the object's common properties, for code that handles
// objects of any type.
func (c *Common) Props() *Common { return c }

// SetConfidence sets confidence.
func (c *Common) SetConfidence(n int) { c.Confidence = &n }

// Properties are custom properties, in order.
type Properties []Property

// Property is one custom property: its name and its value, anything
// encoding/json can write (a json.RawMessage, as read, is written as it
// is).
type Property struct {
	Name  string
	Value any
}

// Set sets a property, in place when it is there already, else last.
func (p *Properties) Set(name string, v any) {
	for i := range *p {
		if (*p)[i].Name == name {
			(*p)[i].Value = v
			return
		}
	}
	*p = append(*p, Property{Name: name, Value: v})
}

// SetNonEmpty sets a property unless v is empty: nil, "", or a slice or
// map of length 0 (a nil json.RawMessage among them).
func (p *Properties) SetNonEmpty(name string, v any) {
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Invalid:
		return
	case reflect.String, reflect.Slice, reflect.Map:
		if r.Len() == 0 {
			return
		}
	case reflect.Pointer, reflect.Interface:
		if r.IsNil() {
			return
		}
	}
	p.Set(name, v)
}

// Get returns a property's value.
func (p Properties) Get(name string) (any, bool) {
	for _, x := range p {
		if x.Name == name {
			return x.Value, true
		}
	}
	return nil, false
}

// Typed is a typed STIX object: a pointer to one of this package's object
// types (a struct that embeds Common and declares its own properties with
// json tags). A type the package lacks is added here, beside the others.
type Typed interface {
	// Props returns the object's common properties.
	Props() *Common
	// parts returns the common properties and the type's own, the latter
	// as a value whose JSON holds only them.
	parts() (*Common, any)
}

// Marshal writes a typed object's JSON in the order Common describes,
// escaped as json.Marshal escapes.
func Marshal(o Typed) ([]byte, error) { return Encoding{}.Encode(o) }

// Encoding says how Encode writes a typed object. The zero value writes
// what Marshal does; the options keep the bytes of objects that earlier
// versions wrote with encoding/json (ids do not depend on them, but
// re-imports compare bytes).
type Encoding struct {
	// SortKeys writes the properties in key order, and the keys of the
	// values of declared properties (external references) too, as
	// encoding/json writes a map. Custom values are written as they are.
	SortKeys bool
	// SortCustom writes the keys of custom values in order too, at every
	// level (their values as they are): with SortKeys, an object is
	// written as json.Marshal writes it decoded into a map, as accepted
	// drafts have always been imported.
	SortCustom bool
	// NoHTMLEscape leaves <, > and & as they are, as an Encoder with
	// SetEscapeHTML(false) does.
	NoHTMLEscape bool
}

// Encode writes o's JSON.
func (e Encoding) Encode(o Typed) ([]byte, error) {
	return encodeTyped(o, e.SortKeys, e.SortCustom, !e.NoHTMLEscape)
}

// Unmarshal reads a typed object from its JSON: Common's properties, the
// type's own, and everything else in Custom, as Common describes.
func Unmarshal(data []byte, o Typed) error {
	c, own := o.parts()
	pairs, err := objectPairs(data)
	if err != nil {
		return err
	}
	known := ownKeys(reflect.TypeOf(own))
	var ownJSON bytes.Buffer
	ownJSON.WriteByte('{')
	for _, p := range pairs {
		isCommon, err := c.set(p.name, p.value)
		switch {
		case err != nil:
			return err
		case isCommon:
		case known[p.name]:
			if ownJSON.Len() > 1 {
				ownJSON.WriteByte(',')
			}
			b, _ := json.Marshal(p.name) // a string always encodes
			ownJSON.Write(b)
			ownJSON.WriteByte(':')
			ownJSON.Write(p.value)
		default:
			c.Custom = append(c.Custom, Property{Name: p.name, Value: p.value})
		}
	}
	ownJSON.WriteByte('}')
	return json.Unmarshal(ownJSON.Bytes(), own)
}

// pair is one property as JSON.
type pair struct {
	name  string
	value json.RawMessage
}

// objectPairs splits a JSON object into its properties, in order.
func objectPairs(data []byte) ([]pair, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("stix: not a JSON object")
	}
	var out []pair
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, pair{name: t.(string), value: v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return out, nil
}

// set reads one of Common's properties; false when name is none of them.
func (c *Common) set(name string, v json.RawMessage) (bool, error) {
	head, tail := c.fields()
	for _, f := range append(head[:], tail[:]...) {
		if f.name != name {
			continue
		}
		if err := json.Unmarshal(v, f.ptr); err != nil {
			return true, fmt.Errorf("stix: property %q: %w", name, err)
		}
		return true, nil
	}
	return false, nil
}

// fields are Common's properties before the type's own (head) and after
// them (tail), each with a pointer to its field and whether it is empty
// (and left out when written).
func (c *Common) fields() (head [6]field, tail [5]field) {
	head = [6]field{
		{"type", &c.Type, false}, {"spec_version", &c.SpecVersion, false}, {"id", &c.ID, false},
		{"created_by_ref", &c.CreatedByRef, c.CreatedByRef == ""},
		{"created", &c.Created, c.Created == ""}, {"modified", &c.Modified, c.Modified == ""},
	}
	tail = [5]field{
		{"revoked", &c.Revoked, !c.Revoked}, {"labels", &c.Labels, len(c.Labels) == 0},
		{"confidence", &c.Confidence, c.Confidence == nil},
		{"external_references", &c.ExternalReferences, len(c.ExternalReferences) == 0},
		{"object_marking_refs", &c.ObjectMarkingRefs, len(c.ObjectMarkingRefs) == 0},
	}
	return head, tail
}

// field is one of Common's properties.
type field struct {
	name  string
	ptr   any
	empty bool
}

// encodeTyped writes o: sorted, its properties in key order and its
// declared values' keys too; sortCustom, its custom values' keys too;
// escape, HTML escaped.
func encodeTyped(o Typed, sorted, sortCustom, escape bool) ([]byte, error) {
	c, own := o.parts()
	w := newObjectWriter(escape)
	head, tail := c.fields()
	for _, f := range head {
		if !f.empty {
			w.prop(f.name, f.ptr, false)
		}
	}
	w.inline(own, sorted)
	for _, f := range tail {
		if !f.empty {
			w.prop(f.name, f.ptr, sorted)
		}
	}
	for _, p := range c.Custom {
		w.prop(p.Name, p.Value, sortCustom)
	}
	b, err := w.close(sorted)
	if err != nil {
		return nil, fmt.Errorf("stix: %s %s: %w", c.Type, c.ID, err)
	}
	return b, nil
}

// objectWriter writes a JSON object one property at a time, through one
// encoder; it keeps the first error.
type objectWriter struct {
	buf    bytes.Buffer
	enc    *json.Encoder
	escape bool
	n      int
	err    error
}

// newObjectWriter starts an object. The writer comes from a pool; close
// returns it there.
func newObjectWriter(escape bool) *objectWriter {
	w, _ := writers.Get().(*objectWriter)
	if w == nil {
		w = &objectWriter{}
		w.enc = json.NewEncoder(&w.buf)
	}
	w.buf.Reset()
	w.escape, w.n, w.err = escape, 0, nil
	w.enc.SetEscapeHTML(escape)
	w.buf.WriteByte('{')
	return w
}

var writers sync.Pool // *objectWriter

// prop writes one property; canonical, with the keys of its value's
// objects in order.
func (w *objectWriter) prop(name string, v any, canonical bool) {
	if w.err != nil {
		return
	}
	w.key(name)
	start := w.buf.Len()
	w.value(v)
	if canonical {
		w.sortFrom(start)
	}
	if w.err != nil {
		w.err = fmt.Errorf("property %q: %w", name, w.err)
	}
}

// inline writes the properties of v, a struct, as properties of the
// object; canonical, with the keys of their values' objects in order.
func (w *objectWriter) inline(v any, canonical bool) {
	if w.err != nil {
		return
	}
	start := w.buf.Len()
	w.value(v)
	if canonical {
		w.sortFrom(start)
	}
	if w.err != nil {
		return
	}
	// Drop the braces: "{a,b}" becomes ",a,b" after what is written.
	b := w.buf.Bytes()
	inner := len(b) - start - 2
	if inner == 0 {
		w.buf.Truncate(start)
		return
	}
	if w.n > 0 {
		b[start] = ','
		w.buf.Truncate(len(b) - 1)
	} else {
		copy(b[start:], b[start+1:len(b)-1])
		w.buf.Truncate(len(b) - 2)
	}
	w.n++
}

// sortFrom rewrites the value written from start with the keys of its
// objects in order.
func (w *objectWriter) sortFrom(start int) {
	if w.err != nil {
		return
	}
	var b []byte
	if b, w.err = sortedKeys(w.buf.Bytes()[start:], w.escape); w.err == nil {
		w.buf.Truncate(start)
		w.buf.Write(b)
	}
}

func (w *objectWriter) key(name string) {
	if w.n > 0 {
		w.buf.WriteByte(',')
	}
	w.n++
	if plainName(name) {
		w.buf.WriteByte('"')
		w.buf.WriteString(name)
		w.buf.WriteString(`":`)
		return
	}
	w.value(name)
	w.buf.WriteByte(':')
}

// value writes v's compact JSON.
func (w *objectWriter) value(v any) {
	if err := w.enc.Encode(v); err != nil {
		w.err = err
		return
	}
	w.buf.Truncate(w.buf.Len() - 1) // the Encoder's newline
}

// close ends the object and returns a copy of its JSON, sorted with its
// properties in key order (their values as they are).
func (w *objectWriter) close(sorted bool) ([]byte, error) {
	w.buf.WriteByte('}')
	var b []byte
	if sorted {
		b = appendSorted(make([]byte, 0, w.buf.Len()), w.buf.Bytes(), false)
	} else {
		b = bytes.Clone(w.buf.Bytes())
	}
	err := w.err
	if w.buf.Cap() <= 1<<20 {
		writers.Put(w)
	}
	return b, err
}

// plainName reports whether a property name needs no escaping in JSON.
func plainName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return s != ""
}

// sortedKeys rewrites a JSON value, as the writer wrote it, with the keys
// of its objects in order at every level.
func sortedKeys(b []byte, _ bool) ([]byte, error) {
	if bytes.IndexByte(b, '{') < 0 {
		return b, nil // no object in it (or only in a string)
	}
	return appendSorted(make([]byte, 0, len(b)), b, true), nil
}

// appendSorted appends b, a compact JSON value that encoding/json wrote,
// with the keys of its objects in order: of the outer one, or deep, of
// every one. Values are written as they are (escaped as they were). It
// allocates nothing but dst's growth for objects of up to 32 keys.
func appendSorted(dst, b []byte, deep bool) []byte {
	if len(b) == 0 || b[0] != '{' && (b[0] != '[' || !deep) {
		return append(dst, b...)
	}
	if b[0] == '[' { // elements stay in order; only objects in them change
		dst = append(dst, '[')
		for i := 1; i < len(b)-1; {
			end := valueEnd(b, i)
			if i > 1 {
				dst = append(dst, ',')
			}
			dst = appendSorted(dst, b[i:end], true)
			i = end + 1
		}
		return append(dst, ']')
	}
	type part struct {
		key   []byte // the name, unquoted
		whole []byte // the key and its colon
		value []byte
	}
	var room [32]part
	parts := room[:0]
	for i := 1; i < len(b)-1; {
		end := stringEnd(b, i)
		p := part{key: unquoted(b[i:end]), whole: b[i : end+1]}
		i = end + 1
		end = valueEnd(b, i)
		p.value = b[i:end]
		parts = append(parts, p)
		i = end + 1
	}
	slices.SortStableFunc(parts, func(x, y part) int { return bytes.Compare(x.key, y.key) })
	dst = append(dst, '{')
	for i, p := range parts {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, p.whole...)
		if deep {
			dst = appendSorted(dst, p.value, true)
		} else {
			dst = append(dst, p.value...)
		}
	}
	return append(dst, '}')
}

// unquoted is the text a JSON string literal holds.
func unquoted(lit []byte) []byte {
	if bytes.IndexByte(lit, '\\') < 0 {
		return lit[1 : len(lit)-1]
	}
	var s string
	_ = json.Unmarshal(lit, &s)
	return []byte(s)
}

// valueEnd returns the index after the compact JSON value at i.
func valueEnd(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			i = stringEnd(b, i) - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		if depth < 0 || depth == 0 && b[i] == ',' {
			return i
		}
	}
	return i
}

// stringEnd returns the index after the JSON string that starts at i.
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(b)
}

// ownKeys are the JSON names of the fields a type declares, Common's
// (all "-") left out.
func ownKeys(t reflect.Type) map[string]bool {
	if m, ok := ownKeysCache.Load(t); ok {
		return m.(map[string]bool)
	}
	st := t
	for st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	m := map[string]bool{}
	for i := 0; i < st.NumField(); i++ {
		tag := st.Field(i).Tag.Get("json")
		if name, _, _ := strings.Cut(tag, ","); name != "" && name != "-" {
			m[name] = true
		}
	}
	ownKeysCache.Store(t, m)
	return m
}

var ownKeysCache sync.Map // reflect.Type → map[string]bool
