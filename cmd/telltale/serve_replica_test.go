package main

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/store/storetest"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// A read replica is a PostgreSQL hot standby: serve refuses one over a
// SQLite database before it listens.
func TestServeReadReplicaNeedsPostgres(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	_, _, err := run(t, db, "serve", "--addr", "127.0.0.1:0", "--read-db", "postgres://postgres@127.0.0.1:5433/postgres")
	if telltale.ErrorCode(err) != telltale.EINVALID || !strings.Contains(telltale.ErrorMessage(err), "PostgreSQL") {
		t.Fatalf("serve --read-db over SQLite: %v, want EINVALID naming PostgreSQL", err)
	}
}

// TestServeReadReplica runs the server as serve --read-db wires it, over a
// real hot standby (on the port after TELLTALE_TEST_REPLICA's: the store's
// test has that one): a user who imports sees the import at once through
// the API and the knowledge (actor view) while the standby's replay is
// paused, another user sees it once it is replicated, and losing the
// standby sends reads to the primary, logged.
func TestServeReadReplica(t *testing.T) {
	port := storetest.StandbyPort(t, 1)
	ctx := context.Background()
	dsn := storetest.DSN(t, "postgres")
	sb := storetest.NewStandby(t, testutil.ModuleRoot(t), port)
	a, err := openServing(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	for _, u := range []auth.NewUser{
		{Name: "ana", Password: "ana-password", Role: auth.RoleAnalyst, Clearance: auth.Amber},
		{Name: "bob", Password: "bob-password", Role: auth.RoleReader, Clearance: auth.Amber},
	} {
		if _, err := auth.New(a.DB).AddUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	var logs lockedBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	if err := useReadReplica(ctx, a, sb.DSN(dsn), logger); err != nil {
		t.Fatal(err)
	}
	srv, err := newServer(ctx, a, logger, "", false, secureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	get := func(user, path string) int {
		status, _ := callAs(t, ts, user, "GET", path, "", "*/*", nil)
		return status
	}
	waitUntil(t, "the replica to be up", func() bool { up, _ := a.DB.ReplicaUp(); return up })
	standby, err := sql.Open("pgx", sb.DSN(dsn))
	if err != nil {
		t.Fatal(err)
	}
	defer standby.Close()

	const actor = "/api/v1/actors/Replica%20Panda"
	if _, err := standby.Exec(`SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "replay to pause", func() bool {
		var state string
		standby.QueryRow(`SELECT pg_get_wal_replay_pause_state()`).Scan(&state)
		return state == "paused"
	})
	bundle := `{"type":"bundle","id":"bundle--0d6c6a8a-5f4b-4e6e-9d3c-5b2f0c1a7e12","objects":[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--6d3c1b8e-7a51-4f0e-9c2a-1b2c3d4e5f60","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Replica Panda"}]}`
	if status, body := callAs(t, ts, "ana", "POST", "/api/v1/imports", "application/json", "*/*", strings.NewReader(bundle)); status != 201 {
		t.Fatalf("import: %d %.300s", status, body)
	}
	if got := get("ana", actor); got != 200 {
		t.Fatalf("ana after her import, replay paused: %d, want 200", got)
	}
	// On a loaded machine a check of the standby can time out, which
	// sends reads to the primary until the next check: bob's read must
	// meet the replica up.
	waitUntil(t, "the paused replica to be up", func() bool { up, _ := a.DB.ReplicaUp(); return up })
	if got := get("bob", actor); got != 404 {
		up, err := a.DB.ReplicaUp()
		t.Fatalf("bob from the paused replica: %d, want 404 (the replica is behind); replica up %v (%v); log:\n%s", got, up, err, logs.String())
	}
	if _, err := standby.Exec(`SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "bob to see the import once replicated", func() bool { return get("bob", actor) == 200 })

	sb.Stop()
	if got := get("bob", actor); got != 200 {
		t.Fatalf("bob with the replica stopped: %d, want 200 from the primary", got)
	}
	waitUntil(t, "the loss to be logged", func() bool { return strings.Contains(logs.String(), "read replica down") })
	sb.Start()
	waitUntil(t, "the return to be logged", func() bool { return strings.Contains(logs.String(), "read replica up") })
}

// waitUntil polls cond until it holds, failing t after a minute.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
