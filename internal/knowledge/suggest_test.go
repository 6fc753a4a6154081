package knowledge_test

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// The news story on an unnamed group that broke into 13 carriers, active
// since 2016, is LightBasin's story in the starter knowledge.
func TestSuggestNewsSampleLightBasinFirst(t *testing.T) {
	ctx := context.Background()
	_, k := openStarter(t)
	text, err := os.ReadFile(testutil.SharedFile(t, "samples/telecom-records-theft-news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	sug, err := k.SuggestText(ctx, string(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) == 0 || sug.Candidates[0].Name != "LightBasin" {
		t.Fatalf("candidates = %+v, want LightBasin first", sug.Candidates)
	}
	first := sug.Candidates[0]
	kinds := map[string]bool{}
	for _, e := range first.Supports {
		kinds[e.Kind] = true
		if e.Detail == "" || e.Weight <= 0 {
			t.Errorf("support %+v lacks a detail or a weight", e)
		}
	}
	for _, want := range []string{"victims", "activity", "sector"} {
		if !kinds[want] {
			t.Errorf("LightBasin's supports %+v lack %s", first.Supports, want)
		}
	}
	for i := 1; i < len(sug.Candidates); i++ {
		if sug.Candidates[i].Score > sug.Candidates[i-1].Score {
			t.Fatalf("candidates not ranked: %+v", sug.Candidates)
		}
	}
	// Liminal Panda, first seen in 2020, is contradicted by "active since 2016".
	for _, c := range sug.Candidates {
		if c.Name != "Liminal Panda" {
			continue
		}
		found := false
		for _, e := range c.Contradicts {
			found = found || e.Kind == "activity"
		}
		if !found {
			t.Errorf("Liminal Panda's contradictions %+v lack the activity dates", c.Contradicts)
		}
	}
}

func TestSuggestText(t *testing.T) {
	ctx := context.Background()
	_, k := openStarter(t)
	t.Run("MalwareOfOneActor", func(t *testing.T) {
		sug, err := k.SuggestText(ctx, "The intruders deployed MESSAGETAP on SMS servers of a telecommunications operator.")
		if err != nil {
			t.Fatal(err)
		}
		if len(sug.Candidates) == 0 || sug.Candidates[0].Name != "APT41" {
			t.Fatalf("candidates = %+v, want APT41 first", sug.Candidates)
		}
		found := false
		for _, e := range sug.Candidates[0].Supports {
			found = found || e.Kind == "malware" && e.Value == "MESSAGETAP" && e.Detail == "only this one of 9 known actors"
		}
		if !found {
			t.Errorf("supports = %+v, want MESSAGETAP, used by APT41 only", sug.Candidates[0].Supports)
		}
	})
	t.Run("OtherOriginContradicts", func(t *testing.T) {
		sug, err := k.SuggestText(ctx, "The Iranian group, attributed to Iran, targets telecommunications operators in Egypt with POWERSTATS.")
		if err != nil {
			t.Fatal(err)
		}
		if len(sug.Candidates) == 0 || sug.Candidates[0].Name != "MuddyWater" {
			t.Fatalf("candidates = %+v, want MuddyWater first", sug.Candidates)
		}
		for _, c := range sug.Candidates {
			if c.Name == "GALLIUM" {
				if len(c.Contradicts) == 0 || c.Contradicts[0].Kind != "origin" {
					t.Errorf("GALLIUM (China) is not contradicted by the origin Iran: %+v", c)
				}
			}
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		if _, err := k.SuggestText(ctx, "  "); telltale.ErrorCode(err) != telltale.EINVALID {
			t.Errorf("err = %v, want EINVALID", err)
		}
	})
}

func TestSuggestForActor(t *testing.T) {
	ctx := context.Background()
	_, k := openStarter(t)
	sug, err := k.SuggestForActor(ctx, "UNC1945")
	if err != nil {
		t.Fatal(err)
	}
	if sug.Subject != "LightBasin" {
		t.Errorf("subject = %q, want LightBasin", sug.Subject)
	}
	for _, c := range sug.Candidates {
		if c.Name == "LightBasin" {
			t.Errorf("the actor asked about is among its own candidates: %+v", sug.Candidates)
		}
	}
	if len(sug.Candidates) == 0 || !strings.Contains(strings.Join(sug.Evidence, ";"), "malware: SIGTRANslator") {
		t.Errorf("evidence = %v, candidates = %+v", sug.Evidence, sug.Candidates)
	}
	if _, err := k.SuggestForActor(ctx, "No Such Group"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
		t.Errorf("err = %v, want ENOTFOUND", err)
	}
}

// Suggestions are computed concurrently on one snapshot; the profiles are
// built once.
func TestSuggestConcurrent(t *testing.T) {
	ctx := context.Background()
	_, k := openStarter(t)
	done := make(chan string, 8)
	for i := 0; i < 8; i++ {
		go func() {
			sug, err := k.SuggestText(ctx, "They deployed SIGTRANslator and CordScan inside the mobile core of telecommunications operators.")
			if err != nil || len(sug.Candidates) == 0 {
				done <- ""
				return
			}
			done <- sug.Candidates[0].Name
		}()
	}
	for i := 0; i < 8; i++ {
		if got := <-done; got != "LightBasin" {
			t.Errorf("first candidate = %q, want LightBasin", got)
		}
	}
}

// BenchmarkSuggestProfiles measures building the actor profiles of the
// shared knowledge (once per state of the store) and ranking one text.
func BenchmarkSuggestProfiles(b *testing.B) {
	ctx := context.Background()
	_, k := openFull(b)
	text, err := os.ReadFile(testutil.SharedFile(b, "samples/telecom-records-theft-news.txt"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := k.Dictionary(ctx); err != nil {
		b.Fatal(err)
	}
	b.Run("Build", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			k.ResetSuggestions()
			if _, _, err := k.SuggestIndexStats(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Text", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := k.SuggestText(ctx, string(text)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// A malware family MISP's malpedia calls by another primary name than
// ATT&CK ("NetWire RC", a synonym of which is NETWIRE) is ATT&CK's
// software: a text naming it meets the actors ATT&CK ties to NETWIRE.
func TestSuggestMalpediaNameMeetsAttackSoftware(t *testing.T) {
	ctx := context.Background()
	_, k := openFull(t)
	sug, err := k.SuggestText(ctx, "The intruders delivered NetWire RC in emails to the victims.")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(sug.Evidence, ";"), "malware: NETWIRE") {
		t.Errorf("evidence = %v, want the malware NETWIRE", sug.Evidence)
	}
	found := false
	for _, c := range sug.Candidates {
		for _, e := range c.Supports {
			found = found || e.Kind == "malware" && e.Value == "NETWIRE" && c.Name == "APT33"
		}
	}
	if !found {
		t.Errorf("no candidate APT33 supported by NETWIRE: %+v", sug.Candidates)
	}
}

// Campaigns are no candidates: MISP's "Operation Parliament" is a threat
// actor entry that names an operation, and the question is which actor.
func TestSuggestNoCampaignCandidates(t *testing.T) {
	ctx := context.Background()
	_, k := openFull(t)
	sug, err := k.SuggestText(ctx, "Since 2017 the attackers sent spear-phishing emails to parliaments, government ministries, "+
		"academics and media organizations in the Middle East, verifying victim devices before the infection, "+
		"and imitated another attack group of the region.")
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) == 0 {
		t.Fatal("no candidates")
	}
	for _, c := range sug.Candidates {
		if strings.HasPrefix(c.Name, "Operation ") {
			t.Errorf("candidate %q is a campaign: %+v", c.Name, sug.Candidates)
		}
	}
}

// An actor the knowledge names alike but keeps apart (MISP gives APT41
// the Winnti Group's names and ATT&CK id; ATT&CK keeps them two groups)
// is suggested beside its sibling, below it, with evidence naming both.
func TestSuggestSiblingBesideIt(t *testing.T) {
	ctx := context.Background()
	_, k := openFull(t)
	sug, err := k.SuggestText(ctx, "The intruders deployed MESSAGETAP on SMS servers of a telecommunications operator.")
	if err != nil {
		t.Fatal(err)
	}
	rank := map[string]int{}
	for i, c := range sug.Candidates {
		rank[c.Name] = i + 1
	}
	if rank["APT41"] != 1 || rank["Winnti Group"] == 0 {
		t.Fatalf("candidates = %+v, want APT41 first and the Winnti Group listed", sug.Candidates)
	}
	apt41, winnti := sug.Candidates[0], sug.Candidates[rank["Winnti Group"]-1]
	if winnti.Score >= apt41.Score {
		t.Errorf("the Winnti Group (%v) scores as much as APT41 (%v), whose evidence it borrows", winnti.Score, apt41.Score)
	}
	found := false
	for _, e := range winnti.Supports {
		found = found || e.Kind == "sibling" && e.Value == "APT41" && strings.Contains(e.Detail, "G0044") && e.Weight > 0
	}
	if !found {
		t.Errorf("the Winnti Group's supports %+v lack its sibling APT41 and the names they share", winnti.Supports)
	}
}

// A country the text names only in passing (the publisher's home, not a
// victims' place) is weaker evidence than one it says was attacked: it
// weighs Passing times a target country's weight, and says so.
func TestSuggestCountryInPassing(t *testing.T) {
	ctx := context.Background()
	_, k := openFull(t)
	text := "The group broke into telecommunications operators in Germany and stole call records. " +
		"The report was written by researchers of a security company headquartered in Sweden."
	// support is the first candidate (or the one with id) supported by
	// country, and that evidence.
	support := func(w knowledge.SuggestWeights, country, id string) (string, telltale.Evidence) {
		t.Helper()
		sug, err := k.SuggestTextWith(ctx, text, w)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range sug.Candidates {
			for _, e := range c.Supports {
				if e.Kind == "country" && e.Value == country && (id == "" || c.ID == id) {
					return c.ID, e
				}
			}
		}
		t.Fatalf("no candidate supported by %s: %+v", country, sug.Candidates)
		return "", telltale.Evidence{}
	}
	w := knowledge.DefaultSuggestWeights
	id, passing := support(w, "Sweden", "")
	_, target := support(w, "Germany", "")
	if !strings.Contains(passing.Detail, "only in passing") || strings.Contains(target.Detail, "only in passing") {
		t.Errorf("Sweden's detail %q should say it is named in passing, Germany's %q not", passing.Detail, target.Detail)
	}
	// The same candidate, with a country in passing weighing in full.
	w.Passing = 1
	_, full := support(w, "Sweden", id)
	// Weights are shown to the thousandth, so each side may be off by half of one.
	if want := full.Weight * knowledge.DefaultSuggestWeights.Passing; math.Abs(passing.Weight-want) > 0.0011 || passing.Weight >= full.Weight {
		t.Errorf("Sweden weighs %v in passing, %v as a target country: want %v", passing.Weight, full.Weight, want)
	}
}
