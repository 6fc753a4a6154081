package ingest

import (
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/extract"
)

// The extractor may report an actor for a common word ("hacking" for
// Hacking Team, "comment" for APT1): such a mention links nothing, and a
// claim about it is a claim about the unnamed group the text describes.
func TestWeakMentionsLinkNothing(t *testing.T) {
	text := "The hacking campaign hit 13 telecom operators. Analysts say the hacking group is possibly based in China. MuddyWater was not involved."
	const hackingTeam = "intrusion-set--11111111-1111-4111-8111-111111111111"
	const muddy = "intrusion-set--ac5dbac9-ca65-5571-a916-968297b1fd75"
	at := func(s string) int { return strings.Index(text, s) }
	res := &extract.Result{
		Actors: []extract.Mention{
			{Kind: "actor", Name: "Hacking Team", Mention: "hacking", ID: hackingTeam, Start: at("hacking campaign"), Sentence: "The hacking campaign hit 13 telecom operators."},
			{Kind: "actor", Name: "Hacking Team", Mention: "hacking", ID: hackingTeam, Start: at("hacking group"), Sentence: "Analysts say the hacking group is possibly based in China."},
			{Kind: "actor", Name: "MuddyWater", Mention: "MuddyWater", ID: muddy, Start: at("MuddyWater"), Sentence: "MuddyWater was not involved."},
		},
		Sectors: []extract.Mention{{Kind: "sector", Name: "Telecommunications", Mention: "telecom operators", ID: "telecommunications", Sentence: "The hacking campaign hit 13 telecom operators."}},
		Counts:  []extract.Count{{Phrase: "13 telecom operators", Value: 13, Noun: "operators", Sector: "Telecommunications", Sentence: "The hacking campaign hit 13 telecom operators."}},
		Claims: []extract.Claim{
			{Subject: "Hacking Team", SubjectRef: "the hacking group", Object: "China", ObjectKind: "country", Polarity: extract.Hedged, Evidence: "Analysts say the hacking group is possibly based in China."},
		},
	}
	in := &input{
		doc: &Document{Text: text, Title: "Telecom hack"}, res: res, reportID: "report--22222222-2222-4222-8222-222222222222",
		created: "2026-11-20T00:00:00.000Z", modified: "2026-11-20T00:00:00.000Z", publisher: "Telltale", pubID: "identity--33333333-3333-4333-8333-333333333333",
		exists:    func(string) bool { return true },
		technique: func(string) (string, string) { return "", "" },
	}
	_, sum := build(in)
	for _, r := range sum.Relationships {
		if r.Source == hackingTeam || r.Target == hackingTeam {
			t.Errorf("relationship from a weak mention: %+v", r)
		}
		if r.Source == muddy {
			t.Errorf("relationship from an actor the text names only to rule out: %+v", r)
		}
	}
	for _, a := range sum.Actors {
		if a.ID == hackingTeam && a.Strong {
			t.Errorf("Hacking Team from %q is strong: %+v", a.Mentions, a)
		}
		if a.ID == muddy && !a.Strong {
			t.Errorf("MuddyWater is weak: %+v", a)
		}
	}
	if len(sum.Claims) != 1 || sum.Claims[0].Subject != "unnamed" || !strings.HasPrefix(sum.Claims[0].KeptAs, "relationship--") {
		t.Fatalf("claims = %+v; want the hedged claim about the unnamed group", sum.Claims)
	}
	var unnamed bool
	for _, r := range sum.Relationships {
		if r.SourceName == "Unnamed actor: Telecom hack" && r.Type == "originates-from" && r.Polarity == extract.Hedged && r.Confidence < ConfidenceSameSentence {
			unnamed = true
		}
	}
	if !unnamed {
		t.Errorf("no hedged origin for the unnamed group: %+v", sum.Relationships)
	}
}

// A single capitalised word is strong when it is a known name spelt as
// known, mid-sentence; not at the start of a sentence, not in lower case.
func TestExactCaseNames(t *testing.T) {
	text := "Turla was busy. Researchers tied the intrusions to Sofacy and to turla tooling."
	at := func(s string) int { return strings.Index(text, s) }
	mention := func(name, surface, id string) extract.Mention {
		return extract.Mention{Kind: "actor", Name: name, Mention: surface, ID: id, Start: at(surface), Sentence: "s"}
	}
	for _, c := range []struct {
		m    extract.Mention
		want bool
	}{
		{mention("Turla", "Turla", "intrusion-set--44444444-4444-4444-8444-444444444444"), false}, // sentence start only
		{mention("APT28", "Sofacy", "intrusion-set--55555555-5555-4555-8555-555555555555"), true}, // known alias, mid-sentence
		{mention("Turla", "turla", "intrusion-set--44444444-4444-4444-8444-444444444444"), false}, // lower case
	} {
		in := &input{
			doc: &Document{Text: text, Title: "t"}, res: &extract.Result{Actors: []extract.Mention{c.m}}, reportID: "report--22222222-2222-4222-8222-222222222222",
			created: "2026-11-20T00:00:00.000Z", modified: "2026-11-20T00:00:00.000Z", pubID: "identity--33333333-3333-4333-8333-333333333333",
			exists: func(string) bool { return true }, technique: func(string) (string, string) { return "", "" },
			knownName: func(s string) bool { return s == "Sofacy" || s == "Turla" },
		}
		_, sum := build(in)
		if got := sum.Actors[0].Strong; got != c.want {
			t.Errorf("%q at %d: strong = %v, want %v (%s)", c.m.Mention, c.m.Start, got, c.want, sum.Actors[0].Reason)
		}
	}
}
