package telltale

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Level is a Traffic Light Protocol level. Objects carry one through their
// markings; users hold one as their clearance.
type Level int

// TLP 2.0 levels, from the most to the least shareable.
const (
	Clear       Level = iota // TLP:CLEAR (TLP 1.0: WHITE)
	Green                    // TLP:GREEN
	Amber                    // TLP:AMBER
	AmberStrict              // TLP:AMBER+STRICT
	Red                      // TLP:RED: only the recipients an object names

	// Unknown is the level of an object carrying a marking Telltale
	// cannot read (a reference to a marking definition it does not hold,
	// or one whose meaning it does not know, or markings that are not
	// valid JSON): only administrators see it. It is never a clearance.
	Unknown
)

var levelNames = []string{"clear", "green", "amber", "amber+strict", "red", "unknown"}

func (l Level) String() string {
	if l < Clear || l > Unknown {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

// ParseLevel reads a level name: clear (or white), green, amber,
// amber+strict, red; case and a "TLP:" prefix are ignored.
func ParseLevel(s string) (Level, error) {
	s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "tlp:")
	if s == "white" {
		return Clear, nil
	}
	for i, n := range levelNames[:Red+1] {
		if s == n {
			return Level(i), nil
		}
	}
	return 0, fmt.Errorf("unknown TLP level %q (want clear, green, amber, amber+strict or red)", s)
}

// MarshalText writes the level's name.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a level's name.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := ParseLevel(string(b))
	*l = v
	return err
}

// The standard TLP marking-definition ids: TLP 2.0 as published with the
// STIX 2.1 TLP 2.0 extension, and TLP 1.0 as predefined by STIX 2.1.
const (
	TLPClear       = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
	TLPGreen       = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
	TLPAmber       = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
	TLPAmberStrict = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
	TLPRed         = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"

	TLP1White = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
	TLP1Green = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
	TLP1Amber = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
	TLP1Red   = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
)

// MarkingLevels maps every standard TLP marking-definition id to its level.
var MarkingLevels = map[string]Level{
	TLPClear: Clear, TLPGreen: Green, TLPAmber: Amber, TLPAmberStrict: AmberStrict, TLPRed: Red,
	TLP1White: Clear, TLP1Green: Green, TLP1Amber: Amber, TLP1Red: Red,
}

// MarkingID returns the TLP 2.0 marking-definition id of a level, "" for
// Unknown.
func MarkingID(l Level) string {
	if l < Clear || l > Red {
		return "" // Unknown has no marking of its own
	}
	return [...]string{TLPClear, TLPGreen, TLPAmber, TLPAmberStrict, TLPRed}[l]
}

// RecipientsProperty is the custom property by which a TLP:RED object
// names who may see it: "user:NAME" names a user, "group:NAME" the members
// of a group, a bare NAME either (user and group names hold no colon); a
// recipient in another namespace names nobody.
const RecipientsProperty = "x_telltale_recipients"

// TLP2Extension is the extension definition of TLP 2.0 marking
// definitions (its property tlp_2_0 holds the level).
const TLP2Extension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

// MarkingResolver tells the level a marking definition that is not one of
// the standard TLP ids sets, by its id (lower case): known is false when
// it holds no such definition. Markings (on the store) is the program's.
type MarkingResolver interface {
	MarkingLevel(id string) (level Level, known bool)
}

// mayHaveMarking reports whether raw could carry a marking: a key spelled
// "marking" in any case, or a \u escape that could spell one in a way a
// byte search would miss. Objects that cannot are decided without
// decoding them.
func mayHaveMarking(raw []byte) bool {
	return containsFold(raw, "marking") || bytes.Contains(raw, []byte(`\u`))
}

// containsFold reports whether b contains the lower-case ASCII word w in
// any case.
func containsFold(b []byte, w string) bool {
	for i := 0; i+len(w) <= len(b); i++ {
		j := 0
		for j < len(w) && b[i+j]|0x20 == w[j] {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

// refLevel is the level a marking reference sets: a standard TLP id in any
// case, else what r says of the definition, else Unknown.
func refLevel(ref string, r MarkingResolver) Level {
	id := strings.ToLower(ref)
	if l, ok := MarkingLevels[id]; ok {
		return l
	}
	if r != nil && strings.HasPrefix(id, "marking-definition--") {
		if l, ok := r.MarkingLevel(id); ok {
			return l
		}
	}
	return Unknown
}

// ObjectLevel returns the TLP level of an object given as its JSON, knowing
// only the standard TLP marking definitions: any other marking makes it
// Unknown. ObjectLevelWith reads other definitions through a resolver.
func ObjectLevel(raw []byte) (Level, []string) { return ObjectLevelWith(raw, nil) }

// ObjectLevelWith returns the TLP level of an object given as its JSON: the
// most restrictive level among its object markings and granular markings,
// Clear for an object with no marking, and the recipients a TLP:RED object
// names. Standard TLP marking ids are recognised in any case; others are
// looked up through r (a statement marking sets Clear, a TLP 1.0 or TLP 2.0
// definition its level). A marking that cannot be understood — an id r does
// not know, a definition of another kind, markings that are not valid JSON
// — makes the object Unknown: only administrators see it.
//
// Marking keys are matched in any case and every occurrence counts (a
// granular marking with two "marking_ref" keys counts both), so neither a
// key spelled differently nor a repeated key can hide a marking that some
// STIX consumer would honour.
func ObjectLevelWith(raw []byte, r MarkingResolver) (Level, []string) {
	return readMarkings(raw).level(r)
}

// markings is what the visibility rule reads of an object: its marking
// references (object and granular) and recipients, or that they cannot
// be read. It does not depend on the marking definitions, which may
// change: a summary of it (MarkSummary) can be kept with the object.
type markings struct {
	Refs       []string `json:"refs,omitempty"`
	Recipients []string `json:"recipients,omitempty"`
	unreadable bool
}

// readMarkings reads the markings of an object given as its JSON.
func readMarkings(raw []byte) markings {
	if !mayHaveMarking(raw) {
		return markings{}
	}
	var m markings
	err := eachMember(raw, func(key string, val []byte) error {
		switch {
		case strings.EqualFold(key, "object_marking_refs"):
			var list []string
			if err := json.Unmarshal(val, &list); err != nil {
				return err
			}
			m.Refs = append(m.Refs, list...)
		case strings.EqualFold(key, "granular_markings"):
			got, ok := granularRefs(val)
			if !ok {
				return errScan
			}
			m.Refs = append(m.Refs, got...)
		case key == RecipientsProperty:
			var list []string
			if err := json.Unmarshal(val, &list); err != nil {
				return err
			}
			m.Recipients = append(m.Recipients, list...)
		}
		return nil
	})
	if err != nil {
		return markings{unreadable: true}
	}
	return m
}

// level is the level these markings set, resolving definitions through
// r, and the recipients when it is Red.
func (m markings) level(r MarkingResolver) (Level, []string) {
	if m.unreadable {
		return Unknown, nil
	}
	level := Clear
	for _, ref := range m.Refs {
		if l := refLevel(ref, r); l > level {
			level = l
		}
	}
	if level == Red {
		return Red, m.Recipients
	}
	return level, nil
}

// unreadableSummary is the summary of an object whose markings cannot be
// read (it is Unknown).
const unreadableSummary = "!"

// MarkSummary returns what the visibility rule needs of an object given
// as its JSON, as text a store keeps beside the object so that it can
// decide who sees the object without reading it (SummaryLevel): "" for an
// object without marking references (TLP:CLEAR to everyone), else its
// marking references and recipients. It holds the references, not their
// levels, so it stays right when marking definitions change.
func MarkSummary(raw []byte) string {
	m := readMarkings(raw)
	switch {
	case m.unreadable:
		return unreadableSummary
	case len(m.Refs) == 0:
		return "" // Clear whatever the recipients say
	}
	b, err := json.Marshal(m)
	if err != nil {
		return unreadableSummary
	}
	return string(b)
}

// SummaryLevel is ObjectLevelWith read from the object's MarkSummary: the
// same level and recipients for every resolver. A summary that cannot be
// read is Unknown.
func SummaryLevel(summary string, r MarkingResolver) (Level, []string) {
	if summary == "" {
		return Clear, nil
	}
	var m markings
	if summary == unreadableSummary || json.Unmarshal([]byte(summary), &m) != nil {
		return Unknown, nil
	}
	return m.level(r)
}

// CanSeeSummary is CanSee of an object given by its MarkSummary.
func (u *User) CanSeeSummary(summary string) bool {
	if u == nil {
		return false
	}
	level, recipients := SummaryLevel(summary, u.Markings)
	return u.CanSeeLevel(level, recipients)
}

// granularRefs returns the marking references of a granular_markings list,
// read member by member so that every key folding to marking_ref counts
// (decoding into a struct or map keeps one); ok is false when the list is
// not a list of objects or a reference is not a string.
func granularRefs(raw []byte) (refs []string, ok bool) {
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, false
	}
	for _, g := range list {
		err := eachMember(g, func(key string, val []byte) error {
			if strings.EqualFold(key, "marking_ref") {
				var ref string
				if err := json.Unmarshal(val, &ref); err != nil {
					return err
				}
				refs = append(refs, ref)
			}
			return nil
		})
		if err != nil {
			return nil, false
		}
	}
	return refs, true
}

// CanSee reports whether u may see the object given as its JSON. This is
// the one visibility rule of Telltale: web pages, the REST API, search,
// counts, exports and TAXII all filter through it.
//
//   - Objects without a TLP marking are TLP:CLEAR.
//   - Objects with a marking that cannot be understood (see
//     ObjectLevelWith) are seen only by administrators.
//   - A user sees an object whose level is at most their clearance.
//   - TLP:RED objects are seen only by the users they name, directly
//     ("user:NAME") or through a group ("group:NAME"), in
//     x_telltale_recipients; no clearance or role reaches them otherwise.
//   - The anonymous caller has clearance TLP:CLEAR; a nil user sees
//     nothing.
func (u *User) CanSee(raw []byte) bool {
	if u == nil {
		return false
	}
	level, recipients := ObjectLevelWith(raw, u.Markings)
	return u.CanSeeLevel(level, recipients)
}

// CanSeeLevel reports whether u may see an object of the given level and
// recipients, for callers that already know them.
func (u *User) CanSeeLevel(level Level, recipients []string) bool {
	switch {
	case u == nil:
		return false
	case level == Unknown:
		return u.IsAdmin() && !u.Disabled
	case level == Red:
		return u.named(recipients)
	}
	return level <= u.Clearance
}

func (u *User) named(recipients []string) bool {
	if u.IsAnonymous() || u.Disabled {
		return false
	}
	for _, r := range recipients {
		space, name, prefixed := strings.Cut(r, ":")
		if !prefixed {
			space, name = "", r // a bare name: a user or a group
		}
		space = strings.ToLower(space)
		if name == "" {
			continue
		}
		if (space == "" || space == "user") && strings.EqualFold(name, u.Name) {
			return true
		}
		if space == "" || space == "group" {
			for _, g := range u.Groups {
				if strings.EqualFold(name, g) {
					return true
				}
			}
		}
	}
	return false
}

// Mark is what decides who sees an object, read once from its JSON so
// that layers which keep objects in memory (the knowledge snapshot) can
// check many viewers without decoding again.
type Mark struct {
	Level      Level
	Recipients []string
}

// MarkOf reads the mark of an object given as its JSON, knowing only the
// standard TLP markings (see ObjectLevel); internal/auth's Service.MarkOf
// knows the store's marking definitions.
func MarkOf(raw []byte) Mark { return MarkWith(raw, nil) }

// MarkWith reads the mark of an object given as its JSON, resolving
// marking definitions through r.
func MarkWith(raw []byte, r MarkingResolver) Mark {
	l, rec := ObjectLevelWith(raw, r)
	return Mark{Level: l, Recipients: rec}
}

// Sees reports whether u may see an object with mark m: CanSee without
// the JSON.
func (u *User) Sees(m Mark) bool { return u.CanSeeLevel(m.Level, m.Recipients) }

// Key identifies what u may see: two users with equal keys see exactly
// the same objects, so results computed for one can be cached for the
// other. Nil sees nothing and has key "".
func (u *User) Key() string {
	if u == nil {
		return ""
	}
	if u.IsAnonymous() {
		return "anonymous"
	}
	groups := strings.Join(u.Groups, ",")
	key := u.Clearance.String() + "|" + strings.ToLower(u.Name) + "|" + strings.ToLower(groups)
	// The role and the account's state decide too (CanSeeLevel): an
	// administrator sees objects whose marking cannot be understood, a
	// disabled account no TLP:RED. Without them a demoted administrator
	// would be served what was computed before the demotion.
	switch {
	case u.Disabled:
		key += "|disabled"
	case u.IsAdmin():
		key += "|admin"
	}
	return key
}
