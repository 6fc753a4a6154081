package knowledge

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
)

// UpdatedBaseDiff warms s, which must have computed its unfiltered
// snapshot of an earlier state of the store (Warm), into the store as it
// is now by updateBase, and compares that base with one loadBase reads
// afresh: "" when they are equal, else what differs. updated reports
// whether updateBase could update at all.
func UpdatedBaseDiff(ctx context.Context, s *Service) (updated bool, diff string, err error) {
	s.mu.Lock()
	prev := s.base
	s.mu.Unlock()
	if prev == nil {
		return false, "", fmt.Errorf("no base: Warm first")
	}
	seq, err := s.store.LastSeq(ctx)
	if err != nil {
		return false, "", err
	}
	ch, ok := s.store.(changes)
	if !ok {
		return false, "", fmt.Errorf("the store tells no changes")
	}
	up, err := updateBase(ctx, s.store, ch, prev, seq, s.opts.Mark)
	if err != nil || up == nil {
		return false, "", err
	}
	full, err := loadBase(ctx, s.store, seq, s.opts.Mark)
	if err != nil {
		return true, "", err
	}
	return true, baseDiff(up, full), nil
}

// baseDiff says how two bases differ ("" when they do not). The order of
// marks follows map iteration, so marks are compared as sets.
func baseDiff(a, b *base) string {
	var out []string
	for id, n := range a.nodes {
		if !reflect.DeepEqual(n, b.nodes[id]) {
			out = append(out, "node "+id)
		}
	}
	for id := range b.nodes {
		if a.nodes[id] == nil {
			out = append(out, "node missing "+id)
		}
	}
	fields := []struct {
		name string
		a, b any
	}{
		{"all", a.all, b.all}, {"rels", a.rels, b.rels}, {"relMarks", a.relMarks, b.relMarks},
		{"relNodes", a.relNodes, b.relNodes}, {"relFacts", a.relFacts, b.relFacts}, {"names", a.names, b.names},
		{"revokedTech", a.revokedTech, b.revokedTech}, {"marks", markSet(a), markSet(b)},
	}
	for _, f := range fields {
		if !reflect.DeepEqual(f.a, f.b) {
			out = append(out, f.name)
		}
	}
	sort.Strings(out)
	if len(out) > 10 {
		out = append(out[:10], fmt.Sprintf("and %d more", len(out)-10))
	}
	return fmt.Sprint(out)[1 : len(fmt.Sprint(out))-1]
}

func markSet(b *base) []string {
	var out []string
	for i, m := range b.marks {
		out = append(out, fmt.Sprintf("%#v %s", m, b.markIDs[i]))
	}
	return slices.Sorted(slices.Values(out))
}

// SectorsKept reports whether the unfiltered snapshot of the store as it
// is now keeps the sector summaries (Sectors computes them once per
// snapshot).
func SectorsKept(ctx context.Context, s *Service) (bool, error) {
	snap, err := s.snapshotFor(ctx, allKey, nil)
	if err != nil {
		return false, err
	}
	snap.mu.Lock()
	defer snap.mu.Unlock()
	return snap.sectors != nil, nil
}
