package store

// The read-replica tests. TestReadReplica starts a real hot standby of the
// PostgreSQL server of TELLTALE_TEST_POSTGRES (storetest.NewStandby: a
// pg_basebackup -R copy on port TELLTALE_TEST_REPLICA, e.g. 5433) and
// removes it at the end; .ci/run sets both variables. Under CI a missing
// variable or a standby that cannot be set up fails the test.

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

func TestParseLSN(t *testing.T) {
	for s, want := range map[string]uint64{"0/0": 0, "0/3000060": 0x3000060, "16/B374D848": 0x16<<32 | 0xB374D848} {
		if got, err := parseLSN(s); err != nil || got != want {
			t.Errorf("parseLSN(%q) = %x, %v; want %x", s, got, err, want)
		}
	}
	for _, s := range []string{"", "16", "x/1", "1/100000000"} {
		if _, err := parseLSN(s); err == nil {
			t.Errorf("parseLSN(%q): no error", s)
		}
	}
}

func TestReplicaNeedsPostgres(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.UseReplica(context.Background(), "postgres://127.0.0.1:5433/x", ReplicaOptions{})
	if telltale.ErrorCode(err) != telltale.EINVALID {
		t.Fatalf("UseReplica on SQLite: %v, want EINVALID", err)
	}
}

// A primary given as its own replica is no standby: it is never read from
// as a replica, and reads go to the primary.
func TestReplicaThatIsNoStandby(t *testing.T) {
	storetest.Engines(t) // fails under CI without PostgreSQL
	ctx := context.Background()
	dsn := storetest.DSN(t, "postgres")
	db := openReplicaTestDB(t, dsn)
	if err := db.UseReplica(ctx, dsn, ReplicaOptions{Poll: 50 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	up, err := db.ReplicaUp()
	if up || err == nil || !strings.Contains(err.Error(), "not a hot standby") {
		t.Fatalf("ReplicaUp = %v, %v; want down, not a hot standby", up, err)
	}
	if _, onReplica := db.reader(ReadAs(ctx, "bob")); onReplica {
		t.Fatal("reads go to a server that is no standby")
	}
	importObject(t, ReadAs(ctx, "alice"), db, "intrusion-set--3a1f7f7e-6f2b-4c1b-9f0e-0c6a8f0f1a01", "Alpha")
	if seq, err := db.LastSeq(ReadAs(ctx, "bob")); err != nil || seq == 0 {
		t.Fatalf("LastSeq = %d, %v", seq, err)
	}
}

func TestReadReplica(t *testing.T) {
	port := storetest.StandbyPort(t, 0)
	ctx := context.Background()
	dsn := storetest.DSN(t, "postgres")
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	sb := storetest.NewStandby(t, root, port)
	db := openReplicaTestDB(t, dsn)
	rdsn := sb.DSN(dsn)
	if err := db.UseReplica(ctx, rdsn, ReplicaOptions{Poll: 100 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the replica to be up", func() bool { up, _ := db.ReplicaUp(); return up })
	standby, err := sql.Open("pgx", rdsn)
	if err != nil {
		t.Fatal(err)
	}
	defer standby.Close()

	const x, y = "intrusion-set--3a1f7f7e-6f2b-4c1b-9f0e-0c6a8f0f1a01", "intrusion-set--3a1f7f7e-6f2b-4c1b-9f0e-0c6a8f0f1a02"
	t.Run("ReadsFromReplicaWritesToPrimary", func(t *testing.T) {
		if got := serverOf(t, db, ReadAs(ctx, "bob")); got != "replica" {
			t.Fatalf("bob's reads go to the %s", got)
		}
		alice := ReadAs(ctx, "alice")
		importObject(t, alice, db, x, "Alpha")
		// The import went to the primary: it has x at once.
		if _, err := db.Object(PrimaryReads(ctx), x); err != nil {
			t.Fatalf("the primary lacks the import: %v", err)
		}
		waitFor(t, "the replica to show x", func() bool { _, err := db.Object(ReadAs(ctx, "bob"), x); return err == nil })
	})
	t.Run("ReadYourWritesUnderLag", func(t *testing.T) {
		exec1(t, standby, `SELECT pg_wal_replay_pause()`)
		waitFor(t, "replay to pause", func() bool {
			var state string
			standby.QueryRow(`SELECT pg_get_wal_replay_pause_state()`).Scan(&state)
			return state == "paused"
		})
		alice := ReadAs(ctx, "alice")
		importObject(t, alice, db, y, "Beta")
		if _, err := db.Object(alice, y); err != nil {
			t.Fatalf("alice's request does not see her import: %v", err)
		}
		// A later request of alice's, still before the replica replays it.
		later := ReadAs(ctx, "alice")
		if _, err := db.Object(later, y); err != nil {
			t.Fatalf("alice's next request does not see her import: %v", err)
		}
		if got := serverOf(t, db, later); got != "primary" {
			t.Fatalf("alice's reads during the lag go to the %s", got)
		}
		// Bob reads the replica, behind by the import (bounded staleness),
		// and one request sees one state: LastSeq and objects alike.
		bob := ReadAs(ctx, "bob")
		if _, err := db.Object(bob, y); telltale.ErrorCode(err) != telltale.ENOTFOUND {
			t.Fatalf("bob reads y from the paused replica: %v, want ENOTFOUND", err)
		}
		bseq, _ := db.LastSeq(bob)
		aseq, _ := db.LastSeq(later)
		if bseq >= aseq {
			t.Fatalf("LastSeq: bob %d, alice %d; want bob's behind", bseq, aseq)
		}
		exec1(t, standby, `SELECT pg_wal_replay_resume()`)
		waitFor(t, "alice's reads to go to the replica again", func() bool { return serverOf(t, db, ReadAs(ctx, "alice")) == "replica" })
		// Once replicated, a node reading the replica notices the change.
		if seq, _ := db.LastSeq(ReadAs(ctx, "bob")); seq != aseq {
			t.Fatalf("bob's LastSeq after replay = %d, want %d", seq, aseq)
		}
		if _, err := db.Object(ReadAs(ctx, "bob"), y); err != nil {
			t.Fatalf("bob after replay: %v", err)
		}
	})
	t.Run("ReplicaLostAndBack", func(t *testing.T) {
		sb.Stop()
		// The first read after the loss gets its answer from the primary.
		if _, err := db.Object(ReadAs(ctx, "bob"), y); err != nil {
			t.Fatalf("read with the replica stopped: %v", err)
		}
		waitFor(t, "the replica to be marked down", func() bool { up, _ := db.ReplicaUp(); return !up })
		if got := serverOf(t, db, ReadAs(ctx, "bob")); got != "primary" {
			t.Fatalf("reads with the replica down go to the %s", got)
		}
		sb.Start()
		waitFor(t, "reads to return to the replica", func() bool { return serverOf(t, db, ReadAs(ctx, "bob")) == "replica" })
	})
}

func openReplicaTestDB(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dsn, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// serverOf says which server the reads made with ctx go to, asking that
// server whether it is in recovery.
func serverOf(t *testing.T, db *DB, ctx context.Context) string {
	t.Helper()
	var recovering bool
	if err := db.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `SELECT pg_is_in_recovery()`).Scan(&recovering)
	}); err != nil {
		t.Fatal(err)
	}
	if recovering {
		return "replica"
	}
	return "primary"
}

func importObject(t *testing.T, ctx context.Context, db *DB, id, name string) {
	t.Helper()
	o, err := stix.Parse([]byte(fmt.Sprintf(`{"type":"intrusion-set","spec_version":"2.1","id":"%s","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"%s"}`, id, name)))
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin(ctx, "test", "stix")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Put(ctx, o); err != nil {
		tx.Rollback()
		t.Fatal(err)
	}
	if err := tx.Commit(ctx, &telltale.ImportResult{}); err != nil {
		t.Fatal(err)
	}
}

func exec1(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// waitFor polls cond until it holds, failing t after a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
