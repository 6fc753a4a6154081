// Package stix is the STIX 2.1 wire format: decoding bundles as a stream,
// keeping every object byte for byte, validating what the specification
// requires, building deterministic identifiers and encoding bundles.
//
// It knows nothing of the store or of Telltale's domain views.
package stix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
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

	// Raw is the whole object as received, compacted.
	Raw json.RawMessage `json:"-"`
}

// ExternalReference is a STIX external reference.
type ExternalReference struct {
	SourceName  string `json:"source_name"`
	ExternalID  string `json:"external_id,omitempty"`
	URL         string `json:"url,omitempty"`
	Description string `json:"description,omitempty"`
}

// Parse reads one object from its JSON. The returned object keeps a compacted
// copy of data as Raw. Parse checks only that data is a JSON object with a
// string "type" and "id"; Validate checks the rest.
func Parse(data []byte) (*Object, error) {
	var buf bytes.Buffer
	buf.Grow(len(data))
	if err := json.Compact(&buf, data); err != nil {
		return nil, fmt.Errorf("malformed JSON: %w", err)
	}
	raw := buf.Bytes()
	if len(raw) == 0 || raw[0] != '{' {
		return nil, fmt.Errorf("not a JSON object")
	}
	var o Object
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, fmt.Errorf("wrong property type: %w", unmarshalReason(err))
	}
	o.Raw = raw
	return &o, nil
}

func unmarshalReason(err error) error {
	if e, ok := err.(*json.UnmarshalTypeError); ok {
		return fmt.Errorf("property %q must be %s, not %s", e.Field, e.Type.String(), e.Value)
	}
	return err
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
