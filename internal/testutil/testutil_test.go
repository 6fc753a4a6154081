package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// The README's command sets TELLTALE_SHARED=../shared and go test runs each
// package's tests in the package's own directory: the relative value must be
// read against the module root, whatever the package's depth.
func TestSharedLocationRelativeToModuleRoot(t *testing.T) {
	tmp := t.TempDir()
	root := filepath.Join(tmp, "repo")
	pkg := filepath.Join(root, "internal", "api")
	for _, d := range []string{pkg, filepath.Join(tmp, "shared", "data")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(tmp, "shared")
	for _, tc := range []struct {
		env, wd      string
		want         string
		wantExplicit bool
	}{
		{"../shared", pkg, want, true},
		{"../shared", root, want, true},
		{"", pkg, want, false},
		{want, pkg, want, true},
	} {
		got, explicit, err := sharedLocation(tc.env, tc.wd)
		if err != nil {
			t.Fatalf("sharedLocation(%q, %q): %v", tc.env, tc.wd, err)
		}
		if got != tc.want || explicit != tc.wantExplicit {
			t.Errorf("sharedLocation(%q, %q) = %q, %v; want %q, %v", tc.env, tc.wd, got, explicit, tc.want, tc.wantExplicit)
		}
	}
}

// Data asked for with TELLTALE_SHARED, or needed under CI, fails the test
// when missing; only a developer machine that asked for nothing skips.
func TestMissingSharedDataFailsWhenAskedFor(t *testing.T) {
	for _, tc := range []struct {
		explicit, ci bool
		want         action
	}{
		{false, false, skip},
		{true, false, fail},
		{false, true, fail},
		{true, true, fail},
	} {
		if got := missingAction(tc.explicit, tc.ci); got != tc.want {
			t.Errorf("missingAction(explicit=%v, ci=%v) = %v, want %v", tc.explicit, tc.ci, got, tc.want)
		}
	}
}

// The repository's own tests find the data through the README's relative
// value from this package's directory.
func TestSharedDirFromPackageDirectory(t *testing.T) {
	root, err := moduleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "..", "shared", "data")); err != nil {
		t.Skipf("SKIP: no shared data beside the module: %v", err)
	}
	t.Setenv("TELLTALE_SHARED", "../shared")
	dir := SharedDir(t)
	if _, err := os.Stat(filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
}
