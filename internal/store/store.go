// Package store keeps STIX objects, all their versions and the indexes
// Telltale reads them by (current versions, relationships, names and
// aliases, full text) in a SQL database: embedded SQLite by default.
//
// SQL is written once with $N placeholders; what differs between dialects
// lives in dialect.go. Schema changes are embedded .sql migrations, one
// folder per dialect with the same file names.
//
// The store knows the STIX wire format (internal/stix) but none of the
// domain views (actors, sectors, landscapes), which internal/knowledge
// computes from what the store returns.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/telltale-cti/telltale"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

//go:embed migrations
var migrations embed.FS

// DefaultPath is where the database lives when no --db or TELLTALE_DB is
// given.
const DefaultPath = "telltale-data/telltale.db"

// DB is a Telltale database.
type DB struct {
	db      *sql.DB
	dialect *dialect
	dsn     string

	// Now is the clock; tests replace it.
	Now func() time.Time
	// Fold gives the key names are matched by (knowledge.Fold in the
	// program). The default lower-cases and trims.
	Fold func(string) string

	mu        sync.Mutex
	lastAdded time.Time // date_added of the newest version, for strict monotonicity
}

// Open opens (creating when needed) the database at dsn, a file path or
// "sqlite:PATH", and applies pending migrations when migrate is true. With
// migrate false it fails with a message saying how to migrate when the
// schema is behind.
func Open(ctx context.Context, dsn string, migrate bool) (*DB, error) {
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
	if path == "" {
		return nil, telltale.Errorf(telltale.EINVALID, "empty database path")
	}
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	conn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)&_txlock=immediate"
	sdb, err := sql.Open("sqlite", conn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if path == ":memory:" {
		sdb.SetMaxOpenConns(1)
	}
	db := &DB{db: sdb, dialect: sqliteDialect, dsn: path, Now: time.Now, Fold: defaultFold}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if migrate {
		if err := db.Migrate(ctx); err != nil {
			sdb.Close()
			return nil, err
		}
	} else if pending, err := db.Pending(ctx); err != nil {
		sdb.Close()
		return nil, err
	} else if len(pending) > 0 {
		sdb.Close()
		return nil, telltale.Errorf(telltale.EINVALID, "database %s needs %d migration(s) (%s): run 'telltale migrate --db %s'", path, len(pending), strings.Join(pending, ", "), path)
	}
	var last sql.NullString
	if err := sdb.QueryRowContext(ctx, `-- last date added
		SELECT MAX(date_added) FROM objects`).Scan(&last); err != nil && !isNoTable(err) {
		sdb.Close()
		return nil, err
	}
	if last.Valid {
		db.lastAdded, _ = time.Parse(dateAddedLayout, last.String)
	}
	return db, nil
}

func defaultFold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func isNoTable(err error) bool { return err != nil && strings.Contains(err.Error(), "no such table") }

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// Path is the file the database lives in.
func (db *DB) Path() string { return db.dsn }

// SQL exposes the handle for integrity checks in tests and tools.
func (db *DB) SQL() *sql.DB { return db.db }

func (db *DB) migrationNames() ([]string, error) {
	entries, err := fs.ReadDir(migrations, "migrations/"+db.dialect.name)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// Pending lists the migrations not yet applied.
func (db *DB) Pending(ctx context.Context) ([]string, error) {
	names, err := db.migrationNames()
	if err != nil {
		return nil, err
	}
	applied := map[string]bool{}
	rows, err := db.db.QueryContext(ctx, `-- applied migrations
		SELECT name FROM schema_migrations`)
	if err != nil && !isNoTable(err) {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	if err == nil {
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return nil, err
			}
			applied[n] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var pending []string
	for _, n := range names {
		if !applied[n] {
			pending = append(pending, n)
		}
	}
	return pending, nil
}

// Migrate applies pending migrations, each in its own transaction, and
// records them by name.
func (db *DB) Migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `-- migrations table
		CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	pending, err := db.Pending(ctx)
	if err != nil {
		return err
	}
	for _, name := range pending {
		body, err := migrations.ReadFile("migrations/" + db.dialect.name + "/" + name)
		if err != nil {
			return err
		}
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `-- record migration
			INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`, name, db.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// dateAddedLayout has microseconds so that strictly increasing values fit
// thousands of objects into one import.
const dateAddedLayout = "2006-01-02T15:04:05.000000Z"

// nextAdded returns a date_added strictly after every earlier one.
func (db *DB) nextAdded() string {
	db.mu.Lock()
	defer db.mu.Unlock()
	t := db.Now().UTC().Truncate(time.Microsecond)
	if !t.After(db.lastAdded) {
		t = db.lastAdded.Add(time.Microsecond)
	}
	db.lastAdded = t
	return t.Format(dateAddedLayout)
}

var errNotFound = errors.New("not found")
