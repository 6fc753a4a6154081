package store

import (
	"reflect"
	"strings"
	"testing"
)

// TestSearchWords: the full-text query holds each word once and at most
// MaxSearchWords of them. A query of one common word repeated thousands of
// times was passed whole to the full-text engine, which spent minutes of
// CPU on it (found by the #14 re-run: 200 times "a" took 19 s, 5,000 times
// over ten minutes).
func TestSearchWords(t *testing.T) {
	if got := searchWords(strings.Repeat("a ", 5000) + "A Panda"); !reflect.DeepEqual(got, []string{"a", "Panda"}) {
		t.Errorf("repeated words: %q, want [a Panda]", got)
	}
	var many []string
	for i := range 100 {
		many = append(many, "w"+strings.Repeat("x", i))
	}
	got := searchWords(strings.Join(many, " "))
	if len(got) != MaxSearchWords || got[0] != "w" {
		t.Errorf("100 distinct words: kept %d (%q…), want the first %d", len(got), got[:1], MaxSearchWords)
	}
	if got := searchWords("Fancy-Bear's, 2024!"); !reflect.DeepEqual(got, []string{"Fancy", "Bear", "s", "2024"}) {
		t.Errorf("words = %q", got)
	}
}
