package knowledge

import (
	"fmt"
	"sort"
	"time"

	"github.com/telltale-cti/telltale"
)

// viewOf is c's actor view, computed once per snapshot (cachedActor:
// the landscapes, the actor pages and the sector bundles share it) and
// noted in views, the landscape's.
func (snap *snapshot) viewOf(c *cluster, views map[*cluster]*telltale.Actor) *telltale.Actor {
	a, ok := views[c]
	if !ok {
		a = snap.cachedActor(c)
		views[c] = a
	}
	return a
}

// activeSpan is when an actor is known to have been active: from the
// earliest to the latest of its first and last sightings (its campaigns'
// too) and the newest report about it; "" when none is known.
func activeSpan(a *telltale.Actor) (string, string) {
	newest := ""
	if len(a.Reports) > 0 {
		newest = a.Reports[0].LastSeen // newest first
	}
	return span(a.FirstSeen, a.LastSeen, newest)
}

// attackerSpan is a row's span of activity, as activeSpan.
func attackerSpan(at telltale.Attacker) (string, string) {
	return span(at.FirstSeen, at.LastSeen, at.LastReported)
}

// span is the earliest and latest of dates (timestamps cut to their day),
// ignoring empty ones.
func span(dates ...string) (first, last string) {
	for _, d := range dates {
		if d = day(d); d != "" {
			first, last = earliest(first, d), latest(last, d)
		}
	}
	return first, last
}

func day(ts string) string {
	if len(ts) > 10 {
		return ts[:10]
	}
	return ts
}

// narrow keeps the rows active within f's window and resting on a kind of
// source f keeps (with only those sources). It also counts the rows within
// the window by kind, kept or not, and the rows of kept kinds the window
// leaves out for want of any date.
func (snap *snapshot) narrow(rows map[*cluster]*attackerRow, f telltale.LandscapeFilter, views map[*cluster]*telltale.Actor) (map[*cluster]*attackerRow, []telltale.KindCount, int) {
	kept := make(map[*cluster]*attackerRow, len(rows))
	counts := make([]telltale.KindCount, len(telltale.SourceKinds))
	for i, k := range telltale.SourceKinds {
		counts[i] = telltale.KindCount{Kind: k, Label: telltale.SourceKindLabel(k), Included: f.Includes(k)}
	}
	undated := 0
	for c, row := range rows {
		var sources []telltale.Source
		has := make([]bool, len(telltale.SourceKinds))
		for _, s := range row.sources {
			for i, k := range telltale.SourceKinds {
				has[i] = has[i] || s.Kind == k
			}
			if f.Includes(s.Kind) {
				sources = append(sources, s)
			}
		}
		if f.Dated() {
			first, last := activeSpan(snap.viewOf(c, views))
			if !f.InWindow(first, last) {
				if first == "" && last == "" && len(sources) > 0 {
					undated++
				}
				continue
			}
		}
		n := 0
		for i := range has {
			if has[i] {
				counts[i].Attackers++
				n++
			}
		}
		for i := range has {
			if has[i] && n == 1 {
				counts[i].Only++
			}
		}
		if len(sources) > 0 {
			kept[c] = &attackerRow{c: c, sectors: row.sectors, sources: sources}
		}
	}
	return kept, counts, undated
}

// campaignsIn lists the campaigns whose sources f keeps (with those only)
// and that were active within its window.
func (snap *snapshot) campaignsIn(campaigns map[string]*telltale.Ref, f telltale.LandscapeFilter) []telltale.Ref {
	out := []telltale.Ref{}
	for _, ref := range sortedRefs(campaigns) {
		var sources []telltale.Source
		for _, s := range ref.Sources {
			if f.Includes(s.Kind) {
				sources = append(sources, s)
			}
		}
		first := ""
		if n := snap.nodes[ref.ID]; n != nil {
			first = n.FirstSeen
		}
		if len(sources) == 0 || !f.InWindow(first, ref.LastSeen) {
			continue
		}
		ref.Sources = sources
		out = append(out, ref)
	}
	return out
}

// tallies counts the attackers by country of origin, by targeted country
// and by analyst motivation.
func tallies(attackers []telltale.Attacker, rows map[*cluster]*attackerRow, views map[*cluster]*telltale.Actor) (origins, targets, motivations []telltale.Tally) {
	org, tgt, mot := map[string]*telltale.Tally{}, map[string]*telltale.Tally{}, map[string]*telltale.Tally{}
	bump := func(m map[string]*telltale.Tally, key, name string) *telltale.Tally {
		t, ok := m[key]
		if !ok {
			t = &telltale.Tally{Key: key, Name: name}
			m[key] = t
		}
		t.Count++
		return t
	}
	for _, at := range attackers {
		name := at.OriginName
		if at.Origin == "" {
			name = "Unknown"
		} else if name == "" {
			name = at.Origin
		}
		if t := bump(org, at.Origin, name); at.Origin != "" && at.OriginStatus != "asserted" {
			t.Hedged++
		}
		label := at.MotivationLabel
		if label == "" {
			label = "unknown"
		}
		bump(mot, at.MotivationLabel, label)
	}
	for c := range rows {
		a := views[c]
		if a == nil {
			continue
		}
		seen := map[string]bool{}
		for _, ct := range a.Targets.Countries {
			key := ct.ExtID
			if key == "" {
				key = ct.Name
			}
			if !seen[key] {
				seen[key] = true
				bump(tgt, key, ct.Name)
			}
		}
	}
	return sortTallies(org), sortTallies(tgt), sortTallies(mot)
}

// sortTallies orders tallies most first, by name among equals, the
// unknown ("" key) last.
func sortTallies(m map[string]*telltale.Tally) []telltale.Tally {
	out := make([]telltale.Tally, 0, len(m))
	for _, t := range m {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Key == "") != (b.Key == "") {
			return b.Key == ""
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Name < b.Name
	})
	return out
}

// maxPeriods bounds the steps of the activity over time: an odd date in
// the data (1900) must not draw a century.
const maxPeriods = 40

// activity counts, for each year of the window (each quarter when it
// spans at most three years), the attackers active in it and the reports
// published in it. Without a window it runs from the earliest date known
// to the latest.
func activity(attackers []telltale.Attacker, published []string, f telltale.LandscapeFilter) []telltale.Period {
	lo, hi := day(f.From), day(f.To)
	if lo == "" || hi == "" {
		dlo, dhi := "", ""
		for _, at := range attackers {
			first, last := attackerSpan(at)
			dlo, dhi = earliest(dlo, first), latest(dhi, last)
		}
		for _, p := range published {
			dlo, dhi = earliest(dlo, day(p)), latest(dhi, day(p))
		}
		lo, hi = orDefault(lo, dlo), orDefault(hi, dhi)
	}
	out := []telltale.Period{}
	from, err1 := time.Parse(time.DateOnly, lo)
	to, err2 := time.Parse(time.DateOnly, hi)
	if err1 != nil || err2 != nil || to.Before(from) {
		return out
	}
	months := 12
	if to.Year()-from.Year() <= 3 && f.Dated() {
		months = 3
	}
	start := time.Date(from.Year(), time.Month((int(from.Month())-1)/months*months+1), 1, 0, 0, 0, 0, time.UTC)
	var steps []time.Time
	for t := start; !t.After(to); t = t.AddDate(0, months, 0) {
		steps = append(steps, t)
	}
	if len(steps) > maxPeriods {
		steps = steps[len(steps)-maxPeriods:]
	}
	for _, t := range steps {
		p := telltale.Period{Period: fmt.Sprint(t.Year())}
		if months == 3 {
			p.Period = fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
		}
		a, b := t.Format(time.DateOnly), t.AddDate(0, months, -1).Format(time.DateOnly)
		for _, at := range attackers {
			if first, last := attackerSpan(at); first != "" && first <= b && last >= a {
				p.Attackers++
			}
		}
		for _, d := range published {
			if d := day(d); d >= a && d <= b {
				p.Reports++
			}
		}
		out = append(out, p)
	}
	return out
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
