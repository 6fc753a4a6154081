package knowledge_test

import (
	"context"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
)

// TestActorNameOfAnotherKind: a name no actor holds but a campaign or a
// piece of software does is refused as before (not found), saying what it
// names and who the knowledge ties to it; of two programs named alike,
// the one tied to actors is named.
func TestActorNameOfAnotherKind(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	importBytes(t, db, "software", []byte(`[
		{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--b1111111-1111-4111-8111-111111111111","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Umber Wren"},
		{"type":"tool","spec_version":"2.1","id":"tool--b0000000-2222-4222-8222-222222222222","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Quietloader"},
		{"type":"malware","spec_version":"2.1","id":"malware--b3333333-3333-4333-8333-333333333333","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"QuietLoader","aliases":["QLoad"],"is_family":true},
		{"type":"relationship","spec_version":"2.1","id":"relationship--b4444444-4444-4444-8444-444444444444","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"uses","source_ref":"intrusion-set--b1111111-1111-4111-8111-111111111111","target_ref":"malware--b3333333-3333-4333-8333-333333333333"}]`))
	for name, want := range map[string]string{
		"Soft Cell":   `no actor is called "Soft Cell": it names the campaign Operation Soft Cell, attributed to GALLIUM`,
		"quietloader": `no actor is called "quietloader": it names the malware QuietLoader, used by Umber Wren`,
		"QLoad":       `no actor is called "QLoad": it names the malware QuietLoader, used by Umber Wren`,
	} {
		_, err := k.Actor(ctx, name)
		if telltale.ErrorCode(err) != telltale.ENOTFOUND || !strings.Contains(err.Error(), want) {
			t.Errorf("Actor(%q) = %v, want not found: %s", name, err, want)
		}
	}
	if _, err := k.Actor(ctx, "Umber Wren"); err != nil {
		t.Errorf("the actor itself: %v", err)
	}
	if _, err := k.Actor(ctx, "Nosuchname Atall"); telltale.ErrorCode(err) != telltale.ENOTFOUND || strings.Contains(err.Error(), "it names") {
		t.Errorf("an unknown name: %v", err)
	}
}
