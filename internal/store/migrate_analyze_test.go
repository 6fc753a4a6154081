package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// Migration 0350 analyses, on PostgreSQL, a store whose imports were too
// small to analyse it (or ran before imports did).
func TestMigrateAnalyzes(t *testing.T) {
	ctx := context.Background()
	db := openBefore(t, storetest.DSN(t, "postgres"), "0350")
	sdb := db.db
	tx, err := db.Begin(ctx, "test", "stix")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 30 { // under the import's own threshold (50)
		o, err := stix.Parse(fmt.Appendf(nil, `{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--%08x-0000-4000-8000-000000000000","value":"10.0.0.%d"}`, i, i))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Put(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(ctx, &telltale.ImportResult{}); err != nil {
		t.Fatal(err)
	}
	rows := func() float64 {
		var n float64
		if err := sdb.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE relname = 'current'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := rows(); n == 30 {
		t.Fatalf("the import of 30 objects analysed the table")
	}
	if applied, err := db.migrateBefore(ctx, ""); err != nil || len(applied) == 0 || applied[0] != "0350_analyze.sql" {
		t.Fatalf("migrate: %v, %v", applied, err)
	}
	if n := rows(); n != 30 {
		t.Fatalf("current's row estimate after the migration: %v, want 30", n)
	}
}

// openBefore opens the database at dsn with the migrations whose names
// sort before stop applied, closed when t ends.
func openBefore(t *testing.T, dsn, stop string) *DB {
	t.Helper()
	d := dialectOf(dsn)
	sdb, display, err := d.open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	db := &DB{db: sdb, dialect: d, dsn: display, Now: time.Now}
	t.Cleanup(func() { db.Close() })
	if _, err := db.migrateBefore(context.Background(), stop); err != nil {
		t.Fatal(err)
	}
	return db
}
