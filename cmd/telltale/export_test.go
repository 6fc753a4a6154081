package main

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/stix/schema"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// TestExportsResolveRefs: after ATT&CK (its three domains) and every MISP
// galaxy cluster file, `export` (which leaves revoked and deprecated
// objects out) and `export --sector communication` name no object they
// do not hold: every *_ref and *_refs, at any depth, resolves inside the
// bundle.
func TestExportsResolveRefs(t *testing.T) {
	if testing.Short() {
		t.Skip("imports ATT&CK and MISP")
	}
	shared := testutil.SharedDir(t)
	db := filepath.Join(t.TempDir(), "refs.db")
	files := []string{}
	for _, d := range []string{"enterprise", "mobile", "ics"} {
		files = append(files, filepath.Join(shared, "data/attack", d+"-attack-18.1.json"))
	}
	clusters, _ := filepath.Glob(filepath.Join(shared, "data/misp-galaxy/clusters/*.json"))
	files = append(files, clusters...)
	if _, errOut, err := run(t, db, append([]string{"import"}, files...)...); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut)
	}
	// The sector's text names the domain of Mobile and ICS techniques.
	if out, _, err := run(t, db, "sector", "--top", "1000", "communication"); err != nil || !strings.Contains(out, " (ICS)\n") && !strings.Contains(out, " (Mobile)\n") {
		t.Errorf("sector communication names no technique's domain (%v)", err)
	}
	v, err := schema.Load(filepath.Join(shared, "data/stix2-json-schemas/schemas"))
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"export"}, {"export", "--sector", "communication"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, errOut, err := run(t, db, args...)
			if err != nil {
				t.Fatalf("%v\n%s", err, errOut)
			}
			// What the references' pruning leaves is still valid STIX.
			for i, err := range v.ValidateBundle(strings.NewReader(out)) {
				if i == 10 {
					t.Error("...")
					break
				}
				t.Error(err)
			}
			var b struct {
				Objects []map[string]any `json:"objects"`
			}
			if err := json.Unmarshal([]byte(out), &b); err != nil {
				t.Fatal(err)
			}
			if len(b.Objects) < 100 {
				t.Fatalf("only %d objects", len(b.Objects))
			}
			ids, sdos := map[string]bool{}, map[string]bool{}
			for _, o := range b.Objects {
				id, _ := o["id"].(string)
				ids[id] = true
				sdos[id] = o["type"] != "relationship" && o["type"] != "sighting"
			}
			dangling := map[string]int{} // property → unresolved references
			resolved := map[string]int{}
			var example []string
			for _, o := range b.Objects {
				// The OASIS validator's --enforce-refs: a relationship's
				// ends are objects of the bundle other than relationships.
				if o["type"] == "relationship" {
					for _, k := range []string{"source_ref", "target_ref"} {
						if ref, _ := o[k].(string); !sdos[ref] {
							dangling["relationship "+k]++
						}
					}
				}
				walkRefs(o, "", func(key, ref string) {
					resolved[key]++
					if !ids[ref] {
						dangling[key]++
						if len(example) < 5 {
							example = append(example, o["id"].(string)+" "+key+" → "+ref)
						}
					}
				})
			}
			if len(dangling) > 0 {
				var keys []string
				for k, n := range dangling {
					keys = append(keys, k+": "+itoa(n))
				}
				sort.Strings(keys)
				t.Errorf("unresolved references: %v, e.g. %v", keys, example)
			}
			// What resolves is kept: who gave each name, the sources of
			// relationships.
			for _, k := range []string{"named_by_ref", "created_by_ref", "source_ref", "target_ref", "object_marking_refs"} {
				if resolved[k] == 0 {
					t.Errorf("no %s left", k)
				}
			}
			// The default export holds no revoked or deprecated object.
			if len(args) == 1 {
				for _, o := range b.Objects {
					if o["revoked"] == true || o["x_mitre_deprecated"] == true {
						t.Errorf("%s is revoked or deprecated", o["id"])
						break
					}
				}
			}
		})
	}
}

// walkRefs calls fn with every reference of v: a string under a key
// ending in _ref or _refs, at any depth.
func walkRefs(v any, key string, fn func(key, ref string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			walkRefs(val, k, fn)
		}
	case []any:
		for _, e := range x {
			walkRefs(e, key, fn)
		}
	case string:
		// ATT&CK writes an unknown data source as "": no reference.
		if x != "" && (strings.HasSuffix(key, "_ref") || strings.HasSuffix(key, "_refs")) {
			fn(key, x)
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
