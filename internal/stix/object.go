package stix

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Object is one STIX object: the properties Telltale indexes, read from the
// JSON, and the JSON itself, kept exactly as received (whitespace compacted),
// so custom properties, extensions and unknown types survive a round trip.
type Object struct {
	Type               string              `json:"type"`
	ID                 string              `json:"id"`
	SpecVersion        string              `json:"spec_version,omitempty"`
	Created            string              `json:"created,omitempty"`
	Modified           string              `json:"modified,omitempty"`
	CreatedByRef       string              `json:"created_by_ref,omitempty"`
	Name               string              `json:"name,omitempty"`
	Description        string              `json:"description,omitempty"`
	Aliases            []string            `json:"aliases,omitempty"`
	Revoked            bool                `json:"revoked,omitempty"`
	Deprecated         bool                `json:"x_mitre_deprecated,omitempty"`
	ObjectMarkingRefs  []string            `json:"object_marking_refs,omitempty"`
	ExternalReferences []ExternalReference `json:"external_references,omitempty"`
	Confidence         *int                `json:"confidence,omitempty"`

	// Relationship and sighting properties.
	RelationshipType string `json:"relationship_type,omitempty"`
	SourceRef        string `json:"source_ref,omitempty"`
	TargetRef        string `json:"target_ref,omitempty"`

	// Indicator properties.
	Pattern     string `json:"pattern,omitempty"`
	PatternType string `json:"pattern_type,omitempty"`

	// Raw is the whole object as received, compacted.
	Raw json.RawMessage `json:"-"`

	// props caches the decoded properties between Parse and Validate, so
	// an object is decoded once; rawLen and rawPtr tell whether Raw still
	// holds what was decoded.
	props  map[string]any
	rawPtr *byte
	rawLen int
	// comparisons are those of the STIX pattern Validate parsed
	// (compared: it did), for PatternValues.
	comparisons []PatternComparison
	compared    bool
}

// ExternalReference is a STIX external reference.
type ExternalReference struct {
	SourceName  string `json:"source_name"`
	ExternalID  string `json:"external_id,omitempty"`
	URL         string `json:"url,omitempty"`
	Description string `json:"description,omitempty"`
}

// Parse reads one object from its JSON. The returned object keeps a compacted
// copy of data as Raw: the bytes of every value, string escapes and number
// spellings included, are kept as they are, so unknown and custom properties
// survive a round trip. Parse fails on malformed JSON, on invalid UTF-8 (it
// is never silently replaced), on anything but a JSON object, and when
// "type" or "id" is not a string; Validate checks the rest. Properties of
// the wrong JSON type leave their Object field empty for Validate to report.
// Those failures are a *ParseError.
//
// Parse decodes the object once and keeps the result for Validate, which
// consumes it; an object parsed and never validated holds it until dropped.
func Parse(data []byte) (*Object, error) { return parse(data, nil) }

// parse is Parse, within lim unless it is nil.
func parse(data []byte, lim *Limits) (*Object, error) {
	if !utf8.Valid(data) {
		return nil, parseErrorf("malformed JSON: invalid UTF-8 at byte %d (STIX content must be UTF-8)", invalidUTF8At(data))
	}
	raw := data
	if hasSpace(data) {
		var buf bytes.Buffer
		buf.Grow(len(data))
		if err := json.Compact(&buf, data); err != nil {
			return nil, parseErrorf("malformed JSON: %w", err)
		}
		raw = buf.Bytes()
	} else {
		raw = bytes.Clone(data)
	}
	if len(raw) == 0 || raw[0] != '{' {
		return nil, parseErrorf("not a JSON object")
	}
	props, err := parseObject(raw, lim) // data's UTF-8 is checked above
	if err != nil {
		var le *LimitError
		var de *DuplicateKeyError
		if errors.As(err, &le) || errors.As(err, &de) {
			return nil, err
		}
		return nil, parseErrorf("malformed JSON: %w", err)
	}
	o := &Object{Raw: raw}
	for _, p := range []string{"type", "id"} {
		if v, ok := props[p]; ok && !isString(v) {
			return nil, parseErrorf("wrong property type: property %q must be a string, not %s", p, show(v))
		}
	}
	o.fill(props)
	o.props, o.rawPtr, o.rawLen = props, &raw[0], len(raw)
	return o, nil
}

// ParseError is an input Parse cannot read as an object: malformed JSON,
// invalid UTF-8, a value that is not a JSON object, or a type or id that is
// not a string. Its message is the problem ("malformed JSON: ...", "not a
// JSON object", "wrong property type: ..."); callers tell a problem with
// the input from one with the store by its type (errors.As), never by the
// message. A property given twice is a *DuplicateKeyError and an input
// over a limit a *LimitError instead.
type ParseError struct {
	Err error
}

func (e *ParseError) Error() string { return e.Err.Error() }

func (e *ParseError) Unwrap() error { return e.Err }

func parseErrorf(format string, args ...any) error {
	return &ParseError{Err: fmt.Errorf(format, args...)}
}

// hasSpace reports whether data has whitespace outside strings, that is
// whether compacting it would change it. (What the Decoder returns has
// none.)
func hasSpace(data []byte) bool {
	for i := 0; i < len(data); {
		// Outside strings: look at every byte up to the next quote.
		j := bytes.IndexByte(data[i:], '"')
		seg := data[i:]
		if j >= 0 {
			seg = data[i : i+j]
		}
		for _, c := range seg {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				return true
			}
		}
		if j < 0 {
			return false
		}
		// Inside a string: jump from quote to quote until one is not
		// escaped by an odd run of backslashes.
		i += j + 1
		for {
			k := bytes.IndexByte(data[i:], '"')
			if k < 0 {
				return false // unterminated: decoding will say so
			}
			escaped := trailingBackslashes(data[i:i+k])%2 == 1
			i += k + 1
			if !escaped {
				break
			}
		}
	}
	return false
}

// fill sets the indexed fields from the decoded properties, leaving a field
// empty when its property has the wrong JSON type.
func (o *Object) fill(p map[string]any) {
	str := func(k string) string { s, _ := p[k].(string); return s }
	o.Type, o.ID = str("type"), str("id")
	o.SpecVersion, o.Created, o.Modified = str("spec_version"), str("created"), str("modified")
	o.CreatedByRef, o.Name, o.Description = str("created_by_ref"), str("name"), str("description")
	o.RelationshipType, o.SourceRef, o.TargetRef = str("relationship_type"), str("source_ref"), str("target_ref")
	o.Pattern, o.PatternType = str("pattern"), str("pattern_type")
	o.Revoked, _ = p["revoked"].(bool)
	o.Deprecated, _ = p["x_mitre_deprecated"].(bool)
	if a, ok := p["aliases"].([]any); ok {
		o.Aliases = stringsOf(a)
	}
	if a, ok := p["object_marking_refs"].([]any); ok {
		o.ObjectMarkingRefs = stringsOf(a)
	}
	if n, ok := intValue(p["confidence"]); ok && n >= -1<<31 && n < 1<<31 {
		c := int(n)
		o.Confidence = &c
	}
	if a, ok := p["external_references"].([]any); ok {
		for _, e := range a {
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			s := func(k string) string { v, _ := m[k].(string); return v }
			o.ExternalReferences = append(o.ExternalReferences, ExternalReference{
				SourceName: s("source_name"), ExternalID: s("external_id"), URL: s("url"), Description: s("description"),
			})
		}
	}
}

// cachedProps returns the properties Parse decoded, once, if Raw is still
// what was decoded.
func (o *Object) cachedProps() map[string]any {
	p := o.props
	o.props = nil
	if p == nil || len(o.Raw) != o.rawLen || len(o.Raw) == 0 || &o.Raw[0] != o.rawPtr {
		return nil
	}
	return p
}

// IsSCO reports whether typ is a STIX Cyber-observable Object type.
func IsSCO(typ string) bool { return scoTypes[typ] }

// IsSDO reports whether typ is a STIX Domain Object type of STIX 2.1.
func IsSDO(typ string) bool { return sdoTypes[typ] }

// IsSRO reports whether typ is a relationship or sighting.
func IsSRO(typ string) bool { return typ == "relationship" || typ == "sighting" }

var sdoTypes = map[string]bool{
	"attack-pattern": true, "campaign": true, "course-of-action": true, "grouping": true,
	"identity": true, "incident": true, "indicator": true, "infrastructure": true,
	"intrusion-set": true, "location": true, "malware": true, "malware-analysis": true,
	"note": true, "observed-data": true, "opinion": true, "report": true,
	"threat-actor": true, "tool": true, "vulnerability": true,
}

var scoTypes = map[string]bool{
	"artifact": true, "autonomous-system": true, "directory": true, "domain-name": true,
	"email-addr": true, "email-message": true, "file": true, "ipv4-addr": true,
	"ipv6-addr": true, "mac-addr": true, "mutex": true, "network-traffic": true,
	"process": true, "software": true, "url": true, "user-account": true,
	"windows-registry-key": true, "x509-certificate": true,
}

// TimestampLayout is the layout Telltale writes STIX timestamps in
// (millisecond precision, UTC).
const TimestampLayout = "2006-01-02T15:04:05.000Z"

// FormatTime formats t as a STIX timestamp.
func FormatTime(t time.Time) string { return t.UTC().Format(TimestampLayout) }

// ParseTime parses a STIX timestamp: RFC 3339 in UTC with a "Z" suffix and
// optional fractional seconds.
func ParseTime(s string) (time.Time, error) {
	if len(s) < 20 || s[len(s)-1] != 'Z' || s[10] != 'T' {
		return time.Time{}, fmt.Errorf("%q is not a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s]Z)", s)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a STIX timestamp: %v", s, err)
	}
	return t, nil
}
