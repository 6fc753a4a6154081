package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/telltale-cti/telltale"
)

// RelationshipsSince returns the relationships whose current version was
// stored after seq and one of whose ends is of one of types (the types
// read from the ids, as index ranges): rels those that are not revoked,
// ordered by id as Relationships orders them, and revoked the ids of
// those that are. A reader that keeps the relationships between objects
// of those types updates them from these instead of reading them all
// again (the knowledge layer after an import, issue 17).
func (db *DB) RelationshipsSince(ctx context.Context, seq int64, types []string) (rels []*telltale.Relationship, revoked []string, err error) {
	if len(types) == 0 {
		return nil, nil, nil
	}
	args := []any{seq}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	ends := typeRanges("r.source_ref", types, arg) + " OR " + typeRanges("r.target_ref", types, arg)
	rows, err := db.query(ctx, `-- relationships since
		SELECT c.id, r.relationship_type, r.source_ref, r.target_ref, r.revoked, r.rid FROM relationships r
		JOIN current c ON c.rid = r.rid WHERE c.seq > $1 AND (`+ends+`) ORDER BY c.id`, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("relationships since: %w", unavailable(err))
	}
	defer rows.Close()
	for rows.Next() {
		var r telltale.Relationship
		var gone int
		if err := rows.Scan(&r.ID, &r.Type, &r.Source, &r.Target, &gone, &r.Order); err != nil {
			return nil, nil, err
		}
		if gone != 0 {
			revoked = append(revoked, r.ID)
		} else if slices.Contains(types, idType(r.Source)) || slices.Contains(types, idType(r.Target)) {
			rels = append(rels, &r)
		}
	}
	return rels, revoked, rows.Err()
}

// DeletedSince reports whether versions were deleted (DeleteVersions)
// after seq: what a deletion removed leaves nothing behind to read, so a
// reader that updates what it keeps from the changes since seq reads
// everything again instead.
func (db *DB) DeletedSince(ctx context.Context, seq int64) (bool, error) {
	var n int
	if err := db.read(ctx, func(q querier) error {
		return q.QueryRowContext(ctx, `-- deleted since
			SELECT COUNT(*) FROM deletions WHERE seq > $1`, seq).Scan(&n)
	}); err != nil {
		return false, fmt.Errorf("deleted since: %w", unavailable(err))
	}
	return n > 0, nil
}
