package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
)

// TestServeOneKnowledgeService: the feed poller reads the knowledge
// service the pages and APIs read (it held the one openApp made, which
// wireSecure then replaced: two services, two snapshots of the store),
// and still reads it whole, while a request without credentials sees no
// TLP:AMBER actor.
func TestServeOneKnowledgeService(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	a, err := openApp(ctx, filepath.Join(t.TempDir(), "t.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	defer cancel() // before Close: the watch worker and the poller stop
	if _, err := auth.New(a.db).AddUser(ctx, auth.NewUser{Name: "ann", Password: "0123456789", Role: auth.RoleAnalyst, Clearance: auth.Amber}); err != nil {
		t.Fatal(err)
	}
	const hidden = `{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--7e0a5c1e-54a4-4bd6-9d38-6b2f0c8d1a11","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Amber Quokka","object_marking_refs":["` + telltale.TLPAmber + `"]}`
	if _, err := a.importer.Import(ctx, strings.NewReader(`[`+hidden+`]`), "test", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	_, poller, err := m.buildServe(ctx, a, slog.New(slog.DiscardHandler), "", false, secureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if poller.Knowledge != a.knowledge {
		t.Fatal("the feed poller reads another knowledge service than the pages")
	}
	if _, err := a.knowledge.Actor(asServer(ctx), "Amber Quokka"); err != nil {
		t.Errorf("the poller's work does not see the TLP:AMBER actor: %v", err)
	}
	if _, err := a.knowledge.Actor(ctx, "Amber Quokka"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
		t.Errorf("a request without credentials: %v, want ENOTFOUND", err)
	}
}
