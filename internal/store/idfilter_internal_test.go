package store

import (
	"fmt"
	"testing"
)

// SetMinFilterIDs sizes the import's id filters for as few as n ids, so
// that a test sees them rebuilt, until the test ends.
func SetMinFilterIDs(t testing.TB, n int) {
	old := minFilterIDs
	minFilterIDs = n
	t.Cleanup(func() { minFilterIDs = old })
}

// SetScanRelationships makes Relationships read the table through up to
// n rows (and look rows up by type above), until the test ends.
func SetScanRelationships(t testing.TB, n int64) {
	old := scanRelationships
	scanRelationships = n
	t.Cleanup(func() { scanRelationships = old })
}

func TestIDFilter(t *testing.T) {
	f := newIDFilter(0)
	for i := range 100_000 {
		f.add(fmt.Sprintf("indicator--%08x-0000-4000-8000-000000000000", i))
	}
	for i := range 100_000 {
		if id := fmt.Sprintf("indicator--%08x-0000-4000-8000-000000000000", i); !f.has(id) {
			t.Fatalf("%s was added, has says no", id)
		}
	}
	present := 0
	for i := range 100_000 {
		if f.has(fmt.Sprintf("indicator--%08x-0000-4000-8000-000000000001", i)) {
			present++
		}
	}
	// Sized for 4 M ids at ten bits or more each, it holds 100,000: almost no
	// absent id may be reported present.
	if present > 100 {
		t.Fatalf("%d of 100,000 absent ids reported present", present)
	}
}
