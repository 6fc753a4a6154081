package main

import (
	"math"
	"runtime/debug"
)

// importMemoryLimit is the soft limit of the Go heap during `telltale
// import` (issue 17: peak RSS ≤ 500 MB whatever the file's size). The
// import's peak is not in reading and writing the objects (the Go heap
// holds some tens of MB there; SQLite's 128 MB page cache, which takes
// about 245 MB and which the Go runtime does not count, is the rest) but
// in recomputing the clusters and landscapes after COMMIT, when the page
// cache is back to 8 MB and the Go heap holds the knowledge snapshot,
// whose size follows the store's: at 4,000,000 generated objects 168 MB
// survived a collection and, with the default GOGC of 100, the heap was
// let grow to twice that before the next one. The limit makes the
// collector run sooner as the heap nears it instead of letting the
// garbage double the live set; below it (the whole import phase) it
// changes nothing.
const importMemoryLimit = 384 << 20

// limitImportMemory sets the soft memory limit of the Go runtime to
// importMemoryLimit, unless one was given (GOMEMLIMIT), and returns the
// function that restores the previous limit.
func limitImportMemory() (restore func()) {
	prev := debug.SetMemoryLimit(-1)
	if prev != math.MaxInt64 {
		return func() {}
	}
	debug.SetMemoryLimit(importMemoryLimit)
	return func() { debug.SetMemoryLimit(prev) }
}
