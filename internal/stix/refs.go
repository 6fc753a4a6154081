package stix

import (
	"bytes"
	"encoding/json"
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
	entries := make([]refEntry, len(objs))
	have := make(map[string]bool, len(objs))
	for i, raw := range objs {
		v, err := decodeWithNumbers(raw)
		if err != nil {
			continue
		}
		entries[i] = newRefEntry(v)
		if id := entries[i].id; id != "" {
			have[id] = true
		}
	}
	dropped := dropUnresolved(entries, have)
	out := make([]json.RawMessage, 0, len(objs))
	for i, raw := range objs {
		if dropped[i] {
			continue
		}
		clean := true
		for _, r := range entries[i].refs {
			clean = clean && have[r]
		}
		if clean {
			out = append(out, raw)
			continue
		}
		out = append(out, WithoutRefs(raw, func(id string) bool { return !have[id] }))
	}
	return out
}

// refEntry is what ResolveRefs needs of one object.
type refEntry struct {
	id       string
	required []string // refs without which the object goes
	anyOf    []string // object_refs: the object goes when none resolves
	refs     []string // every ref
}

func newRefEntry(v map[string]any) refEntry {
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
	collectRefs(v, "", false, &e.refs)
	return e
}

// gone reports whether the object cannot stay: a required ref, or every
// one of its object_refs, does not resolve.
func (e refEntry) gone(have map[string]bool) bool {
	for _, r := range e.required {
		if !have[r] {
			return true
		}
	}
	if len(e.anyOf) == 0 {
		return false
	}
	for _, r := range e.anyOf {
		if have[r] {
			return false
		}
	}
	return true
}

// dropUnresolved marks the objects that go, and takes their ids out of
// have, until no more go (one going can take another with it).
func dropUnresolved(entries []refEntry, have map[string]bool) []bool {
	dropped := make([]bool, len(entries))
	for changed := true; changed; {
		changed = false
		for i, e := range entries {
			if dropped[i] || !e.gone(have) {
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

func refsOf(raw []byte, markings bool) []string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []string
	collectRefs(v, "", markings, &out)
	return out
}

// isRefKey says whether a property holds references that may be pruned.
func isRefKey(k string) bool {
	return (strings.HasSuffix(k, "_ref") || strings.HasSuffix(k, "_refs")) && !isMarkingKey(k)
}

// isMarkingKey says whether a property holds markings.
func isMarkingKey(k string) bool { return k == "object_marking_refs" || k == "marking_ref" }

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

// collectRefs gathers the references of v, at any depth, markings too
// when markings is true.
func collectRefs(v any, key string, markings bool, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			collectRefs(val, k, markings, out)
		}
	case []any:
		for _, e := range x {
			collectRefs(e, key, markings, out)
		}
	case string:
		if (isRefKey(key) || markings && isMarkingKey(key)) && isRef(x) {
			*out = append(*out, x)
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
