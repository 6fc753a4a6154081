// Package testutil finds the shared test data (../shared beside the
// checkout) for tests and benchmarks. It must only be imported from tests.
package testutil

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// SharedDir returns the directory of the shared data: $TELLTALE_SHARED when
// set, else ../shared beside the repository. When it is missing the test is
// skipped with a message, except under CI (CI=true), where it fails: there the
// data must be present.
func SharedDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("TELLTALE_SHARED")
	if dir == "" {
		_, file, _, _ := runtime.Caller(0)
		dir = filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("shared data not found at %s (set TELLTALE_SHARED): %v", dir, err)
		}
		tb.Skipf("shared data not found at %s; set TELLTALE_SHARED to run this test", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return abs
}

// SharedFile returns the path of a file under the shared directory, e.g.
// SharedFile(t, "data/attack/enterprise-attack-18.1.json").
func SharedFile(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(SharedDir(tb), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("shared file missing: %v", err)
		}
		tb.Skipf("shared file missing: %v", err)
	}
	return p
}
