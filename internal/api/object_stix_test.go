package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/auth"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/importer"
)

// stixFixture serves the API behind the TLP filter over a grouping that
// lists 130 clear objects, 3 TLP:AMBER ones and 2 whose marking the store
// does not know (only administrators see them), in object_refs and in an
// x_mitre_contents list as ATT&CK's collection does, and a TLP:AMBER
// malware. The caller is named by the X-Test-User header.
type stixFixture struct {
	ts                   *httptest.Server
	clear, amber, secret []string
}

const (
	stixGrouping = "grouping--77777777-7777-4777-8777-777777777777"
	stixAmber    = "malware--88888888-8888-4888-8888-888888888888"
)

func newSTIXFixture(t *testing.T) *stixFixture {
	t.Helper()
	ctx := context.Background()
	built := openApp(t, false)
	db := built.DB
	f := &stixFixture{}
	stamp := `"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"`
	var objs, contents []string
	add := func(list *[]string, n int, marking string) {
		for range n {
			id := fmt.Sprintf("malware--%08d-0000-4000-8000-000000000000", len(objs))
			m := ""
			if marking != "" {
				m = `,"object_marking_refs":["` + marking + `"]`
			}
			objs = append(objs, `{"type":"malware","spec_version":"2.1","id":"`+id+`",`+stamp+`,"name":"M`+id[9:17]+`","is_family":true`+m+`}`)
			contents = append(contents, `{"object_ref":"`+id+`","object_modified":"2024-01-01T00:00:00.000Z"}`)
			*list = append(*list, id)
		}
	}
	add(&f.clear, 60, "")
	add(&f.amber, 3, auth.TLPAmber)
	add(&f.clear, 70, "")
	add(&f.secret, 2, "marking-definition--66666666-6666-4666-8666-666666666666")
	refs := append(append(append([]string{}, f.clear[:60]...), f.amber...), f.clear[60:]...)
	refs = append(refs, f.secret...)
	objs = append(objs,
		`{"type":"grouping","spec_version":"2.1","id":"`+stixGrouping+`",`+stamp+`,"name":"Big Grouping","context":"suspicious-activity",`+
			`"object_refs":["`+strings.Join(refs, `","`)+`"],"x_mitre_contents":[`+strings.Join(contents, ",")+`]}`,
		`{"type":"malware","spec_version":"2.1","id":"`+stixAmber+`",`+stamp+`,"name":"Amber Only","is_family":true,"object_marking_refs":["`+auth.TLPAmber+`"]}`)
	if _, err := built.Importer.Import(ctx, strings.NewReader("["+strings.Join(objs, ",")+"]"), "test", importer.Options{}); err != nil {
		t.Fatal(err)
	}
	srv := ihttp.NewServer(nil)
	(&api.Handler{Views: &api.Views{
		Objects:   &auth.VisibleObjects{ObjectService: db, Viewer: telltale.UserFromContext},
		Version:   db.LastSeq,
		ViewerKey: func(ctx context.Context) string { return telltale.UserFromContext(ctx).Key() },
	}}).Register(srv)
	users := map[string]*auth.User{
		"admin": {Name: "ann", Role: auth.RoleAdmin, Clearance: auth.Amber},
		"amber": {Name: "amy", Role: auth.RoleReader, Clearance: auth.Amber},
		"green": {Name: "bob", Role: auth.RoleReader, Clearance: auth.Green},
	}
	f.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.ServeHTTP(w, r.WithContext(telltale.NewContextWithUser(r.Context(), users[r.Header.Get("X-Test-User")])))
	}))
	t.Cleanup(f.ts.Close)
	return f
}

// get fetches path as who with the extra headers (name, value pairs); the
// body is returned as sent (gzip is not undone).
func (f *stixFixture) get(t *testing.T, who, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, f.ts.URL+path, nil)
	req.Header.Set("X-Test-User", who)
	req.Header.Set("Accept-Encoding", "identity")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// groupingRaw is the STIX object's lists that name other objects.
type groupingRaw struct {
	ObjectRefs []string `json:"object_refs"`
	Contents   []struct {
		Ref string `json:"object_ref"`
	} `json:"x_mitre_contents"`
}

// The view of an object with an array of more than 100 items carries it
// cut to its first 100 and says the length; the complete object is at
// the view's stix link. Both leave out the references to objects the
// reader may not see, in object_refs and in x_mitre_contents.
func TestObjectViewCutsLongArraysAndLinksTheWhole(t *testing.T) {
	f := newSTIXFixture(t)
	for _, tc := range []struct {
		who  string
		want []string
	}{
		{"green", f.clear},
		{"amber", append(append([]string{}, f.clear...), f.amber...)},
		{"admin", append(append(append([]string{}, f.clear...), f.amber...), f.secret...)},
	} {
		t.Run(tc.who, func(t *testing.T) {
			resp, b := f.get(t, tc.who, "/api/v1/objects/"+stixGrouping)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("view: status %d: %s", resp.StatusCode, b)
			}
			var view struct {
				Object struct {
					Raw groupingRaw `json:"object"`
				} `json:"object"`
				Cut  []api.Cut `json:"cut"`
				STIX string    `json:"stix"`
			}
			if err := json.Unmarshal(b, &view); err != nil {
				t.Fatal(err)
			}
			wantCut := []api.Cut{{Name: "object_refs", Total: len(tc.want), Shown: 100}, {Name: "x_mitre_contents", Total: len(tc.want), Shown: 100}}
			if fmt.Sprint(view.Cut) != fmt.Sprint(wantCut) {
				t.Errorf("cut %v, want %v", view.Cut, wantCut)
			}
			if len(view.Object.Raw.ObjectRefs) != 100 || len(view.Object.Raw.Contents) != 100 {
				t.Errorf("the view carries %d object_refs and %d x_mitre_contents, want the first 100 of each",
					len(view.Object.Raw.ObjectRefs), len(view.Object.Raw.Contents))
			}
			if view.STIX != "/api/v1/objects/"+stixGrouping+"/stix" {
				t.Errorf("stix link %q", view.STIX)
			}

			resp, b = f.get(t, tc.who, view.STIX)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
				t.Fatalf("stix: status %d, %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
			}
			var whole groupingRaw
			if err := json.Unmarshal(b, &whole); err != nil {
				t.Fatal(err)
			}
			var contents []string
			for _, c := range whole.Contents {
				contents = append(contents, c.Ref)
			}
			want := strings.Join(sortedIDs(tc.want), " ")
			if got := strings.Join(sortedIDs(whole.ObjectRefs), " "); got != want {
				t.Errorf("object_refs of the whole object:\n got %s\nwant %s", got, want)
			}
			if got := strings.Join(sortedIDs(contents), " "); got != want {
				t.Errorf("x_mitre_contents of the whole object:\n got %s\nwant %s", got, want)
			}
		})
	}
	// Nothing of a hidden object shows in the view's pages either.
	_, b := f.get(t, "green", "/api/v1/objects/"+stixGrouping+"?refs_page=3")
	for _, id := range append(append([]string{}, f.amber...), f.secret...) {
		if bytes.Contains(b, []byte(id)) {
			t.Errorf("the green reader's view names the hidden %s", id)
		}
	}
}

// The complete object answers 304 to a client that holds its tag, is
// gzipped for a client that takes it (with its own tag), is tagged per
// viewer, and is not found for a reader who may not see the object.
func TestObjectSTIXConditionalAndGzip(t *testing.T) {
	f := newSTIXFixture(t)
	path := "/api/v1/objects/" + stixGrouping + "/stix"
	resp, plain := f.get(t, "amber", path)
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") {
		t.Fatalf("status %d, ETag %q; want 200 and a strong tag", resp.StatusCode, etag)
	}
	if got := resp.Header.Get("Cache-Control"); !strings.Contains(got, "private") {
		t.Errorf("Cache-Control %q: the answer differs by caller", got)
	}
	resp, b := f.get(t, "amber", path, "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified || len(b) != 0 {
		t.Errorf("with its tag: status %d, %d bytes; want 304 and none", resp.StatusCode, len(b))
	}
	resp, _ = f.get(t, "amber", path, "If-None-Match", `"other"`)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("with another tag: status %d, want 200", resp.StatusCode)
	}
	if resp, _ := f.get(t, "green", path); resp.Header.Get("ETag") == etag {
		t.Errorf("the green reader has the amber reader's tag %s", etag)
	}
	if resp, _ := f.get(t, "green", path, "If-None-Match", etag); resp.StatusCode != http.StatusOK {
		t.Errorf("the green reader with the amber reader's tag: status %d, want 200", resp.StatusCode)
	}

	for range 2 { // the second answer comes from the kept gzip form
		resp, b = f.get(t, "amber", path, "Accept-Encoding", "gzip, deflate")
		if resp.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("Content-Encoding %q, Vary %q", resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(unzipped, plain) {
			t.Errorf("gzip body: %d bytes after gunzip (%v), want the %d of the plain answer", len(unzipped), err, len(plain))
		}
		if len(b) >= len(plain) {
			t.Errorf("gzip body of %d bytes for %d", len(b), len(plain))
		}
	}
	gzTag := resp.Header.Get("ETag")
	if gzTag == etag || gzTag == "" {
		t.Errorf("gzip tag %q, plain %q: two representations need two strong tags", gzTag, etag)
	}
	if resp, _ := f.get(t, "amber", path, "Accept-Encoding", "gzip", "If-None-Match", gzTag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("gzip with its tag: status %d, want 304", resp.StatusCode)
	}

	if resp, _ := f.get(t, "green", "/api/v1/objects/"+stixAmber+"/stix"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the green reader reads the amber malware's STIX: status %d, want 404", resp.StatusCode)
	}
	if resp, _ := f.get(t, "amber", "/api/v1/objects/"+stixAmber+"/stix"); resp.StatusCode != http.StatusOK {
		t.Errorf("the amber reader: status %d, want 200", resp.StatusCode)
	}
}

func sortedIDs(ids []string) []string { return slices.Sorted(slices.Values(ids)) }
