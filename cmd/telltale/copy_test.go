package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// runWith runs the CLI in-process with no environment.
func runWith(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	err := m.Run(context.Background(), args)
	return out.String(), err
}

// telltale migrate, then telltale copy from SQLite to every engine: the
// copy holds the same counts (stats --json are equal).
func TestMigrateAndCopy(t *testing.T) {
	src := filepath.Join(t.TempDir(), "src.db")
	bundle := filepath.Join(t.TempDir(), "b.json")
	os.WriteFile(bundle, []byte(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e","objects":[
		{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--ac5dbac9-ca65-5571-a916-968297b1fd75","created":"2020-01-01T00:00:00.000Z","modified":"2030-01-01T00:00:00.000Z","name":"MuddyWater","aliases":["Static Kitten"]}]}`), 0o600)

	out, err := runWith(t, "migrate", "--json", "--db", src)
	var m struct {
		Applied []string `json:"applied"`
		Engine  string   `json:"engine"`
	}
	if err != nil || json.Unmarshal([]byte(out), &m) != nil || len(m.Applied) == 0 || m.Engine != "sqlite" {
		t.Fatalf("migrate = %s, %v", out, err)
	}
	if out, err := runWith(t, "migrate", "--db", src); err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("second migrate = %s, %v", out, err)
	}
	if _, err := runWith(t, "import", "--quiet", "--db", src, bundle); err != nil {
		t.Fatal(err)
	}
	want, err := runWith(t, "stats", "--json", "--db", src)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, dst string) {
		out, err := runWith(t, "copy", "--json", "--from", "sqlite:"+src, "--to", dst)
		if err != nil || !strings.Contains(out, `"verified": true`) {
			t.Fatalf("copy = %s, %v", out, err)
		}
		got, err := runWith(t, "stats", "--json", "--db", dst)
		if err != nil || got != want {
			t.Errorf("stats of the copy =\n%s\nwant\n%s (%v)", got, want, err)
		}
		if _, err := runWith(t, "copy", "--from", src, "--to", dst); telltale.ErrorCode(err) != telltale.ECONFLICT {
			t.Errorf("second copy: %v, want ECONFLICT (not empty)", err)
		}
	})
	if _, err := runWith(t, "copy", "--from", src); telltale.ErrorCode(err) != telltale.EINVALID {
		t.Errorf("copy without --to: %v", err)
	}
	// migrate --vacuum gives the free pages back and changes no answer.
	out, err = runWith(t, "migrate", "--vacuum", "--db", src)
	if err != nil || !strings.Contains(out, "up to date") || !strings.Contains(out, "vacuumed") {
		t.Fatalf("migrate --vacuum = %s, %v", out, err)
	}
	if got, err := runWith(t, "stats", "--json", "--db", src); err != nil || got != want {
		t.Errorf("stats after vacuum =\n%s\nwant\n%s (%v)", got, want, err)
	}
}
