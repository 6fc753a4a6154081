package telltale

import (
	"slices"
	"strings"
	"time"
)

// Kinds of source a landscape row rests on: where the targeting came from.
const (
	// SourceCurated is imported curated data: ATT&CK, the MISP galaxies,
	// the starter knowledge, any STIX bundle.
	SourceCurated = "curated"
	// SourceReport is a report an analyst accepted (telltale ingest).
	SourceReport = "report"
	// SourceDescription is targeting read from an actor's description
	// (telltale enrich), of low confidence.
	SourceDescription = "description"
)

// SourceKinds lists the kinds of source, in the order pages show them.
var SourceKinds = []string{SourceCurated, SourceReport, SourceDescription}

// SourceKindLabel names a kind of source for a reader.
func SourceKindLabel(kind string) string {
	switch kind {
	case SourceCurated:
		return "curated data"
	case SourceReport:
		return "accepted reports"
	case SourceDescription:
		return "actor descriptions"
	}
	return kind
}

// LandscapeFilter narrows a landscape to the rows that rest on some kinds
// of source and to what was active within a date window. Its zero value
// keeps everything.
type LandscapeFilter struct {
	// Kinds are the kinds of source a row may rest on (SourceKinds); a
	// row stays when one of its sources is of one of them. Empty is all.
	Kinds []string `json:"kinds"`
	// From and To bound the window, inclusive, as YYYY-MM-DD; "" leaves
	// that side open. An attacker is in the window when its activity (first
	// and last seen, the reports about it) overlaps it; one with no date
	// is not. Reports are in it by publication date.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Window names the preset the dates come from (12m, 3y, all), or ""
	// when they were given as such.
	Window string `json:"window,omitempty"`
}

// Normal returns f with its kinds known, sorted in SourceKinds order and
// without duplicates; all the kinds given is the same as none.
func (f LandscapeFilter) Normal() LandscapeFilter {
	var kinds []string
	for _, k := range SourceKinds {
		if slices.Contains(f.Kinds, k) {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == len(SourceKinds) {
		kinds = nil
	}
	f.Kinds = kinds
	return f
}

// Includes says whether rows resting on kind are kept.
func (f LandscapeFilter) Includes(kind string) bool {
	return len(f.Kinds) == 0 || slices.Contains(f.Kinds, kind)
}

// Dated says whether the filter has a window.
func (f LandscapeFilter) Dated() bool { return f.From != "" || f.To != "" }

// IsZero says whether the filter keeps everything.
func (f LandscapeFilter) IsZero() bool { return len(f.Kinds) == 0 && !f.Dated() }

// Key names what the filter keeps, for caches: equal keys, equal results.
func (f LandscapeFilter) Key() string {
	return strings.Join(f.Kinds, ",") + "|" + f.From + "|" + f.To + "|" + f.Window
}

// InWindow says whether the span first–last (dates or timestamps; either
// may be "", then the other stands for both) overlaps the window. A span
// with no date is in no bounded window.
func (f LandscapeFilter) InWindow(first, last string) bool {
	if !f.Dated() {
		return true
	}
	first, last = day(first), day(last)
	if first == "" {
		first = last
	}
	if last == "" {
		last = first
	}
	if first == "" {
		return false
	}
	return (f.To == "" || first <= f.To) && (f.From == "" || last >= f.From)
}

// day is the date part of a timestamp.
func day(ts string) string {
	if len(ts) > 10 {
		return ts[:10]
	}
	return ts
}

// KindCount says how many of a landscape's attackers (within its window)
// rest on one kind of source: in all, and on that kind alone.
type KindCount struct {
	Kind      string `json:"kind"`
	Label     string `json:"label"`
	Attackers int    `json:"attackers"`
	Only      int    `json:"only"`     // attackers no other kind backs
	Included  bool   `json:"included"` // whether the filter keeps this kind
}

// Tally is one bar of a landscape's breakdowns: a country of origin or a
// targeted country (Key its ISO code, "" for unknown), or a motivation
// (Key its analyst word), with how many attackers it counts.
type Tally struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Count int    `json:"count"`
	// Hedged counts the attackers whose origin is this country but no
	// source asserts it, or one disputes it (origins only).
	Hedged int `json:"hedged,omitempty"`
}

// Period is one step of a landscape's activity over time: a year (2024)
// or a quarter (2024-Q3), the attackers active in it and the reports
// published in it.
type Period struct {
	Period    string `json:"period"`
	Attackers int    `json:"attackers"`
	Reports   int    `json:"reports"`
}

// Check refuses a window whose dates are not YYYY-MM-DD or run backwards
// (EINVALID).
func (f LandscapeFilter) Check() error {
	for _, d := range []string{f.From, f.To} {
		if d == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return Errorf(EINVALID, "the date %q is not a date YYYY-MM-DD", d)
		}
	}
	if f.From != "" && f.To != "" && f.From > f.To {
		return Errorf(EINVALID, "the window runs backwards: from %s to %s", f.From, f.To)
	}
	for _, k := range f.Kinds {
		if !slices.Contains(SourceKinds, k) {
			return Errorf(EINVALID, "no kind of source is called %q (give %s)", k, strings.Join(SourceKinds, ", "))
		}
	}
	return nil
}
