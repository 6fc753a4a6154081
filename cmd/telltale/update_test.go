package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// The update tests take the smaller files of the shared data: the ICS
// domain of ATT&CK (3.5 MB) and the galaxies the actor pages need most.
var updateSmall = []string{"--domain", "ics-attack", "--galaxies", "producer,sector,threat-actor"}

// objectCount is what `telltale stats` counts in db.
func objectCount(t *testing.T, db string) int {
	t.Helper()
	out, _, err := run(t, db, "stats", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var s telltale.Stats
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	return s.Objects
}

// TestUpdateFrom imports offline copies laid out like the shared data:
// the bundle attack/index.json names as the latest ICS release, then the
// galaxies; a second run changes nothing.
func TestUpdateFrom(t *testing.T) {
	data := filepath.Join(testutil.SharedDir(t), "data")
	db := filepath.Join(t.TempDir(), "u.db")
	out, _, err := run(t, db, append([]string{"update", "--json", "--from", data}, updateSmall...)...)
	if err != nil {
		t.Fatal(err)
	}
	var res []telltale.ImportResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res) != 4 {
		t.Fatalf("%v: %.500s", err, out)
	}
	if !strings.HasSuffix(res[0].Source, "ics-attack-18.1.json") || res[0].Added != 1826 || res[0].Rejected != 0 {
		t.Errorf("ATT&CK: %+v", res[0])
	}
	for i, name := range []string{"producer.json", "sector.json", "threat-actor.json"} {
		if r := res[i+1]; !strings.HasSuffix(r.Source, name) || r.Format != "misp-cluster" || r.Added+r.Unchanged == 0 || r.Rejected != 0 {
			t.Errorf("%s: %+v", name, r)
		}
	}
	out, _, err = run(t, db, "actor", "--json", "Static Kitten")
	if err != nil || !strings.Contains(out, "MuddyWater") {
		t.Errorf("actor after update: %v %.300s", err, out)
	}
	before := objectCount(t, db)
	out, _, err = run(t, db, append([]string{"update", "--json", "--from", data}, updateSmall...)...)
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal([]byte(out), &res)
	for _, r := range res {
		if r.Added+r.Updated != 0 {
			t.Errorf("second update changed %s: %+v", r.Source, r)
		}
	}
	if after := objectCount(t, db); after != before {
		t.Errorf("objects %d → %d on a second update", before, after)
	}
}

// TestUpdateMirror fetches the shared data from a local HTTP server: a
// loopback address is refused unless the operator allows it, and an
// unreachable one fails naming the URL; neither imports anything.
func TestUpdateMirror(t *testing.T) {
	data := filepath.Join(testutil.SharedDir(t), "data")
	mirror := httptest.NewServer(http.FileServer(http.Dir(data)))
	defer mirror.Close()
	db := newDB(t, "u.db")
	starter := objectCount(t, db)
	args := append([]string{"update", "--base-url", mirror.URL}, updateSmall...)

	t.Run("LoopbackRefusedWithoutAllowance", func(t *testing.T) {
		_, _, err := run(t, db, args...)
		if exit(err) != 2 || !strings.Contains(telltale.ErrorMessage(err), mirror.URL+"/attack/index.json") || !strings.Contains(telltale.ErrorMessage(err), "address not allowed") {
			t.Errorf("exit %d: %v", exit(err), err)
		}
	})
	t.Run("Unreachable", func(t *testing.T) {
		gone := httptest.NewServer(http.NotFoundHandler())
		gone.Close()
		_, _, err := run(t, db, "update", "--allow-private-fetch", "--base-url", gone.URL)
		if exit(err) != 6 || !strings.Contains(telltale.ErrorMessage(err), gone.URL+"/attack/index.json") {
			t.Errorf("exit %d: %v", exit(err), err)
		}
	})
	t.Run("WrongDigest", func(t *testing.T) {
		_, _, err := run(t, db, append(args, "--allow-private-fetch", "--sha256", "threat-actor.json="+strings.Repeat("0", 64))...)
		if exit(err) != 2 || !strings.Contains(telltale.ErrorMessage(err), "threat-actor.json: SHA-256") || !strings.Contains(telltale.ErrorMessage(err), "nothing was imported") {
			t.Errorf("exit %d: %v", exit(err), err)
		}
	})
	if n := objectCount(t, db); n != starter {
		t.Fatalf("a failed update imported: %d objects, %d before", n, starter)
	}
	t.Run("Allowed", func(t *testing.T) {
		out, _, err := run(t, db, append(args, "--allow-private-fetch", "--json")...)
		var res []telltale.ImportResult
		if err != nil || json.Unmarshal([]byte(out), &res) != nil || len(res) != 4 || res[0].Added != 1826 || res[0].Source != mirror.URL+"/attack/ics-attack-18.1.json" {
			t.Fatalf("%v %.400s", err, out)
		}
	})
}

// TestUpdateVerifies: a file of the wrong shape or cut short is refused
// before anything is imported.
func TestUpdateVerifies(t *testing.T) {
	bundle := `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e","objects":[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--7d2c1c49-3b1e-4d55-9a55-0c4d1f0e6a01","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Test Kitten"}]}`
	for name, sector := range map[string]string{
		"OtherGalaxy": `{"type":"threat-actor","uuid":"7cc8b8ab-a6cd-4ec8-9b39-25f3d6d2e3a1","values":[{"value":"x"}]}`,
		"CutShort":    `{"type":"sector","uuid":"7cc8b8ab-a6cd-4ec8-9b39-25f3d6d2e3a1","values":[{"value":"x"}`,
		"NoValues":    `{"type":"sector","uuid":"7cc8b8ab-a6cd-4ec8-9b39-25f3d6d2e3a1","values":[]}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			os.MkdirAll(filepath.Join(dir, "attack"), 0o755)
			os.MkdirAll(filepath.Join(dir, "misp-galaxy", "clusters"), 0o755)
			// No attack/index.json: the domain's own file is taken.
			os.WriteFile(filepath.Join(dir, "attack", "enterprise-attack.json"), []byte(bundle), 0o644)
			os.WriteFile(filepath.Join(dir, "misp-galaxy", "clusters", "sector.json"), []byte(sector), 0o644)
			db := filepath.Join(t.TempDir(), "u.db")
			_, _, err := run(t, db, "update", "--from", dir, "--galaxies", "sector")
			if exit(err) != 2 || !strings.Contains(telltale.ErrorMessage(err), "sector.json") {
				t.Errorf("exit %d: %v", exit(err), err)
			}
			if out, _, _ := run(t, db, "actor", "Test Kitten"); strings.Contains(out, "Test Kitten") {
				t.Error("the bundle was imported though a galaxy file failed its check")
			}
		})
	}
}
