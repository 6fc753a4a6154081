package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Outcome says what Put did with one object.
type Outcome int

// What Put can do.
const (
	Added     Outcome = iota // the first version of a new object
	Updated                  // a new version of a known object
	Unchanged                // the store already had this version
)

// Tx is one import: every Put joins one transaction, committed whole or
// not at all.
type Tx struct {
	db        *DB
	tx        *sql.Tx
	importID  int64
	started   time.Time
	source    string
	format    string
	stmts     map[string]*sql.Stmt
	search    []searchRow
	searchIdx map[int64]int // rid → index in search
}

// Begin starts an import of objects read from source in the given format.
func (db *DB) Begin(ctx context.Context, source, format string) (*Tx, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", unavailable(err))
	}
	return &Tx{db: db, tx: tx, started: db.Now(), source: source, format: format, stmts: map[string]*sql.Stmt{}}, nil
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

// Rollback abandons the import; nothing it put is kept.
func (tx *Tx) Rollback() error {
	for _, s := range tx.stmts {
		s.Close()
	}
	return tx.tx.Rollback()
}

// Commit records the import with its counts and makes it visible.
func (tx *Tx) Commit(ctx context.Context, r *telltale.ImportResult) error {
	if err := tx.flushSearch(ctx); err != nil {
		tx.Rollback()
		return fmt.Errorf("index: %w", err)
	}
	if r != nil {
		if _, err := tx.tx.ExecContext(ctx, `-- record import
			INSERT INTO imports (source, format, started, finished, added, updated, unchanged, rejected)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			tx.source, tx.format, tx.started.UTC().Format(time.RFC3339Nano), tx.db.Now().UTC().Format(time.RFC3339Nano),
			r.Added, r.Updated, r.Unchanged, r.Rejected); err != nil {
			tx.Rollback()
			return fmt.Errorf("record import: %w", err)
		}
	}
	for _, s := range tx.stmts {
		s.Close()
	}
	if err := tx.tx.Commit(); err != nil {
		return fmt.Errorf("commit import: %w", unavailable(err))
	}
	return nil
}

// Current returns the JSON and modified timestamp of the current version
// of id inside the import, or found false.
func (tx *Tx) Current(ctx context.Context, id string) (raw []byte, modified string, found bool, err error) {
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
	var rid int64
	var curModified, curRaw string
	row, err := tx.queryRow(ctx, `-- current by id
		SELECT c.rid, c.modified, o.raw FROM current c JOIN objects o ON o.seq = c.seq WHERE c.id = $1`, o.ID)
	if err != nil {
		return 0, err
	}
	isNew := false
	switch err := row.Scan(&rid, &curModified, &curRaw); err {
	case nil:
	case sql.ErrNoRows:
		isNew = true
	default:
		return 0, err
	}
	if !isNew {
		existing, found := curRaw, curModified == o.Modified
		if !found {
			row, err := tx.queryRow(ctx, `-- version by id and modified
				SELECT raw FROM objects WHERE id = $1 AND modified = $2`, o.ID, o.Modified)
			if err != nil {
				return 0, err
			}
			switch err := row.Scan(&existing); err {
			case nil:
				found = true
			case sql.ErrNoRows:
			default:
				return 0, err
			}
		}
		if found {
			if existing == string(o.Raw) || jsonEqual([]byte(existing), o.Raw) {
				return Unchanged, nil
			}
			return 0, telltale.Errorf(telltale.EINVALID, "the store has another version of %s with the same modified %q; a changed object needs a newer modified", o.ID, o.Modified)
		}
	}

	var seq int64
	row, err = tx.queryRow(ctx, `-- insert version
		INSERT INTO objects (id, type, spec_version, created, modified, date_added, raw)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq`,
		o.ID, o.Type, o.SpecVersion, o.Created, o.Modified, tx.db.nextAdded(), string(o.Raw))
	if err != nil {
		return 0, err
	}
	if err := row.Scan(&seq); err != nil {
		return 0, fmt.Errorf("insert %s: %w", o.ID, err)
	}

	revoked, deprecated := boolInt(o.Revoked), boolInt(o.Deprecated)
	switch {
	case isNew:
		row, err := tx.queryRow(ctx, `-- insert current
			INSERT INTO current (id, type, seq, name, created, modified, revoked, deprecated, versions)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING rid`,
			o.ID, o.Type, seq, o.Name, o.Created, o.Modified, revoked, deprecated)
		if err != nil {
			return 0, err
		}
		if err := row.Scan(&rid); err != nil {
			return 0, err
		}
		return Added, tx.index(ctx, rid, o, false)
	case laterTimestamp(o.Modified, curModified):
		if _, err := tx.exec(ctx, `-- update current
			UPDATE current SET seq = $2, name = $3, created = $4, modified = $5, revoked = $6, deprecated = $7, versions = versions + 1
			WHERE rid = $1`, rid, seq, o.Name, o.Created, o.Modified, revoked, deprecated); err != nil {
			return 0, err
		}
		return Updated, tx.index(ctx, rid, o, true)
	default:
		// An older version: history only.
		if _, err := tx.exec(ctx, `-- count old version
			UPDATE current SET versions = versions + 1 WHERE rid = $1`, rid); err != nil {
			return 0, err
		}
		return Updated, nil
	}
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

// index rewrites the relationship, name and full-text entries of the
// current version of an object.
func (tx *Tx) index(ctx context.Context, rid int64, o *stix.Object, replace bool) error {
	if o.Type == "relationship" {
		_, err := tx.exec(ctx, `-- upsert relationship
			INSERT INTO relationships (id, source_ref, relationship_type, target_ref, revoked) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (id) DO UPDATE SET source_ref = excluded.source_ref, relationship_type = excluded.relationship_type,
				target_ref = excluded.target_ref, revoked = excluded.revoked`,
			o.ID, o.SourceRef, o.RelationshipType, o.TargetRef, boolInt(o.Revoked || o.Deprecated))
		return err
	}
	if o.Name == "" && o.Description == "" {
		return nil
	}
	if replace {
		if _, err := tx.exec(ctx, `-- delete names
			DELETE FROM names WHERE object_id = $1`, o.ID); err != nil {
			return err
		}
	}
	names := objectNames(o, tx.db.Fold)
	var aliases []string
	for _, n := range names {
		if _, err := tx.exec(ctx, `-- insert name
			INSERT INTO names (object_id, name, key, kind, named_by) VALUES ($1, $2, $3, $4, $5)`,
			o.ID, n.Name, n.Key, n.Kind, n.NamedBy); err != nil {
			return err
		}
		if n.Kind != "name" {
			aliases = append(aliases, n.Name)
		}
	}
	row := searchRow{rid, o.Name, strings.Join(aliases, " | "), o.Description, replace}
	if i, ok := tx.searchIdx[rid]; ok {
		// Two versions of one object in one batch: the later one wins.
		row.replace = row.replace || tx.search[i].replace
		tx.search[i] = row
		return nil
	}
	if tx.searchIdx == nil {
		tx.searchIdx = map[int64]int{}
	}
	tx.searchIdx[rid] = len(tx.search)
	tx.search = append(tx.search, row)
	if len(tx.search) >= 4096 {
		return tx.flushSearch(ctx)
	}
	return nil
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

func (tx *Tx) flushSearch(ctx context.Context) error {
	if len(tx.search) == 0 {
		return nil
	}
	if _, err := tx.exec(ctx, `-- clear pending search rows
		DELETE FROM search_pending`); err != nil {
		return err
	}
	replace := false
	for _, r := range tx.search {
		if _, err := tx.exec(ctx, `-- pending search row
			INSERT INTO search_pending (rid, name, aliases, description) VALUES ($1, $2, $3, $4)`,
			r.rid, r.name, r.aliases, r.description); err != nil {
			return err
		}
		replace = replace || r.replace
	}
	if replace {
		if _, err := tx.exec(ctx, tx.db.dialect.searchDeletePending); err != nil {
			return err
		}
	}
	_, err := tx.exec(ctx, tx.db.dialect.searchInsertPending)
	tx.search = tx.search[:0]
	clear(tx.searchIdx)
	return err
}

// objectNames lists the names of an object: its name, every alias (with who
// gave it when the object says) and its ATT&CK id. Duplicates by key and
// name-giver are dropped.
func objectNames(o *stix.Object, fold func(string) string) []telltale.Name {
	var p nameProps
	if bytes.Contains(o.Raw, []byte(`"x_`)) {
		_ = json.Unmarshal(o.Raw, &p)
	}
	namedBy := map[string]string{}
	for _, c := range p.AliasClaims {
		if c.NamedBy != "" {
			namedBy[fold(c.Name)] = c.NamedBy
		}
	}
	var out []telltale.Name
	seen := map[string]bool{}
	add := func(name, kind, by string) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		key := fold(name)
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
	return out
}

// unavailable marks errors that mean the database cannot be reached, so
// callers can answer 503 and retry.
func unavailable(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "database is locked") || strings.Contains(msg, "connection refused") || strings.Contains(msg, "SQLITE_BUSY") {
		return &telltale.Error{Code: telltale.EUNAVAILABLE, Message: "the database is busy or unreachable; retry later"}
	}
	return err
}
