package knowledge_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
)

// openBundle opens a new SQLite store holding one bundle (named name) and
// the knowledge service over it, with the text reader.
func openBundle(t *testing.T, name, bundle string) (*store.DB, *knowledge.Service) {
	t.Helper()
	a := buildApp(t, filepath.Join(t.TempDir(), "k.db"))
	t.Cleanup(func() { a.Close() })
	importBytes(t, a.DB, name, []byte(bundle))
	return a.DB, a.Knowledge
}

// A report citing a revoked ATT&CK technique id (T1086, PowerShell, revoked
// by T1059.001) meets the actors that use its replacement.
func TestSuggestRevokedTechnique(t *testing.T) {
	ctx := context.Background()
	_, k := openBundle(t, "revoked.json", revokedBundle)
	sug, err := k.Suggest(ctx, knowledge.SuggestQuery{Techniques: []string{"T1086"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) != 1 || sug.Candidates[0].Name != "Shell Group" {
		t.Fatalf("candidates %+v, want Shell Group alone (it uses T1059.001, which replaced T1086)", sug.Candidates)
	}
	if s := sug.Candidates[0].Supports; len(s) != 1 || s[0].Kind != "technique" || s[0].Value != "T1059" {
		t.Errorf("supports %+v, want the technique T1059", s)
	}
	// A current id is read as itself.
	sug, err = k.Suggest(ctx, knowledge.SuggestQuery{Techniques: []string{"T1059"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) != 1 || sug.Candidates[0].Name != "Shell Group" {
		t.Errorf("T1059: candidates %+v, want Shell Group", sug.Candidates)
	}
}

const revokedBundle = `{"type": "bundle", "id": "bundle--6a1e2f9c-57d4-4a53-9d3e-3f8b1d7c2a10", "objects": [
{"type": "attack-pattern", "spec_version": "2.1", "id": "attack-pattern--0a5f2c1e-1111-4c1e-9a7b-2d6c1e0f9a01", "created": "2017-05-31T21:31:31.000Z", "modified": "2020-03-09T13:00:00.000Z", "name": "PowerShell", "revoked": true,
 "external_references": [{"source_name": "mitre-attack", "external_id": "T1086", "url": "https://attack.mitre.org/techniques/T1086"}]},
{"type": "attack-pattern", "spec_version": "2.1", "id": "attack-pattern--0a5f2c1e-2222-4c1e-9a7b-2d6c1e0f9a02", "created": "2017-05-31T21:31:31.000Z", "modified": "2020-03-09T13:00:00.000Z", "name": "Command and Scripting Interpreter",
 "external_references": [{"source_name": "mitre-attack", "external_id": "T1059", "url": "https://attack.mitre.org/techniques/T1059"}]},
{"type": "attack-pattern", "spec_version": "2.1", "id": "attack-pattern--0a5f2c1e-3333-4c1e-9a7b-2d6c1e0f9a03", "created": "2020-03-09T13:00:00.000Z", "modified": "2020-03-09T13:00:00.000Z", "name": "PowerShell", "x_mitre_is_subtechnique": true,
 "external_references": [{"source_name": "mitre-attack", "external_id": "T1059.001", "url": "https://attack.mitre.org/techniques/T1059/001"}]},
{"type": "relationship", "spec_version": "2.1", "id": "relationship--0a5f2c1e-4444-4c1e-9a7b-2d6c1e0f9a04", "created": "2020-03-09T13:00:00.000Z", "modified": "2020-03-09T13:00:00.000Z", "relationship_type": "revoked-by",
 "source_ref": "attack-pattern--0a5f2c1e-1111-4c1e-9a7b-2d6c1e0f9a01", "target_ref": "attack-pattern--0a5f2c1e-3333-4c1e-9a7b-2d6c1e0f9a03"},
{"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--0a5f2c1e-5555-4c1e-9a7b-2d6c1e0f9a05", "created": "2020-03-09T13:00:00.000Z", "modified": "2020-03-09T13:00:00.000Z", "name": "Shell Group"},
{"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--0a5f2c1e-6666-4c1e-9a7b-2d6c1e0f9a06", "created": "2020-03-09T13:00:00.000Z", "modified": "2020-03-09T13:00:00.000Z", "name": "Other Group"},
{"type": "relationship", "spec_version": "2.1", "id": "relationship--0a5f2c1e-7777-4c1e-9a7b-2d6c1e0f9a07", "created": "2020-03-09T13:00:00.000Z", "modified": "2020-03-09T13:00:00.000Z", "relationship_type": "uses",
 "source_ref": "intrusion-set--0a5f2c1e-5555-4c1e-9a7b-2d6c1e0f9a05", "target_ref": "attack-pattern--0a5f2c1e-3333-4c1e-9a7b-2d6c1e0f9a03"}
]}`
