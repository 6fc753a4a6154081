package web_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/importer"
)

// TestFirstStartHints: on the starter knowledge alone, the empty sections
// of the sector page, the actor page and an empty search say what to
// import and with which command; once ATT&CK techniques are stored, they
// no longer do.
func TestFirstStartHints(t *testing.T) {
	a := newApp(t)
	const command = "<code>telltale update</code>"
	for _, path := range []string{"/sectors/communication", "/actors/MuddyWater", "/search?q=nosuchthingatall"} {
		status, body, _ := a.get(t, path)
		if status != 200 || !strings.Contains(body, command) || !strings.Contains(body, "telltale update --from DIR") {
			t.Errorf("%s: %d, no import hint", path, status)
		}
		checkDOM(t, body)
	}
	_, body, _ := a.get(t, "/sectors/communication")
	if n := strings.Count(body, command); n != 2 {
		t.Errorf("sector page: %d hints, want 2 (techniques, mitigations)", n)
	}

	technique := `{"type":"bundle","id":"bundle--6d0092c5-5f74-4287-9642-33f4c354e56e","objects":[{"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--7d2c1c49-3b1e-4d55-9a55-0c4d1f0e6a02","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Test Technique","external_references":[{"source_name":"mitre-attack","external_id":"T9999"}]}]}`
	if _, err := a.im.Import(context.Background(), bytes.NewReader([]byte(technique)), "t", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/sectors/communication", "/actors/MuddyWater", "/search?q=nosuchthingatall"} {
		if _, body, _ := a.get(t, path); strings.Contains(body, command) {
			t.Errorf("%s: import hint with ATT&CK techniques stored", path)
		}
	}
}
