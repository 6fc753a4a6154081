package knowledge_test

import (
	"context"
	"testing"
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
