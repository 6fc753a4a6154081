package knowledge_test

import (
	"context"
	"testing"

	"github.com/telltale-cti/telltale/internal/knowledge"
)

// TestMotivationInAnalystWords: STIX's coarse motivation reads as the
// word an analyst uses when the actor's own words say which.
func TestMotivationInAnalystWords(t *testing.T) {
	for _, tc := range []struct {
		stix  string
		words []string
		want  string
	}{
		{"organizational-gain", []string{"A state espionage group."}, "espionage"},
		{"organizational-gain", []string{"A group."}, "organizational gain"},
		{"organizational-gain", []string{"It pulls call metadata from the mobile core of carriers."}, "espionage"},
		{"organizational-gain", []string{"Vendors read its aim as signals intelligence."}, "espionage"},
		{"personal-gain", []string{"SIM swappers who resell call records for money."}, "financial gain"},
		{"personal-gain", []string{"Runs ransomware for money."}, "financial gain"},
		{"", []string{"A hacktivist collective."}, "hacktivism"},
		{"", nil, ""},
	} {
		if got := knowledge.Motivation(tc.stix, tc.words); got != tc.want {
			t.Errorf("Motivation(%q, %q) = %q, want %q", tc.stix, tc.words, got, tc.want)
		}
	}
}

// TestActorMotivationLabel: the actor view carries the analyst's word,
// so the actor page says "espionage" where STIX says organizational gain.
func TestActorMotivationLabel(t *testing.T) {
	_, k := openStarter(t)
	a, err := k.Actor(context.Background(), "MuddyWater")
	if err != nil {
		t.Fatal(err)
	}
	if a.Motivation != "organizational-gain" || a.MotivationLabel != "espionage" {
		t.Errorf("MuddyWater: motivation %q, label %q; want organizational-gain, espionage", a.Motivation, a.MotivationLabel)
	}
}
