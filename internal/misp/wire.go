package misp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// value is one cluster value as the galaxy files write it (see
// schema_clusters.json), checked: parseValue rejects what does not fit.
type value struct {
	index       int
	Name        string // "value"
	UUID        string // lower-case
	Description string
	Revoked     bool
	Meta        map[string]json.RawMessage
	lists       map[string][]string // the string and list-of-strings meta properties, decoded
	Related     []related
	RelatedRaw  json.RawMessage
}

type related struct {
	Dest string // "dest-uuid", lower-case
	Type string
	Tags []string
}

// Meta properties that must be lists of strings, and those that the
// galaxies write as a string or a list of strings.
var (
	listMeta = map[string]bool{"synonyms": true, "synomyms": true, "refs": true, "official-refs": true, "name-attribution": true}
	textMeta = map[string]bool{"country": true, "cfr-suspected-state-sponsor": true, "cfr-suspected-victims": true,
		"suspected-victims": true, "cfr-target-category": true, "targeted-sector": true, "target-category": true,
		"cfr-type-of-incident": true, "motive": true, "attribution-confidence": true, "sector": true, "ISO": true}
)

// parseValue decodes and checks one value; reason says why it is unusable.
func parseValue(raw []byte) (v *value, reason string) {
	if !utf8.Valid(raw) {
		return nil, "invalid UTF-8"
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, "must be a JSON object, not " + kind(raw)
	}
	v = &value{}
	if reason := v.parseHead(top); reason != "" {
		return nil, reason
	}
	if reason := v.parseMeta(top["meta"]); reason != "" {
		return nil, reason
	}
	if reason := v.parseRelated(top["related"]); reason != "" {
		return nil, reason
	}
	return v, ""
}

// parseHead reads the name, uuid, description and revoked flag.
func (v *value) parseHead(top map[string]json.RawMessage) (reason string) {
	var ok bool
	if v.Name, ok = str(top["value"]); !ok {
		return `"value": must be a string, not ` + kind(top["value"])
	}
	v.Name = strings.TrimSpace(v.Name)
	if v.Name == "" {
		return `"value": required, the name of the cluster`
	}
	u, ok := str(top["uuid"])
	if !ok {
		return `"uuid": must be a string, not ` + kind(top["uuid"])
	}
	v.UUID = strings.ToLower(strings.TrimSpace(u))
	if v.UUID == "" {
		return `"uuid": required`
	}
	if !isUUID(v.UUID) {
		return fmt.Sprintf(`"uuid": %q is not a UUID`, u)
	}
	if v.Description, ok = str(top["description"]); !ok {
		return `"description": must be a string, not ` + kind(top["description"])
	}
	v.Description = strings.TrimSpace(v.Description)
	if r := top["revoked"]; r != nil && !isNull(r) {
		if err := json.Unmarshal(r, &v.Revoked); err != nil {
			return `"revoked": must be true or false, not ` + kind(r)
		}
	}
	return ""
}

// parseMeta reads "meta" and the lists this package uses of it: list
// properties, "origin:" vendors and the text ones.
func (v *value) parseMeta(m json.RawMessage) (reason string) {
	if m == nil || isNull(m) {
		return ""
	}
	if err := json.Unmarshal(m, &v.Meta); err != nil {
		return `"meta": must be an object, not ` + kind(m)
	}
	v.lists = make(map[string][]string, len(v.Meta))
	for k, val := range v.Meta {
		if isNull(val) {
			continue
		}
		switch {
		case listMeta[k]:
			l, ok := strList(val)
			if !ok || val[0] != '[' {
				return fmt.Sprintf("meta %q: must be a list of strings, not %s", k, kind(val))
			}
			v.lists[k] = l
		case strings.HasPrefix(k, "origin:"):
			s, ok := str(val)
			if !ok {
				return fmt.Sprintf("meta %q: must be a string (the vendor that gave the name), not %s", k, kind(val))
			}
			v.lists[k] = []string{s}
		case textMeta[k]:
			l, ok := strList(val)
			if !ok {
				return fmt.Sprintf("meta %q: must be a string or a list of strings, not %s", k, kind(val))
			}
			v.lists[k] = l
		}
	}
	return ""
}

// parseRelated reads "related": each a destination uuid, a type and tags.
func (v *value) parseRelated(r json.RawMessage) (reason string) {
	if r == nil || isNull(r) {
		return ""
	}
	var list []json.RawMessage
	if err := json.Unmarshal(r, &list); err != nil {
		return `"related": must be a list, not ` + kind(r)
	}
	for i, e := range list {
		var rel map[string]json.RawMessage
		if err := json.Unmarshal(e, &rel); err != nil {
			return fmt.Sprintf(`"related"[%d]: must be an object, not %s`, i, kind(e))
		}
		d, ok := str(rel["dest-uuid"])
		d = strings.ToLower(strings.TrimSpace(d))
		if !ok || !isUUID(d) {
			return fmt.Sprintf(`"related"[%d]."dest-uuid": must be a UUID string, not %s`, i, clip(rel["dest-uuid"]))
		}
		t, ok := str(rel["type"])
		if !ok {
			return fmt.Sprintf(`"related"[%d]."type": must be a string, not %s`, i, kind(rel["type"]))
		}
		tags, ok := strList(rel["tags"])
		if !ok {
			return fmt.Sprintf(`"related"[%d]."tags": must be a list of strings, not %s`, i, kind(rel["tags"]))
		}
		v.Related = append(v.Related, related{Dest: d, Type: t, Tags: tags})
	}
	v.RelatedRaw = r
	return ""
}

// peekUUID finds the uuid of a value that failed its checks, for the
// message.
func peekUUID(raw []byte) string {
	var p struct {
		UUID any `json:"uuid"`
	}
	_ = json.Unmarshal(raw, &p)
	s, _ := p.UUID.(string)
	if len(s) > 64 || !utf8.ValidString(s) {
		return ""
	}
	return s
}

// isUUID reports whether s has the 8-4-4-4-12 hex form of a UUID.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}

func isNull(raw json.RawMessage) bool { return len(raw) == 0 || bytes.Equal(raw, []byte("null")) }

// str decodes an optional string: absent and null give "".
func str(raw json.RawMessage) (string, bool) {
	if isNull(raw) {
		return "", true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// strList decodes an optional string or list of strings.
func strList(raw json.RawMessage) ([]string, bool) {
	if isNull(raw) {
		return nil, true
	}
	if raw[0] == '"' {
		s, ok := str(raw)
		return []string{s}, ok
	}
	var l []string
	if err := json.Unmarshal(raw, &l); err != nil {
		return nil, false
	}
	return l, true
}

// kind names the JSON type of raw for messages.
func kind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "missing"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case '[':
		return "a list"
	case '{':
		return "an object"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// list returns the strings of a meta property, trimmed, without empty
// entries and duplicates, in file order.
func (v *value) list(key string) []string {
	l, ok := v.lists[key]
	if !ok {
		l, _ = strList(v.Meta[key])
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range l {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// text returns a meta property written as one string.
func (v *value) text(key string) string {
	if l := v.lists[key]; len(l) == 1 && len(v.Meta[key]) > 0 && v.Meta[key][0] == '"' {
		return strings.TrimSpace(l[0])
	}
	s, _ := str(v.Meta[key])
	return strings.TrimSpace(s)
}

// otherMeta returns the meta properties except those named, as one JSON
// object with sorted keys, or nil when none is left.
func (v *value) otherMeta(except ...string) json.RawMessage {
	keys := make([]string, 0, len(v.Meta))
	for k, val := range v.Meta {
		if !isNull(val) && !contains(except, k) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := encode(k)
		buf.Write(kb)
		buf.WriteByte(':')
		if err := json.Compact(&buf, v.Meta[k]); err != nil {
			buf.WriteString("null")
		}
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
