package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// The import command caps the Go heap with a soft memory limit (issue 17)
// and restores the previous one; a limit given by GOMEMLIMIT (or anyone
// else) is kept.
func TestLimitImportMemory(t *testing.T) {
	prev := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(prev)

	restore := limitImportMemory()
	if got := debug.SetMemoryLimit(-1); got != importMemoryLimit {
		t.Errorf("limit during the import: %d, want %d", got, importMemoryLimit)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit after the import: %d, want none (%d)", got, int64(math.MaxInt64))
	}

	debug.SetMemoryLimit(1 << 30)
	restore = limitImportMemory()
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("limit given before the import: %d, want it kept (%d)", got, 1<<30)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("limit given before the import, after it: %d, want %d", got, 1<<30)
	}
}
