package api

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"

	"github.com/telltale-cti/telltale"
)

// Versions is every stored version of an object and, when two are chosen,
// what changed between them.
type Versions struct {
	ID       string             `json:"id"`
	Name     string             `json:"name,omitempty"`
	Type     string             `json:"type"`
	Versions []*telltale.Object `json:"versions"`       // oldest first
	From     int                `json:"from,omitempty"` // 1-based positions compared
	To       int                `json:"to,omitempty"`
	Diff     []Change           `json:"diff,omitempty"`
}

// Change is one top-level property that differs between two versions.
type Change struct {
	Property string `json:"property"`
	Kind     string `json:"kind"` // "added", "removed" or "changed"
	Old      string `json:"old,omitempty"`
	New      string `json:"new,omitempty"`
}

// Versions lists the versions of id and compares version from with
// version to (1-based; 0 picks the last two).
func (v *Views) Versions(ctx context.Context, id string, from, to int) (*Versions, error) {
	vs, err := v.Objects.ObjectVersions(ctx, id)
	if err != nil {
		return nil, err
	}
	last := vs[len(vs)-1]
	out := &Versions{ID: id, Name: last.Name, Type: last.Type, Versions: vs}
	if len(vs) < 2 {
		return out, nil
	}
	if from < 1 || from > len(vs) || to < 1 || to > len(vs) || from == to {
		from, to = len(vs)-1, len(vs)
	}
	out.From, out.To = from, to
	out.Diff, err = Diff(vs[from-1].Raw, vs[to-1].Raw)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Diff compares two versions of an object property by property.
func Diff(a, b json.RawMessage) ([]Change, error) {
	var pa, pb map[string]json.RawMessage
	if err := json.Unmarshal(a, &pa); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &pb); err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	for k := range pa {
		keys[k] = true
	}
	for k := range pb {
		keys[k] = true
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	changes := []Change{}
	for _, k := range names {
		va, inA := pa[k]
		vb, inB := pb[k]
		switch {
		case !inA:
			changes = append(changes, Change{Property: k, Kind: "added", New: pretty(vb)})
		case !inB:
			changes = append(changes, Change{Property: k, Kind: "removed", Old: pretty(va)})
		case pretty(va) != pretty(vb):
			changes = append(changes, Change{Property: k, Kind: "changed", Old: pretty(va), New: pretty(vb)})
		}
	}
	return changes, nil
}

// pretty indents JSON; a string value is shown without its quotes.
func pretty(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var buf bytes.Buffer
	if json.Indent(&buf, raw, "", "  ") != nil {
		return string(raw)
	}
	return buf.String()
}
