package auth

import "github.com/telltale-cti/telltale"

// The TLP levels, marking ids and the visibility rule live in the root
// package (tlp.go there); these names keep this package's callers and
// tests reading as they did.

// Level is a Traffic Light Protocol level (telltale.Level).
type Level = telltale.Level

// TLP 2.0 levels, from the most to the least shareable, and Unknown.
const (
	Clear       = telltale.Clear
	Green       = telltale.Green
	Amber       = telltale.Amber
	AmberStrict = telltale.AmberStrict
	Red         = telltale.Red
	Unknown     = telltale.Unknown
)

// The standard TLP marking-definition ids.
const (
	TLPClear       = telltale.TLPClear
	TLPGreen       = telltale.TLPGreen
	TLPAmber       = telltale.TLPAmber
	TLPAmberStrict = telltale.TLPAmberStrict
	TLPRed         = telltale.TLPRed
	TLP1White      = telltale.TLP1White
	TLP1Green      = telltale.TLP1Green
	TLP1Amber      = telltale.TLP1Amber
	TLP1Red        = telltale.TLP1Red

	RecipientsProperty = telltale.RecipientsProperty
	TLP2Extension      = telltale.TLP2Extension
)

// MarkingResolver tells the level of a marking definition that is not a
// standard TLP id (telltale.MarkingResolver).
type MarkingResolver = telltale.MarkingResolver

// Mark is what decides who sees an object (telltale.Mark).
type Mark = telltale.Mark

// ParseLevel reads a level name (telltale.ParseLevel).
func ParseLevel(s string) (Level, error) { return telltale.ParseLevel(s) }

// MarkingID returns the TLP 2.0 marking-definition id of a level.
func MarkingID(l Level) string { return telltale.MarkingID(l) }

// ObjectLevel returns the TLP level of an object knowing only the
// standard TLP marking definitions (telltale.ObjectLevel).
func ObjectLevel(raw []byte) (Level, []string) { return telltale.ObjectLevel(raw) }

// ObjectLevelWith returns the TLP level of an object, resolving marking
// definitions through r (telltale.ObjectLevelWith).
func ObjectLevelWith(raw []byte, r MarkingResolver) (Level, []string) {
	return telltale.ObjectLevelWith(raw, r)
}

// MarkOf reads the mark of an object knowing only the standard TLP
// markings (telltale.MarkOf).
func MarkOf(raw []byte) Mark { return telltale.MarkOf(raw) }
