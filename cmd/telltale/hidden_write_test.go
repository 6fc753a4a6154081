package main

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/taxii"
)

// TestWritersCannotTouchHiddenObjects: a writer importing the id of an
// object it may not see learns nothing of that object (no clash, no
// modified time) and never changes it — through the import API and TAXII.
func TestWritersCannotTouchHiddenObjects(t *testing.T) {
	ctx := context.Background()
	a, err := openServing(ctx, filepath.Join(t.TempDir(), "hidden.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	as := auth.New(a.DB)
	if _, err := as.AddUser(ctx, auth.NewUser{Name: "gil", Password: "gil-password", Role: auth.RoleAnalyst, Clearance: auth.Green}); err != nil {
		t.Fatal(err)
	}
	secret := func(n, modified, marking string) string {
		return `{"type":"indicator","spec_version":"2.1","id":"indicator--0c0c0c0c-0000-4000-8000-00000000000` + n + `","created":"2024-01-01T00:00:00.000Z","modified":"` + modified + `",` +
			`"name":"secret ` + n + `","pattern":"[ipv4-addr:value = '10.9.9.` + n + `']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","object_marking_refs":["` + marking + `"]}`
	}
	stored := []string{secret("1", "2024-01-01T00:00:00.000Z", auth.TLPAmber), secret("2", "2024-01-01T00:00:00.000Z", auth.TLPAmberStrict)}
	if _, err := a.Importer.Import(ctx, strings.NewReader(`[`+strings.Join(stored, ",")+`]`), "hidden", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	srv, err := newServer(ctx, a, slog.New(slog.DiscardHandler), "", false, secureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	do := func(method, path, ctype, body string) (int, string) {
		t.Helper()
		return callAs(t, ts, "gil", method, path, ctype, "*/*", strings.NewReader(body))
	}
	mine := func(n, modified string) string {
		return `{"type":"indicator","spec_version":"2.1","id":"indicator--0c0c0c0c-0000-4000-8000-00000000000` + n + `","created":"2024-01-01T00:00:00.000Z","modified":"` + modified + `",` +
			`"name":"mine ` + n + `","pattern":"[ipv4-addr:value = '10.8.8.` + n + `']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}`
	}
	for _, tc := range []struct {
		name, path, ctype, body string
	}{
		// The same modified with other content (a clash), and a newer one.
		{"APISameModified", "/api/v1/imports", "application/json", `[` + mine("1", "2024-01-01T00:00:00.000Z") + `]`},
		{"APINewer", "/api/v1/imports", "application/json", `[` + mine("1", "2025-01-01T00:00:00.000Z") + `]`},
		{"TAXIISameModified", "/taxii2/api/collections/" + taxii.AllID + "/objects/", taxii.MediaTAXII, `{"objects":[` + mine("2", "2024-01-01T00:00:00.000Z") + `]}`},
		{"TAXIINewer", "/taxii2/api/collections/" + taxii.AllID + "/objects/", taxii.MediaTAXII, `{"objects":[` + mine("2", "2025-01-01T00:00:00.000Z") + `]}`},
		// The hidden id in upper-case hex is the same UUID (RFC 4122): it
		// was stored as a new object, a newer version of the hidden one to
		// any consumer that reads UUIDs as the RFC says (#14 re-run).
		{"APIUpperCase", "/api/v1/imports", "application/json", `[` + strings.Replace(mine("1", "2025-01-01T00:00:00.000Z"), "0c0c0c0c", "0C0C0C0C", 1) + `]`},
		{"TAXIIUpperCase", "/taxii2/api/collections/" + taxii.AllID + "/objects/", taxii.MediaTAXII, `{"objects":[` + strings.Replace(mine("2", "2025-01-01T00:00:00.000Z"), "0c0c0c0c", "0C0c0C0c", 1) + `]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, body := do("POST", tc.path, tc.ctype, tc.body)
			for _, leak := range []string{"same modified", "another version", "newer modified", "secret"} {
				if strings.Contains(body, leak) {
					t.Errorf("the answer reveals the hidden object (%q): %s", leak, body)
				}
			}
			if !strings.Contains(body, "cannot be written") {
				t.Errorf("the write was not refused: %s", body)
			}
		})
	}
	for i, n := range []string{"1", "2"} {
		vs, err := a.DB.ObjectVersions(ctx, "indicator--0c0c0c0c-0000-4000-8000-00000000000"+n)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 1 || string(vs[0].Raw) != stored[i] {
			t.Errorf("the hidden object %s changed: %d versions, current %s", n, len(vs), vs[len(vs)-1].Raw)
		}
	}
	// The web form: editing a sector narrative the writer may not see
	// (TLP:RED for another group) is refused and changes nothing.
	comm, _ := knowledge.SectorByKey("communication")
	noteID := api.NarrativeID(comm.ID)
	red := `{"type":"note","spec_version":"2.1","id":"` + noteID + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","content":"secret plan",` +
		`"object_refs":["` + comm.ID + `"],"x_telltale_narrative_of":"` + comm.ID + `","object_marking_refs":["` + auth.TLPRed + `"],"x_telltale_recipients":["group:soc"]}`
	if _, err := a.Importer.Import(ctx, strings.NewReader(`[`+red+`]`), "red narrative", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	status, page := do("POST", "/sectors/communication/narrative", "application/x-www-form-urlencoded", url.Values{"narrative": {"overwritten"}}.Encode())
	if status < 400 || strings.Contains(page, "secret plan") {
		t.Errorf("narrative edit: %d %.300s", status, page)
	}
	if vs, err := a.DB.ObjectVersions(ctx, noteID); err != nil || len(vs) != 1 || string(vs[0].Raw) != red {
		t.Errorf("the hidden narrative changed: %d versions (%v)", len(vs), err)
	}

	// A visible id is still written.
	if status, body := do("POST", "/api/v1/imports", "application/json", `[`+mine("5", "2024-01-01T00:00:00.000Z")+`]`); status != 201 {
		t.Errorf("a new object: %d %s", status, body)
	}
}
