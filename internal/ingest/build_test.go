package ingest

import (
	"slices"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/stix"
)

// The extractor may report an actor for a common word ("hacking" for
// Hacking Team, "comment" for APT1): such a mention links nothing, and a
// claim about it is a claim about the unnamed group the text describes,
// whether the claim gives its subject by name or as written.
func TestWeakMentionsLinkNothing(t *testing.T) {
	for _, subject := range []string{"Hacking Team", "hacking"} {
		t.Run(subject, func(t *testing.T) { weakMentionsLinkNothing(t, subject) })
	}
}

func weakMentionsLinkNothing(t *testing.T, subject string) {
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
			{Subject: subject, SubjectRef: "the hacking group", Object: "China", ObjectKind: "country", Polarity: extract.Hedged, Evidence: "Analysts say the hacking group is possibly based in China."},
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

// Claims keep their polarity: asserted and hedged ones become
// relationships marked so (with who claimed them), negated, denied and
// distinct-from ones notes; an actor object resolves whether the claim
// names it as written or by its canonical name. Countries where victims
// are become targets, unless the sentence doubts it.
func TestClaimsKeepPolarity(t *testing.T) {
	text := "Bar Panda hit carriers in Germany. Bar Panda is based in Russia, Acme says. Bar Panda is possibly a subgroup of Wicked Panda. " +
		"Acme does not link Bar Panda to Chinese intelligence. Bar Panda, also tracked as Foo Team, operates separately from Baz Group. " +
		"It is not clear whether any of Bar Panda's victims were in France. Acme is a Swiss vendor. The Dutch NCSC warned operators of Bar Panda. BP-1 is busy."
	const bar = "intrusion-set--66666666-6666-4666-8666-666666666666"
	const apt41 = "intrusion-set--77777777-7777-4777-8777-777777777777"
	const foo = "intrusion-set--88888888-8888-4888-8888-888888888888"
	const baz = "intrusion-set--99999999-9999-4999-8999-999999999999"
	// The text's sentences all end in ". ".
	sentenceOf := func(at int) string {
		start, end := 0, len(text)
		if i := strings.LastIndex(text[:at], ". "); i >= 0 {
			start = i + 2
		}
		if j := strings.Index(text[at:], ". "); j >= 0 {
			end = at + j + 1
		}
		return text[start:end]
	}
	mention := func(kind, name, surface, id, role string, nth int) extract.Mention {
		at := -1
		for i := 0; i <= nth; i++ {
			at = strings.Index(text[at+1:], surface) + at + 1
		}
		return extract.Mention{Kind: kind, Name: name, Mention: surface, ID: id, Role: role, Start: at, End: at + len(surface), Sentence: sentenceOf(at)}
	}
	claim := func(object, kind, relation, polarity, by, evidence string) extract.Claim {
		return extract.Claim{Subject: "Bar Panda", Mention: "Bar Panda", Relation: relation, Object: object, ObjectKind: kind, Polarity: polarity, By: by, Cue: "c", Evidence: sentenceOf(strings.Index(text, evidence))}
	}
	res := &extract.Result{
		Actors: []extract.Mention{
			mention("actor", "Bar Panda", "Bar Panda", bar, "", 0),
			mention("actor", "Bar Panda", "Bar Panda", bar, "", 1),
			// Named with countries that are no victims' places.
			mention("actor", "Bar Panda", "Bar Panda", bar, "", 5),
			mention("actor", "Bar Panda", "Bar Panda", bar, "", 6),
			mention("actor", "APT41", "Wicked Panda", apt41, "", 0),
			mention("actor", "Foo Team", "Foo Team", foo, "", 0),
			mention("actor", "Baz Group", "Baz Group", baz, "", 0),
			mention("actor", "Bar Panda", "BP-1", bar, "", 0),
		},
		Countries: []extract.Mention{
			mention("country", "Germany", "Germany", "Germany", extract.RoleTarget, 0),
			mention("country", "Russia", "Russia", "Russia", extract.RoleOrigin, 0),
			mention("country", "China", "Chinese", "China", extract.RoleOrigin, 0),
			mention("country", "France", "France", "France", extract.RoleTarget, 0),
			// The agency's home, whatever role the extractor gives it.
			mention("country", "Netherlands", "Dutch", "Netherlands", extract.RoleTarget, 0),
		},
		Organizations: []extract.Mention{
			mention("organization", "Acme", "Acme", "Acme", "source", 0),
			mention("organization", "National Cyber Security Centre", "NCSC", "National Cyber Security Centre", "source", 0),
		},
		Claims: []extract.Claim{
			claim("Russia", "country", extract.OriginatesFrom, extract.Asserted, "Acme", "Bar Panda is based"),
			// The object as written ("Wicked Panda"), not the canonical APT41.
			claim("Wicked Panda", "actor", extract.PartOf, extract.Hedged, "", "possibly a subgroup"),
			// The place as written would do as well as its name.
			claim("Chinese", "country", extract.AttributedTo, extract.Negated, "Acme", "does not link"),
			claim("Foo Team", "actor", extract.SameAs, extract.Asserted, "", "also tracked as"),
			claim("Baz Group", "actor", extract.DistinctFrom, extract.Asserted, "", "operates separately"),
			// Two names of one actor: nothing to relate.
			claim("BP-1", "actor", extract.SameAs, extract.Asserted, "", "BP-1 is busy"),
			// An object as written that no mention has, with its canonical
			// name (ObjectRef).
			{Subject: "Bar Panda", Relation: extract.SameAs, Object: "B.P. one", ObjectRef: "Bar Panda", ObjectKind: "actor", Polarity: extract.Asserted, Evidence: "BP-1 is busy."},
		},
	}
	in := &input{
		doc: &Document{Text: text, Title: "Bar Panda"}, res: res, reportID: "report--22222222-2222-4222-8222-222222222222",
		created: "2026-11-20T00:00:00.000Z", modified: "2026-11-20T00:00:00.000Z", publisher: "Telltale", pubID: "identity--33333333-3333-4333-8333-333333333333",
		exists:    func(string) bool { return true },
		technique: func(string) (string, string) { return "", "" },
	}
	objs, sum := build(in)
	rels := map[string]*stix.Relationship{} // type and target → relationship
	for _, o := range objs {
		if r, ok := o.(*stix.Relationship); ok {
			if r.SourceRef != bar {
				t.Errorf("relationship from %v, want Bar Panda: %+v", r.SourceRef, r)
			}
			rels[r.RelationshipType+" "+r.TargetRef] = r
		}
	}
	check := func(key, polarity, by string, lo, hi int) {
		t.Helper()
		o := rels[key]
		if o == nil {
			t.Errorf("no relationship %s; have %v", key, sum.Relationships)
			return
		}
		if conf := *o.Confidence; conf < lo || conf > hi {
			t.Errorf("%s: confidence %d, want %d–%d", key, conf, lo, hi)
		}
		pol, marked := o.Custom.Get("x_telltale_polarity")
		claimBy, _ := o.Custom.Get("x_telltale_claim_by")
		if polarity == "" {
			if marked {
				t.Errorf("%s: marked as a claim: %+v", key, o)
			}
		} else if pol != polarity || claimBy != by {
			t.Errorf("%s: polarity %v by %v, want %s by %s", key, pol, claimBy, polarity, by)
		}
	}
	russia, china := stix.LocationID("Russia", "Country"), stix.LocationID("China", "Country")
	check("originates-from "+russia, extract.Asserted, "Acme", ConfidenceSameSentence+1, 100)
	check("attributed-to "+apt41, extract.Hedged, "the report", 1, ConfidenceSameSentence-1)
	check("related-to "+foo, extract.Asserted, "the report", ConfidenceSameSentence, 100)
	if o := rels["related-to "+foo]; o != nil {
		if rel, _ := o.Custom.Get("x_telltale_relation"); rel != extract.SameAs {
			t.Errorf("same-as claim: relation %v", rel)
		}
	}
	for _, k := range []string{"originates-from " + china, "attributed-to " + china, "related-to " + baz, "attributed-to " + baz} {
		if rels[k] != nil {
			t.Errorf("a negated or distinct-from claim made a relationship: %s", k)
		}
	}
	kept := map[string]string{}
	for _, c := range sum.Claims {
		kept[c.Object] = c.KeptAs
	}
	// The negation names China's location, which disputes an origin there.
	for _, o := range objs {
		if n, ok := o.(*stix.Note); ok && n.ID == kept["Chinese"] && !slices.Contains(n.ObjectRefs, china) {
			t.Errorf("the note of the negated claim refers to %v, not to China", n.ObjectRefs)
		}
	}
	for _, o := range []string{"BP-1", "B.P. one"} {
		if k, ok := kept[o]; !ok || k != "" {
			t.Errorf("a claim tying Bar Panda to itself (%s) kept as %q", o, k)
		}
	}
	if rels["related-to "+bar] != nil {
		t.Errorf("Bar Panda related to itself")
	}
	for _, o := range []string{"Chinese", "Baz Group"} {
		if !strings.HasPrefix(kept[o], "note--") {
			t.Errorf("claim about %s kept as %q, want a note", o, kept[o])
		}
	}
	// Victims in Germany: a target; France is only wondered about.
	check("targets "+stix.LocationID("Germany", "Country"), "", "", ConfidenceSameSentence, ConfidenceSameSentence)
	if o := rels["targets "+stix.LocationID("France", "Country")]; o != nil {
		t.Errorf("a doubted victim country became a target: %v", o)
	}
	for k := range rels {
		if strings.HasPrefix(k, "targets location--") && k != "targets "+stix.LocationID("Germany", "Country") {
			t.Errorf("targets a country that is no victim's: %s", k)
		}
	}
}

func TestClaimConfidence(t *testing.T) {
	for _, c := range []struct {
		claim  extract.Claim
		lo, hi int
	}{
		{extract.Claim{Polarity: extract.Asserted, By: "Mandiant", Cue: "attributed to"}, ConfidenceAsserted, ConfidenceAsserted},
		{extract.Claim{Polarity: extract.Asserted, By: "Mandiant", Cue: "with high confidence"}, ConfidenceAsserted + 1, 100},
		{extract.Claim{Polarity: extract.Asserted, Cue: "attributed to"}, 70, ConfidenceAsserted - 1},
		{extract.Claim{Polarity: extract.Hedged, By: "Mandiant", Cue: "likely"}, ConfidenceHedged + 1, 69},
		{extract.Claim{Polarity: extract.Hedged, By: "Mandiant", Cue: "potentially"}, 1, ConfidenceHedged - 1},
		{extract.Claim{Polarity: extract.Hedged, Cue: "possibly"}, 1, ConfidenceHedged - 11},
	} {
		if got := claimConfidence(c.claim); got < c.lo || got > c.hi {
			t.Errorf("confidence of %+v = %d, want %d–%d", c.claim, got, c.lo, c.hi)
		}
	}
}

// TestOwnedActivityMakesNoUnnamedActor: "the campaigns are attributed to
// APT41" speaks of a known actor's activity; no "Unnamed actor" is made
// of it, while a group tied only to a country is one.
func TestOwnedActivityMakesNoUnnamedActor(t *testing.T) {
	for _, tc := range []struct {
		claim extract.Claim
		want  bool
	}{
		{extract.Claim{Subject: "unnamed", Relation: extract.AttributedTo, Object: "APT41", ObjectKind: "actor", Polarity: extract.Asserted}, true},
		{extract.Claim{Subject: "unnamed", Relation: extract.AttributedTo, Object: "APT41", ObjectKind: "actor", Polarity: extract.Hedged}, true},
		{extract.Claim{Subject: "unnamed", Relation: extract.SameAs, Object: "Lazarus Group", ObjectKind: "actor", Polarity: extract.Negated}, false},
		{extract.Claim{Subject: "unnamed", Relation: extract.OriginatesFrom, Object: "China", ObjectKind: "country", Polarity: extract.Hedged}, false},
	} {
		if got := ownedActivity(tc.claim); got != tc.want {
			t.Errorf("ownedActivity(%+v) = %v, want %v", tc.claim, got, tc.want)
		}
	}
}
