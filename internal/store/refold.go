package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// foldSetting is the settings row holding the root's FoldVersion the keys
// of names were written with.
const foldSetting = "fold_version"

// NameRules numbers the rules by which the store indexes an object's names
// (objectNames), besides the folding of their keys: 2 added the values of
// indicators' patterns. Raise it whenever objectNames gives other names.
const NameRules = 2

// NamesVersion is what the settings table records of how the database's
// names were written: the root's FoldVersion, then NameRules after a dot
// ("1.2"; a bare fold version was written with rules 1). Opening a
// database that records another rebuilds its names (refold).
var NamesVersion = strconv.Itoa(telltale.FoldVersion) + "." + strconv.Itoa(NameRules)

// foldWanted is the names version of this program, as the settings table
// holds it.
var foldWanted = NamesVersion

// foldRecorded returns the fold version the database's name keys were
// written with, "" when none is recorded (a database written before
// versions were, whose keys were folded as the program of the day did).
func foldRecorded(ctx context.Context, q querier) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `-- recorded fold version
		SELECT value FROM settings WHERE name = $1`, foldSetting).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the fold version: %w", unavailable(err))
	}
	return v, nil
}

// checkFold fails when the database's name keys were written with
// another fold version than this program's: lookups by name would miss,
// until migrations rebuild them.
func (db *DB) checkFold(ctx context.Context) error {
	v, err := foldRecorded(ctx, db.db)
	if err != nil || v == foldWanted {
		return err
	}
	if v == "" {
		v = "(none recorded)"
	}
	return telltale.Errorf(telltale.EINVALID, "the names of database %s were indexed by name folding and rules version %s, this program's is %s: run 'telltale migrate --db %s' to rebuild them", db.dsn, v, foldWanted, db.dsn)
}

// refold makes the keys of names those of the root's Fold: when the fold
// version recorded differs from the program's (none recorded counts as
// different), it rebuilds every name row from the current objects, as an
// import writes them, drops the knowledge cache (views computed from the
// old keys), and records the program's version, in one transaction under
// the write lock. Several nodes opening the database at once rebuild it
// once; a database already at the program's version is not written.
func (db *DB) refold(ctx context.Context) (rebuilt bool, err error) {
	if v, err := foldRecorded(ctx, db.db); err != nil || v == foldWanted {
		return false, err
	}
	stx, err := db.beginWrite(ctx)
	if err != nil {
		return false, fmt.Errorf("rebuild name keys: %w", unavailable(err))
	}
	tx := &Tx{db: db, tx: stx, stmts: map[string]*sql.Stmt{}}
	defer tx.Rollback()
	if v, err := foldRecorded(ctx, stx); err != nil || v == foldWanted {
		return false, err // rebuilt by another node meanwhile
	}
	if err := tx.rebuildNames(ctx); err != nil {
		return false, fmt.Errorf("rebuild name keys: %w", unavailable(err))
	}
	if _, err := stx.ExecContext(ctx, `-- views computed from the old keys
		DELETE FROM knowledge_cache`); err != nil {
		return false, fmt.Errorf("rebuild name keys: %w", unavailable(err))
	}
	if _, err := stx.ExecContext(ctx, `-- record the fold version
		INSERT INTO settings (name, value) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, foldSetting, foldWanted); err != nil {
		return false, fmt.Errorf("record the fold version: %w", unavailable(err))
	}
	for _, s := range tx.stmts {
		s.Close()
	}
	clear(tx.stmts)
	if err := stx.Commit(); err != nil {
		return false, fmt.Errorf("rebuild name keys: %w", unavailable(err))
	}
	return true, nil
}

// rebuildNames deletes every name row and writes those of the current
// objects again, a window of objects at a time (a transaction cannot
// write while it reads on PostgreSQL).
func (tx *Tx) rebuildNames(ctx context.Context) error {
	if _, err := tx.tx.ExecContext(ctx, `-- drop every name
		DELETE FROM names`); err != nil {
		return err
	}
	for after := int64(0); ; {
		objs, last, err := tx.currentAfter(ctx, after, 1000)
		if err != nil || last == after {
			return err
		}
		var rows [][]any
		for _, o := range objs {
			if named(o.obj) { // as index writes them
				rows = append(rows, nameRows(o.rid, o.obj.Name, objectNames(o.obj))...)
			}
		}
		if err := tx.insertNew(ctx, "names", `names (rid, name, key, kind, named_by)`, rows); err != nil {
			return err
		}
		after = last
	}
}

// ridObject is a current object with its row id.
type ridObject struct {
	rid int64
	obj *stix.Object
}

// currentAfter reads up to n current objects whose row id follows after,
// relationships left out (they have no names), and returns the last row id
// read (after when none is left). An object that does not parse is
// skipped: it had to parse to be stored, so none is, and it could not be
// named anyway.
func (tx *Tx) currentAfter(ctx context.Context, after int64, n int) (objs []ridObject, last int64, err error) {
	rows, err := tx.tx.QueryContext(ctx, `-- current objects by row id
		SELECT c.rid, o.raw FROM current c JOIN objects o ON o.seq = c.seq
		WHERE c.rid > $1 AND c.type <> 'relationship' ORDER BY c.rid LIMIT $2`, after, n)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	last = after
	for rows.Next() {
		var raw string
		if err := rows.Scan(&last, &raw); err != nil {
			return nil, 0, err
		}
		if o, err := stix.Parse([]byte(raw)); err == nil {
			objs = append(objs, ridObject{last, o})
		}
	}
	return objs, last, rows.Err()
}
