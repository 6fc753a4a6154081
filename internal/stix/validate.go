package stix

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ValidationError lists every reason an object breaks the STIX 2.1
// specification. Each reason names the property and the rule it breaks.
type ValidationError struct {
	ID      string
	Reasons []string
}

func (e *ValidationError) Error() string { return strings.Join(e.Reasons, "; ") }

// Validate checks o against what STIX 2.1 requires (the MUST rules of the
// specification, as the OASIS validator and JSON schemas enforce them): the
// id form, spec_version, timestamps, required properties of each type,
// property names and types, references, hashes, extensions, markings,
// indicator patterns and the rules of cyber-observable objects. It returns
// nil or a *ValidationError.
//
// Objects are classified as the OASIS validator does:
//   - an object of an unknown type with neither created nor modified is a
//     custom cyber-observable (only type and id are required);
//   - an object other than a cyber-observable with spec_version "2.0", or with
//     no spec_version but a created timestamp, is a STIX 2.0 object and is
//     checked against the STIX 2.0 required properties (Telltale reads it,
//     since bundles in the wild still carry 2.0 objects);
//   - everything else is checked as STIX 2.1.
func Validate(o *Object) error {
	props := o.cachedProps()
	if props == nil {
		var err error
		if props, err = decodeProps(o.Raw); err != nil {
			return &ValidationError{ID: o.ID, Reasons: []string{"not a JSON object: " + err.Error()}}
		}
	}
	v := &validator{props: props, id: o.ID}
	v.object()
	if len(v.reasons) == 0 {
		// Kept only when the validator parsed a STIX pattern (not for a
		// STIX 2.0 indicator, whose pattern it does not parse).
		o.comparisons, o.compared = v.comparisons, v.comparisons != nil
		return nil
	}
	return &ValidationError{ID: o.ID, Reasons: v.reasons}
}

// decodeProps decodes an object's properties once, keeping numbers as
// json.Number so that big integers are judged exactly.
func decodeProps(raw []byte) (map[string]any, error) {
	if !utf8.Valid(raw) {
		return nil, fmt.Errorf("invalid UTF-8 at byte %d", invalidUTF8At(raw))
	}
	return parseObject(raw, nil)
}

type validator struct {
	// comparisons are those of an indicator's STIX pattern, once parsed.
	comparisons []PatternComparison
	props       map[string]any
	id          string
	typ         string
	reasons     []string
}

func (v *validator) fail(format string, args ...any) {
	v.reasons = append(v.reasons, fmt.Sprintf(format, args...))
}

// kind of object, for the rules that apply.
type objectKind int

const (
	kindSDO    objectKind = iota // SDOs, SROs, meta objects, custom objects with timestamps
	kindSCO                      // cyber-observables, known or custom
	kindSTIX20                   // a STIX 2.0 SDO/SRO
)

func (v *validator) object() {
	p := v.props
	typ, ok := p["type"].(string)
	if !ok {
		v.fail("type: required property is missing or not a string")
	} else if !validType(typ) {
		v.fail("type: %q is not a valid STIX type name (3-250 characters of a-z, 0-9 and single hyphens, starting with a letter)", typ)
	}
	v.typ = typ
	id, ok := p["id"].(string)
	if !ok {
		v.fail("id: required property is missing or not a string")
	} else if err := checkID(id); err != nil {
		v.fail("id: %v", err)
	} else if prefix := id[:strings.Index(id, "--")]; prefix != typ {
		v.fail("id: %q does not start with its type %q", id, typ)
	}

	_, hasCreated := p["created"]
	_, hasModified := p["modified"]
	sv, hasSV := p["spec_version"]
	svs, _ := sv.(string)
	kind := kindSDO
	switch {
	case IsSCO(typ):
		kind = kindSCO
	case !isKnownNonSCO(typ) && !hasCreated && !hasModified:
		kind = kindSCO // a custom cyber-observable
	case hasSV && svs == "2.0", !hasSV && hasCreated:
		kind = kindSTIX20
	}
	if hasSV && (!isString(sv) || svs != "2.1" && svs != "2.0") {
		v.fail("spec_version: must be \"2.1\" (or \"2.0\" for STIX 2.0 content), not %s", show(sv))
	}
	if kind == kindSDO && !hasSV {
		v.fail("spec_version: required property is missing (STIX 2.1 objects must have spec_version \"2.1\")")
	}

	v.propertyNames(p, "")
	v.common(kind)
	if kind != kindSCO {
		v.propertyTypes()
	}
	switch kind {
	case kindSCO:
		v.observable()
	case kindSTIX20:
		v.stix20()
	default:
		v.stix21()
	}
}

func isKnownNonSCO(typ string) bool {
	return IsSDO(typ) || IsSRO(typ) || typ == "marking-definition" || typ == "language-content" || typ == "extension-definition" || typ == "bundle"
}

// propertyNames checks the names of an object's (or extension's) properties:
// ASCII a-z, 0-9 and underscore, 3 to 250 characters, starting with a letter
// ("id" is the exception). Properties ending in _bin must be base64 and in
// _hex must be hex strings.
func (v *validator) propertyNames(m map[string]any, where string) {
	for k, val := range m {
		if !validPropertyName(k) {
			v.fail("%s%s: property name is not valid (3-250 characters of a-z, 0-9 and _, starting with a letter)", where, k)
			continue
		}
		switch {
		case strings.HasSuffix(k, "_bin"):
			if s, ok := val.(string); !ok || !isBase64(s) {
				v.fail("%s%s: a _bin property must be a base64 string (RFC 4648), not %s", where, k, show(val))
			}
		case strings.HasSuffix(k, "_hex"):
			if s, ok := val.(string); !ok || len(s) == 0 || len(s)%2 != 0 || !allHex(s) {
				v.fail("%s%s: a _hex property must be a string of pairs of hex digits, not %s", where, k, show(val))
			}
		}
		if a, ok := val.([]any); ok && len(a) == 0 {
			v.fail("%s%s: a list property must not be empty", where, k)
		}
	}
}

func validPropertyName(k string) bool {
	if k == "id" {
		return true
	}
	if len(k) < 3 || len(k) > 250 || !(k[0] >= 'a' && k[0] <= 'z') {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// common checks the properties every object may carry.
func (v *validator) common(kind objectKind) {
	p := v.props
	if kind != kindSCO {
		v.createdModified(kind)
	}
	if v.has("created_by_ref") {
		v.ref("created_by_ref", "identity")
	}
	if v.has("revoked") {
		v.boolean("revoked")
	}
	if v.has("labels") {
		v.stringList("labels")
	}
	if c, ok := p["confidence"]; ok {
		if n, ok := intValue(c); !ok || n < 0 || n > 100 {
			v.fail("confidence: must be an integer from 0 to 100, not %s", show(c))
		}
	}
	if v.has("lang") {
		if s, ok := v.str("lang"); ok && !isLanguageTag(s) {
			v.fail("lang: %q is not an RFC 5646 language tag", s)
		}
	}
	if v.has("external_references") {
		v.externalReferences()
	}
	if v.has("object_marking_refs") {
		v.objectMarkingRefs()
	}
	if v.has("granular_markings") {
		v.granularMarkings()
	}
	if v.has("extensions") {
		v.extensions()
	}
	if v.has("defanged") {
		v.boolean("defanged")
	}
}

// createdModified checks created and modified, which every object but an
// observable has (a marking definition need not have modified), with
// millisecond precision on SDOs.
func (v *validator) createdModified(kind objectKind) {
	for _, ts := range []string{"created", "modified"} {
		if !v.has(ts) {
			if ts == "created" || v.typ != "marking-definition" {
				v.fail("%s: required property is missing", ts)
			}
			continue
		}
		s, ok := v.timestamp(ts)
		if ok && kind == kindSDO && v.typ != "marking-definition" && !millisecondPrecise(s) {
			v.fail("%s: %q must have at least millisecond precision (YYYY-MM-DDTHH:MM:SS.sssZ)", ts, s)
		}
	}
	v.notBefore("modified", "created")
}

// objectMarkingRefs checks the markings' references; a marking definition
// must not mark itself.
func (v *validator) objectMarkingRefs() {
	v.refList("object_marking_refs", "marking-definition")
	if v.typ != "marking-definition" {
		return
	}
	for _, r := range stringsOf(v.props["object_marking_refs"]) {
		if r == v.id {
			v.fail("object_marking_refs: a marking definition must not mark itself (%s)", r)
		}
	}
}

// Property types of the STIX Domain and Relationship Objects, by name: the
// same name has the same type in every type that defines it.
var (
	stringProps = set("name", "description", "pattern", "pattern_type", "pattern_version",
		"relationship_type", "context", "content", "abstract", "explanation", "product", "version",
		"result", "result_name", "identity_class", "contact_information", "country", "region",
		"administrative_area", "city", "street_address", "postal_code", "sophistication",
		"resource_level", "primary_motivation", "objective", "tool_version", "configuration_version",
		"analysis_engine_version", "analysis_definition_version", "definition_type", "schema")
	stringListProps = set("aliases", "roles", "goals", "secondary_motivations", "personal_motivations",
		"threat_actor_types", "malware_types", "tool_types", "indicator_types", "infrastructure_types",
		"report_types", "sectors", "architecture_execution_envs", "implementation_languages",
		"capabilities", "authors", "extension_types")
	boolProps = set("is_family", "summary")
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// propertyTypes checks the JSON types of the properties STIX defines.
func (v *validator) propertyTypes() {
	for k, val := range v.props {
		switch {
		case stringProps[k]:
			if !isString(val) {
				v.fail("%s: must be a string, not %s", k, show(val))
			}
		case stringListProps[k]:
			v.stringList(k)
		case boolProps[k]:
			v.boolean(k)
		case k == "kill_chain_phases":
			a, ok := val.([]any)
			if !ok {
				v.fail("kill_chain_phases: must be a list of kill chain phases, not %s", show(val))
				continue
			}
			for i, e := range a {
				m, _ := e.(map[string]any)
				for _, f := range []string{"kill_chain_name", "phase_name"} {
					if !isString(m[f]) {
						v.fail("kill_chain_phases[%d].%s: required string property is missing", i, f)
					}
				}
			}
		}
	}
}

// stix21 checks the SDOs, SROs and meta objects of STIX 2.1.
func (v *validator) stix21() {
	for _, name := range required21[v.typ] {
		v.required(name)
	}
	for _, ts := range timestampProps[v.typ] {
		if v.has(ts) {
			v.timestamp(ts)
		}
	}
	v.typeRules21()
}

// typeRules21 checks the rules particular to each STIX 2.1 object type,
// one case a type (a switch of direct calls, as typeRules for
// observables).
func (v *validator) typeRules21() {
	switch v.typ {
	case "indicator":
		v.after("valid_until", "valid_from")
		v.indicatorPattern()
	case "malware":
		v.malware()
	case "campaign", "intrusion-set", "threat-actor", "infrastructure":
		v.notBefore("last_seen", "first_seen")
	case "observed-data":
		v.observedData()
	case "report", "note", "opinion", "grouping":
		if v.has("object_refs") {
			v.refList("object_refs", "")
		}
		if v.typ == "opinion" {
			v.enum("opinion", "strongly-disagree", "disagree", "neutral", "agree", "strongly-agree")
		}
	case "location":
		v.location()
	case "relationship":
		v.relationship()
	case "sighting":
		v.sighting()
	case "marking-definition":
		v.markingDefinition()
	case "malware-analysis":
		if !v.has("result") && !v.has("analysis_sco_refs") {
			v.fail("result, analysis_sco_refs: a malware analysis needs one of them")
		}
		v.notBefore("analysis_ended", "analysis_started")
	case "language-content":
		v.languageContent()
	case "extension-definition":
		v.ref("created_by_ref", "identity")
	}
}

func (v *validator) malware() {
	if v.has("is_family") && v.boolean("is_family") && v.props["is_family"] == true && !v.has("name") {
		v.fail("name: required when is_family is true (a malware family must have a name)")
	}
	v.notBefore("last_seen", "first_seen")
}

func (v *validator) observedData() {
	_, objects := v.props["objects"]
	_, refs := v.props["object_refs"]
	switch {
	case objects && refs:
		v.fail("objects, object_refs: only one of them may be present")
	case !objects && !refs:
		v.fail("object_refs: required property is missing (observed-data needs object_refs, or the deprecated objects)")
	case refs:
		v.refList("object_refs", "")
	}
	v.countUpTo("number_observed", 1)
	v.notBefore("last_observed", "first_observed")
}

// countUpTo checks an optional count property: an integer from least to
// 999,999,999.
func (v *validator) countUpTo(name string, least int64) {
	if n, ok := v.props[name]; ok {
		if i, ok := intValue(n); !ok || i < least || i > 999999999 {
			v.fail("%s: must be an integer from %d to 999,999,999, not %s", name, least, show(n))
		}
	}
}

func (v *validator) location() {
	r, c := v.has("region"), v.has("country")
	lat, lon := v.has("latitude"), v.has("longitude")
	if !r && !c && !(lat && lon) {
		v.fail("region, country, latitude/longitude: a location needs region, country, or latitude and longitude")
	}
	if lat != lon {
		v.fail("latitude, longitude: each requires the other")
	}
	if v.has("precision") && !lat {
		v.fail("precision: requires latitude and longitude")
	}
	v.numberRange("latitude", -90, 90)
	v.numberRange("longitude", -180, 180)
}

func (v *validator) relationship() {
	v.ref("source_ref", "")
	v.ref("target_ref", "")
	if rt, ok := v.props["relationship_type"].(string); ok && !validRelationshipType(rt) {
		v.fail("relationship_type: %q must be lower-case words of a-z and 0-9 joined by single hyphens", rt)
	}
	v.after("stop_time", "start_time")
}

func (v *validator) sighting() {
	v.ref("sighting_of_ref", "")
	if v.has("observed_data_refs") {
		v.refList("observed_data_refs", "observed-data")
	}
	if v.has("where_sighted_refs") {
		v.refList("where_sighted_refs", "identity", "location")
	}
	v.countUpTo("count", 0)
	v.notBefore("last_seen", "first_seen")
}

func (v *validator) languageContent() {
	v.ref("object_ref", "")
	c, ok := v.props["contents"].(map[string]any)
	if !ok {
		if v.has("contents") {
			v.fail("contents: must be an object keyed by language tag, not %s", show(v.props["contents"]))
		}
		return
	}
	for lang, sub := range c {
		if !isLanguageTag(lang) {
			v.fail("contents: key %q is not an RFC 5646 language tag", lang)
		}
		if m, ok := sub.(map[string]any); ok {
			v.propertyNames(m, "contents."+lang+".")
		} else {
			v.fail("contents.%s: must be an object of translated properties, not %s", lang, show(sub))
		}
	}
}

// stix20 checks an object as STIX 2.0 defines it.
func (v *validator) stix20() {
	for _, name := range required20[v.typ] {
		if !v.has(name) {
			v.fail("%s: required property is missing (checked as STIX 2.0, since the object has no spec_version \"2.1\")", name)
		}
	}
	switch v.typ {
	case "relationship":
		v.ref("source_ref", "")
		v.ref("target_ref", "")
	case "sighting":
		v.ref("sighting_of_ref", "")
	case "report":
		v.refList("object_refs", "")
	}
}

var required21 = map[string][]string{
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
}

var required20 = map[string][]string{
	"attack-pattern":     {"name"},
	"campaign":           {"name"},
	"course-of-action":   {"name"},
	"identity":           {"name", "identity_class"},
	"indicator":          {"pattern", "valid_from", "labels"},
	"intrusion-set":      {"name"},
	"malware":            {"name", "labels"},
	"observed-data":      {"first_observed", "last_observed", "number_observed", "objects"},
	"report":             {"name", "published", "object_refs", "labels"},
	"threat-actor":       {"name", "labels"},
	"tool":               {"name", "labels"},
	"vulnerability":      {"name"},
	"relationship":       {"relationship_type", "source_ref", "target_ref"},
	"sighting":           {"sighting_of_ref"},
	"marking-definition": {"definition_type", "definition"},
}

// timestampProps lists, per type, the properties (beyond created and
// modified) whose values must be STIX timestamps.
var timestampProps = map[string][]string{
	"campaign":         {"first_seen", "last_seen"},
	"indicator":        {"valid_from", "valid_until"},
	"infrastructure":   {"first_seen", "last_seen"},
	"intrusion-set":    {"first_seen", "last_seen"},
	"malware":          {"first_seen", "last_seen"},
	"malware-analysis": {"submitted", "analysis_started", "analysis_ended"},
	"observed-data":    {"first_observed", "last_observed"},
	"report":           {"published"},
	"threat-actor":     {"first_seen", "last_seen"},
	"relationship":     {"start_time", "stop_time"},
	"sighting":         {"first_seen", "last_seen"},
	"language-content": {"object_modified"},
}

func (v *validator) has(name string) bool {
	val, ok := v.props[name]
	return ok && val != nil
}

func (v *validator) required(name string) {
	if !v.has(name) {
		v.fail("%s: required property is missing", name)
	}
}

func (v *validator) str(name string) (string, bool) {
	s, ok := v.props[name].(string)
	if !ok {
		v.fail("%s: must be a string, not %s", name, show(v.props[name]))
	}
	return s, ok
}

func (v *validator) boolean(name string) bool {
	if _, ok := v.props[name].(bool); !ok {
		v.fail("%s: must be a boolean, not %s", name, show(v.props[name]))
		return false
	}
	return true
}

func (v *validator) stringList(name string) {
	a, ok := v.props[name].([]any)
	if !ok {
		v.fail("%s: must be a list of strings, not %s", name, show(v.props[name]))
		return
	}
	for _, e := range a {
		if _, ok := e.(string); !ok {
			v.fail("%s: must be a list of strings; %s is not a string", name, show(e))
			return
		}
	}
}

func (v *validator) enum(name string, values ...string) {
	s, ok := v.props[name].(string)
	if !ok {
		if v.has(name) {
			v.fail("%s: must be a string, not %s", name, show(v.props[name]))
		}
		return
	}
	for _, e := range values {
		if s == e {
			return
		}
	}
	v.fail("%s: %q is not one of %s", name, s, strings.Join(values, ", "))
}

func (v *validator) numberRange(name string, lo, hi float64) {
	val, ok := v.props[name]
	if !ok {
		return
	}
	n, ok := val.(json.Number)
	f, err := n.Float64()
	if !ok || err != nil || f < lo || f > hi {
		v.fail("%s: must be a number from %g to %g, not %s", name, lo, hi, show(val))
	}
}

// timestamp checks that name holds a STIX timestamp and returns it.
func (v *validator) timestamp(name string) (string, bool) {
	s, ok := v.props[name].(string)
	if !ok {
		v.fail("%s: must be a timestamp string, not %s", name, show(v.props[name]))
		return "", false
	}
	if err := checkTimestamp(s); err != nil {
		v.fail("%s: %v", name, err)
		return "", false
	}
	return s, true
}

func checkTimestamp(s string) error {
	if !timestampRE(s) {
		return fmt.Errorf("%q is not a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s]Z, UTC)", s)
	}
	if _, err := ParseTime(s); err != nil {
		// 60 seconds (a leap second) passes the form but not time.Parse.
		if s[17:19] != "60" {
			return fmt.Errorf("%q is not a real date and time", s)
		}
	}
	return nil
}

// timestampRE reports whether s has the form of a STIX timestamp:
// YYYY-MM-DDTHH:MM:SS[.fraction]Z with months, days, hours, minutes and
// seconds in range.
func timestampRE(s string) bool {
	if len(s) < 20 || s[len(s)-1] != 'Z' {
		return false
	}
	for i, c := range []byte(s[:19]) {
		switch i {
		case 4, 7:
			if c != '-' {
				return false
			}
		case 10:
			if c != 'T' {
				return false
			}
		case 13, 16:
			if c != ':' {
				return false
			}
		default:
			if !isDigit(c) {
				return false
			}
		}
	}
	num := func(i int) int { return int(s[i]-'0')*10 + int(s[i+1]-'0') }
	mo, d, h, mi, sec := num(5), num(8), num(11), num(14), num(17)
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 {
		return false
	}
	rest := s[19 : len(s)-1]
	if rest == "" {
		return true
	}
	if rest[0] != '.' || len(rest) < 2 {
		return false
	}
	for i := 1; i < len(rest); i++ {
		if !isDigit(rest[i]) {
			return false
		}
	}
	return true
}

func millisecondPrecise(s string) bool { return len(s) >= 24 && s[19] == '.' }

// notBefore reports later < earlier, when both are valid timestamps.
func (v *validator) notBefore(later, earlier string) {
	v.compareTimes(later, earlier, false)
}

// after reports later <= earlier.
func (v *validator) after(later, earlier string) {
	v.compareTimes(later, earlier, true)
}

func (v *validator) compareTimes(later, earlier string, strict bool) {
	l, ok1 := v.props[later].(string)
	e, ok2 := v.props[earlier].(string)
	if !ok1 || !ok2 {
		return
	}
	lt, err1 := ParseTime(l)
	et, err2 := ParseTime(e)
	if err1 != nil || err2 != nil {
		return
	}
	switch {
	case lt.Before(et):
		v.fail("%s: %s is earlier than %s %s", later, l, earlier, e)
	case strict && lt.Equal(et):
		v.fail("%s: %s must be later than %s %s", later, l, earlier, e)
	}
}

// ref checks that name holds an identifier, of one of types when given.
func (v *validator) ref(name string, types ...string) {
	val, ok := v.props[name]
	if !ok {
		return
	}
	if err := checkRefValue(val, types); err != nil {
		v.fail("%s: %v", name, err)
	}
}

func (v *validator) refList(name string, types ...string) {
	val, ok := v.props[name]
	if !ok {
		return
	}
	a, ok := val.([]any)
	if !ok {
		v.fail("%s: must be a list of identifiers, not %s", name, show(val))
		return
	}
	for _, e := range a {
		if err := checkRefValue(e, types); err != nil {
			v.fail("%s: %v", name, err)
		}
	}
}

func checkRefValue(val any, types []string) error {
	s, ok := val.(string)
	if !ok {
		return fmt.Errorf("must be an identifier string, not %s", show(val))
	}
	if err := checkID(s); err != nil {
		return err
	}
	if len(types) == 0 || types[0] == "" {
		return nil
	}
	t := s[:strings.Index(s, "--")]
	for _, want := range types {
		if t == want {
			return nil
		}
	}
	return fmt.Errorf("%q must refer to an object of type %s", s, strings.Join(types, " or "))
}

func (v *validator) externalReferences() {
	for i, e := range v.listOf("external_references", "a list of external references") {
		if where, r, ok := v.objectIn("external_references", i, e); ok {
			v.externalReference(where, r)
		}
	}
}

// listOf is the property key as a list; when it is not one, it fails (the
// message calls what it must be list) and is nil.
func (v *validator) listOf(key, list string) []any {
	a, ok := v.props[key].([]any)
	if !ok {
		v.fail("%s: must be %s, not %s", key, list, show(v.props[key]))
	}
	return a
}

// objectIn is e, the i-th element of the list key, as an object, with
// where it is ("key[i]"); false when it is not one (it fails). The
// validators call it in their loops rather than passing a function to one
// loop, which would move the validator to the heap.
func (v *validator) objectIn(key string, i int, e any) (string, map[string]any, bool) {
	where := key + "[" + strconv.Itoa(i) + "]" // not Sprintf: key would be boxed for each element
	m, ok := e.(map[string]any)
	if !ok {
		v.fail("%s: must be an object, not %s", where, show(e))
	}
	return where, m, ok
}

func (v *validator) externalReference(where string, r map[string]any) {
	src, ok := r["source_name"].(string)
	if !ok {
		v.fail("%s.source_name: required string property is missing", where)
	}
	for _, k := range []string{"description", "url", "external_id"} {
		if val, ok := r[k]; ok && !isString(val) {
			v.fail("%s.%s: must be a string, not %s", where, k, show(val))
		}
	}
	extID, hasID := r["external_id"].(string)
	switch {
	case src == "cve":
		if !hasID || !isCVE(extID) {
			v.fail("%s.external_id: a reference with source_name \"cve\" needs an external_id of the form CVE-YYYY-NNNN, not %s", where, show(r["external_id"]))
		}
	case src == "capec":
		if !hasID || !isCAPEC(extID) {
			v.fail("%s.external_id: a reference with source_name \"capec\" needs an external_id of the form CAPEC-N, not %s", where, show(r["external_id"]))
		}
	case ok:
		if hasID && (isCVE(extID) || isCAPEC(extID)) {
			v.fail("%s.source_name: external_id %q is a CVE or CAPEC id, so source_name must be \"cve\" or \"capec\", not %q", where, extID, src)
		}
		_, d := r["description"]
		_, u := r["url"]
		if !hasID && !d && !u {
			v.fail("%s: needs at least one of description, url and external_id", where)
		}
	}
	if h, ok := r["hashes"]; ok {
		v.hashes(where+".hashes", h)
		if hm, ok := h.(map[string]any); ok {
			for k := range hm {
				if _, std := hashPatterns[k]; !std {
					v.fail("%s.hashes: %q is not a hash algorithm of the hashing-algorithm-ov vocabulary", where, k)
				}
			}
		}
	}
}

// isLanguageTag checks the form of an RFC 5646 language tag: a 2-3 letter
// (or 4-8 letter) primary subtag, then subtags of 1-8 letters and digits.
func isLanguageTag(s string) bool {
	parts := strings.Split(s, "-")
	if n := len(parts[0]); n < 2 || n > 8 || !allOf(parts[0], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) < 1 || len(p) > 8 || !allOf(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") {
			return false
		}
	}
	return true
}

func isCVE(s string) bool {
	if !strings.HasPrefix(s, "CVE-") || len(s) < 13 {
		return false
	}
	y, n := s[4:8], s[9:]
	if !allDigits(y) || s[8] != '-' || !allDigits(n) || len(n) < 4 {
		return false
	}
	return n[0] != '0' || len(n) == 4
}

func isCAPEC(s string) bool { return strings.HasPrefix(s, "CAPEC-") && len(s) > 6 && allDigits(s[6:]) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// hashPatterns gives the length of the hex value of the hash algorithms of
// the hashing-algorithm-ov vocabulary (0: checked otherwise).
var hashPatterns = map[string]int{
	"MD5": 32, "SHA-1": 40, "SHA-256": 64, "SHA-512": 128, "SHA3-256": 64, "SHA3-512": 128,
	"SSDEEP": 0, "TLSH": 0,
}

// hashes checks a hashes dictionary: keys of 3-250 characters of letters,
// digits, _ and -, string values, and the right form for the standard
// algorithms.
func (v *validator) hashes(where string, val any) {
	m, ok := val.(map[string]any)
	if !ok || len(m) == 0 {
		v.fail("%s: must be a non-empty dictionary of hash values, not %s", where, show(val))
		return
	}
	for k, hv := range m {
		if len(k) < 3 || len(k) > 250 || !isDictKey(k) {
			v.fail("%s: key %q must be 3-250 characters of letters, digits, _ and -", where, k)
			continue
		}
		s, ok := hv.(string)
		if !ok {
			v.fail("%s.%s: must be a string, not %s", where, k, show(hv))
			continue
		}
		switch n, std := hashPatterns[k]; {
		case !std:
		case n > 0:
			if len(s) != n || !allHex(s) {
				v.fail("%s.%s: %q is not a %s hash (%d hex digits)", where, k, s, k, n)
			}
		case k == "SSDEEP":
			if len(s) < 1 || len(s) > 128 || !allOf(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+:.") {
				v.fail("%s.%s: %q is not an SSDEEP hash", where, k, s)
			}
		case k == "TLSH":
			if len(s) != 70 || !allOf(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") {
				v.fail("%s.%s: %q is not a TLSH hash (70 alphanumeric characters)", where, k, s)
			}
		}
	}
}

func isDictKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func allOf(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return true
}

// dictionary checks a STIX dictionary: a non-empty object whose keys are at
// most 250 characters of letters, digits, _ and -.
func (v *validator) dictionary(where string, val any) (map[string]any, bool) {
	m, ok := val.(map[string]any)
	if !ok || len(m) == 0 {
		v.fail("%s: must be a non-empty dictionary, not %s", where, show(val))
		return nil, false
	}
	for k := range m {
		if len(k) > 250 || !isDictKey(k) {
			v.fail("%s: dictionary key %q must be at most 250 characters of letters, digits, _ and -", where, k)
		}
	}
	return m, true
}

func (v *validator) granularMarkings() {
	for i, e := range v.listOf("granular_markings", "a list") {
		if where, g, ok := v.objectIn("granular_markings", i, e); ok {
			v.granularMarking(where, g)
		}
	}
}

func (v *validator) granularMarking(where string, g map[string]any) {
	_, lang := g["lang"]
	ref, hasRef := g["marking_ref"]
	switch {
	case hasRef && lang:
		v.fail("%s: marking_ref and lang must not both be present", where)
	case hasRef:
		if err := checkRefValue(ref, []string{"marking-definition"}); err != nil {
			v.fail("%s.marking_ref: %v", where, err)
		} else if ref == v.id {
			v.fail("%s.marking_ref: a marking definition must not mark itself", where)
		}
	case !lang:
		v.fail("%s: needs marking_ref or lang", where)
	}
	sels, ok := g["selectors"].([]any)
	if !ok || len(sels) == 0 {
		v.fail("%s.selectors: required non-empty list of selectors is missing", where)
		return
	}
	for _, s := range sels {
		sel, ok := s.(string)
		if !ok {
			v.fail("%s.selectors: %s is not a string", where, show(s))
			continue
		}
		if err := v.selector(sel); err != nil {
			v.fail("%s.selectors: %q is not a valid selector: %v", where, sel, err)
		}
	}
}

// selector follows a granular marking selector ("description",
// "external_references.[0].url") through the object.
func (v *validator) selector(sel string) error {
	var cur any = v.props
	for _, seg := range strings.Split(sel, ".") {
		if strings.HasPrefix(seg, "[") && strings.HasSuffix(seg, "]") && allDigits(seg[1:len(seg)-1]) {
			a, ok := cur.([]any)
			if !ok {
				return fmt.Errorf("%s is applied to something that is not a list", seg)
			}
			i, err := strconv.Atoi(seg[1 : len(seg)-1])
			if err != nil || i >= len(a) {
				return fmt.Errorf("index %s is out of range", seg)
			}
			cur = a[i]
			continue
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return fmt.Errorf("%q is not a property", seg)
		}
		if cur, ok = m[seg]; !ok {
			return fmt.Errorf("%q is not a property", seg)
		}
	}
	return nil
}

// extensions checks the extensions dictionary: predefined extensions
// (name ending in -ext) hold properties, extension-definition ids hold an
// extension_type.
func (v *validator) extensions() {
	m, ok := v.props["extensions"].(map[string]any)
	if !ok || len(m) == 0 {
		v.fail("extensions: must be a non-empty dictionary, not %s", show(v.props["extensions"]))
		return
	}
	for k, e := range m {
		where := "extensions." + k
		ext, ok := e.(map[string]any)
		if !ok || len(ext) == 0 {
			v.fail("%s: must be a non-empty object, not %s", where, show(e))
			continue
		}
		switch {
		case strings.HasPrefix(k, "extension-definition--"):
			if err := checkID(k); err != nil {
				v.fail("%s: %v", where, err)
			}
			switch et := ext["extension_type"]; et {
			case "new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension":
			case nil:
				v.fail("%s.extension_type: required property is missing", where)
			default:
				v.fail("%s.extension_type: %s is not one of new-sdo, new-sco, new-sro, property-extension, toplevel-property-extension", where, show(et))
			}
			v.propertyNames(ext, where+".")
		case strings.HasSuffix(k, "-ext") && validType(k):
			if v.typ == "marking-definition" {
				v.fail("%s: a marking definition may only have extension-definition extensions", where)
			}
			v.propertyNames(ext, where+".")
		default:
			v.fail("%s: extension name must end in -ext or be an extension-definition id", where)
		}
	}
}

// tlpMarkings are the four TLP 1.0 marking definitions STIX 2.1 defines.
var tlpMarkings = map[string][2]string{
	"white": {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "TLP:WHITE"},
	"green": {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "TLP:GREEN"},
	"amber": {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "TLP:AMBER"},
	"red":   {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "TLP:RED"},
}

func (v *validator) markingDefinition() {
	dt, hasDT := v.props["definition_type"]
	def, hasDef := v.props["definition"]
	if !v.has("extensions") && (!hasDT || !hasDef) {
		v.fail("definition_type, definition: required unless the marking definition has extensions")
	}
	switch dt {
	case "statement":
		d, ok := def.(map[string]any)
		if _, isStr := d["statement"].(string); !ok || !isStr {
			v.fail("definition.statement: a statement marking needs a string statement")
		}
	case "tlp":
		d, _ := def.(map[string]any)
		level, _ := d["tlp"].(string)
		want, ok := tlpMarkings[level]
		switch {
		case !ok:
			v.fail("definition.tlp: %s is not white, green, amber or red", show(d["tlp"]))
		case v.id != want[0] || v.props["name"] != want[1] || v.props["created"] != "2017-01-20T00:00:00.000Z":
			v.fail("definition_type: a \"tlp\" marking must be exactly the TLP:%s marking definition STIX 2.1 gives (id %s, name %q, created 2017-01-20T00:00:00.000Z)", strings.ToUpper(level), want[0], want[1])
		default:
			for k := range v.props {
				switch k {
				case "type", "id", "spec_version", "created", "name", "definition", "definition_type":
				default:
					v.fail("%s: the TLP marking definitions have no other properties", k)
				}
			}
		}
	default:
		if hasDT && !isString(dt) {
			v.fail("definition_type: must be a string, not %s", show(dt))
		}
		if hasDef {
			if _, ok := def.(map[string]any); !ok {
				v.fail("definition: must be an object, not %s", show(def))
			}
		}
	}
}

// indicatorPattern checks the syntax of a STIX pattern and the object types
// and property names it uses.
func (v *validator) indicatorPattern() {
	pt, _ := v.props["pattern_type"].(string)
	pat, ok := v.props["pattern"].(string)
	if !ok {
		if v.has("pattern") {
			v.fail("pattern: must be a string, not %s", show(v.props["pattern"]))
		}
		return
	}
	if pt != "stix" {
		return
	}
	comps, err := ParsePattern(pat)
	if err != nil {
		v.fail("pattern: %v", err)
		return
	}
	v.comparisons = comps
	// The x- and x_ prefixes of custom object types and properties are
	// SHOULDs in STIX 2.1; only the name formats are MUSTs.
	for _, c := range comps {
		if !IsSCO(c.ObjectType) && !validType(c.ObjectType) {
			v.fail("pattern: %q is not a valid observable type name (3-250 characters of a-z, 0-9 and single hyphens)", c.ObjectType)
		}
		prop := c.Path[0]
		if observableProps[c.ObjectType][prop] || commonObservableProps[prop] {
			continue
		}
		if !validPatternProp(prop) {
			v.fail("pattern: %q in %s:%s is not a valid observable property name (3-250 characters of a-z, 0-9 and _)", prop, c.ObjectType, prop)
		}
	}
}

// lowerDigitsOr reports whether s is only lower-case ASCII letters, digits
// and the byte extra.
func lowerDigitsOr(s string, extra byte) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == extra) {
			return false
		}
	}
	return true
}

func validPatternProp(p string) bool {
	if len(p) < 3 || len(p) > 250 {
		return false
	}
	return lowerDigitsOr(p, '_')
}

func validType(t string) bool {
	if len(t) < 3 || len(t) > 250 || strings.Contains(t, "--") || !(t[0] >= 'a' && t[0] <= 'z') || t[len(t)-1] == '-' {
		return false
	}
	return lowerDigitsOr(t, '-')
}

func validRelationshipType(t string) bool {
	if len(t) < 1 || strings.Contains(t, "--") || t[0] == '-' || t[len(t)-1] == '-' {
		return false
	}
	return lowerDigitsOr(t, '-')
}

// checkID checks the form type--UUID, the UUID being an RFC 4122 UUID of
// version 1 to 5.
func checkID(id string) error {
	i := strings.Index(id, "--")
	if i <= 0 {
		return fmt.Errorf("%q is not an identifier of the form type--UUID", id)
	}
	if !validType(id[:i]) {
		return fmt.Errorf("%q does not start with a valid type", id)
	}
	if !validUUID(id[i+2:]) {
		return fmt.Errorf("%q does not end with an RFC 4122 UUID (version 1-5, variant 10xx)", id)
	}
	return nil
}

// CheckID reports whether id has the form type--UUID.
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
		case 14:
			if c < '1' || c > '5' {
				return false
			}
		case 19:
			if strings.IndexByte("89abAB", c) < 0 {
				return false
			}
		default:
			if !isHexDigit(c) {
				return false
			}
		}
	}
	return true
}

// uuidVersion returns the version digit of the UUID of a valid id.
func uuidVersion(id string) byte {
	i := strings.Index(id, "--")
	if i < 0 || len(id) < i+2+15 {
		return 0
	}
	return id[i+2+14]
}

func isBase64(s string) bool {
	if len(s)%4 != 0 || len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/':
		case c == '=' && (i == len(s)-1 || i == len(s)-2 && s[len(s)-1] == '='):
		default:
			return false
		}
	}
	return true
}

func isString(v any) bool { _, ok := v.(string); return ok }

func stringsOf(v any) []string {
	a, _ := v.([]any)
	out := make([]string, 0, len(a))
	for _, e := range a {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// intValue returns an integer JSON value.
func intValue(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

// show renders a JSON value briefly for an error message.
func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if len(x) > 80 {
			return fmt.Sprintf("%q...", x[:80])
		}
		return fmt.Sprintf("%q", x)
	case json.Number:
		return x.String()
	case bool:
		return fmt.Sprint(x)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%v", v)
}
