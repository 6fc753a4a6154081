package extract

import (
	"slices"
	"testing"
)

// TestWithIntroducedActorsOrder checks that the added hits merge into the
// hits as a stable sort of both by offset would order them: a known hit
// before an added one at the same offset, the added ones in their order.
func TestWithIntroducedActorsOrder(t *testing.T) {
	text := "Foo and Barx met. Barx left; Foo stayed. Qux, Foo and Barx. Barx!"
	sents := splitSentences(text)
	hits := []hit{
		{Mention: Mention{Kind: KindCountry, Name: "A", Start: 0, End: 0}},
		{Mention: Mention{Kind: KindCountry, Name: "B", Start: 18, End: 18}},
		{Mention: Mention{Kind: KindCountry, Name: "C", Start: 41, End: 44}},
		{Mention: Mention{Kind: KindCountry, Name: "D", Start: 60, End: 60}},
	}
	intro := []Mention{{Kind: KindActor, Name: "Foo"}, {Kind: KindActor, Name: "Barx"}}
	got, _ := withIntroducedActors(text, sents, slices.Clone(hits), intro)
	var names []string
	for _, h := range got {
		names = append(names, h.Name+"@"+string(rune('0'+h.Start/10))+string(rune('0'+h.Start%10)))
	}
	want := []string{"A@00", "Foo@00", "Barx@08", "B@18", "Barx@18", "Foo@29", "C@41", "Foo@46", "Barx@54", "D@60", "Barx@60"}
	if !slices.Equal(names, want) {
		t.Errorf("got  %v\nwant %v", names, want)
	}
}
