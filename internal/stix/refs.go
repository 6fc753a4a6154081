package stix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
)

// ResolveRefs makes a set of objects self-contained, for a bundle that
// must not name objects it does not hold (an export without revoked
// objects, a sector's landscape): every reference — a property named
// *_ref or *_refs, at any depth — must name an object of the set.
//
//   - A relationship whose source_ref or target_ref, or a sighting whose
//     sighting_of_ref, names no object of the set is left out, and so is
//     an object whose object_refs names none.
//   - An unresolved entry of a *_refs list is removed from the list (a
//     list left empty goes), an unresolved *_ref property of the object is
//     removed, and an element of a list (x_mitre_contents) whose *_ref is
//     unresolved is removed from its list.
//   - Markings are never removed: object_marking_refs and the marking_ref
//     of granular markings stay as they are, resolved or not, since they
//     decide who may see the object (the caller includes the marking
//     definitions it holds).
//
// Leaving objects out can leave others dangling, so the rules apply until
// nothing changes. Objects that need no change are returned as they were,
// byte for byte, in their order; changed ones are re-encoded.
func ResolveRefs(objs []json.RawMessage) []json.RawMessage {
	out := make([]json.RawMessage, 0, len(objs))
	each := func(yield func(json.RawMessage) error) error {
		for _, raw := range objs {
			if err := yield(raw); err != nil {
				return err
			}
		}
		return nil
	}
	_ = ResolveRefsEach(each, func(raw json.RawMessage) error {
		out = append(out, raw)
		return nil
	})
	return out
}

// ResolveRefsEach is ResolveRefs over a stream, for a set too large to
// hold: each calls yield with every object of the set, in the same order
// each time it is called, and write receives what ResolveRefs would
// return, in order; an error of either stops it. each is called a few
// times: once to learn the set's ids, then until no more objects go, then
// once to write. Between calls it keeps a 64-bit hash of each id (8 bytes
// an object) and the hashes of the objects that go, so two ids whose hashes
// agree count as one: a reference to an absent object whose id's hash
// agrees with a present one's would be kept (with 10 million ids, about
// one chance in 300,000 that any two agree).
func ResolveRefsEach(each func(yield func(json.RawMessage) error) error, write func(json.RawMessage) error) error {
	r := hashedSet{seed: maphash.MakeSeed(), gone: map[uint64]bool{}}
	if err := each(func(raw json.RawMessage) error {
		if e, ok := idEntry(raw); ok && e.id != "" {
			r.have = append(r.have, r.hash(e.id))
		}
		return nil
	}); err != nil {
		return err
	}
	slices.Sort(r.have)
	// One object going can take another with it; whether an object goes
	// only grows as others go, so the passes end.
	for changed := true; changed; {
		changed = false
		if err := each(func(raw json.RawMessage) error {
			e, ok := idEntry(raw)
			if ok && e.id != "" && !r.gone[r.hash(e.id)] && e.gone(r.resolved) {
				r.gone[r.hash(e.id)], changed = true, true
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return each(func(raw json.RawMessage) error {
		if e, ok := idEntry(raw); ok && e.gone(r.resolved) {
			return nil
		}
		for _, ref := range PrunableRefs(raw) {
			if !r.resolved(ref) {
				return write(WithoutRefs(raw, func(id string) bool { return !r.resolved(id) }))
			}
		}
		return write(raw)
	})
}

// hashedSet is the ids of a set of objects by their hashes, less those of
// the objects that go.
type hashedSet struct {
	seed maphash.Seed
	have []uint64 // sorted
	gone map[uint64]bool
}

func (r *hashedSet) hash(id string) uint64 { return maphash.String(r.seed, id) }

// resolved reports whether id names an object of the set that stays.
func (r *hashedSet) resolved(id string) bool {
	h := r.hash(id)
	_, found := slices.BinarySearch(r.have, h)
	return found && !r.gone[h]
}

// ResolvedIDs returns the ids of the objects ResolveRefs keeps of objs,
// without decoding or rewriting them: only the members it decides by (id,
// source_ref, target_ref, sighting_of_ref, object_refs; the last of a
// name given twice) are read. An object that is not a JSON object is an
// error.
func ResolvedIDs(objs []json.RawMessage) (map[string]bool, error) {
	entries := make([]Resolvable, len(objs))
	for i, raw := range objs {
		var ok bool
		if entries[i], ok = ResolvableOf(raw); !ok {
			return nil, fmt.Errorf("object %d of the bundle is not a JSON object", i)
		}
	}
	return ResolvedIDsOf(entries), nil
}

// Resolvable is what ResolvedIDsOf needs of one object: its id, the
// references without which it goes (source_ref, target_ref,
// sighting_of_ref) and its object_refs, of which one must resolve.
type Resolvable struct {
	ID       string
	Required []string
	AnyOf    []string
}

// ResolvableOf reads what ResolvedIDsOf needs of an object from its JSON
// (the members ResolvedIDs decides by); false when it is not a JSON
// object.
func ResolvableOf(raw []byte) (Resolvable, bool) {
	e, ok := idEntry(raw)
	slices.Sort(e.required) // read from a map: in the same order every time
	return Resolvable{ID: e.id, Required: e.required, AnyOf: e.anyOf}, ok
}

// ResolvedIDsOf is ResolvedIDs over what ResolvableOf read of each
// object: callers that keep it need not read the objects again.
func ResolvedIDsOf(objs []Resolvable) map[string]bool {
	entries := make([]refEntry, len(objs))
	have := make(map[string]bool, len(objs))
	for i, o := range objs {
		entries[i] = refEntry{id: o.ID, required: o.Required, anyOf: o.AnyOf}
		if o.ID != "" {
			have[o.ID] = true
		}
	}
	dropped := dropUnresolved(entries, have)
	ids := make(map[string]bool, len(objs))
	for i, e := range entries {
		if !dropped[i] {
			ids[e.id] = true
		}
	}
	return ids
}

// idEntry is newRefEntry without the references ResolveRefs would prune
// (refs), read from the members that decide whether the object stays.
func idEntry(raw []byte) (refEntry, bool) {
	v := map[string]any{}
	bad := false
	ok := eachTopLevel(raw, func(k string, val []byte) bool {
		switch k {
		case "id", "source_ref", "target_ref", "sighting_of_ref", "object_refs":
			var x any
			if json.Unmarshal(val, &x) != nil {
				bad = true
				return false
			}
			v[k] = x
		}
		return true
	})
	if !ok || bad {
		return refEntry{}, false
	}
	return newRefEntry(v, nil), true
}

// refEntry is what ResolveRefs needs of one object.
type refEntry struct {
	id       string
	required []string // refs without which the object goes
	anyOf    []string // object_refs: the object goes when none resolves
	refs     []string // every ref
}

func newRefEntry(v map[string]any, raw []byte) refEntry {
	e := refEntry{}
	e.id, _ = v["id"].(string)
	for k, val := range v {
		switch k {
		case "source_ref", "target_ref", "sighting_of_ref":
			if s, ok := val.(string); ok {
				e.required = append(e.required, s)
			}
		case "object_refs":
			e.anyOf = refStrings(val)
		}
	}
	if raw != nil {
		e.refs = PrunableRefs(raw)
	}
	return e
}

// gone reports whether the object cannot stay: a required ref, or every
// one of its object_refs, does not resolve.
func (e refEntry) gone(resolved func(id string) bool) bool {
	for _, r := range e.required {
		if !resolved(r) {
			return true
		}
	}
	if len(e.anyOf) == 0 {
		return false
	}
	for _, r := range e.anyOf {
		if resolved(r) {
			return false
		}
	}
	return true
}

// has is a map of ids as the resolved function of gone.
func has(m map[string]bool) func(string) bool { return func(id string) bool { return m[id] } }

// dropUnresolved marks the objects that go, and takes their ids out of
// have, until no more go (one going can take another with it).
func dropUnresolved(entries []refEntry, have map[string]bool) []bool {
	dropped := make([]bool, len(entries))
	for changed := true; changed; {
		changed = false
		for i, e := range entries {
			if dropped[i] || !e.gone(has(have)) {
				continue
			}
			dropped[i], changed = true, true
			if e.id != "" {
				delete(have, e.id)
			}
		}
	}
	return dropped
}

// PrunableRefs lists the references of an object that ResolveRefs may
// remove: those under every property named *_ref or *_refs, at any
// depth, markings excepted.
func PrunableRefs(raw []byte) []string { return refsOf(raw, false) }

// WithoutRefs is raw without the references drop names, removed as
// ResolveRefs removes unresolved ones: entries of *_refs lists (a list
// left empty goes), *_ref properties, and list elements (x_mitre_contents
// entries) whose *_ref goes. Markings stay. The object is re-encoded.
// raw itself is returned when it cannot be decoded or encoded again.
func WithoutRefs(raw json.RawMessage, drop func(id string) bool) json.RawMessage {
	v, err := decodeWithNumbers(raw)
	if err != nil {
		return raw
	}
	pruneRefs(v, drop)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return raw
	}
	return bytes.TrimSpace(buf.Bytes())
}

// EmptiedBy reports whether removing the references drop names would
// leave raw without one it cannot do without, by the rule ResolveRefs
// applies: every entry of its object_refs (a report, a grouping, a note
// must name at least one object), its source_ref or target_ref, or its
// sighting_of_ref. Such an object is left out rather than shown invalid.
func EmptiedBy(raw []byte, drop func(id string) bool) bool {
	v, err := decodeWithNumbers(raw)
	if err != nil {
		return false
	}
	e := newRefEntry(v, raw)
	have := map[string]bool{}
	for _, r := range append(e.required, e.anyOf...) {
		have[r] = !drop(r)
	}
	return e.gone(has(have))
}

// decodeWithNumbers decodes an object keeping numbers as json.Number, so
// that they are written back as they were.
func decodeWithNumbers(raw []byte) (map[string]any, error) {
	var v map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	err := dec.Decode(&v)
	return v, err
}

// Refs lists the references of an object: the identifiers under every
// property named *_ref or *_refs, at any depth, markings included.
func Refs(raw []byte) []string { return refsOf(raw, true) }

// refsOf walks the object's JSON without building it (a TAXII page or an
// export lists the references of every object it shows): nil when it is
// not valid JSON.
func refsOf(raw []byte, markings bool) []string {
	p := jsonParser{data: raw}
	var out []string
	p.ws()
	if !p.refs(false, markings, &out, 0) {
		return nil
	}
	return out
}

// isRefKey says whether a property holds references that may be pruned.
// The name is a string, or bytes of the JSON when they need no unescaping
// (refsOf looks at each name of an object without copying it).
func isRefKey[K string | []byte](k K) bool {
	return (hasSuffix(k, "_ref") || hasSuffix(k, "_refs")) && !isMarkingKey(k)
}

func hasSuffix[K string | []byte](k K, suffix string) bool {
	return len(k) >= len(suffix) && string(k[len(k)-len(suffix):]) == suffix
}

// isMarkingKey says whether a property holds markings.
func isMarkingKey[K string | []byte](k K) bool {
	return string(k) == "object_marking_refs" || string(k) == "marking_ref"
}

// isRef says whether a string has the shape of a STIX identifier.
func isRef(s string) bool {
	i := strings.Index(s, "--")
	return i > 0 && len(s)-i-2 == 36
}

func refStrings(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		if isRef(x) {
			out = append(out, x)
		}
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok && isRef(s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// refs moves past the value at p.i, adding to out the identifiers it
// holds under ref keys, at any depth, and under marking keys too when
// markings; wanted says whether the value itself is under such a key (it
// is the value of one, or an item of its list). Strings under other keys
// are skipped undecoded. It reports whether the value is well-formed as
// far as it was read.
func (p *jsonParser) refs(wanted, markings bool, out *[]string, depth int) bool {
	if depth > maxJSONDepth || p.i >= len(p.data) {
		return false
	}
	switch p.data[p.i] {
	case '{':
		return p.each('}', func() bool {
			keyWanted, ok := p.refKey(markings)
			if !ok {
				return false
			}
			p.ws()
			if p.i >= len(p.data) || p.data[p.i] != ':' {
				return false
			}
			p.i++
			p.ws()
			return p.refs(keyWanted, markings, out, depth+1)
		})
	case '[':
		return p.each(']', func() bool { return p.refs(wanted, markings, out, depth+1) })
	case '"':
		if !wanted {
			return p.skip()
		}
		s, err := p.str()
		if err != nil {
			return false
		}
		if isRef(s) {
			*out = append(*out, s)
		}
		return true
	}
	return p.skip()
}

// refKey reads a property name at p.i and says whether its value is
// wanted: references (isRefKey), or markings too when markings. A name
// without escapes is looked at where it is, not copied.
func (p *jsonParser) refKey(markings bool) (wanted, ok bool) {
	if p.data[p.i] != '"' {
		return false, false
	}
	start := p.i + 1
	if end := bytes.IndexByte(p.data[start:], '"'); end >= 0 && bytes.IndexByte(p.data[start:start+end], '\\') < 0 {
		p.i = start + end + 1
		k := p.data[start : start+end]
		return isRefKey(k) || markings && isMarkingKey(k), true
	}
	k, err := p.str()
	return isRefKey(k) || markings && isMarkingKey(k), err == nil
}

// each reads the members of the object or the items of the list that
// starts at p.i, one at a time with item (called at the start of each),
// up to the closing byte end.
func (p *jsonParser) each(end byte, item func() bool) bool {
	p.i++
	p.ws()
	if p.i < len(p.data) && p.data[p.i] == end {
		p.i++
		return true
	}
	for {
		p.ws()
		if p.i >= len(p.data) || !item() {
			return false
		}
		p.ws()
		if p.i >= len(p.data) {
			return false
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case end:
			p.i++
			return true
		default:
			return false
		}
	}
}

// pruneRefs removes from m the references drop names: entries of *_refs
// lists, *_ref properties, and elements of lists whose *_ref goes. It
// reports whether m itself holds a *_ref that goes (its list element
// must go).
func pruneRefs(m map[string]any, drop func(id string) bool) (unresolved bool) {
	for k, val := range m {
		switch x := val.(type) {
		case string:
			if isRefKey(k) && isRef(x) && drop(x) {
				delete(m, k)
				unresolved = true
			}
		case map[string]any:
			if pruneRefs(x, drop) && len(x) == 0 {
				delete(m, k)
			}
		case []any:
			kept := x[:0]
			for _, e := range x {
				switch y := e.(type) {
				case string:
					if isRefKey(k) && isRef(y) && drop(y) {
						continue
					}
				case map[string]any:
					if pruneRefs(y, drop) {
						continue
					}
				}
				kept = append(kept, e)
			}
			if len(kept) == 0 && len(x) > 0 {
				delete(m, k)
			} else {
				m[k] = kept
			}
		}
	}
	return unresolved
}
