package app_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/store"
)

// TestOpenNewDatabase: a SQLite file that does not exist yet is created
// and migrated even without Migrate, gets the starter knowledge once (not
// again when opened again) and its views computed and cached, a server's
// too; NoStarter leaves it empty.
func TestOpenNewDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	a, err := app.Open(ctx, app.Config{DSN: path})
	if err != nil {
		t.Fatal(err)
	}
	seq, err := a.DB.LastSeq(ctx)
	if err != nil || seq == 0 {
		t.Fatalf("a new database after Open: seq %d (%v), want the starter knowledge", seq, err)
	}
	if cachedLandscapes(t, a, seq) != 1 {
		t.Errorf("a new database: the starter's views are not cached at seq %d", seq)
	}
	st, err := a.Knowledge.Stats(ctx)
	if err != nil || st.Objects == 0 {
		t.Errorf("knowledge stats of the starter: %+v (%v)", st, err)
	}
	a.Close()
	a, err = app.Open(ctx, app.Config{DSN: path})
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := a.DB.LastSeq(ctx); again != seq {
		t.Errorf("opened again: seq %d, want %d (the starter imported once)", again, seq)
	}
	a.Close()

	empty, err := app.Open(ctx, app.Config{DSN: filepath.Join(t.TempDir(), "empty.db"), NoStarter: true})
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	if seq, _ := empty.DB.LastSeq(ctx); seq != 0 {
		t.Errorf("NoStarter: seq %d, want an empty database", seq)
	}

	// A server's (Accounts) caches the starter's views too, though its
	// knowledge filters requests by viewer.
	srv, err := app.Open(ctx, app.Config{DSN: filepath.Join(t.TempDir(), "serve.db"), Accounts: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if seq, _ := srv.DB.LastSeq(ctx); cachedLandscapes(t, srv, seq) != 1 {
		t.Errorf("a server's new database: the starter's views are not cached at seq %d", seq)
	}
}

// cachedLandscapes counts the cached landscapes of the communication
// sector computed at seq.
func cachedLandscapes(t *testing.T, a *app.App, seq int64) int {
	t.Helper()
	var n int
	if err := a.DB.SQL().QueryRow(`SELECT COUNT(*) FROM knowledge_cache WHERE seq = $1 AND key LIKE '%landscape:communication'`, seq).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOpenOutdatedSchema: an existing database whose schema is behind is
// refused without Migrate, naming the command that migrates it, and left
// as it was (no starter knowledge loaded into it).
func TestOpenOutdatedSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := store.Open(ctx, path, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`DELETE FROM schema_migrations WHERE name = (SELECT MAX(name) FROM schema_migrations)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if a, err := app.Open(ctx, app.Config{DSN: path}); err == nil || !strings.Contains(telltale.ErrorMessage(err), "telltale migrate") {
		if a != nil {
			a.Close()
		}
		t.Fatalf("outdated schema without Migrate: %v, want a refusal naming 'telltale migrate'", err)
	}
	_, err = store.Open(ctx, path, false)
	if err == nil || !strings.Contains(telltale.ErrorMessage(err), "telltale migrate") {
		t.Fatalf("the store refuses it too: %v", err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM objects`).Scan(&n); err != nil || n != 0 {
		t.Errorf("a refused database holds %d objects (%v), want none", n, err)
	}
}

const amberActor = `[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--7e0a5c1e-54a4-4bd6-9d38-6b2f0c8d1a11","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Amber Quokka","object_marking_refs":["` + telltale.TLPAmber + `"]}]`

// TestOpenKnowledgeViewer: a command's knowledge reads everything; a
// server's (Accounts) shows a request what its user sees (nobody without
// credentials) and its own work (AsServer) everything; in both, ReadAs
// answers as the given user sees, even in the server's own work.
func TestOpenKnowledgeViewer(t *testing.T) {
	ctx := context.Background()
	amber := &telltale.User{ID: "u1", Name: "ann", Role: telltale.RoleAnalyst, Clearance: telltale.Amber}
	for _, c := range []struct {
		name                   string
		accounts               bool
		plain, server, asClear bool // whether each context sees the actor
	}{
		{"command", false, true, true, false},
		{"server", true, false, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := app.Open(ctx, app.Config{DSN: filepath.Join(t.TempDir(), "v.db"), Accounts: c.accounts})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if (a.Auth != nil) != c.accounts || (a.Visible != nil) != c.accounts {
				t.Errorf("Accounts %v: Auth %v, Visible %v", c.accounts, a.Auth != nil, a.Visible != nil)
			}
			if _, err := a.Importer.Import(ctx, strings.NewReader(amberActor), "test", importer.Options{Strict: true}); err != nil {
				t.Fatal(err)
			}
			for _, v := range []struct {
				what string
				ctx  context.Context
				want bool
			}{
				{"a plain context", ctx, c.plain},
				{"the server's work", app.AsServer(ctx), c.server},
				{"a TLP:AMBER user", app.ReadAs(ctx, amber), true},
				{"an anonymous reader in the server's work", app.ReadAs(app.AsServer(ctx), telltale.Anonymous()), c.asClear},
			} {
				_, err := a.Knowledge.Actor(v.ctx, "Amber Quokka")
				if got := err == nil; got != v.want {
					t.Errorf("%s sees the TLP:AMBER actor: %v (%v), want %v", v.what, got, err, v.want)
				}
			}
		})
	}
}
