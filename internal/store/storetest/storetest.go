// Package storetest gives tests fresh, empty databases on every engine the
// machine offers: SQLite in a temporary directory always, PostgreSQL when
// TELLTALE_TEST_POSTGRES holds a connection URL to a server where the user
// may create databases. Each PostgreSQL database is created for one test
// and dropped after it. Under CI (CI=true) a missing TELLTALE_TEST_POSTGRES
// fails the test instead of skipping PostgreSQL. Import it from tests only.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
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
