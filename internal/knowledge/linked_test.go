package knowledge_test

import (
	"context"
	"slices"
	"testing"

	"github.com/telltale-cti/telltale"
)

// A group the text ties its subject to weighs more than one it names in
// passing.
func TestSuggestLinked(t *testing.T) {
	ctx := context.Background()
	_, k := openStarter(t)
	sug, err := k.SuggestText(ctx, "Researchers attributed the intrusions at telecommunications operators to GALLIUM. The attackers used tools also seen with APT41.")
	if err != nil {
		t.Fatal(err)
	}
	weights := map[string]float64{}
	tied := false
	for _, c := range sug.Candidates {
		for _, e := range c.Supports {
			if e.Kind == "name" {
				weights[c.Name] = e.Weight
				tied = tied || c.Name == "GALLIUM" && e.Detail == "the text attributes its subject to it (asserted): ranked first"
			}
		}
	}
	if !tied {
		t.Errorf("GALLIUM is not supported as the actor the text ties its subject to: %+v", sug.Candidates)
	}
	if len(sug.Candidates) == 0 || sug.Candidates[0].Name != "GALLIUM" || weights["GALLIUM"] <= weights["APT41"] {
		t.Errorf("candidates %+v: GALLIUM, tied by a claim, should come first and weigh more than APT41, named in passing (%v)", sug.Candidates, weights)
	}
}

// A group the text says its subject is not shown to be ("A news report
// tied the intrusions to APT41. We found no evidence of that.") weighs
// against that group, as one it keeps apart does.
func TestSuggestRejectedLink(t *testing.T) {
	ctx := context.Background()
	_, k := openStarter(t)
	const story = "Intruders breached telecommunications operators in Asia and stole call records. A news report tied the intrusions to APT41."
	sug, err := k.SuggestText(ctx, story+" We found no evidence of that.")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(sug.Evidence, "not tied to: APT41") {
		t.Errorf("evidence %q: want the rejected tie to APT41", sug.Evidence)
	}
	for i, c := range sug.Candidates {
		if c.Name != "APT41" {
			continue
		}
		rejected := slices.ContainsFunc(c.Contradicts, func(e telltale.Evidence) bool { return e.Detail == "the text finds no tie of its subject to it" })
		if i == 0 || !rejected {
			t.Errorf("APT41 ranked %d, contradictions %+v: want it contradicted, not first", i+1, c.Contradicts)
		}
	}
}

// A text about an actor that declines to tie one more activity to it
// does not contradict the actor: it made claims about it.
func TestSuggestRejectedActivityOfTheSubject(t *testing.T) {
	ctx := context.Background()
	_, k := openStarter(t)
	text := "APT41, a Chinese state-sponsored group, breached two telecommunications carriers in Asia and took call records. " +
		"We also saw phishing at a third carrier; we do not attribute that phishing to APT41."
	sug, err := k.SuggestText(ctx, text)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(sug.Evidence, "not tied to: APT41") {
		t.Errorf("evidence %q: APT41 is what the text is about", sug.Evidence)
	}
	found := false
	for _, c := range sug.Candidates {
		if c.Name == "APT41" {
			found = true
			if len(c.Contradicts) > 0 {
				t.Errorf("APT41 contradicted by %+v", c.Contradicts)
			}
		}
	}
	if !found {
		t.Errorf("APT41 is no candidate: %+v", sug.Candidates)
	}
}
