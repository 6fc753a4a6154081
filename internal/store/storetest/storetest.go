package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// Env is the variable holding the PostgreSQL server's URL.
const Env = "TELLTALE_TEST_POSTGRES"

// Engines lists the engines to test on: "sqlite", then "postgres" when
// Env is set. Under CI without Env it fails tb.
func Engines(tb testing.TB) []string {
	tb.Helper()
	if os.Getenv(Env) != "" {
		return []string{"sqlite", "postgres"}
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("%s is not set: CI must run the store tests on PostgreSQL too (e.g. %s=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)", Env, Env)
	}
	return []string{"sqlite"}
}

// Run runs fn as a subtest named by each engine of Engines, with the DSN of
// a fresh, empty database on it.
func Run(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	for _, engine := range Engines(t) {
		t.Run(engine, func(t *testing.T) { fn(t, DSN(t, engine)) })
	}
}

// DSN returns the connection string of a fresh, empty database on engine,
// removed when tb ends.
func DSN(tb testing.TB, engine string) string {
	tb.Helper()
	if engine == "sqlite" {
		return filepath.Join(tb.TempDir(), "test.db")
	}
	server := os.Getenv(Env)
	if server == "" {
		tb.Skipf("%s is not set", Env)
	}
	u, err := url.Parse(server)
	if err != nil {
		tb.Fatalf("%s: %v", Env, err)
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		tb.Fatal(err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "telltale_test_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		admin.Close()
		tb.Fatalf("create test database on %s: %v", u.Redacted(), err)
	}
	tb.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// ReplicaEnv is the variable holding the port a test's hot standby listens
// on (e.g. 5433); tests that need one start it with NewStandby.
const ReplicaEnv = "TELLTALE_TEST_REPLICA"

// StandbyPort returns the port of ReplicaEnv plus offset (a package of its
// own per offset, as packages' tests run at once), skipping tb when ReplicaEnv
// or Env is unset, and failing it under CI.
func StandbyPort(tb testing.TB, offset int) string {
	tb.Helper()
	port := os.Getenv(ReplicaEnv)
	if port == "" || os.Getenv(Env) == "" {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s and %s must be set under CI: the read-replica tests start a standby of the PostgreSQL server on that port (see .ci/run)", ReplicaEnv, Env)
		}
		tb.Skipf("%s (the port of a standby the test starts) or %s is not set", ReplicaEnv, Env)
	}
	n, err := strconv.Atoi(port)
	if err != nil {
		tb.Fatalf("%s=%q: %v", ReplicaEnv, port, err)
	}
	return strconv.Itoa(n + offset)
}

// Standby is a hot standby of the server of Env, run by
// scripts/pg-standby.
type Standby struct {
	tb     testing.TB
	script string
	dir    string
	port   string
	env    []string
}

// NewStandby makes and starts a standby of the server of Env on port
// (pg_basebackup -R), removed when tb ends. root is the module root.
func NewStandby(tb testing.TB, root, port string) *Standby {
	tb.Helper()
	u, err := url.Parse(os.Getenv(Env))
	if err != nil {
		tb.Fatal(err)
	}
	pport := u.Port()
	if pport == "" {
		pport = "5432"
	}
	s := &Standby{tb: tb, script: filepath.Join(root, "scripts", "pg-standby"), port: port,
		// Not tb.TempDir(): the server runs as the postgres user, who
		// cannot enter a directory private to root.
		dir: filepath.Join(os.TempDir(), "telltale-standby-"+port),
		env: []string{"PGHOST=" + u.Hostname(), "PGPORT=" + pport, "PGUSER=" + u.User.Username()}}
	s.run("up", s.dir, port)
	tb.Cleanup(func() { s.run("down", s.dir) })
	return s
}

// DSN is dsn, a database on the primary, on the standby.
func (s *Standby) DSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		s.tb.Fatal(err)
	}
	u.Host = net.JoinHostPort(u.Hostname(), s.port)
	return u.String()
}

// Stop stops the standby; Start starts it again.
func (s *Standby) Stop()  { s.run("stop", s.dir) }
func (s *Standby) Start() { s.run("start", s.dir) }

func (s *Standby) run(args ...string) {
	s.tb.Helper()
	cmd := exec.Command(s.script, args...)
	cmd.Env = append(os.Environ(), s.env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		s.tb.Fatalf("pg-standby %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
