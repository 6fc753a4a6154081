package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The review from the command line: metadata flags on a re-ingest, the
// items of a draft, removing one, rejecting, reopening and accepting.
func TestReportReviewCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "review.db")
	file := filepath.Join(t.TempDir(), "apt41.txt")
	if err := os.WriteFile(file, []byte("APT41 breached three telecommunications providers in Japan and Germany.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, db, "ingest", file)
	if err != nil || !strings.HasPrefix(out, "created: report--") {
		t.Fatalf("ingest = %s, %v", out, err)
	}
	id := strings.Fields(out)[1]
	// Regression: the flags were ignored for a text ingested already.
	out, _, err = run(t, db, "ingest", "--title", "APT41 in Asian telecoms", "--publisher", "Example Vendor", "--published", "2024-05-06", file)
	if err != nil || !strings.HasPrefix(out, "updated: "+id) || !strings.Contains(out, "APT41 in Asian telecoms") || !strings.Contains(out, "by Example Vendor") {
		t.Fatalf("ingest again with metadata = %s, %v", out, err)
	}
	out, _, err = run(t, db, "report", "items", id)
	if err != nil || !strings.Contains(out, "country:Germany") {
		t.Fatalf("items = %s, %v", out, err)
	}
	if out, _, err = run(t, db, "report", "remove", id, "country:Germany"); err != nil || !strings.HasPrefix(out, "removed "+id) {
		t.Fatalf("remove = %s, %v", out, err)
	}
	if out, _, _ = run(t, db, "report", "items", id); !strings.Contains(out, "removed: country:Germany") {
		t.Errorf("items after removing = %s", out)
	}
	if out, _, err = run(t, db, "report", "meta", "--title", "Renamed", id); err != nil || !strings.Contains(out, "Renamed") {
		t.Fatalf("meta = %s, %v", out, err)
	}
	if _, _, err = run(t, db, "report", "reject", id); err != nil {
		t.Fatal(err)
	}
	if _, _, err = run(t, db, "report", "accept", id); err == nil || !strings.Contains(err.Error(), "reopen") {
		t.Fatalf("accept rejected: err = %v, want a hint to reopen", err)
	}
	if out, _, err = run(t, db, "report", "reopen", id); err != nil || !strings.Contains(out, "(draft)") {
		t.Fatalf("reopen = %s, %v", out, err)
	}
	if out, _, err = run(t, db, "report", "accept", id); err != nil || !strings.HasPrefix(out, "accepted "+id) {
		t.Fatalf("accept = %s, %v", out, err)
	}
	if _, _, err = run(t, db, "report", "remove", id); err == nil {
		t.Error("remove without a key succeeded")
	}
}
