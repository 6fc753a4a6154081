package stix

import (
	"encoding/json"
	"fmt"
	"strings"
)

// ValidationError lists every reason an object breaks the STIX 2.1
// specification.
type ValidationError struct {
	ID      string
	Reasons []string
}

func (e *ValidationError) Error() string { return strings.Join(e.Reasons, "; ") }

// required lists the properties STIX 2.1 requires of each type beyond the
// common ones (type, id, spec_version, created, modified).
var required = map[string][]string{
	"attack-pattern":       {"name"},
	"campaign":             {"name"},
	"course-of-action":     {"name"},
	"grouping":             {"context", "object_refs"},
	"identity":             {"name"},
	"incident":             {"name"},
	"indicator":            {"pattern", "pattern_type", "valid_from"},
	"infrastructure":       {"name"},
	"intrusion-set":        {"name"},
	"malware":              {"is_family"},
	"malware-analysis":     {"product"},
	"note":                 {"content", "object_refs"},
	"observed-data":        {"first_observed", "last_observed", "number_observed"},
	"opinion":              {"opinion", "object_refs"},
	"report":               {"name", "published", "object_refs"},
	"threat-actor":         {"name"},
	"tool":                 {"name"},
	"vulnerability":        {"name"},
	"relationship":         {"relationship_type", "source_ref", "target_ref"},
	"sighting":             {"sighting_of_ref"},
	"language-content":     {"object_ref", "object_modified", "contents"},
	"extension-definition": {"name", "schema", "version", "extension_types", "created_by_ref"},
	"domain-name":          {"value"},
	"email-addr":           {"value"},
	"ipv4-addr":            {"value"},
	"ipv6-addr":            {"value"},
	"mac-addr":             {"value"},
	"url":                  {"value"},
	"mutex":                {"name"},
	"software":             {"name"},
	"autonomous-system":    {"number"},
	"directory":            {"path"},
	"windows-registry-key": {},
	"network-traffic":      {"protocols"},
}

// timestampProps are properties whose values must be STIX timestamps.
var timestampProps = []string{"created", "modified", "first_seen", "last_seen", "valid_from", "valid_until", "published", "first_observed", "last_observed", "start_time", "stop_time"}

// Validate checks o against what STIX 2.1 requires: the id form and its type
// prefix, spec_version, the created and modified timestamps of domain and
// relationship objects, the required properties of each known type and the
// form of references. It returns nil or a *ValidationError.
func Validate(o *Object) error {
	var reasons []string
	fail := func(format string, args ...any) { reasons = append(reasons, fmt.Sprintf(format, args...)) }

	var props map[string]json.RawMessage
	if err := json.Unmarshal(o.Raw, &props); err != nil {
		return &ValidationError{ID: o.ID, Reasons: []string{"not a JSON object: " + err.Error()}}
	}

	if !validType(o.Type) {
		fail("type %q is not a valid STIX type name (3-250 characters of a-z, 0-9 and single hyphens)", o.Type)
	}
	if err := checkID(o.ID); err != nil {
		fail("id: %v", err)
	} else if prefix := o.ID[:strings.Index(o.ID, "--")]; prefix != o.Type {
		fail("id %q does not start with its type %q", o.ID, o.Type)
	}

	sco := IsSCO(o.Type)
	switch {
	case o.SpecVersion == "" && !sco:
		if _, ok := props["spec_version"]; ok {
			fail("spec_version must be a string")
		} else {
			fail("spec_version is missing (a STIX 2.0 object? Telltale reads STIX 2.1)")
		}
	case o.SpecVersion != "" && o.SpecVersion != "2.1":
		fail("spec_version is %q, not \"2.1\"", o.SpecVersion)
	}

	for _, p := range timestampProps {
		v, ok := props[p]
		if !ok {
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			fail("%s must be a timestamp string", p)
		} else if _, err := ParseTime(s); err != nil {
			fail("%s: %v", p, err)
		}
	}
	if !sco && o.Type != "marking-definition" {
		if o.Created == "" {
			fail("created is missing")
		}
		if o.Modified == "" {
			fail("modified is missing")
		}
	} else if o.Type == "marking-definition" && o.Created == "" {
		fail("created is missing")
	}
	if o.Created != "" && o.Modified != "" {
		c, err1 := ParseTime(o.Created)
		m, err2 := ParseTime(o.Modified)
		if err1 == nil && err2 == nil && m.Before(c) {
			fail("modified %s is earlier than created %s", o.Modified, o.Created)
		}
	}

	for _, p := range required[o.Type] {
		if v, ok := props[p]; !ok || string(v) == "null" {
			fail("required property %q is missing", p)
		}
	}
	switch o.Type {
	case "malware":
		var isFamily bool
		if v, ok := props["is_family"]; ok && json.Unmarshal(v, &isFamily) != nil {
			fail("is_family must be a boolean")
		}
		if isFamily && o.Name == "" {
			fail("a malware family must have a name")
		}
	case "location":
		_, r := props["region"]
		_, c := props["country"]
		_, lat := props["latitude"]
		_, lon := props["longitude"]
		if !r && !c && !(lat && lon) {
			fail("a location needs region, country, or latitude and longitude")
		}
	case "marking-definition":
		_, def := props["definition"]
		_, ext := props["extensions"]
		if !def && !ext {
			fail("a marking definition needs definition or extensions")
		}
	case "relationship":
		for _, p := range []string{"source_ref", "target_ref"} {
			if err := checkRef(props, p); err != nil {
				fail("%s: %v", p, err)
			}
		}
	case "sighting":
		if err := checkRef(props, "sighting_of_ref"); err != nil {
			fail("sighting_of_ref: %v", err)
		}
	case "report", "note", "opinion", "grouping":
		if err := checkRefList(props, "object_refs"); err != nil {
			fail("object_refs: %v", err)
		}
	}
	if o.CreatedByRef != "" && !strings.HasPrefix(o.CreatedByRef, "identity--") {
		fail("created_by_ref %q must refer to an identity", o.CreatedByRef)
	} else if err := checkRef(props, "created_by_ref"); err != nil {
		fail("created_by_ref: %v", err)
	}
	for _, m := range o.ObjectMarkingRefs {
		if !strings.HasPrefix(m, "marking-definition--") || checkID(m) != nil {
			fail("object_marking_refs: %q is not a marking-definition id", m)
		}
	}
	if v, ok := props["confidence"]; ok {
		var c int
		if json.Unmarshal(v, &c) != nil || c < 0 || c > 100 {
			fail("confidence must be an integer from 0 to 100")
		}
	}
	if len(reasons) == 0 {
		return nil
	}
	return &ValidationError{ID: o.ID, Reasons: reasons}
}

func validType(t string) bool {
	if len(t) < 3 || len(t) > 250 || strings.Contains(t, "--") || t[0] == '-' || t[len(t)-1] == '-' {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// checkID checks the form type--uuid.
func checkID(id string) error {
	i := strings.Index(id, "--")
	if i <= 0 {
		return fmt.Errorf("%q is not of the form type--uuid", id)
	}
	if !validType(id[:i]) {
		return fmt.Errorf("%q does not start with a valid type", id)
	}
	if !validUUID(id[i+2:]) {
		return fmt.Errorf("%q does not end with a valid UUID", id)
	}
	return nil
}

// CheckID reports whether id has the form type--uuid.
func CheckID(id string) error { return checkID(id) }

func validUUID(u string) bool {
	if len(u) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := u[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

func checkRef(props map[string]json.RawMessage, name string) error {
	v, ok := props[name]
	if !ok {
		return nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return fmt.Errorf("must be an identifier string")
	}
	return checkID(s)
}

func checkRefList(props map[string]json.RawMessage, name string) error {
	v, ok := props[name]
	if !ok {
		return nil
	}
	var refs []string
	if err := json.Unmarshal(v, &refs); err != nil {
		return fmt.Errorf("must be a list of identifiers")
	}
	if len(refs) == 0 {
		return fmt.Errorf("must not be empty")
	}
	for _, r := range refs {
		if err := checkID(r); err != nil {
			return err
		}
	}
	return nil
}
