package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
)

// TestServeOneKnowledgeService: the feed poller and the watches read the
// knowledge service the pages and APIs read (the poller held the one
// the app first made, which wireSecure then replaced, and the watches built one
// of their own: three services, three snapshots of the store); the
// poller still reads it whole, each watch as its owner sees, while a
// request without credentials sees no TLP:AMBER actor.
func TestServeOneKnowledgeService(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	a, err := openServing(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	defer cancel() // before Close: the watch worker and the poller stop
	if _, err := auth.New(a.DB).AddUser(ctx, auth.NewUser{Name: "ann", Password: "0123456789", Role: auth.RoleAnalyst, Clearance: auth.Amber}); err != nil {
		t.Fatal(err)
	}
	const hidden = `{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--7e0a5c1e-54a4-4bd6-9d38-6b2f0c8d1a11","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Amber Quokka","object_marking_refs":["` + telltale.TLPAmber + `"]}`
	if _, err := a.Importer.Import(ctx, strings.NewReader(`[`+hidden+`]`), "test", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	_, bg, err := m.buildServe(ctx, a, slog.New(slog.DiscardHandler), "", false, secureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if bg.ingest.Knowledge != a.Knowledge {
		t.Fatal("the feed poller reads another knowledge service than the pages")
	}
	if bg.watches.Knowledge != a.Knowledge {
		t.Fatal("the watches read another knowledge service than the pages")
	}
	if _, err := a.Knowledge.Actor(app.AsServer(ctx), "Amber Quokka"); err != nil {
		t.Errorf("the poller's work does not see the TLP:AMBER actor: %v", err)
	}
	if _, err := a.Knowledge.Actor(ctx, "Amber Quokka"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
		t.Errorf("a request without credentials: %v, want ENOTFOUND", err)
	}
	// A watch reads as its owner, even when the check runs in the
	// server's own work (an import the poller set off): ann's watch sees
	// the TLP:AMBER actor, a watch without an owner does not.
	for _, c := range []struct {
		owner string
		sees  bool
	}{{"ann", true}, {"", false}} {
		wctx, _, err := bg.watches.Viewer(app.AsServer(ctx), c.owner)
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.Knowledge.Actor(wctx, "Amber Quokka")
		if got := err == nil; got != c.sees {
			t.Errorf("a watch owned by %q sees the TLP:AMBER actor: %v (err %v), want %v", c.owner, got, err, c.sees)
		}
	}
}
