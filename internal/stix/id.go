package stix

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Namespace is the UUIDv5 namespace STIX 2.1 (section 2.9) gives for
// deterministic identifiers; OpenCTI and its Python client use it too, so an
// object Telltale creates gets the id those platforms would give it.
var Namespace = [16]byte{0x00, 0xab, 0xed, 0xb4, 0xaa, 0x42, 0x46, 0x6c, 0x9c, 0x01, 0xfe, 0xd2, 0x33, 0x15, 0xa9, 0xb7}

// UUIDv5 returns the name-based (SHA-1) UUID of name in namespace ns, in its
// canonical text form.
func UUIDv5(ns [16]byte, name []byte) string {
	h := sha1.New()
	h.Write(ns[:])
	h.Write(name)
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = (u[6] & 0x0f) | 0x50 // version 5
	u[8] = (u[8] & 0x3f) | 0x80 // RFC 4122 variant
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// CanonicalJSON encodes props as JSON with keys sorted and no insignificant
// whitespace (the JSON Canonicalization Scheme for the string, bool and
// integer values identifying properties use). Non-ASCII characters are
// escaped as \uXXXX, as Python's canonicalize(..., utf8=False) does.
func CanonicalJSON(props map[string]any) []byte {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeCanonical(&buf, k)
		buf.WriteByte(':')
		switch v := props[k].(type) {
		case string:
			writeCanonical(&buf, v)
		default:
			b, _ := json.Marshal(v)
			buf.Write(b)
		}
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

func writeCanonical(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			buf.WriteString(`\"`)
		case r == '\\':
			buf.WriteString(`\\`)
		case r == '\b':
			buf.WriteString(`\b`)
		case r == '\f':
			buf.WriteString(`\f`)
		case r == '\n':
			buf.WriteString(`\n`)
		case r == '\r':
			buf.WriteString(`\r`)
		case r == '\t':
			buf.WriteString(`\t`)
		case r < 0x20 || (r >= 0x7f && r <= 0xffff):
			fmt.Fprintf(buf, `\u%04x`, r)
		case r > 0xffff:
			r -= 0x10000
			fmt.Fprintf(buf, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		default:
			buf.WriteRune(r)
		}
	}
	buf.WriteByte('"')
}

// DeterministicID returns the id of an object of type typ whose identifying
// properties are props: "type--" followed by the UUIDv5 of their canonical
// JSON. Use the helpers below, which know each type's identifying properties,
// rather than calling this with ad-hoc maps.
func DeterministicID(typ string, props map[string]any) string {
	return typ + "--" + UUIDv5(Namespace, CanonicalJSON(props))
}

// NormalizeName is how identifying names are normalised: lower-cased and
// trimmed.
func NormalizeName(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// NamedID is the id of a type identified by its name alone: intrusion-set,
// campaign, malware, tool, vulnerability, infrastructure, incident, channel.
func NamedID(typ, name string) string {
	return DeterministicID(typ, map[string]any{"name": NormalizeName(name)})
}

// IdentityID is the id of an identity (identity_class is part of it: a
// sector "class" and an organization of the same name differ).
func IdentityID(name, class string) string {
	return DeterministicID("identity", map[string]any{"name": NormalizeName(name), "identity_class": class})
}

// LocationID is the id of a location of the given kind (Country, Region,
// City, Administrative-Area, as OpenCTI names them).
func LocationID(name, kind string) string {
	return DeterministicID("location", map[string]any{"name": NormalizeName(name), "x_opencti_location_type": kind})
}

// ThreatActorID is the id of a threat-actor group.
func ThreatActorID(name string) string {
	return DeterministicID("threat-actor", map[string]any{"name": NormalizeName(name), "opencti_type": "Threat-Actor-Group"})
}

// AttackPatternID is the id of an attack pattern; the ATT&CK id joins the
// name when known. CourseOfActionID is the same for mitigations.
func AttackPatternID(name, mitreID string) string {
	return DeterministicID("attack-pattern", mitreProps(name, mitreID))
}

// CourseOfActionID: see AttackPatternID.
func CourseOfActionID(name, mitreID string) string {
	return DeterministicID("course-of-action", mitreProps(name, mitreID))
}

func mitreProps(name, mitreID string) map[string]any {
	p := map[string]any{"name": NormalizeName(name)}
	if mitreID != "" {
		p["x_mitre_id"] = mitreID
	}
	return p
}

// ReportID is the id of a report: its name and publication timestamp.
func ReportID(name, published string) string {
	return DeterministicID("report", map[string]any{"name": NormalizeName(name), "published": published})
}

// IndicatorID is the id of an indicator: its pattern.
func IndicatorID(pattern string) string {
	return DeterministicID("indicator", map[string]any{"pattern": strings.TrimSpace(pattern)})
}

// NoteID is the id of a note: its content and creation time.
func NoteID(content, created string) string {
	return DeterministicID("note", map[string]any{"content": content, "created": created})
}

// OpinionID is the id of an opinion: its opinion value and creation time.
func OpinionID(opinion, created string) string {
	return DeterministicID("opinion", map[string]any{"opinion": opinion, "created": created})
}

// RelationshipID is the id of a relationship: its type and ends, plus its
// start and stop times when set.
func RelationshipID(relType, source, target, start, stop string) string {
	p := map[string]any{"relationship_type": relType, "source_ref": source, "target_ref": target}
	if start != "" {
		p["start_time"] = start
	}
	if stop != "" {
		p["stop_time"] = stop
	}
	return DeterministicID("relationship", p)
}

// IsUUID reports whether s is a UUID written as Telltale writes ids and
// collection ids: 36 characters, lower-case hex and dashes, any version.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f'):
			return false
		}
	}
	return true
}
