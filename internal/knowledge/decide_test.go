package knowledge_test

import (
	"context"
	"strings"
	"testing"
)

// A split reads its names as 'telltale actor' does: "Sandworm" is the
// ATT&CK group it opens, not the MISP entry whose own name it is; the
// other side is the object that carries its name besides that group; and
// a name ATT&CK gives a group designates that group, though other objects
// of its actor carry it too.
func TestSplitResolvesAsActorDoes(t *testing.T) {
	_, k := openFull(t)
	ctx := context.Background()
	for _, c := range []struct{ a, b, first, second string }{
		{"Sandworm", "IRIDIUM", "Sandworm Team (intrusion-set--381fcf73-60f6-4ab2-9991-6af3cbc35192)", "IRIDIUM ("},
		{"APT41", "GhostEmperor", "APT41 (intrusion-set--18854f55-ac7c-4634-bd9a-352dd07613b7)", "GhostEmperor ("},
	} {
		d, err := k.Decide(ctx, "split", c.a, c.b, "")
		if err != nil {
			t.Errorf("split %s %s: %v", c.a, c.b, err)
			continue
		}
		rest, ok := strings.CutPrefix(d.Message, "Analyst decision: "+c.first+" and ")
		if !ok || !strings.HasPrefix(rest, c.second) {
			t.Errorf("split %s %s: %q, want %s and %s...", c.a, c.b, d.Message, c.first, c.second)
		}
	}
}
