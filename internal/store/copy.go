package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/telltale-cti/telltale"
)

// TableCount is how many rows a table holds.
type TableCount struct {
	Table string `json:"table"`
	Rows  int64  `json:"rows"`
}

// Copy copies every table of src into dst, an empty database with the same
// migrations (on any engine), in one transaction, then checks that both
// hold the same number of rows in every table and give the same Stats. The
// full-text index is copied through dst's own dialect, and dst's sequence
// continues from src's, so TAXII cursors handed out by src stay valid.
func Copy(ctx context.Context, dst, src *DB) ([]TableCount, error) {
	if p, err := src.Pending(ctx); err != nil {
		return nil, err
	} else if len(p) > 0 {
		return nil, telltale.Errorf(telltale.EINVALID, "the source %s needs %d migration(s) first: run 'telltale migrate --db %s'", src.dsn, len(p), src.dsn)
	}
	if err := sameFold(ctx, dst, src); err != nil {
		return nil, err
	}
	srcTables, err := src.tables(ctx)
	if err != nil {
		return nil, err
	}
	dstTables, err := dst.tables(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range srcTables {
		if !slices.Contains(dstTables, t) {
			return nil, telltale.Errorf(telltale.EINVALID, "the destination %s has no table %s: is it on an older version of Telltale?", dst.dsn, t)
		}
	}
	for _, t := range dstTables {
		var n int64
		if err := dst.db.QueryRowContext(ctx, "-- rows of a table\nSELECT COUNT(*) FROM "+quoteIdent(t)).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, unavailable(err))
		}
		if n > 0 {
			return nil, telltale.Errorf(telltale.ECONFLICT, "the destination %s is not empty (%s has %d rows): copy into a new database", dst.dsn, t, n)
		}
	}

	stx, err := dst.beginWrite(ctx)
	if err != nil {
		return nil, fmt.Errorf("copy: %w", unavailable(err))
	}
	tx := &Tx{db: dst, tx: stx, stmts: map[string]*sql.Stmt{}}
	defer tx.Rollback()
	for _, t := range srcTables {
		if err := copyTable(ctx, tx, src, t); err != nil {
			return nil, fmt.Errorf("copy %s: %w", t, unavailable(err))
		}
		if dst.dialect.afterCopy != nil {
			if err := dst.dialect.afterCopy(ctx, stx, t); err != nil {
				return nil, fmt.Errorf("copy %s: %w", t, err)
			}
		}
	}
	if err := copySearch(ctx, tx, src); err != nil {
		return nil, fmt.Errorf("copy the full-text index: %w", unavailable(err))
	}
	var last int64
	if err := src.db.QueryRowContext(ctx, src.dialect.lastSeq).Scan(&last); err != nil {
		return nil, fmt.Errorf("copy: %w", unavailable(err))
	}
	if last > 0 {
		if _, err := stx.ExecContext(ctx, dst.dialect.setLastSeq, last); err != nil {
			return nil, fmt.Errorf("copy the sequence: %w", err)
		}
	}
	tx.lastSeq = last // the versions written, for analyze
	if err := tx.analyze(ctx); err != nil {
		return nil, fmt.Errorf("copy: %w", unavailable(err))
	}
	for _, s := range tx.stmts {
		s.Close()
	}
	clear(tx.stmts)
	if err := stx.Commit(); err != nil {
		return nil, fmt.Errorf("copy: %w", unavailable(err))
	}
	return verifyCopy(ctx, dst, src, srcTables)
}

// sameFold fails unless the keys of src's names were written with the
// fold version dst records, the program's: names are copied as they are.
func sameFold(ctx context.Context, dst, src *DB) error {
	for _, db := range []*DB{src, dst} {
		if v, err := foldRecorded(ctx, db.db); err != nil {
			return err
		} else if v != foldWanted {
			return telltale.Errorf(telltale.EINVALID, "%s indexes its names by another name folding or other name rules than this program: run 'telltale migrate --db %s' first", db.dsn, db.dsn)
		}
	}
	return nil
}

// tables lists the tables a copy moves, in creation order: all but the
// migrations record, the settings (the destination keeps its own, Copy
// checks that both fold names alike) and the full-text index.
func (db *DB) tables(ctx context.Context) ([]string, error) {
	rows, err := db.query(ctx, db.dialect.tables)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", unavailable(err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		if t != "schema_migrations" && t != "settings" {
			out = append(out, t)
		}
	}
	return out, rows.Err()
}

func copyTable(ctx context.Context, tx *Tx, src *DB, table string) error {
	rows, err := src.db.QueryContext(ctx, "-- copy rows\nSELECT * FROM "+quoteIdent(table))
	if err != nil {
		return err
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return err
	}
	generated, err := tx.generated(ctx, table)
	if err != nil {
		return err
	}
	// The columns the destination computes itself are read, not written.
	var cols []string
	var keep []int
	for i, c := range types {
		if !generated[c.Name()] {
			cols, keep = append(cols, quoteIdent(c.Name())), append(keep, i)
		}
	}
	head := "-- copy rows\nINSERT INTO " + quoteIdent(table) + " (" + strings.Join(cols, ", ") + ")"
	var batch [][]any
	for rows.Next() {
		all := make([]any, len(types))
		ptrs := make([]any, len(types))
		for i := range all {
			ptrs[i] = &all[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		vals := make([]any, len(keep))
		for j, i := range keep {
			v := all[i]
			if b, ok := v.([]byte); ok && table == "knowledge_cache" && types[i].Name() == "body" {
				// Views are copied as text: the destination's engine
				// may not take gzipped bytes in text (gzipCache).
				if v, err = cacheBody(b); err != nil {
					return err
				}
			}
			vals[j] = portable(v, types[i].DatabaseTypeName())
		}
		batch = append(batch, vals)
		if len(batch) == 1024 {
			if err := tx.insertRows(ctx, head, "", batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.insertRows(ctx, head, "", batch)
}

// generated is the set of generated columns of table in the database
// of tx (dialect.generated).
func (tx *Tx) generated(ctx context.Context, table string) (map[string]bool, error) {
	out := map[string]bool{}
	if tx.db.dialect.generated == "" {
		return out, nil
	}
	rows, err := tx.tx.QueryContext(ctx, tx.db.dialect.generated, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out[c] = true
	}
	return out, rows.Err()
}

// portable turns a value read from one engine into one the other takes for
// a column of the declared type: SQLite may hand back a number from a TEXT
// column, and PostgreSQL wants text there.
func portable(v any, declared string) any {
	text := strings.Contains(strings.ToUpper(declared), "TEXT") || strings.Contains(strings.ToUpper(declared), "CHAR")
	switch x := v.(type) {
	case []byte:
		if text {
			return string(x)
		}
	case int64:
		if text {
			return strconv.FormatInt(x, 10)
		}
	case float64:
		if text {
			return strconv.FormatFloat(x, 'g', -1, 64)
		}
	}
	return v
}

func copySearch(ctx context.Context, tx *Tx, src *DB) error {
	rows, err := src.db.QueryContext(ctx, src.dialect.searchRows)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r searchRow
		if err := rows.Scan(&r.rid, &r.name, &r.aliases, &r.description); err != nil {
			return err
		}
		tx.search = append(tx.search, r)
		if len(tx.search) == 4096 {
			if err := tx.flushSearch(ctx); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.flushSearch(ctx)
}

func verifyCopy(ctx context.Context, dst, src *DB, tables []string) ([]TableCount, error) {
	var out []TableCount
	for _, t := range append(tables, "search") {
		var n, m int64
		q := "-- rows of a table\nSELECT COUNT(*) FROM " + quoteIdent(t)
		if err := src.db.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, unavailable(err))
		}
		if err := dst.db.QueryRowContext(ctx, q).Scan(&m); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, unavailable(err))
		}
		if n != m {
			return nil, fmt.Errorf("copy check: %s has %d rows in %s but %d in %s", t, n, src.dsn, m, dst.dsn)
		}
		out = append(out, TableCount{t, n})
	}
	a, err := src.Stats(ctx)
	if err != nil {
		return nil, err
	}
	b, err := dst.Stats(ctx)
	if err != nil {
		return nil, err
	}
	if fmt.Sprint(a) != fmt.Sprint(b) {
		return nil, fmt.Errorf("copy check: stats differ: %+v in %s, %+v in %s", a, src.dsn, b, dst.dsn)
	}
	return out, nil
}
