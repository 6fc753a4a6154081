package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// TestWatchesFollowOwnersClearance: a watch posts only what its owner may
// see; TLP:RED and TLP:AMBER attackers never reach the webhook of a
// TLP:GREEN reader's watch, nor that of a watch without an owner.
func TestWatchesFollowOwnersClearance(t *testing.T) {
	db := filepath.Join(t.TempDir(), "watch.db")
	var (
		mu     sync.Mutex
		bodies []string
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
	}))
	defer hook.Close()
	cli := func(stdin string, args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string {
			switch k {
			case "TELLTALE_DB":
				return db
			case "TELLTALE_ALLOW_PRIVATE_WEBHOOKS":
				return "1"
			}
			return ""
		}}
		if err := m.Run(context.Background(), args); err != nil {
			t.Fatalf("telltale %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
		}
		return out.String()
	}
	cli("password-of-rita\n", "user", "add", "rita", "--role", "reader", "--clearance", "green", "--password-stdin")
	cli("password-of-adam\n", "user", "add", "adam", "--role", "admin", "--clearance", "amber", "--password-stdin")
	cli("", "watch", "add", "--sector", "communication", "--webhook", hook.URL+"/rita", "--owner", "rita")
	cli("", "watch", "add", "--sector", "communication", "--webhook", hook.URL+"/nobody")
	cli("", "watch", "add", "--sector", "communication", "--webhook", hook.URL+"/adam", "--owner", "adam")

	comm, _ := knowledge.SectorByKey("communication")
	actor := func(n, name, marking string) string {
		m := ""
		if marking != "" {
			m = `,"object_marking_refs":["` + marking + `"]`
		}
		return `{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--0b0b0b0b-0000-4000-8000-00000000000` + n + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"` + name + `"` + m + `},` +
			`{"type":"relationship","spec_version":"2.1","id":"relationship--0b0b0b0b-0000-4000-8000-00000000000` + n + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--0b0b0b0b-0000-4000-8000-00000000000` + n + `","target_ref":"` + comm.ID + `"}`
	}
	// An amber indicator of the unmarked attacker, by an unmarked relationship.
	indicator := `{"type":"indicator","spec_version":"2.1","id":"indicator--0b0b0b0b-0000-4000-8000-000000000009","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"amber-weasel-c2.example","pattern":"[domain-name:value = 'amber-weasel-c2.example']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","object_marking_refs":["` + auth.TLPAmber + `"]},` +
		`{"type":"relationship","spec_version":"2.1","id":"relationship--0b0b0b0b-0000-4000-8000-000000000009","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"indicates","source_ref":"indicator--0b0b0b0b-0000-4000-8000-000000000009","target_ref":"intrusion-set--0b0b0b0b-0000-4000-8000-000000000001"}`
	bundle := `{"type":"bundle","id":"bundle--0b0b0b0b-0000-4000-8000-000000000000","objects":[` +
		actor("1", "Open Weasel", "") + "," + actor("2", "Amber Weasel", auth.TLPAmber) + "," + actor("3", "Crimson Weasel", auth.TLPRed) + "," + indicator + `]}`
	file := filepath.Join(t.TempDir(), "weasels.json")
	if err := os.WriteFile(file, []byte(bundle), 0o644); err != nil {
		t.Fatal(err)
	}
	cli("", "import", file) // imports check the watches

	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 3 {
		t.Fatalf("%d deliveries, want one per watch: %v", len(bodies), bodies)
	}
	var sawAmber int
	for _, b := range bodies {
		if !strings.Contains(b, "Open Weasel") {
			t.Errorf("a watch missed the unmarked attacker: %s", b)
		}
		if strings.Contains(b, "Crimson Weasel") {
			t.Errorf("a watch posted the TLP:RED attacker: %s", b)
		}
		if strings.Contains(b, "Amber Weasel") {
			sawAmber++
			if !strings.Contains(b, "amber-weasel-c2.example") {
				t.Errorf("adam's watch missed the amber indicator: %s", b)
			}
		} else if strings.Contains(b, "amber-weasel-c2.example") {
			t.Errorf("a watch posted an indicator its owner may not see: %s", b)
		}
	}
	if sawAmber != 1 {
		t.Errorf("%d watches posted the TLP:AMBER attacker; want only adam's", sawAmber)
	}
}
