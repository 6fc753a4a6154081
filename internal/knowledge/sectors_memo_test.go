package knowledge_test

import (
	"context"
	"testing"

	"github.com/telltale-cti/telltale/internal/knowledge"
)

// TestSectorsKeptPerSnapshot checks that the sector summaries are counted
// once per state of the store and kept with its snapshot, that a caller
// changing the list it got changes nothing kept, and that an import (a new
// attacker of telecommunications) is counted at once.
func TestSectorsKeptPerSnapshot(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	count := func() int {
		t.Helper()
		list, err := k.Sectors(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i := range list {
			if list[i].Key == "communication" {
				n := list[i].AttackerCount
				list[i].AttackerCount = -1 // the caller's copy
				return n
			}
		}
		t.Fatal("no communication sector")
		return 0
	}
	before := count()
	kept, err := knowledge.SectorsKept(ctx, k)
	if err != nil {
		t.Fatal(err)
	}
	if !kept {
		t.Fatal("the snapshot does not keep the sector summaries")
	}
	if again := count(); again != before {
		t.Fatalf("second call: %d attackers, want %d", again, before)
	}
	importBytes(t, db, "more", []byte(`[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--33333333-3333-4333-8333-333333333333","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Fresh Carrier Group"},
		{"type":"relationship","spec_version":"2.1","id":"relationship--44444444-4444-4444-8444-444444444444","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--33333333-3333-4333-8333-333333333333","target_ref":"`+mustSector(t, "telecommunications")+`"}]`))
	if after := count(); after != before+1 {
		t.Fatalf("after the import: %d attackers, want %d", after, before+1)
	}
}
