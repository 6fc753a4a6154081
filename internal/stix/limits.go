package stix

import (
	"bytes"
	"errors"
	"fmt"
)

// Defaults of Limits. Each is far above what real sources carry (ATT&CK
// Enterprise: 24,772 objects, at most 16 aliases, names of 124 bytes, a
// list of 24,770 items, strings of 4,680 bytes; MISP galaxies: 41
// synonyms, lists of 784 items; reports in the wild: 80,000 indicators)
// and low enough that one object cannot make the server hold many times
// its size: every list item and dictionary key costs tens of bytes in
// memory and downstream (alias claims, clusters, pages), whatever its size
// in the input.
const (
	DefaultMaxObjects     = 1_000_000 // objects in one bundle or envelope
	DefaultMaxListItems   = 100_000   // items of any list, keys of any dictionary, in one object
	DefaultMaxAliases     = 1_000     // items of aliases, x_mitre_aliases, x_opencti_aliases
	DefaultMaxNameBytes   = 1_024     // bytes of name and of each alias
	DefaultMaxStringBytes = 8 << 20   // bytes of any other string value, decoded
)

// Limits bound what one input may make an importer hold. A zero field takes
// its default (DefaultMaxObjectSize and the Default* constants); a negative
// one means no limit.
type Limits struct {
	MaxObjects     int   // objects in one bundle or envelope
	MaxObjectSize  int64 // bytes of one object, compacted
	MaxListItems   int   // items of a list or keys of a dictionary, at any depth
	MaxAliases     int   // items of an object's aliases (and x_mitre_aliases, x_opencti_aliases)
	MaxNameBytes   int   // bytes of an object's name and of each of its aliases
	MaxStringBytes int   // bytes of any other string value
}

// WithDefaults returns l with its zero fields set to the defaults.
func (l Limits) WithDefaults() Limits {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&l.MaxObjects, DefaultMaxObjects)
	def(&l.MaxListItems, DefaultMaxListItems)
	def(&l.MaxAliases, DefaultMaxAliases)
	def(&l.MaxNameBytes, DefaultMaxNameBytes)
	def(&l.MaxStringBytes, DefaultMaxStringBytes)
	if l.MaxObjectSize == 0 {
		l.MaxObjectSize = DefaultMaxObjectSize
	}
	return l
}

// aliasProps are the properties whose items are an object's other names.
var aliasProps = map[string]bool{"aliases": true, "x_mitre_aliases": true, "x_opencti_aliases": true}

// ErrLimit is wrapped by every error of an input over one of its Limits.
var ErrLimit = errors.New("over a limit")

// LimitError is an object over one of its Limits. Offset is the byte
// offset in the object (compacted) of the value over the limit; ID is the
// object's id, when it has one.
type LimitError struct {
	ID     string
	Offset int
	Reason string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s (at byte %d of the object)", e.Reason, e.Offset)
}

func (e *LimitError) Unwrap() error { return ErrLimit }

// DuplicateKeyError is an object with a property, at any depth, given twice.
// Offset is the byte offset of the second one in the object (compacted).
type DuplicateKeyError struct {
	Key    string
	Offset int
}

func (e *DuplicateKeyError) Error() string {
	return fmt.Sprintf("malformed JSON: duplicate property %q at byte %d of the object", e.Key, e.Offset)
}

// Parse reads one object from its JSON, as the package-level Parse does,
// and refuses it when it is over one of l's limits (a *LimitError, found
// as soon as the parser reaches the value over the limit, before the rest
// of the object is built) or when a JSON object in it names a property
// twice (a *DuplicateKeyError). Inputs from outside (files, the API,
// TAXII) are read with it; what the store holds is read with the
// package-level Parse.
func (l Limits) Parse(data []byte) (*Object, error) {
	l = l.WithDefaults()
	o, err := parse(data, &l)
	var le *LimitError
	if errors.As(err, &le) && le.ID == "" {
		le.ID = topLevelID(data)
	}
	return o, err
}

// listLimit is the most items the list or dictionary at depth (the object
// itself is depth 0) under top-level property prop may hold, and what to
// call them.
func (l *Limits) listLimit(depth int, prop string) (int, string) {
	if depth == 1 && aliasProps[prop] {
		return l.MaxAliases, "aliases"
	}
	return l.MaxListItems, "items"
}

// stringLimit is the most bytes the string at depth under top-level
// property prop may hold.
func (l *Limits) stringLimit(depth int, prop string) int {
	if depth == 1 && prop == "name" || depth == 2 && aliasProps[prop] {
		return l.MaxNameBytes
	}
	return l.MaxStringBytes
}

// topLevelID returns the "id" of the JSON object data, when it is a string,
// without decoding the rest: it skips every other value.
func topLevelID(data []byte) string {
	var id string
	eachTopLevel(data, func(k string, val []byte) bool {
		if k == "id" && val[0] == '"' {
			p := jsonParser{data: val}
			id, _ = p.str()
			return false
		}
		return true
	})
	return id
}

// eachTopLevel calls fn with the name and the JSON of each member of the
// JSON object data, in order, until fn returns false, skipping the values
// without decoding them (and without checking more than their strings and
// nesting); ok is false when data is not an object as far as it was read.
func eachTopLevel(data []byte, fn func(key string, val []byte) bool) (ok bool) {
	p := jsonParser{data: data}
	p.ws()
	if p.i >= len(data) || data[p.i] != '{' {
		return false
	}
	p.i++
	p.ws()
	if p.i < len(data) && data[p.i] == '}' {
		return true
	}
	for {
		p.ws()
		if p.i >= len(data) || data[p.i] != '"' {
			return false
		}
		k, err := p.str()
		if err != nil {
			return false
		}
		p.ws()
		if p.i >= len(data) || data[p.i] != ':' {
			return false
		}
		p.i++
		p.ws()
		start := p.i
		if start >= len(data) || !p.skip() {
			return false
		}
		if !fn(k, data[start:p.i]) {
			return true
		}
		p.ws()
		if p.i < len(data) && data[p.i] == '}' {
			return true
		}
		if p.i >= len(data) || data[p.i] != ',' {
			return false
		}
		p.i++
	}
}

// skip moves past one value, following strings and nesting only.
func (p *jsonParser) skip() bool {
	depth := 0
	for p.i < len(p.data) {
		switch c := p.data[p.i]; c {
		case '"':
			// To the next quote not escaped by an odd run of backslashes.
			for {
				p.i++
				q := bytes.IndexByte(p.data[p.i:], '"')
				if q < 0 {
					return false
				}
				p.i += q
				if trailingBackslashes(p.data[:p.i])%2 == 0 {
					break
				}
			}
			p.i++
			if depth == 0 {
				return true
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return true
			}
			depth--
			if depth == 0 {
				p.i++
				return true
			}
		case ',':
			if depth == 0 {
				return true
			}
		}
		p.i++
	}
	return false
}
