package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/testutil"
)

func TestActorSuggestCLI(t *testing.T) {
	db := newDB(t, "suggest.db")
	news := filepath.Join(testutil.SharedDir(t), "samples", "telecom-records-theft-news.txt")
	first := func(t *testing.T, out string) telltale.Candidate {
		t.Helper()
		var s telltale.Suggestions
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if len(s.Candidates) == 0 {
			t.Fatalf("no candidates: %s", out)
		}
		return s.Candidates[0]
	}
	t.Run("File", func(t *testing.T) {
		out, _, err := run(t, db, "actor", "suggest", "--json", news)
		if err != nil {
			t.Fatal(err)
		}
		if c := first(t, out); c.Name != "LightBasin" || c.Score <= 0 || len(c.Supports) == 0 {
			t.Errorf("first = %+v, want LightBasin with its supports", c)
		}
		if !strings.Contains(out, `"contradicts"`) {
			t.Errorf("--json lacks contradicts: %s", out)
		}
		text, _, err := run(t, db, "actor", "suggest", news)
		if err != nil || !strings.Contains(text, " 1. LightBasin") || !strings.Contains(text, "Nothing was linked") {
			t.Errorf("actor suggest = %s, %v", text, err)
		}
	})
	t.Run("Report", func(t *testing.T) {
		out, _, err := run(t, db, "ingest", "--json", "--title", "Telecom records theft", news)
		if err != nil {
			t.Fatal(err)
		}
		var res ingest.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		out, _, err = run(t, db, "actor", "suggest", "--json", res.Report.ReportID)
		if err != nil {
			t.Fatal(err)
		}
		if c := first(t, out); c.Name != "LightBasin" {
			t.Errorf("first = %+v, want LightBasin", c)
		}
	})
	t.Run("Actor", func(t *testing.T) {
		out, _, err := run(t, db, "actor", "suggest", "--json", "UNC1945")
		if err != nil {
			t.Fatal(err)
		}
		if c := first(t, out); c.Name == "LightBasin" {
			t.Errorf("LightBasin suggested for itself")
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, _, err := run(t, db, "actor", "suggest", "No Such Group"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
			t.Errorf("err = %v, want not found", err)
		}
	})
	// A path that names no file, or a directory, is said to be one, as
	// extract says it: not only "no actor is called" it.
	t.Run("ErrNoSuchFile", func(t *testing.T) {
		dir := t.TempDir()
		for _, arg := range []string{filepath.Join(dir, "missing.txt"), "missing-report.pdf", dir} {
			_, _, err := run(t, db, "actor", "suggest", arg)
			if telltale.ErrorCode(err) != telltale.EINVALID || !strings.Contains(err.Error(), arg) ||
				!strings.Contains(err.Error(), "no such file") && !strings.Contains(err.Error(), "is a directory") {
				t.Errorf("actor suggest %s: err = %v, want that no such file exists (or that it is a directory)", arg, err)
			}
		}
	})
}
