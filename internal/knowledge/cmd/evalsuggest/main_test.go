package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// TestScores holds the suggestions to the accuracy they reach on the
// masked shared reports (the targets, top-1 60% and top-3 80% on
// the held-out split, are not reached yet: see the README). The time per
// report is measured by scripts/eval-suggest and BenchmarkSuggestProfiles,
// not asserted here: under -race on a loaded machine a report can take
// over a second.
func TestScores(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the shared knowledge")
	}
	shared := testutil.SharedDir(t)
	ctx := context.Background()
	k, cleanup, err := openKnowledge(ctx, shared, "")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	// A gold actor the knowledge does not hold, whose mentions name the
	// actors it impersonates, is no subject; one whose mentions agree is.
	if id, _, _ := resolveSubject(ctx, k, "Fancy Lazarus", []string{"Fancy Lazarus", "Fancy Bear", "Lazarus Group"}); id != "" {
		t.Errorf("Fancy Lazarus resolved to %s; its mentions name two actors", id)
	}
	if _, label, _ := resolveSubject(ctx, k, "No Such Group", []string{"Fancy Bear", "APT28"}); label != "APT28" {
		t.Errorf("mentions Fancy Bear and APT28 resolved to %q, want APT28", label)
	}
	// The evaluation's identity is the CLI's: a candidate is the cluster
	// `telltale actor` opens for its id, a subject the one it opens for
	// its name, and a sibling is a cluster resolution keeps apart.
	sug, err := k.SuggestText(ctx, "The group used PlugX and Winnti for Windows against video game companies.")
	if err != nil || len(sug.Candidates) == 0 {
		t.Fatalf("SuggestText: %v, %d candidates", err, len(sug.Candidates))
	}
	for _, c := range sug.Candidates {
		if a, err := k.Actor(ctx, c.ID); err != nil || a.ID != c.ID || a.Name != c.Name {
			t.Errorf("candidate %s (%s) opens as %+v, %v", c.Name, c.ID, a, err)
		}
	}
	winnti, _, _ := resolveSubject(ctx, k, "Winnti Group", nil)
	apt41, err := k.Actor(ctx, "APT41")
	if a, err2 := k.Actor(ctx, "Winnti Group"); err != nil || err2 != nil || a.ID != winnti || winnti == apt41.ID {
		t.Fatalf("Winnti Group resolved to %q, APT41 to %v (%v, %v): want two clusters, as telltale actor opens them", winnti, apt41, err, err2)
	}
	sib, err := siblings(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sib[winnti][apt41.ID]; !ok {
		t.Errorf("siblings of the Winnti Group %v lack APT41 (MISP gives APT41 the names Winnti, Blackfly and G0044)", sib[winnti])
	}
	// "Winnti" opens the Winnti Group (its name without "Group"), but a
	// gold that gave its subject APT41's alias BARIUM names another
	// cluster.
	if got := otherClusters(ctx, k, winnti, []string{"Winnti Group", "Blackfly", "Winnti", "BARIUM"}); len(got) != 1 || got[0] != `"BARIUM" opens APT41` {
		t.Errorf("otherClusters = %q, want [\"BARIUM\" opens APT41]", got)
	}
	for _, c := range []struct {
		split      string
		top1, top3 float64
	}{
		{"tune", 59, 81},
		// 14 and 27 of 40 reports since an actor the text asserts its
		// (masked) subject is attributed to ranks first (it was 17 and
		// 27: three TRAM2 reports rank such an actor above their
		// subject; see the README). The set changed three times. Since extraction reads "Shamoon" next
		// to "wiper" as the malware, the TRAM2 report on stolen
		// certificates has no dominant actor and is left out (it ranked
		// the Shamoon Group 16th). Since extraction names the actor `telltale
		// actor` opens, a TRAM2 report about BlueNoroff has APT38 as its
		// dominant actor (it was read as APT38 and the Lazarus Group
		// alike, and left out) and ranks it ninth; since two spellings of
		// a name on one span ("Fancy Bear", "FANCY BEAR") are one
		// mention, "How to Detect Cobalt Strike", which APT29 dominated
		// only by its one NOBELIUM counted twice (3 mentions against
		// TeamTNT's 1), is left out (it ranked APT29 first).
		{"heldout", 34, 67},
	} {
		sc, err := evaluate(ctx, io.Discard, k, shared, c.split, knowledge.DefaultSuggestWeights, false)
		if err != nil {
			t.Fatal(err)
		}
		if sc.top1Pct() < c.top1 || sc.top3Pct() < c.top3 {
			t.Errorf("%s: top-1 %.1f%%, top-3 %.1f%%; want at least %.0f%% and %.0f%%", c.split, sc.top1Pct(), sc.top3Pct(), c.top1, c.top3)
		}
		if sc.leaks > 0 {
			t.Errorf("%s: %d masked reports still name their actor", c.split, sc.leaks)
		}
	}
}

// Masking hides every spelling of every name, and nothing else.
func TestMask(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"APT41, APT 41 and apt-41 struck; APT410 did not.", "the actor, the actor and the actor struck; APT410 did not."},
		{"Winnti Group's tools; the Winnti group", "the actor's tools; the the actor"},
		{"TEMP.Zagros (TEMP Zagros) uses POWERSTATS", "the actor (the actor) uses POWERSTATS"},
	} {
		if got := mask(c.text, []string{"APT41", "Winnti Group", "TEMP.Zagros"}); got != c.want {
			t.Errorf("mask(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// A masked name inside a longer software name ("Cobalt" in "Cobalt
// Strike") is left whole there; a software named after the actor (its
// name and a kind of software) is not such a name.
func TestMaskKeepsSoftwareNames(t *testing.T) {
	text := "The Cobalt gang loaded Cobalt Strike; Cobalt struck again."
	start := strings.Index(text, "Cobalt Strike")
	got := mask(text, []string{"Cobalt Gang", "Cobalt"}, [2]int{start, start + len("Cobalt Strike")})
	if want := "The the actor loaded Cobalt Strike; the actor struck again."; got != want {
		t.Errorf("mask = %q, want %q", got, want)
	}
	for rest, want := range map[string]bool{" Strike": true, " Ransomware": false, "-RAT ": false, " Loader v2": true, "": false} {
		if got := ownWords(rest); got != want {
			t.Errorf("ownWords(%q) = %v, want %v", rest, got, want)
		}
	}
}

// A sibling the knowledge names alike (conflicts, rule mitre-id) ranked
// above the subject is counted apart, never as the subject; one ranked
// below it changes nothing.
func TestRecordSibling(t *testing.T) {
	cands := []telltale.Candidate{{ID: "apt41", Name: "APT41"}, {ID: "tg3390"}, {ID: "winnti"}, {ID: "x"}}
	sibs := map[string]string{"apt41": "APT41"}
	sc := &scores{byCorpus: map[string]*[3]int{}}
	rk := rankOf(cands, "winnti", sibs)
	if rk.subject != 3 || rk.sibling != 1 || rk.siblingName != "APT41" || rk.joined() != 1 {
		t.Fatalf("rankOf = %+v (joined %d), want subject 3, sibling APT41 at 1", rk, rk.joined())
	}
	sc.record("c", rk)
	sc.record("c", rankOf(cands, "x", nil))                                 // x has no sibling
	sc.record("c", rankOf(cands[1:], "winnti", sibs))                       // no sibling listed
	sc.record("c", rankOf(cands, "apt41", map[string]string{"winnti": ""})) // subject first, sibling below
	if sc.top1 != 1 || sc.top3 != 3 {
		t.Errorf("top-1 %d, top-3 %d; want 1 and 3 (siblings never count as the subject)", sc.top1, sc.top3)
	}
	if sc.siblingAhead != 1 || sc.top1Joined != 1 || sc.top3Joined != 0 {
		t.Errorf("sibling ahead %d, top-1 joined %d, top-3 joined %d; want 1, 1, 0 (the subject was already in the top three)", sc.siblingAhead, sc.top1Joined, sc.top3Joined)
	}
}
