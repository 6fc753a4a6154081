package extract

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// naiveMatches is what scan must report: every occurrence of every
// pattern in the folded text, by end then by pattern length (the longest
// first, as the output links go from a state to its shorter suffixes).
// With anchored, occurrences that start between two word bytes are left out.
func naiveMatches(patterns []string, text string, anchored bool) []string {
	folded := foldString(text)
	first := map[string]int{}
	for id, p := range patterns {
		if _, ok := first[p]; !ok && p != "" {
			first[p] = id
		}
	}
	var out []string
	for end := 1; end <= len(text); end++ {
		var at []int
		for p, id := range first {
			start := end - len(p)
			if anchored && start > 0 && isWordByte(text[start-1]) && isWordByte(text[start]) {
				continue
			}
			if strings.HasSuffix(folded[:end], p) {
				at = append(at, id)
			}
		}
		slices.SortFunc(at, func(a, b int) int { return len(patterns[b]) - len(patterns[a]) })
		for _, id := range at {
			out = append(out, fmt.Sprintf("%d@%d", id, end))
		}
	}
	return out
}

// TestACMatcherAgainstNaive compares the automaton with a brute-force search
// on random patterns and texts over a small alphabet (so that patterns
// overlap and share prefixes and suffixes), with a shared-symbol byte,
// bytes of no pattern, whitespace folding and case differences; one round
// in three has a big pattern set and a dense budget of a few rows, so
// that most states are sparse. Odd rounds use an anchored automaton.
func TestACMatcherAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	// One byte of the shared symbol in patterns (two such bytes at the same
	// place would be one state, and the later pattern never reported); the
	// bytes of "é" and "_" (a word byte) only in the text, where they lead
	// back to the root.
	const letters = "abAB c-.1,"
	word := func(n int, extra string) string {
		var b strings.Builder
		for range n {
			b.WriteByte((letters + extra)[r.Intn(len(letters)+len(extra))])
		}
		return b.String()
	}
	sparseRounds := 0
	for round := range 60 {
		npat := 1 + r.Intn(20)
		if round%3 == 0 {
			npat = 3000 + r.Intn(3000)
		}
		var pats []string
		for range npat {
			pats = append(pats, foldString(word(1+r.Intn(9), "")))
		}
		pats = append(pats, "")
		anchored := round%2 == 1
		budget := denseBudget
		if round%3 == 0 {
			budget = 64 * (1 + round%4) // most states sparse
		}
		m := buildACMatcher(pats, anchored, budget)
		if len(m.sparse) > 0 {
			sparseRounds++
		}
		text := word(400, "é\n_")
		var got []string
		m.scan(text, func(id int32, end int) {
			if m.lengths[id] != int32(len(pats[id])) {
				t.Fatalf("length of pattern %d: %d", id, m.lengths[id])
			}
			got = append(got, fmt.Sprintf("%d@%d", id, end))
		})
		want := naiveMatches(pats, text, anchored)
		if !anchored {
			checkContainsExact(t, m, pats[:len(pats)-1], text)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("round %d (%d patterns): got %d matches, want %d\ngot  %v\nwant %v", round, npat, len(got), len(want), got[:min(len(got), 20)], want[:min(len(want), 20)])
		}
	}
	if sparseRounds < 10 {
		t.Errorf("only %d rounds with sparse states", sparseRounds)
	}
}

// checkContainsExact compares containsExact with strings.Contains, on the
// text and on each of its 40-byte windows.
func checkContainsExact(t *testing.T, m *acMatcher, pats []string, text string) {
	t.Helper()
	if m.exactPatterns() {
		t.Fatal("exactPatterns with an empty pattern")
	}
	m = newACMatcher(pats)
	if !m.exactPatterns() {
		return
	}
	for i := 0; i < len(text); i += 7 {
		w := text[i:min(len(text), i+40)]
		want := slices.ContainsFunc(pats, func(p string) bool { return strings.Contains(w, p) })
		if got := m.containsExact(w); got != want {
			t.Fatalf("containsExact(%q) = %v, want %v", w, got, want)
		}
	}
}
