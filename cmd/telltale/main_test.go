package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// run runs the CLI in-process and returns stdout, stderr and the error.
func run(t testing.TB, db string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string {
		if k == "TELLTALE_DB" {
			return db
		}
		return ""
	}}
	err := m.Run(context.Background(), args)
	return out.String(), errOut.String(), err
}

func TestCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cli.db")
	bundle := filepath.Join(t.TempDir(), "b.json")
	os.WriteFile(bundle, []byte(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e","objects":[
		{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--7d2c1c49-3b1e-4d55-9a55-0c4d1f0e6a01","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Test Kitten","aliases":["Quiet Lynx"],"x_vendor_note":"kept"}]}`), 0o600)

	t.Run("ImportJSON", func(t *testing.T) {
		out, _, err := run(t, db, "import", "--json", bundle)
		if err != nil {
			t.Fatal(err)
		}
		var res []telltale.ImportResult
		if err := json.Unmarshal([]byte(out), &res); err != nil || len(res) != 1 || res[0].Added != 1 {
			t.Fatalf("import --json = %s (%v)", out, err)
		}
	})
	t.Run("SearchAlias", func(t *testing.T) {
		out, _, err := run(t, db, "search", "--json", "Quiet Lynx")
		if err != nil || !strings.Contains(out, "Test Kitten") {
			t.Fatalf("search = %s, %v", out, err)
		}
	})
	t.Run("GetKeepsCustomProperties", func(t *testing.T) {
		out, _, err := run(t, db, "get", "intrusion-set--7d2c1c49-3b1e-4d55-9a55-0c4d1f0e6a01")
		if err != nil || !strings.Contains(out, `"x_vendor_note": "kept"`) {
			t.Fatalf("get = %s, %v", out, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, _, err := run(t, db, "get", "intrusion-set--00000000-0000-4000-8000-000000000000")
		if telltale.ErrorCode(err) != telltale.ENOTFOUND || exitCodes[telltale.ErrorCode(err)] == 0 {
			t.Fatalf("err = %v, want ENOTFOUND with a non-zero exit", err)
		}
	})
	t.Run("StatsJSON", func(t *testing.T) {
		out, _, err := run(t, db, "stats", "--json")
		var s telltale.Stats
		// The starter knowledge plus the imported object.
		if err != nil || json.Unmarshal([]byte(out), &s) != nil || s.ByType["intrusion-set"] < 2 || s.Objects < 100 {
			t.Fatalf("stats = %s, %v", out, err)
		}
	})
	t.Run("ExportBundle", func(t *testing.T) {
		out, _, err := run(t, db, "export", "--id", "intrusion-set--7d2c1c49-3b1e-4d55-9a55-0c4d1f0e6a01")
		var b struct {
			Type    string
			Objects []json.RawMessage
		}
		if err != nil || json.Unmarshal([]byte(out), &b) != nil || b.Type != "bundle" || len(b.Objects) != 1 {
			t.Fatalf("export = %s, %v", out, err)
		}
	})
	t.Run("ErrUnknownCommand", func(t *testing.T) {
		if _, _, err := run(t, db, "frobnicate"); telltale.ErrorCode(err) != telltale.EINVALID {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrMissingFile", func(t *testing.T) {
		_, stderr, err := run(t, db, "import", filepath.Join(t.TempDir(), "nope.json"))
		if err == nil || !strings.Contains(stderr, "nope.json") {
			t.Fatalf("err = %v, stderr = %s", err, stderr)
		}
	})
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the telltale command once per test run.
func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "telltale-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "telltale")
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("build: %v\n%s", buildErr, binPath)
	}
	return binPath
}

// TestKillDuringImport kills the importing process in the middle of the
// ATT&CK import and checks that the database is intact, holds exactly what
// it held before, and that the import then completes.
func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports ATT&CK Enterprise")
	}
	attack := testutil.SharedFile(t, "data/attack/enterprise-attack-18.1.json")
	bin := binary(t)
	db := filepath.Join(t.TempDir(), "kill.db")
	small := filepath.Join(t.TempDir(), "small.json")
	os.WriteFile(small, []byte(`[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--0d9e9a03-0bff-5feb-b4bb-0f240933f5e7","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"LightBasin"}]`), 0o600)
	if out, err := exec.Command(bin, "import", "--db", db, small).CombinedOutput(); err != nil {
		t.Fatalf("import small: %v\n%s", err, out)
	}
	before := stats(t, bin, db)

	// The file goes in through a pipe the test feeds: a write returns only
	// once the importer has read all of it but what the pipe buffers, so
	// the kill lands when the importer has consumed that share of the file
	// and cannot have committed (the rest has not been sent), however fast
	// or slow the machine.
	data, err := os.ReadFile(attack)
	if err != nil {
		t.Fatal(err)
	}
	for _, share := range []float64{0.3, 0.9} {
		cmd := exec.Command(bin, "import", "--db", db, "-")
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if _, err := stdin.Write(data[:int(share*float64(len(data)))]); err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the importer stopped reading before %.0f%% of the file: %v\n%s", share*100, err, stderr.String())
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		stdin.Close()
		if got := stats(t, bin, db); got != before {
			t.Fatalf("after kill at %.0f%% of the file: stats %s, want %s", share*100, got, before)
		}
		if verdict := integrity(t, db); verdict != "ok" {
			t.Fatalf("integrity check after kill: %s", verdict)
		}
	}
	if out, err := exec.Command(bin, "import", "--db", db, attack).CombinedOutput(); err != nil {
		t.Fatalf("import after kill: %v\n%s", err, out)
	}
	var b, s telltale.Stats
	json.Unmarshal([]byte(before), &b)
	json.Unmarshal([]byte(stats(t, bin, db)), &s)
	if s.Objects != b.Objects+24772 {
		t.Fatalf("after the completed import: %d objects, want %d + 24772", s.Objects, b.Objects)
	}
}

func integrity(t testing.TB, path string) string {
	t.Helper()
	db, err := store.Open(context.Background(), path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var verdict string
	if err := db.SQL().QueryRow("PRAGMA integrity_check").Scan(&verdict); err != nil {
		t.Fatal(err)
	}
	return verdict
}

func stats(t testing.TB, bin, db string) string {
	t.Helper()
	out, err := exec.Command(bin, "stats", "--json", "--db", db).Output()
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	return string(out)
}

// TestServeRefusesOutdatedSchema: serve does not migrate an existing
// database behind its schema; it says how to.
func TestServeRefusesOutdatedSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := store.Open(context.Background(), path, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`DELETE FROM schema_migrations WHERE name = (SELECT MAX(name) FROM schema_migrations)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, _, err = run(t, path, "serve", "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(telltale.ErrorMessage(err), "telltale migrate") {
		t.Fatalf("serve on an outdated schema: %v", err)
	}
}

// TestExtractText: "telltale extract" prints the extraction for people,
// through extract.Result.WriteText, with the starter knowledge as its
// dictionary.
func TestExtractText(t *testing.T) {
	db := newDB(t, "x.db")
	report := filepath.Join(t.TempDir(), "r.txt")
	os.WriteFile(report, []byte("ATK51 targeted telecom operators in Iran from hxxp://evil-update[.]com/a.php."), 0o600)
	out, _, err := run(t, db, "extract", report)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Indicators (1)", "url              http://evil-update.com/a.php", "Actors (1)", "MuddyWater (as \"ATK51\")", "Sectors (1)", "Telecommunications"} {
		if !strings.Contains(out, want) {
			t.Errorf("extract output lacks %q:\n%s", want, out)
		}
	}
}

// TestActorIndicatorsCLI: `actor --indicators` lists what indicates an
// actor, a page at a time, by any of its names.
func TestActorIndicatorsCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cli.db")
	bundle := filepath.Join(t.TempDir(), "b.json")
	objs := []string{`{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--7d2c1c49-3b1e-4d55-9a55-0c4d1f0e6a01","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Test Kitten","aliases":["Quiet Lynx"]}`}
	for n := 1; n <= 52; n++ {
		objs = append(objs,
			fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--%08d-3333-4333-8333-333333333333","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","pattern":"[domain-name:value = 'kitten-%d.example']","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z","confidence":70}`, n, n),
			fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--%08d-4444-4444-8444-444444444444","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","relationship_type":"indicates","source_ref":"indicator--%08d-3333-4333-8333-333333333333","target_ref":"intrusion-set--7d2c1c49-3b1e-4d55-9a55-0c4d1f0e6a01"}`, n, n))
	}
	os.WriteFile(bundle, []byte(`[`+strings.Join(objs, ",")+`]`), 0o600)
	if _, _, err := run(t, db, "import", bundle); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, db, "actor", "--indicators", "--page", "2", "Quiet Lynx")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Test Kitten  (intrusion-set--7d2c1c49-3b1e-4d55-9a55-0c4d1f0e6a01): 52 indicators, page 2 of 2") ||
		!strings.Contains(out, "[domain-name:value = 'kitten-52.example']") || strings.Contains(out, "'kitten-50.example'") {
		t.Errorf("actor --indicators --page 2:\n%s", out)
	}
	out, _, err = run(t, db, "actor", "--indicators", "--json", "Test Kitten")
	var p struct {
		Total int `json:"total"`
		Items []struct {
			Pattern   string `json:"pattern"`
			Indicates struct {
				Name string `json:"name"`
			} `json:"indicates"`
		} `json:"items"`
	}
	if err != nil || json.Unmarshal([]byte(out), &p) != nil || p.Total != 52 || len(p.Items) != 50 || p.Items[0].Indicates.Name != "Test Kitten" {
		t.Errorf("actor --indicators --json: %v\n%.400s", err, out)
	}
}

// newDB returns the path of a new database holding the starter knowledge,
// for the commands that only read one (they refuse a file that does not
// exist).
func newDB(t *testing.T, name string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), name)
	a, err := app.Open(context.Background(), commandConfig(db))
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	return db
}

// TestReadCommandsNeedTheirDatabase: a command that only reads, given a
// database file that does not exist (a mistyped --db), says so (exit 3)
// and creates nothing; the default path is still created on first use.
func TestReadCommandsNeedTheirDatabase(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"sector", "communication"}, {"stats"}, {"actor", "APT41"}, {"search", "APT41"}, {"conflicts"}, {"report", "list"}} {
		db := filepath.Join(dir, "typo", "ful.db")
		_, _, err := run(t, db, args...)
		if telltale.ErrorCode(err) != telltale.ENOTFOUND || !strings.Contains(err.Error(), "no database at "+db) {
			t.Errorf("%v on a missing file: err = %v, want not found naming it", args, err)
		}
		if _, err := os.Stat(filepath.Dir(db)); !os.IsNotExist(err) {
			t.Fatalf("%v created %s", args, filepath.Dir(db))
		}
	}
	// Another command creates it.
	db := filepath.Join(dir, "new.db")
	if _, _, err := run(t, db, "user", "list"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("user list did not create the database: %v", err)
	}
	// The default path, in a fresh working directory.
	t.Chdir(t.TempDir())
	m := &Main{Stdin: strings.NewReader(""), Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, Getenv: func(string) string { return "" }}
	if err := m.Run(context.Background(), []string{"stats", "--json"}); err != nil {
		t.Errorf("stats on the default path: %v", err)
	}
	if _, err := os.Stat(store.DefaultPath); err != nil {
		t.Errorf("the default database was not created: %v", err)
	}
}
