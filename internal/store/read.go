package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/telltale-cti/telltale"
)

var _ telltale.ObjectService = (*DB)(nil)

const objectColumns = `c.id, c.type, c.name, COALESCE(o.created, o.modified), o.modified, o.date_added, c.seq, c.revoked, c.deprecated, c.versions, o.raw`

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// collect reads every row of rows with scan and closes rows: the one loop
// of the store's list reads (nil when there is no row).
func collect[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func scanObject(sc scanner) (*telltale.Object, error) {
	var o telltale.Object
	var revoked, deprecated int
	var added int64
	var raw string
	if err := sc.Scan(&o.ID, &o.Type, &o.Name, &o.Created, &o.Modified, &added, &o.Seq, &revoked, &deprecated, &o.Versions, &raw); err != nil {
		return nil, err
	}
	o.DateAdded = addedText(added)
	o.Revoked, o.Deprecated, o.Raw = revoked != 0, deprecated != 0, []byte(raw)
	return &o, nil
}

// Object returns the current version of id.
func (db *DB) Object(ctx context.Context, id string) (*telltale.Object, error) {
	var o *telltale.Object
	err := db.read(ctx, func(q querier) error {
		var err error
		o, err = scanObject(q.QueryRowContext(ctx, `-- object by id
			SELECT `+objectColumns+` FROM current c JOIN objects o ON o.seq = c.seq WHERE c.id = $1`, id))
		return err
	})
	if err == sql.ErrNoRows {
		return nil, telltale.Errorf(telltale.ENOTFOUND, "no object %s", id)
	} else if err != nil {
		return nil, fmt.Errorf("object %s: %w", id, unavailable(err))
	}
	return o, nil
}

// ObjectVersions returns every version of id, oldest modified first.
func (db *DB) ObjectVersions(ctx context.Context, id string) ([]*telltale.Object, error) {
	rows, err := db.query(ctx, `-- versions by id
		SELECT c.id, c.type, c.name, COALESCE(o.created, o.modified), o.modified, o.date_added, o.seq, c.revoked, c.deprecated, c.versions, o.raw
		FROM current c JOIN objects o ON o.rid = c.rid WHERE c.id = $1 ORDER BY o.modified, o.seq`, id)
	if err != nil {
		return nil, fmt.Errorf("versions of %s: %w", id, unavailable(err))
	}
	out, err := collect(rows, scanObject)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, telltale.Errorf(telltale.ENOTFOUND, "no object %s", id)
	}
	return out, nil
}

// Objects returns current objects in the order they were added.
func (db *DB) Objects(ctx context.Context, f telltale.ObjectFilter) ([]*telltale.Object, error) {
	q, args := db.objectsQuery(f)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("objects: %w", unavailable(err))
	}
	return collect(rows, scanObject)
}

// ObjectPasses gives fn a way to read the objects f selects, in the order
// Objects returns them, one at a time and as often as fn needs: every pass
// reads the same state of the store (one read-only transaction, a snapshot
// on either engine), whatever imports run meanwhile. An export of a store
// of any size reads it in passes instead of holding it.
func (db *DB) ObjectPasses(ctx context.Context, f telltale.ObjectFilter, fn func(each func(yield func(*telltale.Object) error) error) error) error {
	q, args := db.objectsQuery(f)
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return fmt.Errorf("objects: %w", unavailable(err))
	}
	defer tx.Rollback()
	return fn(func(yield func(*telltale.Object) error) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("objects: %w", unavailable(err))
		}
		defer rows.Close()
		for rows.Next() {
			o, err := scanObject(rows)
			if err != nil {
				return err
			}
			if err := yield(o); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("objects: %w", unavailable(err))
		}
		return nil
	})
}

// objectsQuery is the query of the current objects f selects, in the
// order they were added, and its arguments.
func (db *DB) objectsQuery(f telltale.ObjectFilter) (string, []any) {
	where, args := []string{"1 = 1"}, []any{}
	// The parameters appear in the order they are made (SQLite parses
	// 500 ids as "?" faster than as "$N").
	arg := func(v any) string {
		args = append(args, v)
		var b strings.Builder
		db.dialect.param(&b, len(args))
		return b.String()
	}
	if len(f.Types) > 0 {
		var ph []string
		for _, t := range f.Types {
			ph = append(ph, arg(t))
		}
		where = append(where, "c.type IN ("+strings.Join(ph, ", ")+")")
	}
	if len(f.IDs) > 0 {
		var ph []string
		for _, id := range f.IDs {
			ph = append(ph, arg(id))
		}
		where = append(where, "c.id IN ("+strings.Join(ph, ", ")+")")
	}
	if !f.IncludeRevoked {
		where = append(where, "c.revoked = 0 AND c.deprecated = 0")
	}
	if f.AfterSeq > 0 {
		where = append(where, "c.seq > "+arg(f.AfterSeq))
	}
	q := `-- objects
		SELECT ` + objectColumns + ` FROM current c JOIN objects o ON o.seq = c.seq WHERE ` + strings.Join(where, " AND ") + ` ORDER BY c.seq`
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit)
	}
	return q, args
}

// Relationships returns current relationships that are not revoked.
// SourceTypes and TargetTypes read the type of an end from its id (STIX
// ids begin with the type), as index ranges: when both are given, the
// source's types narrow the rows read and the target's are checked on
// them, so the store reads the relationships from objects of those types
// only (the views of actors and sectors then never read a feed's
// relationships from its indicators).
func (db *DB) Relationships(ctx context.Context, f telltale.RelationshipFilter) ([]*telltale.Relationship, error) {
	var a sqlArgs
	where, arg := relationshipWhere(f, &a), a.add
	sourceTypes, targetTypes := f.SourceTypes, f.TargetTypes
	small := false
	if len(sourceTypes)+len(targetTypes) > 0 && f.Source == "" && f.Target == "" {
		var err error
		if small, err = db.fewRelationships(ctx); err != nil {
			return nil, err
		}
	}
	switch {
	case small:
		// Reading the table through is cheaper than looking each row
		// up from an index range (a sixth of the time at 20,000 rows);
		// the types are checked below.
	case len(sourceTypes) > 0:
		where, sourceTypes = append(where, typeRanges("r.source_ref", sourceTypes, arg)), nil
	case len(targetTypes) > 0:
		where, targetTypes = append(where, typeRanges("r.target_ref", targetTypes, arg)), nil
	}
	byIndex := !small && len(where) > 1
	rows, err := db.query(ctx, relationshipsQuery(byIndex, where), a.args...)
	if err != nil {
		return nil, fmt.Errorf("relationships: %w", unavailable(err))
	}
	defer rows.Close()
	out, err := scanRelationshipRows(rows, func(r *telltale.Relationship) bool {
		return (len(sourceTypes) == 0 || slices.Contains(sourceTypes, idType(r.Source))) &&
			(len(targetTypes) == 0 || slices.Contains(targetTypes, idType(r.Target)))
	})
	if err != nil {
		return nil, err
	}
	if byIndex {
		// In the order of the ids, as the join's ORDER BY gives them
		// (both engines compare ids bytewise: the C collation).
		slices.SortFunc(out, func(a, b *telltale.Relationship) int { return strings.Compare(a.ID, b.ID) })
	}
	return out, nil
}

// relationshipWhere is the condition on relationships r of what f
// selects by its ends and types (SourceTypes and TargetTypes are left to
// the caller), its arguments added to a.
func relationshipWhere(f telltale.RelationshipFilter, a *sqlArgs) []string {
	where := []string{"r.revoked = 0"}
	if f.Source != "" {
		where = append(where, "r.source_ref = "+a.add(f.Source))
	}
	if f.Target != "" {
		where = append(where, "r.target_ref = "+a.add(f.Target))
	}
	types := f.Types
	if f.Type != "" {
		types = append(slices.Clip(types), f.Type)
	}
	if len(types) > 0 {
		var ph []string
		for _, t := range types {
			ph = append(ph, a.add(t))
		}
		where = append(where, "r.relationship_type IN ("+strings.Join(ph, ", ")+")")
	}
	return where
}

// scanRelationshipRows reads rows of id, type, source, target and rid,
// keeping those keep accepts; a row whose id current does not hold is
// left out.
func scanRelationshipRows(rows *sql.Rows, keep func(*telltale.Relationship) bool) ([]*telltale.Relationship, error) {
	var out []*telltale.Relationship
	for rows.Next() {
		var r telltale.Relationship
		var id sql.NullString
		if err := rows.Scan(&id, &r.Type, &r.Source, &r.Target, &r.Order); err != nil {
			return nil, err
		}
		r.ID = id.String
		if id.Valid && keep(&r) {
			out = append(out, &r)
		}
	}
	return out, rows.Err()
}

// RelationshipPage returns the relationships f selects from offset on, at
// most limit (telltale.RelationshipPager), and how many f selects. f must
// name an end (Source or Target): the page is one range of that end's
// index, in type then row id order, so a page costs the same at any
// number of relationships of other objects; the count, and a page deep in
// the end's relationships, read that end's index entries up to it (the
// index holds the revoked flag), and the rows of the table for the page
// only. SourceTypes and TargetTypes are checked in the query: a type of
// the other end is read from the table, row by row. A limit of 0 or less
// asks for the count only.
func (db *DB) RelationshipPage(ctx context.Context, f telltale.RelationshipFilter, offset, limit int) ([]*telltale.Relationship, int, error) {
	if f.Source == "" && f.Target == "" {
		return nil, 0, telltale.Errorf(telltale.EINVALID, "a page of relationships needs an end")
	}
	var a sqlArgs
	cond := relationshipPageCond(f, &a)
	var total int
	err := db.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, countRelationshipsQuery(cond), a.args...).Scan(&total)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("relationships: %w", unavailable(err))
	}
	if limit <= 0 || offset >= total {
		return nil, total, nil
	}
	rows, err := db.query(ctx, db.relationshipPageQuery(cond, &a, offset, limit), a.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("relationships: %w", unavailable(err))
	}
	defer rows.Close()
	page, err := scanRelationshipRows(rows, func(*telltale.Relationship) bool { return true })
	return page, total, err
}

// relationshipPageCond is the condition on relationships r of what f
// selects, the types of its ends included, its arguments added to a.
func relationshipPageCond(f telltale.RelationshipFilter, a *sqlArgs) string {
	where := relationshipWhere(f, a)
	if len(f.SourceTypes) > 0 {
		where = append(where, typeRanges("r.source_ref", f.SourceTypes, a.add))
	}
	if len(f.TargetTypes) > 0 {
		where = append(where, typeRanges("r.target_ref", f.TargetTypes, a.add))
	}
	return strings.Join(where, " AND ")
}

// countRelationshipsQuery counts the relationships r where cond holds.
// For an end (and types of relationship) it reads the end's index alone,
// which holds the revoked flag (migration 0352); a type of the other end
// is read from the table.
func countRelationshipsQuery(cond string) string {
	return `-- count relationships
		SELECT count(*) FROM relationships r WHERE ` + cond
}

// relationshipPageQuery reads the page of the relationships r where cond
// holds, in type then row id order, its limit and offset added to a. The
// ids are looked up for the page's rows only.
func (db *DB) relationshipPageQuery(cond string, a *sqlArgs, offset, limit int) string {
	return `-- page of relationships
		SELECT (SELECT c.id FROM current c WHERE c.rid = p.rid), p.relationship_type, p.source_ref, p.target_ref, p.rid FROM (
			SELECT r.rid, r.relationship_type, r.source_ref, r.target_ref FROM relationships r
			WHERE ` + cond + ` ORDER BY ` + db.dialect.relPageOrder + ` LIMIT ` + a.add(limit) + ` OFFSET ` + a.add(max(offset, 0)) + `
		) p ORDER BY p.relationship_type, p.rid`
}

// relationshipsQuery reads the relationships rows where selects, with the
// id of each from current. When an index selects the rows (byIndex), each
// one's id is looked up by its rid and the rows are left unordered (the
// caller sorts them): at 1,000,000 objects PostgreSQL planned the join as
// a parallel hash join over all of current, sorted on disk, for the
// 26,695 relationships between the knowledge's types (240 ms on three
// processes at every server's start, against 55 ms on one). A table read
// through (few rows, or no condition) is joined and ordered by the
// engine.
func relationshipsQuery(byIndex bool, where []string) string {
	if byIndex {
		return `-- relationships by index
		SELECT (SELECT c.id FROM current c WHERE c.rid = r.rid), r.relationship_type, r.source_ref, r.target_ref, r.rid FROM relationships r
		WHERE ` + strings.Join(where, " AND ")
	}
	return `-- relationships
		SELECT c.id, r.relationship_type, r.source_ref, r.target_ref, r.rid FROM relationships r JOIN current c ON c.rid = r.rid
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY c.id`
}

// scanRelationships is the number of relationship rows up to which
// Relationships reads the table through instead of looking rows up by
// the types of their ends (a variable for tests).
var scanRelationships int64 = 100_000

// fewRelationships reports whether the relationships table has at most
// scanRelationships rows (read from its largest row id, which only
// overstates the count).
func (db *DB) fewRelationships(ctx context.Context) (bool, error) {
	var top sql.NullInt64
	err := db.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `-- relationships size
			SELECT max(rid) FROM relationships`).Scan(&top)
	})
	if err != nil {
		return false, fmt.Errorf("relationships: %w", unavailable(err))
	}
	return top.Int64 <= scanRelationships, nil
}

// typeRanges is the condition that the ids in col are of one of types: an
// index range per type (ids "TYPE--..." sort between "TYPE--" and
// "TYPE-."; PostgreSQL compares these columns in the C collation, as
// SQLite does).
func typeRanges(col string, types []string, arg func(any) string) string {
	terms := make([]string, len(types))
	for i, t := range types {
		terms[i] = "(" + col + " >= " + arg(t+"--") + " AND " + col + " < " + arg(t+"-.") + ")"
	}
	return "(" + strings.Join(terms, " OR ") + ")"
}

// idType is the type an id names ("" when it is no STIX id).
func idType(id string) string {
	t, _, _ := strings.Cut(id, "--")
	return t
}

// NamesByKey returns the name entries whose folded key is key.
func (db *DB) NamesByKey(ctx context.Context, key string) ([]*telltale.Name, error) {
	return db.names(ctx, `-- names by key
		SELECT c.id, COALESCE(n.name, c.name), n.key, n.kind, n.named_by FROM names n JOIN current c ON c.rid = n.rid
		WHERE n.key = $1 ORDER BY c.id, n.kind, COALESCE(n.name, c.name)`, key)
}

// IndicatorsNamed returns, for each folded key, the ids of the current
// indicators, neither revoked nor deprecated, one of whose names has that
// key (their name, or a value their pattern asks for), at most limit per
// key, first stored first: what "which known actor is it?" looks a
// report's addresses and hashes up in, however many indicators of a feed
// share one. Keys are looked up lookupBatch at a time.
func (db *DB) IndicatorsNamed(ctx context.Context, keys []string, limit int) (map[string][]string, error) {
	out := map[string][]string{}
	for batch := range slices.Chunk(keys, lookupBatch) {
		var a sqlArgs
		q := `-- indicators by name keys
			SELECT key, id FROM (
				SELECT n.key, c.rid, c.id, ROW_NUMBER() OVER (PARTITION BY n.key ORDER BY c.rid) AS k
				FROM (SELECT DISTINCT key, rid FROM names WHERE key IN (` + inList(&a, batch) + `)) n
				JOIN current c ON c.rid = n.rid
				WHERE c.type = 'indicator' AND c.revoked = 0 AND c.deprecated = 0
			) x WHERE k <= ` + a.add(limit) + ` ORDER BY key, rid`
		rows, err := db.query(ctx, q, a.args...)
		if err != nil {
			return nil, fmt.Errorf("indicators by name: %w", unavailable(err))
		}
		for rows.Next() {
			var key, id string
			if err := rows.Scan(&key, &id); err != nil {
				rows.Close()
				return nil, err
			}
			out[key] = append(out[key], id)
		}
		if err := closeRows(rows); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RelationshipsFrom returns the current, non-revoked relationships of
// type typ whose source is one of sources, in no particular order,
// reading the sources lookupBatch at a time from the source index.
func (db *DB) RelationshipsFrom(ctx context.Context, sources []string, typ string) ([]*telltale.Relationship, error) {
	var out []*telltale.Relationship
	for batch := range slices.Chunk(sources, lookupBatch) {
		var a sqlArgs
		where := []string{"r.source_ref IN (" + inList(&a, batch) + ")", "r.revoked = 0", "r.relationship_type = " + a.add(typ)}
		rows, err := db.query(ctx, relationshipsQuery(true, where), a.args...)
		if err != nil {
			return nil, fmt.Errorf("relationships: %w", unavailable(err))
		}
		rels, err := scanRelationshipRows(rows, func(*telltale.Relationship) bool { return true })
		rows.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, rels...)
	}
	return out, nil
}

// lookupBatch is how many keys or ids one lookup query asks for.
const lookupBatch = 500

// closeRows closes rows and returns the error that ended their reading.
func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	rows.Close()
	return err
}

// AllNames returns the whole name index (for building dictionaries and
// clusters), ordered by object.
func (db *DB) AllNames(ctx context.Context) ([]*telltale.Name, error) {
	return db.names(ctx, `-- all names
		SELECT c.id, COALESCE(n.name, c.name), n.key, n.kind, n.named_by FROM current c JOIN names n ON n.rid = c.rid ORDER BY c.id, n.kind, COALESCE(n.name, c.name)`)
}

// NamesOfTypes returns the name entries of the stored objects of the
// given types (read from their ids, as index ranges), ordered by object:
// what the views of actors and sectors need, without the name of every
// indicator of a feed.
func (db *DB) NamesOfTypes(ctx context.Context, types []string) ([]*telltale.Name, error) {
	if len(types) == 0 {
		return nil, nil
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	return db.names(ctx, `-- names of types
		SELECT c.id, COALESCE(n.name, c.name), n.key, n.kind, n.named_by FROM current c JOIN names n ON n.rid = c.rid
		WHERE `+typeRanges("c.id", types, arg)+` ORDER BY c.id, n.kind, COALESCE(n.name, c.name)`, args...)
}

func (db *DB) names(ctx context.Context, q string, args ...any) ([]*telltale.Name, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("names: %w", unavailable(err))
	}
	return collect(rows, func(r scanner) (*telltale.Name, error) {
		var n telltale.Name
		return &n, r.Scan(&n.ObjectID, &n.Name, &n.Key, &n.Kind, &n.NamedBy)
	})
}

// Search finds current objects whose name or an alias folds to the query
// (first), then by full-text match over names, aliases and descriptions.
// Revoked and deprecated objects are left out.
func (db *DB) Search(ctx context.Context, query string, limit int) ([]*telltale.SearchHit, error) {
	if limit <= 0 {
		limit = 20
	}
	var hits []*telltale.SearchHit
	seen := map[string]bool{}
	if key := telltale.Fold(query); key != "" {
		rows, err := db.query(ctx, `-- search by alias key
			SELECT c.id, c.type, c.name, COALESCE(n.name, c.name) FROM names n JOIN current c ON c.rid = n.rid
			WHERE n.key = $1 AND c.revoked = 0 AND c.deprecated = 0 ORDER BY c.type, c.name LIMIT $2`, key, limit)
		if err != nil {
			return nil, fmt.Errorf("search: %w", unavailable(err))
		}
		for rows.Next() {
			var h telltale.SearchHit
			if err := rows.Scan(&h.ID, &h.Type, &h.Name, &h.Matched); err != nil {
				rows.Close()
				return nil, err
			}
			if seen[h.ID] {
				continue
			}
			if h.Matched == h.Name {
				h.Matched = ""
			}
			seen[h.ID] = true
			hits = append(hits, &h)
		}
		rows.Close()
	}
	words := searchWords(query)
	if len(words) == 0 || len(hits) >= limit {
		return hits, nil
	}
	match := db.dialect.ftsQuery(words)
	rows, err := db.query(ctx, db.dialect.searchQuery, match, limit*2)
	if err != nil {
		return nil, fmt.Errorf("search: %w", unavailable(err))
	}
	defer rows.Close()
	for rows.Next() && len(hits) < limit {
		var h telltale.SearchHit
		if err := rows.Scan(&h.ID, &h.Type, &h.Name, &h.Snippet); err != nil {
			return nil, err
		}
		if !seen[h.ID] {
			seen[h.ID] = true
			hits = append(hits, &h)
		}
	}
	return hits, rows.Err()
}

// MaxSearchWords is how many words of a query the full-text search
// requires: the first ones, each once whatever its case. A query repeating
// a common word hundreds of times cost the full-text engine seconds per
// hundred (5,000 times "a": over ten minutes of a core); more words than
// this hardly narrow a search.
const MaxSearchWords = 16

// searchWords returns the words (letters and digits) of a query that the
// full-text search requires: each once, compared without case, at most
// MaxSearchWords, in order; the last one is the one matched as a prefix.
func searchWords(query string) []string {
	var words []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(query, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if k := strings.ToLower(w); !seen[k] && len(words) < MaxSearchWords {
			seen[k] = true
			words = append(words, w)
		}
	}
	return words
}

// query runs a read-only query, again when it fails in a way that may pass.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	var rows *sql.Rows
	err := db.read(ctx, func(r querier) error {
		var err error
		rows, err = r.QueryContext(ctx, q, args...)
		return err
	})
	return rows, err
}

// Stats counts objects, versions, relationships and names.
func (db *DB) Stats(ctx context.Context) (*telltale.Stats, error) {
	s := &telltale.Stats{ByType: map[string]int{}}
	for _, q := range []struct {
		sql  string
		dest *int
	}{
		{`SELECT COUNT(*) FROM current`, &s.Objects},
		{`SELECT COUNT(*) FROM objects`, &s.Versions},
		{`SELECT COUNT(*) FROM relationships`, &s.Relationships},
		{`SELECT COUNT(*) FROM names`, &s.Names},
		{`SELECT COUNT(*) FROM current WHERE revoked <> 0`, &s.Revoked},
		{`SELECT COUNT(*) FROM current WHERE deprecated <> 0`, &s.Deprecated},
	} {
		if err := db.read(ctx, func(r querier) error { return r.QueryRowContext(ctx, "-- stats\n"+q.sql).Scan(q.dest) }); err != nil {
			return nil, fmt.Errorf("stats: %w", unavailable(err))
		}
	}
	rows, err := db.query(ctx, `-- stats by type
		SELECT type, COUNT(*) FROM current GROUP BY type`)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", unavailable(err))
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			return nil, err
		}
		s.ByType[t] = n
	}
	return s, rows.Err()
}
