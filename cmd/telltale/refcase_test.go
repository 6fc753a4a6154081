package main

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/taxii"
)

// TestRefInAnotherCaseServed: through the server (object API, exports by
// id, TAXII by id and match[id]), a sighting or relationship naming a
// hidden object with upper-case hex is hidden with it (#14 re-run).
func TestRefInAnotherCaseServed(t *testing.T) {
	ctx := context.Background()
	a, err := openServing(ctx, filepath.Join(t.TempDir(), "refcase.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := auth.New(a.DB).AddUser(ctx, auth.NewUser{Name: "cleo", Password: "cleo-password", Role: auth.RoleReader, Clearance: auth.Clear}); err != nil {
		t.Fatal(err)
	}
	const ts = `"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"`
	bundle := `[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--abcdef07-0000-4000-8000-00000000000a",` + ts + `,"name":"Strict Panda","object_marking_refs":["` + auth.TLPAmberStrict + `"]},
		{"type":"sighting","spec_version":"2.1","id":"sighting--00000007-0000-4000-8000-000000000000",` + ts + `,"sighting_of_ref":"intrusion-set--ABCDEF07-0000-4000-8000-00000000000A","description":"leak"}]`
	if _, err := a.Importer.Import(ctx, strings.NewReader(bundle), "t", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	srv, err := newServer(ctx, a, slog.New(slog.DiscardHandler), "", false, secureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	const s = "sighting--00000007-0000-4000-8000-000000000000"
	coll := "/taxii2/api/collections/" + taxii.AllID + "/objects/"
	for _, tc := range []struct{ path, accept string }{
		{"/api/v1/objects/" + s, "application/json"},
		{"/api/v1/exports/bundle?id=" + s, "application/json"},
		{coll + s + "/", taxii.MediaTAXII},
		{coll + "?match[id]=" + s, taxii.MediaTAXII},
	} {
		if status, body := callAs(t, hs, "cleo", "GET", tc.path, "", tc.accept, nil); strings.Contains(body, "ABCDEF07") {
			t.Errorf("%s: %d shows the hidden id: %.200s", tc.path, status, body)
		}
	}
}
