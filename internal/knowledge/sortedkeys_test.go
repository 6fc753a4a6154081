package knowledge

import (
	"fmt"
	"testing"
)

// TestSortedKeysStable: the sectors an explanation names do not depend on
// the map's iteration order, and top-level sectors come first.
func TestSortedKeysStable(t *testing.T) {
	m := map[string]bool{}
	for _, s := range Sectors() {
		m[s.Key] = true
	}
	first := sortedKeys(m, 3)
	for range 50 {
		if got := sortedKeys(m, 3); fmt.Sprint(got) != fmt.Sprint(first) {
			t.Fatalf("got %v, then %v", first, got)
		}
	}
	for _, k := range first {
		if len(Ancestors(k)) > 0 {
			t.Errorf("%s is not a top-level sector; got %v", k, first)
		}
	}
}
