package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/api"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// The object view of ATT&CK's collection object (issue 14, item 17)
// stays small: the STIX object once, its 24,770 x_mitre_contents entries
// cut to the first PropertyItemsShown in the object and in their
// rendering, with the count (cut, total), and the complete object at the
// view's stix link, byte for byte as stored. Before, the view held the
// whole 2.8 MB object (and three times it before that). Small objects
// are carried and rendered whole.
func TestObjectViewOfLargeObjectStaysSmall(t *testing.T) {
	ctx := context.Background()
	built := openApp(t, false)
	db := built.DB
	path := testutil.SharedFile(t, "data/attack/enterprise-attack-18.1.json")
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if _, err := built.Importer.Import(ctx, fh, path, importer.Options{}); err != nil {
		t.Fatal(err)
	}
	srv := ihttp.NewServer(nil)
	(&api.Handler{Views: &api.Views{Objects: db, Version: db.LastSeq}}).Register(srv)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)

	type answer struct {
		Object struct {
			Raw struct {
				Contents []json.RawMessage `json:"x_mitre_contents"`
				Aliases  []string          `json:"aliases"`
			} `json:"object"`
		} `json:"object"`
		Cut        []api.Cut                    `json:"cut"`
		STIX       string                       `json:"stix"`
		Properties []map[string]json.RawMessage `json:"properties"`
	}
	get := func(id string) (answer, int, map[string]map[string]json.RawMessage) {
		t.Helper()
		resp, err := http.Get(ts.URL + "/api/v1/objects/" + id)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b json.RawMessage
		if err := json.NewDecoder(resp.Body).Decode(&b); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d, %v", id, resp.StatusCode, err)
		}
		var a answer
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatal(err)
		}
		props := map[string]map[string]json.RawMessage{}
		for _, p := range a.Properties {
			var name string
			_ = json.Unmarshal(p["name"], &name)
			props[name] = p
			if _, ok := p["value"]; ok {
				t.Errorf("%s: property %s repeats its value; the object holds it", id, name)
			}
		}
		return a, len(b), props
	}

	const collection = "x-mitre-collection--1f5f1533-f617-4ca8-9ab4-6a02367fa019"
	stored, err := db.Object(ctx, collection)
	if err != nil {
		t.Fatal(err)
	}
	a, size, props := get(collection)
	if len(a.Object.Raw.Contents) != api.PropertyItemsShown || len(a.Cut) != 1 || a.Cut[0] != (api.Cut{Name: "x_mitre_contents", Total: 24770, Shown: api.PropertyItemsShown}) {
		t.Errorf("the object in the answer lists %d x_mitre_contents, cut %v; want the first %d of ATT&CK 18.1's 24,770",
			len(a.Object.Raw.Contents), a.Cut, api.PropertyItemsShown)
	}
	if limit := 64 << 10; size > limit {
		t.Errorf("answer of %d bytes for a %d-byte object; want at most %d", size, len(stored.Raw), limit)
	}
	resp, err := http.Get(ts.URL + a.STIX)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || !bytes.Equal(whole, stored.Raw) {
		t.Errorf("%s: status %d, %d bytes (%v); want the stored %d bytes", a.STIX, resp.StatusCode, len(whole), err, len(stored.Raw))
	}
	contents := props["x_mitre_contents"]
	var kind, text string
	var total, shown int
	_ = json.Unmarshal(contents["kind"], &kind)
	_ = json.Unmarshal(contents["text"], &text)
	_ = json.Unmarshal(contents["total"], &total)
	_ = json.Unmarshal(contents["shown"], &shown)
	if kind != "json" || total != 24770 || shown != api.PropertyItemsShown || strings.Count(text, `"object_ref"`) != api.PropertyItemsShown {
		t.Errorf("x_mitre_contents rendered as %q, total %d, shown %d, %d refs in the text; want json, 24770, %d, %d",
			kind, total, shown, strings.Count(text, `"object_ref"`), api.PropertyItemsShown, api.PropertyItemsShown)
	}

	// APT28: its 16 aliases, all shown, no count.
	a, _, props = get("intrusion-set--bef4c620-0787-42a8-a96d-b7eb6e85917c")
	var aliases []string
	_ = json.Unmarshal(props["aliases"]["list"], &aliases)
	if len(aliases) != 16 || len(a.Object.Raw.Aliases) != 16 || props["aliases"]["total"] != nil {
		t.Errorf("APT28's aliases rendered as %v (total %s), object has %d", aliases, props["aliases"]["total"], len(a.Object.Raw.Aliases))
	}
}

// The object view's answer is what the OpenAPI document says: every key
// of the answer, of the object and of each property is declared in
// ObjectDetail, every required key is there, and each kind is one the
// document lists.
func TestObjectViewMatchesOpenAPI(t *testing.T) {
	ts, _, db := newServer(t)
	hits, err := db.Search(context.Background(), "MuddyWater", 1)
	if err != nil || len(hits) == 0 {
		t.Fatal(hits, err)
	}
	var answer map[string]json.RawMessage
	if status, _ := getJSON(t, ts, "/api/v1/objects/"+hits[0].ID, &answer); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	type schema struct {
		Required   []string          `json:"required"`
		Properties map[string]schema `json:"properties"`
		Items      *schema           `json:"items"`
		Enum       []string          `json:"enum"`
	}
	var doc struct {
		Components struct {
			Schemas map[string]schema `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	detail := doc.Components.Schemas["ObjectDetail"]
	declared := func(where string, s schema, got map[string]json.RawMessage) {
		t.Helper()
		for k := range got {
			if _, ok := s.Properties[k]; !ok {
				t.Errorf("%s: %q is not declared in the OpenAPI document", where, k)
			}
		}
		for _, k := range s.Required {
			if _, ok := got[k]; !ok {
				t.Errorf("%s: required %q is missing", where, k)
			}
		}
	}
	declared("answer", detail, answer)
	var object map[string]json.RawMessage
	_ = json.Unmarshal(answer["object"], &object)
	declared("object", detail.Properties["object"], object)
	var props []map[string]json.RawMessage
	_ = json.Unmarshal(answer["properties"], &props)
	item := *detail.Properties["properties"].Items
	for _, p := range props {
		declared("property "+string(p["name"]), item, p)
		var kind string
		_ = json.Unmarshal(p["kind"], &kind)
		if !strings.Contains(","+strings.Join(item.Properties["kind"].Enum, ",")+",", ","+kind+",") {
			t.Errorf("kind %q of %s is not in the document's enum", kind, p["name"])
		}
	}
	if len(props) == 0 {
		t.Error("no properties")
	}
}
