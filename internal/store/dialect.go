package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"

	"github.com/telltale-cti/telltale"
)

// dialect holds what differs between the SQL engines: how to connect, how
// writers are serialised, how the sequence of versions is read and kept,
// and full text (FTS5 on SQLite, tsvector with a GIN index on PostgreSQL).
// Everything else is written once, with $N placeholders, in the other
// files. Upserts are INSERT ... ON CONFLICT on both engines; timestamps are
// kept on both as the fixed-width UTC text of dateAddedLayout (date_added)
// or exactly as STIX wrote them (created, modified), so that the two
// engines return byte-identical values and sort them alike (PostgreSQL
// text columns use the "C" collation for this).
type dialect struct {
	name string

	// open connects to dsn, returning the handle and how to name the
	// database in messages (no password).
	open func(ctx context.Context, dsn string) (*sql.DB, string, error)

	// rowsPerInsert bounds the rows of one multi-row INSERT: on
	// PostgreSQL each statement is a round trip, so more is better; on
	// SQLite fewer, larger statements save the per-statement work too.
	rowsPerInsert int
	// anonymousParams writes the parameters of multi-row INSERTs and
	// IN lists as "?" instead of "$N": the SQLite driver looks every named parameter up
	// by name, in time growing with their number, and "?" has none.
	anonymousParams bool

	// relPageOrder orders a page of one end's relationships (type, then
	// row id) so that the end's index serves it: on PostgreSQL "r.rid + 0",
	// else the planner walks the primary key in row id order and filters
	// every relationship of the table by the end when the type is fixed.
	relPageOrder string

	// rowByRow sends rows that give their table's INTEGER PRIMARY KEY
	// one prepared single-row statement each (Tx.upsertKeyed): SQLite
	// journals every page a multi-row one touches.
	rowByRow bool

	// insertNew begins the multi-row INSERT of rows new to their table
	// (Tx.insertNew checks that each was written): on SQLite INSERT OR
	// IGNORE, which cannot abort and so needs no statement journal. Empty:
	// a plain INSERT (PostgreSQL, which journals no statement).
	insertNew string

	// importStart and importEnd bracket an import on its connection:
	// SQLite gives it a large page cache (fewer spills while writing a
	// big bundle) and hands the memory back after it, so an idle server's
	// pooled connections keep small caches. Empty: nothing to do. The
	// cache's size bounds an import's memory whatever the file's size:
	// 128 MB, where at 1 M objects after ATT&CK 64 MB spent a fifth of the
	// import's CPU writing dirty pages of the indexes out to the WAL and
	// reading them back (192 MB saved no more CPU than 128). Each cached
	// page (8 KB, 4 KB in files made before issue 17's page size, and
	// SQLite's header) takes a slot of twice its size in the driver's
	// allocator, so the cache takes about twice its size, and freeing it
	// at the end (madvise of every emptied 64 KB region) cost 1.8 s of
	// 13 CPU-s at 200,000 objects (README, performance table).
	importStart, importEnd string

	// analyze, when set, refreshes the query planner's statistics of the
	// tables an import writes, inside the import's transaction, so that
	// its rows and the statistics become visible together (Tx.analyze
	// says when). Empty: the engine plans without such statistics
	// (SQLite, whose plans for these queries need none).
	analyze string
	// analyzedRows returns the versions the last analysis of the objects
	// table counted (-1: never analysed).
	analyzedRows string

	// typeFromID: current's type is not stored but a virtual column,
	// the text of the id before its "--" (which STIX makes the type),
	// so writes leave it out (Tx.currentRow): at 1,000,000 generated
	// objects after ATT&CK the stored types took 10 MB. PostgreSQL (up
	// to 17) has no virtual generated column and stores it.
	typeFromID bool
	// generated ($1 table) lists the generated columns of a table, which
	// a copy does not write; empty when the engine has none in use.
	generated string

	// gzipCache stores the bodies of the knowledge cache gzipped (as a
	// BLOB in the TEXT column): the landscapes' JSON took 25 MB of the
	// SQLite file, 4 MB gzipped. PostgreSQL compresses large text by
	// itself (TOAST) and takes only valid UTF-8 in text.
	gzipCache bool

	// writeLock, run first in every write transaction, serialises writers
	// across processes and nodes, so that versions get their sequence
	// numbers and date_added in commit order. SQLite's BEGIN IMMEDIATE
	// already does this.
	writeLock string
	// migrateLock and migrateUnlock bracket the migrations on one
	// connection, so that nodes starting together migrate once.
	migrateLock, migrateUnlock string
	// tryLock and unlock take and release a named lock ($1, an int64) for
	// WithLeaderLock; empty means a lock in this process only.
	tryLock, unlock string

	// lastSeq returns the highest sequence number ever given to a version,
	// including deleted ones, so that numbers are never reused (a TAXII
	// reader's cursor stays valid). It runs under the write lock.
	lastSeq string
	// setLastSeq ($1) records the highest sequence number handed out, after
	// the versions that carry it were inserted.
	setLastSeq string

	// searchDeletePending and searchInsertPending move the rows of the
	// search_pending table (rid, name, aliases, description) into the
	// full-text index, replacing older entries of the same objects.
	// searchDeletePending may be empty when the insert replaces by itself.
	searchDeletePending string
	searchInsertPending string
	// searchClearPending empties search_pending before each batch. On
	// PostgreSQL TRUNCATE: a DELETE leaves its rows' space to a VACUUM,
	// and without autovacuum every import added its full-text rows to
	// the table for good (26 MB after 1,000,000 generated objects).
	searchClearPending string
	// searchQuery finds current, non-revoked objects by full-text query
	// ($1, made by ftsQuery) with a limit ($2), best first, returning id,
	// type, name and a snippet of the description.
	searchQuery string
	// ftsQuery turns words (letters and digits only) into a full-text
	// query requiring all of them, the last one as a prefix.
	ftsQuery func(words []string) string
	// searchRows lists the full-text index as rid, name, aliases and
	// description (for copying a database).
	searchRows string

	// tables lists the tables of the schema in creation order (for copying
	// a database).
	tables string
	// afterCopy ($1 table) brings identity sequences of a table up to the
	// rows copied in; empty when nothing is needed.
	afterCopy func(ctx context.Context, tx *sql.Tx, table string) error
}

// param writes the placeholder of the i-th parameter (from 1) of a
// statement whose parameters are all written by it, in order.
func (d *dialect) param(b *strings.Builder, i int) {
	if d.anonymousParams {
		b.WriteByte('?')
		return
	}
	b.WriteByte('$')
	b.WriteString(strconv.Itoa(i))
}

// dialectOf picks the engine by the form of dsn: postgres:// or
// postgresql:// URLs are PostgreSQL, anything else a SQLite file.
func dialectOf(dsn string) *dialect {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return postgresDialect
	}
	return sqliteDialect
}

var sqliteDialect = &dialect{
	name:            "sqlite",
	relPageOrder:    "r.relationship_type, r.rid",
	importStart:     `PRAGMA cache_size = -131072`,
	importEnd:       `PRAGMA cache_size = -8192`,
	rowsPerInsert:   16,
	anonymousParams: true,
	rowByRow:        true,
	insertNew:       "INSERT OR IGNORE INTO",
	gzipCache:       true,
	typeFromID:      true,
	generated: `-- generated columns (sqlite)
		SELECT name FROM pragma_table_xinfo($1) WHERE hidden IN (2, 3)`,
	open: func(ctx context.Context, dsn string) (*sql.DB, string, error) {
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
		if path == "" {
			return nil, "", telltale.Errorf(telltale.EINVALID, "empty database path")
		}
		if path != ":memory:" {
			if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
				return nil, "", fmt.Errorf("create database directory: %w", err)
			}
		}
		// A new file gets 8 KB pages (an existing one keeps its own):
		// at 1,000,000 generated objects after ATT&CK the versions,
		// about 470 bytes each, left less unused at the end of each page
		// and the file was 19 MB smaller, for the same CPU (README). The
		// page cache still takes twice its size (an 8 KB page and its
		// header take a 16 KB slot of the driver's allocator). The page
		// size must be set before the journal mode, which writes the
		// file's first page: the driver runs the _pragma list in
		// alphabetical order, then _journal_mode.
		conn := "file:" + path + "?_pragma=page_size(8192)&_journal_mode=WAL&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=cache_size(-8192)&_pragma=temp_store(MEMORY)&_txlock=immediate"
		sdb, err := sql.Open("sqlite", conn)
		if err != nil {
			return nil, "", fmt.Errorf("open %s: %w", path, err)
		}
		if path == ":memory:" {
			sdb.SetMaxOpenConns(1)
		}
		return sdb, path, nil
	},
	lastSeq: `-- last seq (sqlite)
		SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'objects'), 0)`,
	setLastSeq: `-- set last seq (sqlite)
		UPDATE sqlite_sequence SET seq = MAX(seq, $1) WHERE name = 'objects'`,
	searchClearPending: `-- clear pending search rows
		DELETE FROM search_pending`,
	searchDeletePending: `-- search delete pending
		DELETE FROM search WHERE rowid IN (SELECT rid FROM search_pending)`,
	searchInsertPending: `-- search insert pending
		INSERT INTO search (rowid, name, aliases, description) SELECT rid, name, aliases, description FROM search_pending`,
	searchQuery: `-- search query
		SELECT c.id, c.type, c.name, snippet(search, 2, '', '', '…', 16)
		FROM search JOIN current c ON c.rid = search.rowid
		WHERE search MATCH $1 AND c.revoked = 0 AND c.deprecated = 0
		ORDER BY bm25(search, 10.0, 5.0, 1.0), c.rid LIMIT $2`,
	ftsQuery: func(words []string) string {
		parts := make([]string, len(words))
		for i, w := range words {
			parts[i] = `"` + w + `"`
		}
		parts[len(parts)-1] += "*"
		return strings.Join(parts, " ")
	},
	searchRows: `-- search rows (sqlite)
		SELECT rowid, name, aliases, description FROM search`,
	tables: `-- tables (sqlite)
		SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
		AND name NOT LIKE 'search%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY rowid`,
}

// postgresImportLock is the advisory lock key every write transaction
// takes ("tell" in ASCII); leader locks hash their names into other keys.
const postgresImportLock = 0x74656c6c

// postgresSearchDoc is the tsvector of a search_pending row: punctuation
// becomes spaces first (PostgreSQL's parser would otherwise keep
// "TEMP.Zagros" or "apt-c-23" as one host or hyphenated token, where
// SQLite's unicode61 tokenizer splits them), accents are removed as
// unicode61's remove_diacritics does, and names weigh more than aliases,
// which weigh more than descriptions, as in the SQLite bm25 weights.
const postgresSearchDoc = `setweight(to_tsvector('simple', unaccent(regexp_replace(p.name COLLATE "C", '[[:punct:]]+', ' ', 'g'))), 'A') ||
		setweight(to_tsvector('simple', unaccent(regexp_replace(p.aliases COLLATE "C", '[[:punct:]]+', ' ', 'g'))), 'B') ||
		setweight(to_tsvector('simple', unaccent(regexp_replace(p.description COLLATE "C", '[[:punct:]]+', ' ', 'g'))), 'C')`

var postgresDialect = &dialect{
	relPageOrder:  "r.relationship_type, r.rid + 0",
	name:          "postgres",
	rowsPerInsert: 256,
	open: func(ctx context.Context, dsn string) (*sql.DB, string, error) {
		display := dsn
		if u, err := url.Parse(dsn); err == nil {
			display = u.Redacted()
		}
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, "", telltale.Errorf(telltale.EINVALID, "database URL %s: %v", display, err)
		}
		if cfg.ConnectTimeout == 0 {
			cfg.ConnectTimeout = 5 * time.Second
		}
		sdb := stdlib.OpenDB(*cfg)
		sdb.SetMaxOpenConns(32)
		sdb.SetMaxIdleConns(16)
		sdb.SetConnMaxIdleTime(5 * time.Minute)
		sdb.SetConnMaxLifetime(time.Hour)
		return sdb, display, nil
	},
	writeLock: `-- write lock (postgres)
		SELECT pg_advisory_xact_lock(` + fmt.Sprint(postgresImportLock) + `)`,
	migrateLock: `-- migrate lock (postgres)
		SELECT pg_advisory_lock(` + fmt.Sprint(postgresImportLock+1) + `)`,
	migrateUnlock: `-- migrate unlock (postgres)
		SELECT pg_advisory_unlock(` + fmt.Sprint(postgresImportLock+1) + `)`,
	tryLock: `-- leader try lock (postgres)
		SELECT pg_try_advisory_lock($1)`,
	unlock: `-- leader unlock (postgres)
		SELECT pg_advisory_unlock($1)`,
	lastSeq: `-- last seq (postgres)
		SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM objects_seq_seq`,
	setLastSeq: `-- set last seq (postgres)
		SELECT setval('objects_seq_seq', $1)`,
	analyze: `-- analyze (postgres)
		ANALYZE current, objects, names, relationships, search`,
	analyzedRows: `-- analyzed rows (postgres)
		SELECT reltuples FROM pg_class WHERE oid = 'objects'::regclass`,
	searchClearPending: `-- clear pending search rows (postgres)
		TRUNCATE search_pending`,
	searchInsertPending: `-- search insert pending (postgres)
		INSERT INTO search (rid, name, aliases, description, doc)
		SELECT p.rid, p.name, p.aliases, p.description, ` + postgresSearchDoc + `
		FROM search_pending p
		ON CONFLICT (rid) DO UPDATE SET name = excluded.name, aliases = excluded.aliases,
			description = excluded.description, doc = excluded.doc`,
	searchQuery: `-- search query (postgres)
		SELECT c.id, c.type, c.name, ts_headline('simple', s.description, to_tsquery('simple', unaccent($1)),
			'StartSel="", StopSel="", MaxWords=16, MinWords=8, MaxFragments=1, FragmentDelimiter=" … "')
		FROM (
			SELECT s.rid, s.description, ts_rank('{0.1, 0.1, 0.5, 1.0}', s.doc, q) AS rank
			FROM search s CROSS JOIN to_tsquery('simple', unaccent($1)) q JOIN current c ON c.rid = s.rid
			WHERE s.doc @@ q AND c.revoked = 0 AND c.deprecated = 0
			ORDER BY rank DESC, s.rid LIMIT $2
		) s JOIN current c ON c.rid = s.rid
		ORDER BY s.rank DESC, s.rid`,
	ftsQuery: func(words []string) string {
		parts := make([]string, len(words))
		for i, w := range words {
			parts[i] = "'" + w + "'"
		}
		parts[len(parts)-1] += ":*"
		return strings.Join(parts, " & ")
	},
	searchRows: `-- search rows (postgres)
		SELECT rid, name, aliases, description FROM search`,
	tables: `-- tables (postgres)
		SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind = 'r' AND n.nspname = current_schema() AND c.relname NOT LIKE 'search%'
		ORDER BY c.oid`,
	afterCopy: func(ctx context.Context, tx *sql.Tx, table string) error {
		rows, err := tx.QueryContext(ctx, `-- identity columns (postgres)
			SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE c.relname = $1 AND n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped
			AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`, table)
		if err != nil {
			return err
		}
		var cols []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return err
			}
			cols = append(cols, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, c := range cols {
			q := fmt.Sprintf(`-- reset identity (postgres)
				SELECT setval(pg_get_serial_sequence($1, $2), GREATEST((SELECT MAX(%s) FROM %s), 1), (SELECT MAX(%[1]s) FROM %[2]s) IS NOT NULL)`,
				quoteIdent(c), quoteIdent(table))
			if _, err := tx.ExecContext(ctx, q, quoteIdent(table), c); err != nil {
				return fmt.Errorf("reset %s.%s: %w", table, c, err)
			}
		}
		return nil
	},
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// isNoTable reports whether err says a table does not exist (a database
// nothing was migrated into).
func isNoTable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "42P01" // undefined_table
	}
	return err != nil && strings.Contains(err.Error(), "no such table")
}

// transient reports whether err means the database is busy or cannot be
// reached right now, so that the same request may succeed later: SQLite's
// busy lock; PostgreSQL restarting or refusing connections, a connection
// that broke, a serialisation failure or deadlock.
func transient(err error) bool {
	if err == nil {
		return false
	}
	var te *telltale.Error
	if errors.As(err, &te) {
		return te.Code == telltale.EUNAVAILABLE
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"): // connection exception
			return true
		case pe.Code == "40001", pe.Code == "40P01": // serialization_failure, deadlock_detected
			return true
		case pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03": // admin_shutdown, crash_shutdown, cannot_connect_now
			return true
		case pe.Code == "53300": // too_many_connections
			return true
		}
		return false
	}
	if pgconn.SafeToRetry(err) || pgconn.Timeout(err) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"database is locked", "SQLITE_BUSY", "connection refused", "conn closed",
		"unexpected EOF", "broken pipe", "connection reset", "bad connection", "failed to connect", "driver: bad connection"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
