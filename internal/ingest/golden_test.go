package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata")

// TestGoldenBundle ingests each testdata/*.txt (title: its first line;
// published 2026-11-02; fetched from a fixed URL) into a store holding
// the starter knowledge, with a fixed clock, and compares the draft's
// bundle and summary, indented, with testdata/*.golden (refreshed by
// go test -update): any change to what the builder makes of an
// extraction shows as a diff to review.
func TestGoldenBundle(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			text, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got := goldenBundle(t, filepath.Base(in), string(text))
			golden := strings.TrimSuffix(in, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("the bundle differs from %s (run go test -run TestGoldenBundle -update and review the diff):\n%s", golden, got)
			}
		})
	}
}

// goldenBundle is the draft bundle and summary ingest makes of text, as
// indented JSON.
func goldenBundle(t *testing.T, name, text string) []byte {
	t.Helper()
	s := newService(t)
	ctx := context.Background()
	doc := Document{Text: text, Published: "2026-11-02", URL: "https://reports.example.org/" + strings.TrimSuffix(name, ".txt")}
	res, err := s.Ingest(ctx, doc, false)
	if err != nil {
		t.Fatal(err)
	}
	sum, bundle, err := s.Show(ctx, res.Report.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.MarshalIndent(struct {
		Bundle  json.RawMessage `json:"bundle"`
		Summary *Summary        `json:"summary"`
	}{json.RawMessage(bundle), sum}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}
