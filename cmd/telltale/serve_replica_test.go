package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
)

// A read replica is a PostgreSQL hot standby: serve refuses one over a
// SQLite database before it listens. (internal/store's TestReadReplica runs
// a real standby.)
func TestServeReadReplicaNeedsPostgres(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	_, _, err := run(t, db, "serve", "--addr", "127.0.0.1:0", "--read-db", "postgres://postgres@127.0.0.1:5433/postgres")
	if telltale.ErrorCode(err) != telltale.EINVALID || !strings.Contains(telltale.ErrorMessage(err), "PostgreSQL") {
		t.Fatalf("serve --read-db over SQLite: %v, want EINVALID naming PostgreSQL", err)
	}
}
