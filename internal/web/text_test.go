package web

import (
	"testing"

	"github.com/telltale-cti/telltale/internal/ingest"
)

// The text keeps its paragraphs; marks that overlap keep the first (the
// longer of two at one place); spans off the text or inside a character
// are left out, so no mark ever cuts a character in two.
func TestHighlight(t *testing.T) {
	text := "APT41 hit Japan.\n\n  \nThe group — APT41 — used 203.0.113.7.\nSecond line."
	items := []ingest.DraftItem{
		{Key: "actor:APT41", Kind: "actor", Spans: []ingest.Span{{Start: 0, End: 5}, {Start: 35, End: 40}}},
		{Key: "country:Japan", Kind: "country", Spans: []ingest.Span{{Start: 10, End: 15}, {Start: 10, End: 12}}},
		{Key: "organization:APT", Kind: "organization", Spans: []ingest.Span{{Start: 0, End: 3}}},
		{Key: "bad", Kind: "x", Spans: []ingest.Span{{Start: -1, End: 2}, {Start: 32, End: 33}, {Start: 60, End: 400}}},
	}
	got := highlight(text, items)
	if len(got) != 2 {
		t.Fatalf("%d paragraphs, want 2: %+v", len(got), got)
	}
	var marks []string
	plain := ""
	for _, p := range got {
		for _, s := range p {
			plain += s.Text
			if s.Item != nil {
				marks = append(marks, s.Item.Key+"="+s.Text)
			}
		}
	}
	want := []string{"actor:APT41=APT41", "country:Japan=Japan", "actor:APT41=APT41"}
	if len(marks) != len(want) {
		t.Fatalf("marks %q, want %q", marks, want)
	}
	for i := range want {
		if marks[i] != want[i] {
			t.Errorf("mark %d = %q, want %q", i, marks[i], want[i])
		}
	}
	if plain != "APT41 hit Japan.The group — APT41 — used 203.0.113.7.\nSecond line." {
		t.Errorf("text %q", plain)
	}
}
