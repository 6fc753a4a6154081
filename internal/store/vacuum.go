package store

import (
	"context"
	"fmt"
)

// Vacuum gives the pages a database no longer uses back to the file
// system, as after a migration that rebuilt tables: on SQLite it rewrites
// the file (VACUUM) with the 8 KB pages new files get, which needs the
// rollback journal for the while (the page size of a WAL file cannot
// change), then returns to WAL; on PostgreSQL it runs VACUUM FULL. It
// needs the database to itself, and returns its size in bytes before and
// after.
func (db *DB) Vacuum(ctx context.Context) (before, after int64, err error) {
	if before, err = db.Size(ctx); err != nil {
		return 0, 0, err
	}
	if db.dialect.name == "postgres" {
		if _, err := db.db.ExecContext(ctx, `VACUUM FULL`); err != nil {
			return 0, 0, fmt.Errorf("vacuum %s: %w", db.dsn, err)
		}
	} else if err := db.vacuumSQLite(ctx); err != nil {
		return 0, 0, fmt.Errorf("vacuum %s: %w", db.dsn, err)
	}
	after, err = db.Size(ctx)
	return before, after, err
}

func (db *DB) vacuumSQLite(ctx context.Context) error {
	// One connection does it all: the journal mode and page size are
	// set on it, and no other may hold the file open meanwhile.
	db.db.SetMaxIdleConns(0)
	defer db.db.SetMaxIdleConns(2)
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, q := range []string{`PRAGMA wal_checkpoint(TRUNCATE)`, `PRAGMA journal_mode=DELETE`, `PRAGMA page_size=8192`, `VACUUM`, `PRAGMA journal_mode=WAL`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// Size is the database's size in bytes: the SQLite file's pages, or
// PostgreSQL's pg_database_size.
func (db *DB) Size(ctx context.Context) (int64, error) {
	var n int64
	q := `SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()`
	if db.dialect.name == "postgres" {
		q = `SELECT pg_database_size(current_database())`
	}
	if err := db.db.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return 0, fmt.Errorf("size of %s: %w", db.dsn, err)
	}
	return n, nil
}
