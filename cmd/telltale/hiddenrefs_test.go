package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/taxii"
)

// Objects a TLP:CLEAR or GREEN reader may not see (hiddenRefsBundle).
var hiddenRefIDs = []string{
	"intrusion-set--4d1d0001-0000-4000-8000-000000000001", // AMBER
	"identity--4d1d0002-0000-4000-8000-000000000002",      // RED, no recipient
	"malware--4d1d0003-0000-4000-8000-000000000003",       // AMBER+STRICT
	"tool--4d1d0004-0000-4000-8000-000000000004",          // AMBER, named in upper-case hex
}

// Objects they may see, each naming hidden ones.
var shownRefIDs = []string{
	"malware--5ee50001-0000-4000-8000-000000000001",
	"intrusion-set--5ee50002-0000-4000-8000-000000000002",
	"report--5ee50003-0000-4000-8000-000000000003",
	"grouping--5ee50004-0000-4000-8000-000000000004",
	"x-mitre-collection--5ee50005-0000-4000-8000-000000000005",
	"note--5ee50006-0000-4000-8000-000000000006",
	"relationship--5ee50008-0000-4000-8000-000000000008",
}

// hiddenRefsBundle holds the hidden objects and visible ones that refer to
// them every way STIX can: object_refs of a report (two versions), a
// grouping and a note, a collection's x_mitre_contents, created_by_ref, a
// custom *_ref, an id in upper-case hex; a relationship to a hidden object
// (hidden itself) and a visible actor targeting the Communication sector,
// made by a hidden identity (the sector collections and exports).
func hiddenRefsBundle() string {
	const ts = `"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"`
	h, v := hiddenRefIDs, shownRefIDs
	mark := func(m string) string { return `"object_marking_refs":["` + m + `"]` }
	comm, _ := knowledge.SectorByKey("communication")
	upper := "tool--" + strings.ToUpper(strings.TrimPrefix(h[3], "tool--"))
	report := func(modified string) string {
		return `{"type":"report","spec_version":"2.1","id":"` + v[2] + `","created":"2024-01-01T00:00:00.000Z","modified":"` + modified + `","name":"Open report","published":"2024-01-01T00:00:00Z","created_by_ref":"` + h[1] + `","object_refs":["` + v[0] + `","` + h[0] + `","` + upper + `","` + v[1] + `"],` + mark(auth.TLPClear) + `}`
	}
	return `{"type":"bundle","id":"bundle--4d1d0000-0000-4000-8000-000000000000","objects":[
	{"type":"intrusion-set","spec_version":"2.1","id":"` + h[0] + `",` + ts + `,"name":"Hidden Bear",` + mark(auth.TLPAmber) + `},
	{"type":"identity","spec_version":"2.1","id":"` + h[1] + `",` + ts + `,"name":"Secret Vendor","identity_class":"organization",` + mark(auth.TLPRed) + `},
	{"type":"malware","spec_version":"2.1","id":"` + h[2] + `",` + ts + `,"name":"Strict Loader","is_family":true,` + mark(auth.TLPAmberStrict) + `},
	{"type":"tool","spec_version":"2.1","id":"` + h[3] + `",` + ts + `,"name":"Quiet Tool",` + mark(auth.TLPAmber) + `},
	{"type":"malware","spec_version":"2.1","id":"` + v[0] + `",` + ts + `,"name":"Open Malware","is_family":true,"created_by_ref":"` + h[1] + `",` + mark(auth.TLPClear) + `},
	{"type":"intrusion-set","spec_version":"2.1","id":"` + v[1] + `",` + ts + `,"name":"Open Actor","created_by_ref":"` + h[1] + `",` + mark(auth.TLPClear) + `},
	` + report("2024-01-01T00:00:00.000Z") + `,
	` + report("2024-02-01T00:00:00.000Z") + `,
	{"type":"grouping","spec_version":"2.1","id":"` + v[3] + `",` + ts + `,"context":"suspicious-activity","object_refs":["` + v[0] + `","` + h[2] + `"],` + mark(auth.TLPGreen) + `},
	{"type":"x-mitre-collection","spec_version":"2.1","id":"` + v[4] + `",` + ts + `,"name":"Open collection","x_mitre_contents":[{"object_ref":"` + h[0] + `","object_modified":"2024-01-01T00:00:00.000Z"},{"object_ref":"` + v[0] + `","object_modified":"2024-01-01T00:00:00.000Z"}]},
	{"type":"note","spec_version":"2.1","id":"` + v[5] + `",` + ts + `,"content":"Seen together","object_refs":["` + v[0] + `","` + h[2] + `"],"x_acme_suspect_ref":"` + h[0] + `",` + mark(auth.TLPClear) + `},
	{"type":"relationship","spec_version":"2.1","id":"relationship--5ee50007-0000-4000-8000-000000000007",` + ts + `,"relationship_type":"uses","source_ref":"` + v[0] + `","target_ref":"` + h[2] + `",` + mark(auth.TLPClear) + `},
	{"type":"relationship","spec_version":"2.1","id":"` + v[6] + `",` + ts + `,"relationship_type":"targets","source_ref":"` + v[1] + `","target_ref":"` + comm.ID + `","created_by_ref":"` + h[1] + `",` + mark(auth.TLPClear) + `}]}`
}

// hiddenRefsServer serves a fresh database holding hiddenRefsBundle, with
// readers cleo (TLP:CLEAR), gina (GREEN) and amy (AMBER).
func hiddenRefsServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	a, err := openServing(ctx, filepath.Join(t.TempDir(), "hiddenrefs.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	as := auth.New(a.DB)
	for name, level := range map[string]auth.Level{"cleo": auth.Clear, "gina": auth.Green, "amy": auth.Amber} {
		if _, err := as.AddUser(ctx, auth.NewUser{Name: name, Password: name + "-password", Role: auth.RoleReader, Clearance: level}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := a.Importer.Import(ctx, strings.NewReader(hiddenRefsBundle()), "t", importer.Options{Strict: true})
	if err != nil || res.Rejected > 0 {
		t.Fatalf("%v %+v", err, res)
	}
	srv, err := newServer(ctx, a, slog.New(slog.DiscardHandler), "", false, secureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return hs
}

// hiddenRefPaths lists the reads of TAXII (every collection the user may
// read: objects, every page of one object each, manifest, by id,
// versions, match[id], match[type], match[version]) and of the exports
// (every filter) and the object API.
func hiddenRefPaths(t *testing.T, hs *httptest.Server, user string) []string {
	t.Helper()
	status, body := callAs(t, hs, user, "GET", "/taxii2/api/collections/", "", taxii.MediaTAXII, nil)
	var cols struct {
		Collections []struct {
			ID string `json:"id"`
		} `json:"collections"`
	}
	if err := json.Unmarshal([]byte(body), &cols); err != nil || status != 200 || len(cols.Collections) < 2 {
		t.Fatalf("collections: %d %v %.300s", status, err, body)
	}
	ids := strings.Join(append(append([]string{}, shownRefIDs...), hiddenRefIDs...), ",")
	var paths []string
	for _, c := range cols.Collections {
		base := "/taxii2/api/collections/" + c.ID + "/"
		paths = append(paths, base+"objects/", base+"manifest/", base+"objects/?limit=1",
			base+"objects/?match[id]="+url.QueryEscape(ids), base+"manifest/?match[id]="+url.QueryEscape(ids),
			base+"objects/?match[type]=report,grouping,note,x-mitre-collection,malware,intrusion-set,relationship",
			base+"objects/?match[version]=all")
		for _, id := range shownRefIDs {
			paths = append(paths, base+"objects/"+id+"/", base+"objects/"+id+"/?match[version]=all", base+"objects/"+id+"/versions/")
		}
	}
	paths = append(paths, "/api/v1/exports/bundle", "/api/v1/exports/bundle?revoked=true",
		"/api/v1/exports/bundle?type=report", "/api/v1/exports/bundle?type=report,grouping,note,x-mitre-collection,malware,intrusion-set,relationship",
		"/api/v1/exports/bundle?type=report&revoked=true", "/api/v1/exports/bundle?id="+url.QueryEscape(ids),
		"/api/v1/exports/bundle?sector=communication", "/api/v1/sectors/communication/bundle")
	for _, id := range shownRefIDs {
		paths = append(paths, "/api/v1/exports/bundle?id="+id, "/api/v1/objects/"+id, "/api/v1/objects/"+id+"/stix", "/api/v1/objects/"+id+"/versions")
	}
	return paths
}

// TestHiddenRefsServed: a TLP:CLEAR or GREEN reader finds no id of an
// object hidden from them, in any letter case, anywhere in what TAXII
// (every collection, every endpoint and filter) and the exports (every
// filter) answer, while the objects that named them are served (#14 item
// 3: TAXII and the type and id exports kept these references).
func TestHiddenRefsServed(t *testing.T) {
	hs := hiddenRefsServer(t)
	for _, user := range []string{"cleo", "gina"} {
		served := map[string]bool{}
		for _, path := range hiddenRefPaths(t, hs, user) {
			accept := "application/json"
			if strings.HasPrefix(path, "/taxii2/") {
				accept = taxii.MediaTAXII
			}
			status, body := callAs(t, hs, user, "GET", path, "", accept, nil)
			if status == 404 && namesOneShown(path) {
				continue // not in this collection, or hidden from this user
			}
			if status != 200 {
				t.Errorf("%s %s: %d %.300s", user, path, status, body)
				continue
			}
			low := strings.ToLower(body)
			for _, id := range hiddenRefIDs {
				if i := strings.Index(low, id[strings.Index(id, "--")+2:]); i >= 0 {
					t.Errorf("%s %s names hidden %s: …%s…", user, path, id, body[max(0, i-120):min(len(body), i+60)])
				}
			}
			for _, id := range shownRefIDs {
				served[id] = served[id] || strings.Contains(body, id)
			}
		}
		for _, id := range shownRefIDs {
			if !served[id] && (user == "gina" || !strings.HasPrefix(id, "grouping--")) {
				t.Errorf("%s was never served %s", user, id)
			}
		}
	}
	// The references stay for a reader who may see what they name.
	_, body := callAs(t, hs, "amy", "GET", "/taxii2/api/collections/"+taxii.AllID+"/objects/"+shownRefIDs[2]+"/", "", taxii.MediaTAXII, nil)
	if !strings.Contains(body, hiddenRefIDs[0]) || !strings.Contains(body, shownRefIDs[0]) {
		t.Errorf("amy's report lost what she may see: %.500s", body)
	}
}

// namesOneShown reports whether path reads one object by its id.
func namesOneShown(path string) bool {
	for _, id := range shownRefIDs {
		if strings.Contains(path, "/"+id) || strings.HasSuffix(path, "?id="+id) {
			return true
		}
	}
	return false
}
