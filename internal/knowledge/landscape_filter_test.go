package knowledge_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// Three attackers of Communication, one of each kind of source: a
// curated one with dates (an espionage group by its description), one read
// from a description (no date, financially motivated) and one from an
// accepted report published in May 2026.
const (
	curatedGroup = "intrusion-set--7a1e0c55-0001-4c3e-9a51-0a5e3c1f0001"
	proseGroup   = "intrusion-set--7a1e0c55-0002-4c3e-9a51-0a5e3c1f0002"
	reportGroup  = "intrusion-set--7a1e0c55-0003-4c3e-9a51-0a5e3c1f0003"
	kindsReport  = "report--7a1e0c55-0004-4c3e-9a51-0a5e3c1f0004"
)

func kindsBundle(comm string) string {
	obj := func(s string) string {
		return `{"spec_version":"2.1","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",` + s + `}`
	}
	rel := func(n, src, extra string) string {
		return obj(`"type":"relationship","id":"relationship--7a1e0c55-01` + n + `-4c3e-9a51-0a5e3c1f0100","relationship_type":"targets","source_ref":"` + src + `","target_ref":"` + comm + `"` + extra)
	}
	return `{"type":"bundle","id":"bundle--7a1e0c55-0000-4c3e-9a51-0a5e3c1f0000","objects":[` + strings.Join([]string{
		obj(`"type":"intrusion-set","id":"` + curatedGroup + `","name":"Kinds Curated Group","primary_motivation":"organizational-gain","description":"A cyber espionage group.","first_seen":"2015-01-01T00:00:00.000Z","last_seen":"2016-06-01T00:00:00.000Z"`),
		obj(`"type":"intrusion-set","id":"` + proseGroup + `","name":"Kinds Prose Group","primary_motivation":"personal-gain","description":"A financially motivated crew."`),
		obj(`"type":"intrusion-set","id":"` + reportGroup + `","name":"Kinds Report Group"`),
		obj(`"type":"report","id":"` + kindsReport + `","name":"Kinds report","published":"2026-05-01T00:00:00.000Z","object_refs":["` + reportGroup + `","` + comm + `"],"x_telltale_status":"accepted"`),
		rel("01", curatedGroup, ""),
		rel("02", proseGroup, `,"confidence":30,"x_telltale_from_description":true`),
		rel("03", reportGroup, `,"x_telltale_report_ref":"`+kindsReport+`"`),
	}, ",") + `]}`
}

func names(l *telltale.Landscape) []string {
	var out []string
	for _, a := range l.Attackers {
		out = append(out, a.Name)
	}
	return out
}

// TestLandscapeFilters: the kinds of source and the date window narrow the
// rows, and every count follows.
func TestLandscapeFilters(t *testing.T) {
	db, k := openStarter(t)
	importBytes(t, db, "kinds", []byte(kindsBundle(mustSector(t, "communication"))))
	ctx := context.Background()
	get := func(f telltale.LandscapeFilter) *telltale.Landscape {
		t.Helper()
		l, err := k.LandscapeFiltered(ctx, "communication", f)
		if err != nil {
			t.Fatal(err)
		}
		if l.AttackerCount != len(l.Attackers) {
			t.Errorf("%+v: count %d, %d rows", f, l.AttackerCount, len(l.Attackers))
		}
		return l
	}
	all := get(telltale.LandscapeFilter{})
	for _, n := range []string{"Kinds Curated Group", "Kinds Prose Group", "Kinds Report Group"} {
		if !slices.Contains(names(all), n) {
			t.Fatalf("%s missing from %v", n, names(all))
		}
	}
	byKind := map[string]telltale.KindCount{}
	for _, c := range all.SourceKinds {
		byKind[c.Kind] = c
	}
	if byKind["description"].Attackers < 1 || byKind["description"].Only < 1 || byKind["report"].Attackers < 1 || byKind["curated"].Attackers < 2 {
		t.Errorf("kind counts %+v", all.SourceKinds)
	}
	if sum := byKind["curated"].Only + byKind["report"].Only + byKind["description"].Only; sum > all.AttackerCount {
		t.Errorf("%d rows rest on one kind only, of %d", sum, all.AttackerCount)
	}

	t.Run("Kinds", func(t *testing.T) {
		for kind, want := range map[string]string{"description": "Kinds Prose Group", "report": "Kinds Report Group"} {
			l := get(telltale.LandscapeFilter{Kinds: []string{kind}})
			if !slices.Contains(names(l), want) || slices.Contains(names(l), "Kinds Curated Group") {
				t.Errorf("%s: %v", kind, names(l))
			}
			if l.AttackerCount != byKind[kind].Attackers {
				t.Errorf("%s: %d rows, the summary said %d", kind, l.AttackerCount, byKind[kind].Attackers)
			}
			for _, a := range l.Attackers {
				for _, s := range a.Sources {
					if s.Kind != kind {
						t.Errorf("%s: %s keeps a source of kind %q", kind, a.Name, s.Kind)
					}
				}
			}
		}
		without := get(telltale.LandscapeFilter{Kinds: []string{"curated", "report"}})
		if slices.Contains(names(without), "Kinds Prose Group") || without.AttackerCount != all.AttackerCount-byKind["description"].Only {
			t.Errorf("without descriptions: %d of %d, %v", without.AttackerCount, all.AttackerCount, names(without))
		}
	})

	t.Run("Window", func(t *testing.T) {
		l := get(telltale.LandscapeFilter{From: "2026-01-01", To: "2026-12-31"})
		if n := names(l); !slices.Contains(n, "Kinds Report Group") || slices.Contains(n, "Kinds Curated Group") || slices.Contains(n, "Kinds Prose Group") {
			t.Errorf("2026: %v", n)
		}
		if l.Undated < 1 || l.ReportCount != 1 {
			t.Errorf("2026: %d undated, %d reports", l.Undated, l.ReportCount)
		}
		if len(l.Activity) != 4 || l.Activity[0].Period != "2026-Q1" || l.Activity[1].Reports != 1 || l.Activity[1].Attackers < 1 {
			t.Errorf("2026 activity %+v", l.Activity)
		}
		old := get(telltale.LandscapeFilter{From: "2015-06-01", To: "2015-12-31"})
		if n := names(old); !slices.Contains(n, "Kinds Curated Group") || slices.Contains(n, "Kinds Report Group") || old.ReportCount != 0 {
			t.Errorf("2015: %v, %d reports", n, old.ReportCount)
		}
		if _, err := k.LandscapeFiltered(ctx, "communication", telltale.LandscapeFilter{From: "2026-13-01"}); telltale.ErrorCode(err) != telltale.EINVALID {
			t.Errorf("a bad date: %v", err)
		}
	})

	t.Run("Tallies", func(t *testing.T) {
		sum := 0
		for _, m := range all.Motivations {
			sum += m.Count
		}
		if sum != all.AttackerCount {
			t.Errorf("motivations count %d attackers of %d", sum, all.AttackerCount)
		}
		sum = 0
		for _, o := range all.Origins {
			sum += o.Count
		}
		if sum != all.AttackerCount {
			t.Errorf("origins count %d attackers of %d", sum, all.AttackerCount)
		}
		for _, a := range all.Attackers {
			want := map[string]string{"Kinds Curated Group": "espionage", "Kinds Prose Group": "financial gain", "Kinds Report Group": ""}[a.Name]
			if _, mine := map[string]bool{"Kinds Curated Group": true, "Kinds Prose Group": true, "Kinds Report Group": true}[a.Name]; mine && a.MotivationLabel != want {
				t.Errorf("%s: motivation %q, want %q", a.Name, a.MotivationLabel, want)
			}
		}
	})
}

func TestMotivationWords(t *testing.T) {
	for _, c := range []struct {
		stix  string
		words []string
		want  string
	}{
		{"organizational-gain", []string{"APT99 is a Chinese cyber espionage group."}, "espionage"},
		{"organizational-gain", []string{"", "Espionage"}, "espionage"}, // a MISP galaxy's cfr-type-of-incident
		{"organizational-gain", []string{"Steals trade secrets for its sponsor."}, "organizational gain"},
		{"personal-gain", []string{"a financially motivated group"}, "financial gain"},
		{"personal-gain", nil, "personal gain"},
		{"ideology", []string{"pro-Russian hacktivists"}, "hacktivism"},
		{"dominance", []string{"deploys wipers for sabotage"}, "sabotage"},
		{"revenge", nil, "revenge"},
		{"", []string{"known for ransomware"}, "financial gain"},
		{"", []string{"nothing said"}, ""},
	} {
		if got := knowledge.Motivation(c.stix, c.words); got != c.want {
			t.Errorf("Motivation(%q, %q) = %q, want %q", c.stix, c.words, got, c.want)
		}
	}
}
