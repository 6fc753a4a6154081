package testutil

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// SharedDir returns the directory of the shared data.
//
// $TELLTALE_SHARED names it; a relative value is read against the module root
// (the nearest directory above the test's working directory that holds
// go.mod), not against the package directory go test runs each test binary
// in, so the README's TELLTALE_SHARED=../shared means the same directory for
// every package. Unset, it is ../shared beside the module root.
//
// Missing data fails the test when TELLTALE_SHARED is set (the caller asked
// for the data, so its absence is an error, not a reason to skip) and under CI
// (CI=true). Otherwise, on a developer machine without the data, the test is
// skipped with a message naming the directory it looked in; go test -v (or
// -json) lists such skips as "--- SKIP".
func SharedDir(tb testing.TB) string {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	dir, explicit, err := sharedLocation(os.Getenv("TELLTALE_SHARED"), wd)
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "data"))
	}
	if err != nil {
		switch missingAction(explicit, os.Getenv("CI") != "") {
		case fail:
			tb.Fatalf("shared data not found at %s (TELLTALE_SHARED=%q): %v", dir, os.Getenv("TELLTALE_SHARED"), err)
		default:
			tb.Skipf("SKIP: shared data not found at %s; set TELLTALE_SHARED to run this test (%v)", dir, err)
		}
	}
	return dir
}

type action int

const (
	skip action = iota
	fail
)

// missingAction decides what missing shared data does to a test: it fails
// when the data was asked for explicitly or under CI, and skips otherwise.
func missingAction(explicit, ci bool) action {
	if explicit || ci {
		return fail
	}
	return skip
}

// sharedLocation returns the absolute directory of the shared data for the
// value of TELLTALE_SHARED (env) seen from the working directory wd, and
// whether it was set explicitly.
func sharedLocation(env, wd string) (dir string, explicit bool, err error) {
	if filepath.IsAbs(env) {
		return filepath.Clean(env), true, nil
	}
	root, err := moduleRoot(wd)
	if err != nil {
		return "", env != "", err
	}
	if env == "" {
		return filepath.Join(root, "..", "shared"), false, nil
	}
	return filepath.Join(root, env), true, nil
}

// moduleRoot returns the nearest directory at or above dir holding go.mod.
func moduleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", errors.New("no go.mod at or above " + dir)
		}
		d = parent
	}
}

// SharedFile returns the path of a file under the shared directory, e.g.
// SharedFile(t, "data/attack/enterprise-attack-18.1.json").
func SharedFile(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(SharedDir(tb), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if missingAction(os.Getenv("TELLTALE_SHARED") != "", os.Getenv("CI") != "") == fail {
			tb.Fatalf("shared file missing: %v", err)
		}
		tb.Skipf("SKIP: shared file missing: %v", err)
	}
	return p
}

// ModuleRoot returns the module's root: the nearest directory above the
// test's working directory that holds go.mod.
func ModuleRoot(tb testing.TB) string {
	tb.Helper()
	root, err := moduleRoot(".")
	if err != nil {
		tb.Fatal(err)
	}
	return root
}

// ModuleGoFiles returns the module's non-test Go files under root, as paths
// relative to it with forward slashes, in walk order: what the go tool
// builds, so testdata, hidden and underscore folders and nested modules
// are left out.
func ModuleGoFiles(tb testing.TB, root string) []string {
	tb.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return skipDir(root, path, d.Name())
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// skipDir skips the folders the go tool ignores below root.
func skipDir(root, path, name string) error {
	if path == root {
		return nil
	}
	if name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return filepath.SkipDir
	}
	if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
		return filepath.SkipDir
	}
	return nil
}
