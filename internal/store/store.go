package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/telltale-cti/telltale"
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

	refolded bool // the open rebuilt the keys of names (Refolded)

	leaders sync.Map // name → *sync.Mutex, for WithLeaderLock without a server lock
	replica *replica // the read replica (UseReplica), or nil
	stmts   stmtCache
}

// Open opens the database at dsn and applies pending migrations when
// migrate is true. A postgres:// or postgresql:// URL opens PostgreSQL;
// anything else is a SQLite file path, optionally written "sqlite:PATH",
// created when needed. With migrate false Open fails with a message saying
// how to migrate when the schema is behind, or when the keys of names were
// written with another name folding (root's FoldVersion) than this
// program's, which migrating rebuilds.
func Open(ctx context.Context, dsn string, migrate bool) (*DB, error) {
	db, _, err := open(ctx, dsn, migrate)
	return db, err
}

// OpenMigrate opens the database at dsn as Open does with migrate true,
// and returns the names of the migrations it applied.
func OpenMigrate(ctx context.Context, dsn string) (*DB, []string, error) {
	return open(ctx, dsn, true)
}

func open(ctx context.Context, dsn string, migrate bool) (*DB, []string, error) {
	d := dialectOf(dsn)
	sdb, display, err := d.open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	db := &DB{db: sdb, dialect: d, dsn: display, Now: time.Now}
	if err := retry(ctx, func() error { return sdb.PingContext(ctx) }); err != nil {
		sdb.Close()
		return nil, nil, fmt.Errorf("open %s: %w", display, unavailable(err))
	}
	if migrate {
		applied, err := db.MigrateNames(ctx)
		if err != nil {
			sdb.Close()
			return nil, nil, err
		}
		return db, applied, nil
	}
	if pending, err := db.Pending(ctx); err != nil {
		sdb.Close()
		return nil, nil, err
	} else if len(pending) > 0 {
		sdb.Close()
		return nil, nil, telltale.Errorf(telltale.EINVALID, "database %s needs %d migration(s) (%s): run 'telltale migrate --db %s'", display, len(pending), strings.Join(pending, ", "), display)
	}
	if err := db.checkFold(ctx); err != nil {
		sdb.Close()
		return nil, nil, err
	}
	return db, nil, nil
}

// Close closes the database.
func (db *DB) Close() error {
	db.stmts.close()
	if db.replica != nil {
		db.replica.close()
	}
	return db.db.Close()
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.dsn }

// SQL exposes the handle for integrity checks in tests and tools.
func (db *DB) SQL() *sql.DB { return db.db }

// Engine names the SQL engine: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.dialect.name }

func (db *DB) migrationNames() ([]string, error) {
	return migrationNames(db.dialect.name)
}

func migrationNames(dialect string) ([]string, error) {
	entries, err := fs.ReadDir(migrations, "migrations/"+dialect)
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

// querier is what *sql.DB, *sql.Conn and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Pending lists the migrations not yet applied.
func (db *DB) Pending(ctx context.Context) ([]string, error) {
	var pending []string
	err := retry(ctx, func() error {
		var err error
		pending, err = db.pending(ctx, db.db)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", unavailable(err))
	}
	return pending, nil
}

func (db *DB) pending(ctx context.Context, q querier) ([]string, error) {
	names, err := db.migrationNames()
	if err != nil {
		return nil, err
	}
	applied := map[string]bool{}
	rows, err := q.QueryContext(ctx, `-- applied migrations
		SELECT name FROM schema_migrations`)
	if err != nil && !isNoTable(err) {
		return nil, err
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
// records them by name. On PostgreSQL it holds a lock meanwhile, so that
// nodes starting at once apply each migration once.
func (db *DB) Migrate(ctx context.Context) error {
	_, err := db.MigrateNames(ctx)
	return err
}

// MigrateNames is Migrate returning the names of the migrations it applied.
// After the migrations it rebuilds the keys of names when they were
// written with another fold version than the program's (refold).
func (db *DB) MigrateNames(ctx context.Context) ([]string, error) {
	applied, err := db.migrateBefore(ctx, "")
	if err != nil {
		return applied, err
	}
	db.refolded, err = db.refold(ctx)
	return applied, err
}

// Refolded reports whether migrating this database rebuilt the keys of
// its names, written with another fold version than the program's.
func (db *DB) Refolded() bool { return db.refolded }

// migrateBefore applies the pending migrations whose names sort before
// stop, all of them when stop is empty (tests of a migration start from
// the schema before it).
func (db *DB) migrateBefore(ctx context.Context, stop string) ([]string, error) {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", unavailable(err))
	}
	defer conn.Close()
	if db.dialect.migrateLock != "" {
		if _, err := conn.ExecContext(ctx, db.dialect.migrateLock); err != nil {
			return nil, fmt.Errorf("migrate: %w", unavailable(err))
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), db.dialect.migrateUnlock)
	}
	if _, err := conn.ExecContext(ctx, `-- migrations table
		CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", unavailable(err))
	}
	pending, err := db.pending(ctx, conn)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", unavailable(err))
	}
	var applied []string
	for _, name := range pending {
		if stop != "" && name >= stop {
			break
		}
		body, err := migrations.ReadFile("migrations/" + db.dialect.name + "/" + name)
		if err != nil {
			return applied, err
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", name, unavailable(err))
		}
		// Another process may have applied it since we looked (SQLite has
		// no migration lock; its write transaction serialises this check).
		var done int
		if err := tx.QueryRowContext(ctx, `-- migration applied
			SELECT COUNT(*) FROM schema_migrations WHERE name = $1`, name).Scan(&done); err != nil {
			tx.Rollback()
			return applied, fmt.Errorf("migration %s: %w", name, unavailable(err))
		}
		if done > 0 {
			tx.Rollback()
			continue
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return applied, fmt.Errorf("migration %s: %w", name, err)
		}
		if step := migrationSteps[name]; step != nil {
			if err := step(ctx, tx, db.dialect); err != nil {
				tx.Rollback()
				return applied, fmt.Errorf("migration %s: %w", name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `-- record migration
			INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`, name, db.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return applied, fmt.Errorf("migration %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return applied, fmt.Errorf("migration %s: %w", name, unavailable(err))
		}
		applied = append(applied, name)
	}
	return applied, nil
}

// WithLeaderLock runs fn unless another process (on PostgreSQL, another
// node) is running work under the same name, and reports whether fn ran.
// It is for work that must run once for the whole installation rather
// than once per node, such as recomputing clusters or polling a feed: the
// node that gets the lock does it, the others skip it. The lock is a
// PostgreSQL session advisory lock, released when fn returns or when the
// node dies; on SQLite it only excludes callers in this process.
func (db *DB) WithLeaderLock(ctx context.Context, name string, fn func() error) (ran bool, err error) {
	if db.dialect.tryLock == "" {
		v, _ := db.leaders.LoadOrStore(name, new(sync.Mutex))
		mu := v.(*sync.Mutex)
		if !mu.TryLock() {
			return false, nil
		}
		defer mu.Unlock()
		return true, fn()
	}
	h := fnv.New64a()
	h.Write([]byte("telltale leader " + name))
	key := int64(h.Sum64())
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("leader lock %s: %w", name, unavailable(err))
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, db.dialect.tryLock, key).Scan(&got); err != nil {
		return false, fmt.Errorf("leader lock %s: %w", name, unavailable(err))
	}
	if !got {
		return false, nil
	}
	defer func() {
		var released bool
		if err := conn.QueryRowContext(context.WithoutCancel(ctx), db.dialect.unlock, key).Scan(&released); err != nil || !released {
			// Closing the session is the other way to release the lock.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return true, fn()
}

// retry runs fn again, a few times with a pause, while it fails in a way
// that may pass (see transient). Only for work that is safe to repeat.
func retry(ctx context.Context, fn func() error) error {
	var err error
	for i, pause := 0, 50*time.Millisecond; ; i, pause = i+1, pause*4 {
		if err = fn(); err == nil || !transient(err) || i == 2 {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
	}
}

// dateAddedLayout has microseconds so that strictly increasing values fit
// thousands of objects into one import.
const dateAddedLayout = "2006-01-02T15:04:05.000000Z"

// date_added is stored as microseconds since the Unix epoch (UTC), 8
// bytes on SQLite where its text took 27, and read as dateAddedLayout.
func addedMicros(t time.Time) int64 { return t.UTC().Truncate(time.Microsecond).UnixMicro() }

func addedText(us int64) string { return time.UnixMicro(us).UTC().Format(dateAddedLayout) }
