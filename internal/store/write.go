package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Outcome is telltale.Outcome, and Added, Updated and Unchanged its
// values, kept under these names for the store's callers.
type Outcome = telltale.Outcome

// What Put can do.
const (
	Added     = telltale.Added
	Updated   = telltale.Updated
	Unchanged = telltale.Unchanged
)

// Tx is one import: every Put joins one transaction, committed whole or
// not at all.
//
// An import holds the write lock of the database from Begin to Commit (on
// SQLite BEGIN IMMEDIATE, on PostgreSQL an advisory lock), so imports run
// one after the other even from several nodes: overlapping imports end as
// if run in sequence, and versions get sequence numbers and date_added
// values in the order they become visible. A TAXII reader never sees
// version N+1 before version N.
//
// Writes are gathered and sent in batches of multi-row statements, which
// matters on PostgreSQL, where each statement is a round trip. A batch is
// handed to the import's writer (see writer), which sends it while Put
// stages the next. Put looks the object up: in memory when it was staged
// in the batch or the one before (an object with writes still in the
// batch flushes it first: one statement writes one row of an object),
// else in what Prefetch found, else in the database.
type Tx struct {
	// CanSee, when set, says whether the writer may see a stored version
	// (given as its JSON). Put refuses to write to an object whose stored
	// version the writer may not see, with ErrHidden, before comparing
	// anything: the writer learns nothing of it and it never changes.
	CanSee func(raw []byte) bool

	db      *DB
	tx      *sql.Tx
	w       *writer // nil outside an import: statements run at once
	started time.Time
	source  string
	format  string
	stmts   map[string]*sql.Stmt
	lastSeq int64
	// ids holds every id in current, those this import wrote included,
	// once the import has one (see mayExist): from Begin when the store
	// was empty, else once it has asked about enough ids (asked) for the
	// size of the store (lastSeq at Begin).
	ids            *idFilter
	asked          int64
	lastSeqAtBegin int64
	lastAdd        time.Time // date_added of the newest version
	batch          batch
	inBatch        map[string]bool // ids with writes in batch
	// recent and older hold the objects staged in the batch and in the
	// one sent before it as current holds them once written, so that a
	// Put of one of them need not wait for the batch to be written to
	// look it up (a feed's later version of an object it sent shortly
	// before, say).
	recent, older map[string]currentRow
	search        []searchRow
	searchAt      map[int64]int      // rid → index in search
	lost          error              // set when the database went away mid-import
	known         map[string]*lookup // where the current versions of ids looked up ahead by Prefetch come
}

// knownRow is an object's current version as Prefetch found it (found is
// false for an id the store does not hold), with the modified of each of
// its versions.
type knownRow struct {
	found         bool
	rid           int64
	modified, raw string
	versions      []string
}

// lookup is one question of Prefetch, answered by the writer: rows is
// complete once done is closed (unless the writer failed).
type lookup struct {
	done chan struct{}
	rows map[string]knownRow
}

// Prefetch looks up the current versions of the objects with the given
// ids, and the modified of each of their versions, in one question, so
// that the Puts that follow need not ask one by one (each question is a
// round trip on PostgreSQL). It returns before the answer comes: the
// question waits behind the batches sent before it, and the Put of one
// of its ids waits for it. An id's answer is used by its next Put only,
// so none is out of date when used: a write of the object would have
// come from a Put. Ids known to be new (see mayExist) or with writes
// still in the batch being staged are not asked for.
func (tx *Tx) Prefetch(ctx context.Context, ids []string) error {
	if tx.lost != nil {
		return tx.lost
	}
	var ask []any
	var b strings.Builder
	l := &lookup{done: make(chan struct{}), rows: map[string]knownRow{}}
	for _, id := range ids {
		if _, ok := tx.known[id]; ok || tx.inBatch[id] {
			continue
		}
		if may, err := tx.mayExist(ctx, id); err != nil {
			return tx.check(err)
		} else if !may {
			continue
		}
		if tx.known == nil {
			tx.known = map[string]*lookup{}
		}
		tx.known[id] = l
		ask = append(ask, id)
		if len(ask) > 1 {
			b.WriteString(", ")
		}
		tx.db.dialect.param(&b, len(ask))
	}
	if len(ask) == 0 {
		return nil
	}
	return tx.check(tx.send(job{run: func() error { return tx.lookUp(ctx, l, b.String(), ask) }, done: l.done}))
}

// lookUp answers l for the ids in ask, whose placeholders are list.
func (tx *Tx) lookUp(ctx context.Context, l *lookup, list string, ask []any) error {
	byRID := map[int64]string{}
	var rids []any
	if err := eachRow(ctx, tx.tx, `-- current by ids
		SELECT c.id, c.rid, o.modified, o.raw FROM current c JOIN objects o ON o.seq = c.seq WHERE c.id IN (`+list+`)`, ask, func(rows *sql.Rows) error {
		var id string
		k := knownRow{found: true}
		if err := rows.Scan(&id, &k.rid, &k.modified, &k.raw); err != nil {
			return err
		}
		l.rows[id] = k
		byRID[k.rid] = id
		rids = append(rids, k.rid)
		return nil
	}); err != nil {
		return err
	}
	return tx.eachList(ctx, `-- versions by rids
		SELECT rid, modified FROM objects WHERE rid IN (...)`, rids, func(rows *sql.Rows) error {
		var rid int64
		var modified string
		if err := rows.Scan(&rid, &modified); err != nil {
			return err
		}
		k := l.rows[byRID[rid]]
		k.versions = append(k.versions, modified)
		l.rows[byRID[rid]] = k
		return nil
	})
}

// batch holds the rows of writes not yet sent.
type batch struct {
	objects       [][]any // seq, rid, spec_version, created, modified, date_added, raw
	current       [][]any // currentRow: rid, id, type (unless typeFromID), seq, name, revoked, deprecated, versions, marks
	oldVersions   []any   // rid of objects given an older version
	relationships [][]any // rid, source_ref, relationship_type, target_ref, revoked
	nameDeletes   []any   // rid
	names         [][]any // rid, name, key, kind, named_by
	first, last   string  // the ids of its first and last versions, for messages
}

// batchSize is how many objects a batch holds before it is sent.
const batchSize = 512

// Begin starts an import of objects read from source in the given format.
// It waits for imports running elsewhere to finish.
func (db *DB) Begin(ctx context.Context, source, format string) (*Tx, error) {
	t := &Tx{db: db, started: db.Now(), source: source, format: format, stmts: map[string]*sql.Stmt{}, inBatch: map[string]bool{}, recent: map[string]currentRow{}, older: map[string]currentRow{}}
	err := retry(ctx, func() error {
		tx, err := db.beginWrite(ctx)
		if err != nil {
			return err
		}
		var last sql.NullInt64
		var objects int64
		if err := tx.QueryRowContext(ctx, db.dialect.lastSeq).Scan(&t.lastSeq); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.QueryRowContext(ctx, `-- import start
			SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM current LIMIT 1) x),
				(SELECT date_added FROM objects ORDER BY seq DESC LIMIT 1)`).Scan(&objects, &last); err != nil {
			tx.Rollback()
			return err
		}
		if db.dialect.importStart != "" {
			if _, err := tx.ExecContext(ctx, db.dialect.importStart); err != nil {
				tx.Rollback()
				return err
			}
		}
		t.tx, t.lastSeqAtBegin, t.w = tx, t.lastSeq, startWriter()
		if objects == 0 {
			t.ids = newIDFilter(0)
		}
		if last.Valid {
			t.lastAdd = time.UnixMicro(last.Int64).UTC()
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", unavailable(err))
	}
	return t, nil
}

// beginWrite starts a transaction holding the database's write lock, the
// one imports take, so that writes to objects and their indexes from
// several nodes never interleave.
func (db *DB) beginWrite(ctx context.Context) (*sql.Tx, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if db.dialect.writeLock != "" {
		if _, err := tx.ExecContext(ctx, db.dialect.writeLock); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	return tx, nil
}

// nextAdded returns a date_added strictly after every earlier one, even
// when the clock stands still or runs behind another node's.
func (tx *Tx) nextAdded() int64 {
	t := tx.db.Now().UTC().Truncate(time.Microsecond)
	if !t.After(tx.lastAdd) {
		t = tx.lastAdd.Add(time.Microsecond)
	}
	tx.lastAdd = t
	return addedMicros(t)
}

func (tx *Tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := tx.stmts[query]; ok {
		return s, nil
	}
	s, err := tx.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	tx.stmts[query] = s
	return s, nil
}

func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) (*sql.Row, error) {
	s, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryRowContext(ctx, args...), nil
}

// insertRows sends rows in multi-row INSERT statements: head names the
// table and columns, tail (maybe empty) follows the VALUES list.
func (tx *Tx) insertRows(ctx context.Context, head, tail string, rows [][]any) error {
	return tx.eachChunk(rows, tx.db.dialect.rowsPerInsert, func(chunk [][]any, full bool) error {
		_, err := tx.insertChunk(ctx, head, tail, chunk, full)
		return err
	})
}

// insertNew sends rows that the table cannot hold yet (the names of new
// objects, full-text rows), into naming the table and its columns.
//
// On SQLite a multi-row INSERT that may abort halfway copies every page it
// touches into a statement journal first, so that it can be undone alone:
// with random keys that is a page per row and index, a tenth of a large
// import's CPU. INSERT OR IGNORE cannot abort, so it needs none (except
// into a table whose INTEGER PRIMARY KEY it is given, which it may still
// abort on: see upsertKeyed and insertVersions). The count of rows
// written is checked: a row left out is an error. Where the dialect has no
// insertNew, rows go in plain multi-row INSERTs, as insertRows sends them.
func (tx *Tx) insertNew(ctx context.Context, what, into string, rows [][]any) error {
	d := tx.db.dialect
	if d.insertNew == "" {
		return tx.insertRows(ctx, "-- insert "+what+"\nINSERT INTO "+into, "", rows)
	}
	head := "-- insert new " + what + "\n" + d.insertNew + " " + into
	return tx.eachChunk(rows, d.rowsPerInsert, func(chunk [][]any, full bool) error {
		res, err := tx.insertChunk(ctx, head, "", chunk, full)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n == int64(len(chunk)) {
			return err
		}
		return fmt.Errorf("%d of %d new %s rows were not written", int64(len(chunk))-n, len(chunk), what)
	})
}

// upsertKeyed sends rows keyed by a row id they give (current and
// relationships: rid), into naming the table and its columns, each
// followed by upsert. Where the dialect says rowByRow (SQLite), each row
// goes in its own prepared single-row statement: a multi-row INSERT that
// gives the INTEGER PRIMARY KEY may abort halfway, even as INSERT OR
// IGNORE, so SQLite copies every page it touches into a statement journal
// first, which cost more than the statements saved (at 200,000 generated
// objects after ATT&CK: 1.8 s of 16 CPU-s for current alone). A
// single-row statement needs no statement journal. Elsewhere the rows go
// in multi-row statements, as insertRows sends them.
func (tx *Tx) upsertKeyed(ctx context.Context, what, into, upsert string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	head := "-- upsert " + what + "\nINSERT INTO " + into
	if !tx.db.dialect.rowByRow {
		return tx.insertRows(ctx, head, upsert, rows)
	}
	var b strings.Builder
	b.WriteString(head)
	b.WriteString(" VALUES (")
	for j := range rows[0] {
		if j > 0 {
			b.WriteString(", ")
		}
		tx.db.dialect.param(&b, j+1)
	}
	b.WriteString(")")
	b.WriteString(upsert)
	s, err := tx.stmt(ctx, b.String())
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := s.ExecContext(ctx, r...); err != nil {
			return err
		}
	}
	return nil
}

// insertVersions sends new versions (rows of seq, rid, spec_version,
// created, modified, date_added, raw; the seqs of one batch follow each
// other; rid is the object's row id in current). On SQLite it leaves seq out, so that the INSERT OR IGNORE needs
// no statement journal (see insertNew): SQLite gives each row the number
// after the highest it ever gave, which is the one in the row, and it is
// checked that it did (a version left out, or numbered otherwise, fails
// the import).
func (tx *Tx) insertVersions(ctx context.Context, rows [][]any) error {
	const cols = `rid, spec_version, created, modified, date_added, raw)`
	d := tx.db.dialect
	if d.insertNew == "" {
		return tx.insertRows(ctx, "-- insert versions\nINSERT INTO objects (seq, "+cols, "", rows)
	}
	head := "-- insert new versions\n" + d.insertNew + " objects (" + cols
	short := make([][]any, len(rows))
	for i, r := range rows {
		short[i] = r[1:]
	}
	done := 0
	return tx.eachChunk(short, d.rowsPerInsert, func(chunk [][]any, full bool) error {
		res, err := tx.insertChunk(ctx, head, "", chunk, full)
		if err != nil {
			return err
		}
		done += len(chunk)
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		last, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if want := rows[done-1][0].(int64); n != int64(len(chunk)) || last != want {
			return fmt.Errorf("%d of %d new versions written, the last numbered %d instead of %d", n, len(chunk), last, want)
		}
		return nil
	})
}

// eachChunk cuts rows into the chunks of one INSERT each, of at most per
// rows (fewer when the parameters would be too many); full tells the
// chunks of the largest size, which repeat.
func (tx *Tx) eachChunk(rows [][]any, per int, fn func(chunk [][]any, full bool) error) error {
	if len(rows) == 0 {
		return nil
	}
	per = max(1, min(per, 30000/len(rows[0])))
	for len(rows) > 0 {
		n := min(per, len(rows))
		if err := fn(rows[:n], n == per); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// insertChunk sends one multi-row INSERT.
func (tx *Tx) insertChunk(ctx context.Context, head, tail string, rows [][]any, full bool) (sql.Result, error) {
	var b strings.Builder
	b.WriteString(head)
	b.WriteString(" VALUES ")
	args := make([]any, 0, len(rows)*len(rows[0]))
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j, v := range r {
			if j > 0 {
				b.WriteString(", ")
			}
			args = append(args, v)
			tx.db.dialect.param(&b, len(args))
		}
		b.WriteByte(')')
	}
	b.WriteString(tail)
	// Only full chunks repeat, so only they are kept prepared.
	var res sql.Result
	var err error
	if full {
		res, err = tx.exec(ctx, b.String(), args...)
	} else {
		res, err = tx.tx.ExecContext(ctx, b.String(), args...)
	}
	return res, err
}

// inList runs query, whose "(...)" is replaced by a list of placeholders,
// for the values in chunks.
func (tx *Tx) inList(ctx context.Context, query string, vals []any) error {
	return tx.eachList(ctx, query, vals, nil)
}

// eachList runs query, whose "(...)" is replaced by a list of
// placeholders, for the values in chunks, handing each row it returns to
// each (when set).
func (tx *Tx) eachList(ctx context.Context, query string, vals []any, each func(*sql.Rows) error) error {
	for len(vals) > 0 {
		n := min(1000, len(vals))
		var ph strings.Builder
		for i := range n {
			if i > 0 {
				ph.WriteString(", ")
			}
			tx.db.dialect.param(&ph, i+1)
		}
		q := strings.Replace(query, "(...)", "("+ph.String()+")", 1)
		if each == nil {
			if _, err := tx.tx.ExecContext(ctx, q, vals[:n]...); err != nil {
				return err
			}
		} else if err := eachRow(ctx, tx.tx, q, vals[:n], each); err != nil {
			return err
		}
		vals = vals[n:]
	}
	return nil
}

// eachRow runs query on q and hands each row it returns to each.
func eachRow(ctx context.Context, q querier, query string, args []any, each func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// flush hands the batch to the writer (or, outside an import, sends
// it) and starts the next.
func (tx *Tx) flush(ctx context.Context) error {
	b := tx.batch
	tx.batch = batch{}
	clear(tx.inBatch)
	clear(tx.older)
	tx.recent, tx.older = tx.older, tx.recent
	if len(b.objects) == 0 {
		return nil
	}
	lastSeq := tx.lastSeq
	return tx.send(job{run: func() error {
		if err := tx.write(ctx, &b, lastSeq); err != nil {
			return fmt.Errorf("writing the %d versions from %s to %s: %w", len(b.objects), b.first, b.last, err)
		}
		return nil
	}})
}

// write sends batch b, whose last version is numbered lastSeq.
func (tx *Tx) write(ctx context.Context, b *batch, lastSeq int64) error {
	if err := tx.inList(ctx, `-- delete names
		DELETE FROM names WHERE rid IN (...)`, b.nameDeletes); err != nil {
		return fmt.Errorf("names: %w", err)
	}
	if err := tx.insertVersions(ctx, b.objects); err != nil {
		return fmt.Errorf("versions: %w", err)
	}
	if len(b.objects) > 0 {
		if _, err := tx.exec(ctx, tx.db.dialect.setLastSeq, lastSeq); err != nil {
			return fmt.Errorf("sequence: %w", err)
		}
	}
	if err := tx.upsertKeyed(ctx, "current", `current (`+tx.currentColumns()+`)`, `
		ON CONFLICT (rid) DO UPDATE SET seq = excluded.seq, name = excluded.name,
			revoked = excluded.revoked, deprecated = excluded.deprecated, versions = current.versions + 1,
			marks = excluded.marks`, b.current); err != nil {
		return fmt.Errorf("current: %w", err)
	}
	if err := tx.inList(ctx, `-- count old versions
		UPDATE current SET versions = versions + 1 WHERE rid IN (...)`, b.oldVersions); err != nil {
		return fmt.Errorf("current: %w", err)
	}
	// New objects' rows too are upserted: one may be left over (the
	// object deleted elsewhere, say).
	if err := tx.upsertKeyed(ctx, "relationships", `relationships (rid, source_ref, relationship_type, target_ref, revoked)`, `
		ON CONFLICT (rid) DO UPDATE SET source_ref = excluded.source_ref, relationship_type = excluded.relationship_type,
			target_ref = excluded.target_ref, revoked = excluded.revoked`, b.relationships); err != nil {
		return fmt.Errorf("relationships: %w", err)
	}
	if err := tx.insertNew(ctx, "names", `names (rid, name, key, kind, named_by)`, b.names); err != nil {
		return fmt.Errorf("names: %w", err)
	}
	return nil
}

// send runs j on the import's writer, or at once outside an import.
func (tx *Tx) send(j job) error {
	if tx.w != nil {
		return tx.w.send(j)
	}
	err := j.run()
	if j.done != nil {
		close(j.done)
	}
	return err
}

// failure returns the failure of a statement sent, if any.
func (tx *Tx) failure() error {
	if tx.w == nil {
		return nil
	}
	return tx.w.err()
}

// wait returns once the statements sent have run, with the failure of
// any: a read that follows sees what they wrote.
func (tx *Tx) wait() error {
	if tx.w == nil {
		return nil
	}
	return tx.w.wait()
}

// stopWriter waits for the statements sent and ends the writer; the
// transaction's statements then run at once.
func (tx *Tx) stopWriter() error {
	if tx.w == nil {
		return nil
	}
	err := tx.w.stop()
	tx.w = nil
	return err
}

// Rollback abandons the import; nothing it put is kept.
func (tx *Tx) Rollback() error {
	_ = tx.stopWriter() // the failure, if any, was returned where it happened
	for _, s := range tx.stmts {
		s.Close()
	}
	clear(tx.stmts)
	tx.end()
	return tx.tx.Rollback()
}

// end runs the dialect's end-of-import statement (best effort: the
// transaction may already be broken).
func (tx *Tx) end() {
	if q := tx.db.dialect.importEnd; q != "" {
		_, _ = tx.tx.Exec(q)
	}
}

// Commit records the import with its counts and makes it visible.
func (tx *Tx) Commit(ctx context.Context, r *telltale.ImportResult) error {
	if tx.lost != nil {
		tx.Rollback()
		return tx.lost
	}
	err := tx.flush(ctx)
	if err == nil {
		err = tx.flushSearch(ctx)
	}
	if err == nil {
		err = tx.stopWriter()
	}
	if err != nil {
		tx.Rollback()
		return fmt.Errorf("write: %w", unavailable(err))
	}
	if err := tx.analyze(ctx); err != nil {
		tx.Rollback()
		return fmt.Errorf("import: %w", unavailable(err))
	}
	if r != nil {
		if _, err := tx.tx.ExecContext(ctx, `-- record import
			INSERT INTO imports (source, format, started, finished, added, updated, unchanged, rejected)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			tx.source, tx.format, tx.started.UTC().Format(time.RFC3339Nano), tx.db.Now().UTC().Format(time.RFC3339Nano),
			r.Added, r.Updated, r.Unchanged, r.Rejected); err != nil {
			tx.Rollback()
			return fmt.Errorf("record import: %w", unavailable(err))
		}
	}
	for _, s := range tx.stmts {
		s.Close()
	}
	clear(tx.stmts)
	tx.end()
	if err := tx.tx.Commit(); err != nil {
		return fmt.Errorf("commit import: %w", unavailable(err))
	}
	tx.db.wrote(ctx)
	return nil
}

// Current returns the JSON and modified timestamp of the current version
// of id inside the import, or found false.
func (tx *Tx) Current(ctx context.Context, id string) (raw []byte, modified string, found bool, err error) {
	if tx.lost != nil {
		return nil, "", false, tx.lost
	}
	raw, modified, found, err = tx.current(ctx, id)
	return raw, modified, found, tx.check(err)
}

func (tx *Tx) current(ctx context.Context, id string) (raw []byte, modified string, found bool, err error) {
	if tx.inBatch[id] {
		if err := tx.flush(ctx); err != nil {
			return nil, "", false, err
		}
	} else if may, err := tx.mayExist(ctx, id); err != nil || !may {
		return nil, "", false, err
	}
	if err := tx.wait(); err != nil {
		return nil, "", false, err
	}
	row, err := tx.queryRow(ctx, `-- current raw by id
		SELECT o.raw, o.modified FROM current c JOIN objects o ON o.seq = c.seq WHERE c.id = $1`, id)
	if err != nil {
		return nil, "", false, err
	}
	var s string
	switch err := row.Scan(&s, &modified); err {
	case nil:
		return []byte(s), modified, true, nil
	case sql.ErrNoRows:
		return nil, "", false, nil
	default:
		return nil, "", false, err
	}
}

// Put stores one validated object. A version the store already has (same
// id and modified, same JSON) is Unchanged; the same id and modified with
// different JSON is a conflict (EINVALID): a changed object needs a newer
// modified. A version older than the current one is kept in the history
// without becoming current.
func (tx *Tx) Put(ctx context.Context, o *stix.Object) (Outcome, error) {
	if tx.lost != nil {
		return 0, tx.lost
	}
	if err := tx.refuseHiddenTwin(ctx, o.ID); err != nil {
		return 0, tx.check(err)
	}
	outcome, err := tx.put(ctx, o)
	return outcome, tx.check(err)
}

// refuseHiddenTwin refuses, as a write to the object itself, an id with
// upper-case hex whose lower-case form names an object the writer may not
// see: it is the same UUID (RFC 4122 reads hex in any case), so to any
// consumer it would be a new version of the hidden object.
func (tx *Tx) refuseHiddenTwin(ctx context.Context, id string) error {
	lower := strings.ToLower(id)
	if tx.CanSee == nil || lower == id {
		return nil
	}
	if tx.inBatch[lower] {
		if err := tx.flush(ctx); err != nil {
			return err
		}
	}
	if err := tx.wait(); err != nil {
		return err
	}
	row, err := tx.queryRow(ctx, `-- current raw by lower-case id
		SELECT o.raw FROM current c JOIN objects o ON o.seq = c.seq WHERE c.id = $1`, lower)
	if err != nil {
		return err
	}
	var raw string
	switch err := row.Scan(&raw); err {
	case nil:
		if !tx.CanSee([]byte(raw)) {
			return hiddenError(id)
		}
		return nil
	case sql.ErrNoRows:
		return nil
	default:
		return err
	}
}

// check notes an error that means the database went away (a restart, a
// broken connection): the transaction is lost, and every later call
// returns the same EUNAVAILABLE error, Commit included, so the import
// ends with 503 and nothing of it kept.
func (tx *Tx) check(err error) error {
	if err != nil && telltale.ErrorCode(err) == telltale.EINTERNAL && transient(err) {
		tx.lost = fmt.Errorf("import: %w", unavailable(err))
		return tx.lost
	}
	return err
}

func (tx *Tx) put(ctx context.Context, o *stix.Object) (Outcome, error) {
	if tx.inBatch[o.ID] {
		if err := tx.flush(ctx); err != nil {
			return 0, err
		}
	}
	cur, err := tx.currentOf(ctx, o.ID)
	if err != nil {
		return 0, err
	}
	if !cur.isNew && tx.CanSee != nil && !tx.CanSee([]byte(cur.raw)) {
		return 0, hiddenError(o.ID)
	}
	mergedCurrent := false
	if !cur.isNew {
		var unchanged bool
		o, unchanged, mergedCurrent, err = tx.sameModified(ctx, o, cur)
		if err != nil {
			return 0, err
		}
		if unchanged {
			return Unchanged, nil
		}
	}
	return tx.stage(ctx, o, cur, mergedCurrent)
}

// currentRow is what put knows of the current version of an object.
type currentRow struct {
	rid           int64
	modified, raw string
	isNew         bool     // no version stored
	versions      []string // the modified of each version, when looked up ahead
}

// currentOf looks up the current version of id: from what was staged in
// the last two batches, else from the prefetched lookups, else in the
// store (unless the store was empty at the start and id was not written
// since).
func (tx *Tx) currentOf(ctx context.Context, id string) (currentRow, error) {
	if c, ok := tx.recent[id]; ok {
		delete(tx.known, id)
		return c, nil
	}
	if c, ok := tx.older[id]; ok {
		delete(tx.known, id)
		return c, nil
	}
	cur := currentRow{isNew: true}
	if l, ok := tx.known[id]; ok {
		delete(tx.known, id)
		<-l.done
		if err := tx.failure(); err != nil {
			return cur, err
		}
		if k := l.rows[id]; k.found {
			cur = currentRow{rid: k.rid, modified: k.modified, raw: k.raw, versions: k.versions}
		}
		return cur, nil
	}
	if may, err := tx.mayExist(ctx, id); err != nil || !may {
		return cur, err
	}
	if err := tx.wait(); err != nil {
		return cur, err
	}
	row, err := tx.queryRow(ctx, `-- current by id
			SELECT c.rid, o.modified, o.raw FROM current c JOIN objects o ON o.seq = c.seq WHERE c.id = $1`, id)
	if err != nil {
		return cur, err
	}
	switch err := row.Scan(&cur.rid, &cur.modified, &cur.raw); err {
	case nil:
		cur.isNew = false
	case sql.ErrNoRows:
	default:
		return cur, err
	}
	return cur, nil
}

// sameModified handles a stored object's version with o's modified, if
// there is one: unchanged when it is o (or already lists o's domains),
// an error when it differs otherwise, and else replaced by the version
// listing both variants' domains, which it returns (mergedCurrent when
// that version is the current one).
func (tx *Tx) sameModified(ctx context.Context, o *stix.Object, cur currentRow) (_ *stix.Object, unchanged, mergedCurrent bool, err error) {
	existing, found := cur.raw, cur.modified == o.Modified
	if !found && (cur.versions == nil || slices.Contains(cur.versions, o.Modified)) {
		if err := tx.wait(); err != nil {
			return nil, false, false, err
		}
		row, err := tx.queryRow(ctx, `-- version by id and modified
				SELECT raw FROM objects WHERE rid = $1 AND modified = $2`, cur.rid, o.Modified)
		if err != nil {
			return nil, false, false, err
		}
		switch err := row.Scan(&existing); err {
		case nil:
			found = true
		case sql.ErrNoRows:
		default:
			return nil, false, false, err
		}
	}
	if !found {
		return o, false, false, nil
	}
	if tx.CanSee != nil && !tx.CanSee([]byte(existing)) {
		return nil, false, false, hiddenError(o.ID)
	}
	if existing == string(o.Raw) || jsonEqual([]byte(existing), o.Raw) {
		return o, true, false, nil
	}
	merged, ok := mergeDomains([]byte(existing), o.Raw)
	if !ok {
		return nil, false, false, telltale.Errorf(telltale.EINVALID, "the store has another version of %s with the same modified %q; a changed object needs a newer modified", o.ID, o.Modified)
	}
	if jsonEqual([]byte(existing), merged) {
		return o, true, false, nil // its domains are already kept
	}
	// The stored version gives way to one listing both variants'
	// domains, under a new sequence number and date_added so that
	// TAXII readers see it changed.
	if err := tx.send(job{run: func() error {
		if _, err := tx.exec(ctx, `-- drop a version merged with a domain variant
				DELETE FROM objects WHERE rid = $1 AND modified = $2`, cur.rid, o.Modified); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `-- one version fewer until the merged one is in
				UPDATE current SET versions = versions - 1 WHERE rid = $1`, cur.rid)
		return err
	}}); err != nil {
		return nil, false, false, err
	}
	merge := *o
	merge.Raw = merged
	return &merge, false, cur.modified == o.Modified, nil
}

// stage adds o to the batch of versions to write, as the current version
// or as history, and writes the batch when it is full.
func (tx *Tx) stage(ctx context.Context, o *stix.Object, cur currentRow, mergedCurrent bool) (Outcome, error) {
	tx.lastSeq++
	seq := tx.lastSeq
	b := &tx.batch
	// The row id of an object is the sequence number of its first
	// version: never reused, even after a delete, so that nothing left
	// behind in an index can point at another object.
	rid := cur.rid
	if cur.isNew {
		rid = seq
	}
	raw := string(o.Raw)
	b.objects = append(b.objects, []any{seq, rid, specVersion(o.SpecVersion), created(o.Created, o.Modified), o.Modified, tx.nextAdded(), raw})
	if b.first == "" {
		b.first = o.ID
	}
	b.last = o.ID
	tx.inBatch[o.ID] = true
	// What current holds once the batch is written.
	next := currentRow{rid: rid, modified: o.Modified, raw: raw, versions: []string{o.Modified}}
	if !cur.isNew {
		next.versions = cur.versions
		if next.versions != nil && !slices.Contains(next.versions, o.Modified) {
			next.versions = append(slices.Clip(next.versions), o.Modified)
		}
	}
	var outcome Outcome
	switch {
	case cur.isNew:
		b.current = append(b.current, tx.currentRow(rid, seq, o))
		outcome = Added
		tx.index(o, rid, false)
	case mergedCurrent || laterTimestamp(o.Modified, cur.modified):
		b.current = append(b.current, tx.currentRow(cur.rid, seq, o))
		outcome = Updated
		tx.index(o, cur.rid, true)
	default:
		// An older version: history only.
		b.oldVersions = append(b.oldVersions, cur.rid)
		outcome = Updated
		next.modified, next.raw = cur.modified, cur.raw
	}
	tx.recent[o.ID] = next
	if cur.isNew {
		// An id already in current is in the filter already.
		if err := tx.noteWritten(ctx, o.ID); err != nil {
			return 0, err
		}
	}
	if len(b.objects) >= batchSize {
		if err := tx.flush(ctx); err != nil {
			return 0, err
		}
	}
	if len(tx.search) >= 4096 {
		if err := tx.flushSearch(ctx); err != nil {
			return 0, err
		}
	}
	return outcome, nil
}

// currentRow is the row of current (currentColumns) of o as the version
// at seq of the object at row id rid.
func (tx *Tx) currentRow(rid, seq int64, o *stix.Object) []any {
	if tx.db.dialect.typeFromID {
		return []any{rid, o.ID, seq, clean(o.Name), boolInt(o.Revoked), boolInt(o.Deprecated), 1, telltale.MarkSummary(o.Raw)}
	}
	return []any{rid, o.ID, o.Type, seq, clean(o.Name), boolInt(o.Revoked), boolInt(o.Deprecated), 1, telltale.MarkSummary(o.Raw)}
}

// currentColumns are the columns of current a write gives, in the order
// of currentRow.
func (tx *Tx) currentColumns() string {
	if tx.db.dialect.typeFromID {
		return "rid, id, seq, name, revoked, deprecated, versions, marks"
	}
	return "rid, id, type, seq, name, revoked, deprecated, versions, marks"
}

// specVersion is what a version's spec_version column holds: NULL for
// 2.1, the version nearly every object has (reads take it for NULL).
func specVersion(v string) any {
	if v == "2.1" {
		return nil
	}
	return v
}

// created is what a version's created column holds: NULL when it is
// the version's modified, as for nearly every first version (reads take
// COALESCE(created, modified)).
func created(created, modified string) any {
	if created == modified {
		return nil
	}
	return created
}

// hiddenError refuses a write to an object the writer may not see. It
// tells nothing of the object: not its versions, its modified time or
// whether the write would have clashed with it.
func hiddenError(id string) error {
	return telltale.Errorf(telltale.EFORBIDDEN, "%s cannot be written by this user: choose another id", id)
}

// clean drops NUL characters, which PostgreSQL text cannot hold, from the
// text of an index (the object's JSON keeps them escaped).
func clean(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "")
}

// laterTimestamp reports whether STIX timestamp a is after b.
func laterTimestamp(a, b string) bool {
	ta, err1 := stix.ParseTime(a)
	tb, err2 := stix.ParseTime(b)
	if err1 != nil || err2 != nil {
		return a > b
	}
	return ta.After(tb)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// mergeDomains reads two variants of one version of an ATT&CK object:
// ATT&CK ships some objects (groups, software, mitigations) in several
// domains' bundles with the same id and modified, differing only in
// x_mitre_domains. When that list is the only difference, it returns the
// stored variant with the union of both lists, in sorted order, and true;
// otherwise false.
func mergeDomains(stored, incoming []byte) ([]byte, bool) {
	if !bytes.Contains(incoming, []byte(`"x_mitre_domains"`)) || !bytes.Contains(stored, []byte(`"x_mitre_domains"`)) {
		return nil, false
	}
	var a, b map[string]json.RawMessage
	if json.Unmarshal(stored, &a) != nil || json.Unmarshal(incoming, &b) != nil {
		return nil, false
	}
	var da, db []string
	if json.Unmarshal(a["x_mitre_domains"], &da) != nil || json.Unmarshal(b["x_mitre_domains"], &db) != nil {
		return nil, false
	}
	if len(a) != len(b) {
		return nil, false
	}
	for k, va := range a {
		vb, ok := b[k]
		if !ok {
			return nil, false
		}
		if k != "x_mitre_domains" && !bytes.Equal(va, vb) && !jsonEqual(va, vb) {
			return nil, false
		}
	}
	union := append(slices.Clone(da), db...)
	slices.Sort(union)
	union = slices.Compact(union)
	list, err := json.Marshal(union)
	if err != nil {
		return nil, false
	}
	// Only the list changes: the rest of the stored JSON is kept byte for
	// byte, in its order.
	start, end, ok := topLevelValue(stored, "x_mitre_domains")
	if !ok {
		return nil, false
	}
	merged := make([]byte, 0, len(stored)+len(list))
	merged = append(merged, stored[:start]...)
	merged = append(merged, list...)
	merged = append(merged, stored[end:]...)
	return merged, json.Valid(merged)
}

// topLevelValue finds the bytes [start, end) of the value of a top-level
// property of a JSON object.
func topLevelValue(raw []byte, key string) (start, end int, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return 0, 0, false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return 0, 0, false
		}
		after := int(dec.InputOffset())
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return 0, 0, false
		}
		if k, _ := t.(string); k == key {
			end = int(dec.InputOffset())
			start = after + bytes.Index(raw[after:end], v)
			return start, start + len(v), true
		}
	}
	return 0, 0, false
}

func jsonEqual(a, b []byte) bool {
	var va, vb any
	da, db := json.NewDecoder(bytes.NewReader(a)), json.NewDecoder(bytes.NewReader(b))
	da.UseNumber()
	db.UseNumber()
	if da.Decode(&va) != nil || db.Decode(&vb) != nil {
		return false
	}
	ea, _ := json.Marshal(va)
	eb, _ := json.Marshal(vb)
	return bytes.Equal(ea, eb)
}

// nameProps are the properties beyond stix.Object that feed the name index.
type nameProps struct {
	XMitreAliases    []string              `json:"x_mitre_aliases"`
	XOpenCTIAliases  []string              `json:"x_opencti_aliases"`
	XTelltaleAliases []string              `json:"x_telltale_aliases"`
	AliasClaims      []telltale.AliasClaim `json:"x_telltale_alias_claims"`
}

// mitreSources are the external reference sources whose ids name objects.
var mitreSources = map[string]bool{"mitre-attack": true, "mitre-mobile-attack": true, "mitre-ics-attack": true}

// index queues the relationship, name and full-text entries of the
// current version of an object, replacing older ones.
func (tx *Tx) index(o *stix.Object, rid int64, replace bool) {
	b := &tx.batch
	if o.Type == "relationship" {
		b.relationships = append(b.relationships, []any{rid, o.SourceRef, o.RelationshipType, o.TargetRef, boolInt(o.Revoked || o.Deprecated)})
		return
	}
	if replace {
		b.nameDeletes = append(b.nameDeletes, rid)
	}
	if !named(o) {
		return
	}
	names := objectNames(o)
	b.names = append(b.names, nameRows(rid, o.Name, names)...)
	var aliases []string
	for _, n := range names {
		if n.Kind != "name" {
			aliases = append(aliases, n.Name)
		}
	}
	row := searchRow{rid, clean(o.Name), clean(strings.Join(aliases, " | ")), clean(o.Description), replace}
	if i, ok := tx.searchAt[rid]; ok {
		// Two versions of one object in one batch: the later one wins.
		row.replace = row.replace || tx.search[i].replace
		tx.search[i] = row
		return
	}
	if tx.searchAt == nil {
		tx.searchAt = map[int64]int{}
	}
	tx.searchAt[rid] = len(tx.search)
	tx.search = append(tx.search, row)
}

// searchRow is a pending full-text index entry. The entries are written in
// batches: every statement touching the full-text table inside a
// transaction makes it flush, so one statement per batch is far faster
// than one per object.
type searchRow struct {
	rid                        int64
	name, aliases, description string
	replace                    bool
}

// flushSearch hands the pending full-text entries to the writer (or,
// outside an import, sends them).
func (tx *Tx) flushSearch(ctx context.Context) error {
	if len(tx.search) == 0 {
		return nil
	}
	replace := false
	rows := make([][]any, len(tx.search))
	for i, r := range tx.search {
		rows[i] = []any{r.rid, r.name, r.aliases, r.description}
		replace = replace || r.replace
	}
	tx.search = tx.search[:0]
	clear(tx.searchAt)
	return tx.send(job{run: func() error {
		if err := tx.writeSearch(ctx, rows, replace); err != nil {
			return fmt.Errorf("full-text index: %w", err)
		}
		return nil
	}})
}

// writeSearch writes full-text entries (rows of rid, name, aliases,
// description), replacing those of the same objects when replace is set.
func (tx *Tx) writeSearch(ctx context.Context, rows [][]any, replace bool) error {
	if _, err := tx.exec(ctx, tx.db.dialect.searchClearPending); err != nil {
		return err
	}
	if err := tx.insertNew(ctx, "pending search rows", `search_pending (rid, name, aliases, description)`, rows); err != nil {
		return err
	}
	if replace && tx.db.dialect.searchDeletePending != "" {
		if _, err := tx.exec(ctx, tx.db.dialect.searchDeletePending); err != nil {
			return err
		}
	}
	_, err := tx.exec(ctx, tx.db.dialect.searchInsertPending)
	return err
}

// nameRows are the rows of names (rid, name, key, kind, named_by) of the
// object at row id rid, whose name is name. The row of that name keeps
// it as NULL when current holds it as it is (clean(name)): reads take
// COALESCE(names.name, current.name), and every write of current's name
// rewrites the object's names.
//
// One row per key and name-giver (the key of names on SQLite): two that
// differ only by NUL characters, which clean drops, keep the first.
func nameRows(rid int64, name string, names []telltale.Name) [][]any {
	rows := make([][]any, 0, len(names))
	seen := make(map[[2]string]bool, len(names))
	for _, n := range names {
		key, by := clean(n.Key), clean(n.NamedBy)
		if seen[[2]string{key, by}] {
			continue
		}
		seen[[2]string{key, by}] = true
		var v any = clean(n.Name)
		if n.Kind == "name" && v == clean(name) {
			v = nil
		}
		rows = append(rows, []any{rid, v, key, n.Kind, by})
	}
	return rows
}

// named reports whether index writes names and a full-text entry for o:
// when it has a name or a description, and for every indicator (the
// values of its pattern are its names).
func named(o *stix.Object) bool {
	return o.Name != "" || o.Description != "" || o.Type == "indicator"
}

// objectNames lists the names of an object: its name, every alias (with who
// gave it when the object says), its ATT&CK id, and the observable values
// an indicator's pattern asks for (kind "pattern": an address, a domain
// name, a hash...), each under its key, the root's Fold. Duplicates by key
// and name-giver are dropped: an indicator named by its value has that
// name once.
func objectNames(o *stix.Object) []telltale.Name {
	var p nameProps
	if bytes.Contains(o.Raw, []byte(`"x_`)) {
		_ = json.Unmarshal(o.Raw, &p)
	}
	namedBy := map[string]string{}
	for _, c := range p.AliasClaims {
		if c.NamedBy != "" {
			namedBy[telltale.Fold(c.Name)] = c.NamedBy
		}
	}
	var out []telltale.Name
	seen := map[string]bool{}
	add := func(name, kind, by string) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		key := telltale.Fold(name)
		if by == "" {
			by = namedBy[key]
		}
		if seen[key+"\x00"+by] || key == "" {
			return
		}
		seen[key+"\x00"+by] = true
		out = append(out, telltale.Name{ObjectID: o.ID, Name: name, Key: key, Kind: kind, NamedBy: by})
	}
	add(o.Name, "name", "")
	for _, list := range [][]string{o.Aliases, p.XMitreAliases, p.XOpenCTIAliases, p.XTelltaleAliases} {
		for _, a := range list {
			add(a, "alias", "")
		}
	}
	for _, c := range p.AliasClaims {
		add(c.Name, "alias", c.NamedBy)
	}
	for _, r := range o.ExternalReferences {
		if mitreSources[r.SourceName] && r.ExternalID != "" {
			add(r.ExternalID, "external_id", "MITRE")
		}
	}
	for _, v := range o.PatternValues() {
		add(v, "pattern", "")
	}
	return out
}

// unavailable turns errors that mean the database is busy or cannot be
// reached into EUNAVAILABLE, so that callers answer 503 and clients retry.
func unavailable(err error) error {
	if err == nil || !transient(err) {
		return err
	}
	var te *telltale.Error
	if errors.As(err, &te) {
		return err
	}
	return &telltale.Error{Code: telltale.EUNAVAILABLE, Message: "the database is busy or unreachable; retry later"}
}
