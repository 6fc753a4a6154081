package knowledge_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// TestIncrementalBase checks that the knowledge a service updates from
// what an import stored (issue 17) equals what it reads afresh, on real
// data: ATT&CK Enterprise and the starter knowledge, then every MISP
// galaxy cluster file (new actors, aliases, relationships to ATT&CK's
// objects), then a bundle that revokes an actor and a relationship, adds
// an alias and a relationship to a sector not stored yet, then that
// sector, and the views computed from the updated knowledge equal those
// of a new service. A marking definition is read afresh.
func TestIncrementalBase(t *testing.T) {
	ctx := context.Background()
	shared := testutil.SharedDir(t)
	a := buildApp(t, filepath.Join(t.TempDir(), "k.db"))
	t.Cleanup(func() { a.Close() })
	db := a.DB
	importBytes(t, db, "starter", knowledge.StarterBundle())
	importFile(t, db, filepath.Join(shared, "data/attack/enterprise-attack-18.1.json"))
	opts := knowledge.Options{Mark: telltale.MarkOf}
	k := knowledge.NewWithOptions(db, opts)
	if err := k.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	step := func(name string, wantUpdated bool) {
		t.Helper()
		updated, diff, err := knowledge.UpdatedBaseDiff(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		if updated != wantUpdated {
			t.Fatalf("%s: updated %v, want %v", name, updated, wantUpdated)
		}
		if diff != "" {
			t.Errorf("%s: the updated knowledge differs from a fresh read: %s", name, diff)
		}
		fresh := knowledge.NewWithOptions(db, opts)
		for _, sector := range []string{"communication", "government", "financial"} {
			got, want := landscapeJSON(t, k, sector), landscapeJSON(t, fresh, sector)
			if got != want {
				t.Errorf("%s: %s landscape differs from a new service's", name, sector)
			}
		}
		if err := k.Warm(ctx); err != nil {
			t.Fatal(err)
		}
	}

	files, _ := filepath.Glob(filepath.Join(shared, "data/misp-galaxy/clusters/*.json"))
	if len(files) == 0 {
		t.Fatal("no MISP galaxy files")
	}
	for _, f := range files {
		importFile(t, db, f)
	}
	step("MISP galaxies", true)

	apt28 := objectNamed(t, db, "intrusion-set", "APT28")
	apt29 := objectNamed(t, db, "intrusion-set", "APT29")
	rels, err := db.Relationships(ctx, telltale.RelationshipFilter{Source: apt29.ID, Type: "uses"})
	if err != nil || len(rels) == 0 {
		t.Fatalf("APT29 uses: %v %v", rels, err)
	}
	rel, err := db.Object(ctx, rels[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	sector := "identity--7d7ae3a4-9d8e-4a9f-8a53-3cbd3b8c2f11"
	bundle := []json.RawMessage{
		newVersion(t, apt28.Raw, func(o map[string]any) { o["revoked"] = true }),
		newVersion(t, rel.Raw, func(o map[string]any) { o["revoked"] = true }),
		newVersion(t, apt29.Raw, func(o map[string]any) {
			o["aliases"] = append(o["aliases"].([]any), "Incremental Bear")
		}),
		json.RawMessage(`{"type":"relationship","spec_version":"2.1","id":"relationship--0c2d7a39-7f6e-4c0e-9d5a-4d2c1d1f6a01",
			"created":"2030-01-01T00:00:00.000Z","modified":"2030-01-01T00:00:00.000Z","relationship_type":"targets",
			"source_ref":"` + apt29.ID + `","target_ref":"` + sector + `"}`),
	}
	importBytes(t, db, "changes", bundleOf(t, bundle))
	step("revocations, an alias, a relationship to a missing sector", true)

	importBytes(t, db, "sector", bundleOf(t, []json.RawMessage{json.RawMessage(`{"type":"identity","spec_version":"2.1",
		"id":"` + sector + `","created":"2030-01-01T00:00:00.000Z","modified":"2030-01-01T00:00:00.000Z",
		"name":"Telecommunications","identity_class":"class"}`)}))
	step("the missing sector", true)

	importBytes(t, db, "marking", bundleOf(t, []json.RawMessage{json.RawMessage(`{"type":"marking-definition","spec_version":"2.1",
		"id":"marking-definition--5e1a0c3e-3c9c-4a52-8b1c-6c7e5c2b3a10","created":"2030-01-01T00:00:00.000Z",
		"name":"statement","definition_type":"statement","definition":{"statement":"Incremental"}}`)}))
	step("a marking definition", false)
}

func objectNamed(t testing.TB, db *store.DB, typ, name string) *telltale.Object {
	t.Helper()
	objs, err := db.Objects(context.Background(), telltale.ObjectFilter{Types: []string{typ}})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.Name == name {
			return o
		}
	}
	t.Fatalf("no %s %s", typ, name)
	return nil
}

// newVersion is a later version of raw with change made.
func newVersion(t testing.TB, raw []byte, change func(map[string]any)) json.RawMessage {
	t.Helper()
	var o map[string]any
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatal(err)
	}
	o["modified"] = "2030-01-01T00:00:00.000Z"
	change(o)
	out, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func bundleOf(t testing.TB, objs []json.RawMessage) []byte {
	t.Helper()
	out, err := json.Marshal(map[string]any{"type": "bundle", "id": "bundle--2b6c1b8e-5d0a-4f0e-9a4e-1c3d5e7f9a0b", "objects": objs})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func landscapeJSON(t *testing.T, k *knowledge.Service, sector string) string {
	t.Helper()
	l, err := k.Landscape(context.Background(), sector)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
