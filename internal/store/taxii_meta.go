package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/telltale-cti/telltale"
)

// Collection is telltale.Collection, kept under this name for the store's
// callers.
type Collection = telltale.Collection

// Collections returns the collections admins defined, oldest first.
func (db *DB) Collections(ctx context.Context) ([]*Collection, error) {
	rows, err := db.db.QueryContext(ctx, `-- collections
		SELECT id, alias, title, description, filter, read_roles, write_roles, can_delete, created
		FROM taxii_collections ORDER BY created, id`)
	if err != nil {
		return nil, fmt.Errorf("collections: %w", unavailable(err))
	}
	return collect(rows, func(r scanner) (*Collection, error) {
		var c Collection
		var read, write string
		var del int
		err := r.Scan(&c.ID, &c.Alias, &c.Title, &c.Description, &c.Filter, &read, &write, &del, &c.Created)
		c.ReadRoles, c.WriteRoles, c.CanDelete = splitComma(read), splitComma(write), del != 0
		return &c, err
	})
}

// PutCollection creates or replaces a collection.
func (db *DB) PutCollection(ctx context.Context, c *Collection) error {
	if c.Created == "" {
		c.Created = db.Now().UTC().Format(metaStampLayout)
	}
	if _, err := db.db.ExecContext(ctx, `-- put collection
		INSERT INTO taxii_collections (id, alias, title, description, filter, read_roles, write_roles, can_delete, created)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (id) DO UPDATE SET alias = excluded.alias, title = excluded.title, description = excluded.description,
			filter = excluded.filter, read_roles = excluded.read_roles, write_roles = excluded.write_roles, can_delete = excluded.can_delete`,
		c.ID, c.Alias, c.Title, c.Description, c.Filter, strings.Join(c.ReadRoles, ","), strings.Join(c.WriteRoles, ","), boolInt(c.CanDelete), c.Created); err != nil {
		return fmt.Errorf("put collection: %w", unavailable(err))
	}
	return nil
}

// DeleteCollection removes a collection definition (not its objects), or
// returns ENOTFOUND.
func (db *DB) DeleteCollection(ctx context.Context, id string) error {
	res, err := db.db.ExecContext(ctx, `-- delete collection
		DELETE FROM taxii_collections WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("delete collection: %w", unavailable(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return telltale.Errorf(telltale.ENOTFOUND, "no collection %s", id)
	}
	return nil
}

// WriteStatus is telltale.WriteStatus, kept under this name for the
// store's callers.
type WriteStatus = telltale.WriteStatus

// PutWriteStatus creates or replaces a write status.
func (db *DB) PutWriteStatus(ctx context.Context, s *WriteStatus) error {
	if _, err := db.db.ExecContext(ctx, `-- put write status
		INSERT INTO write_status (id, kind, collection_id, user_name, status, request_timestamp, total_count, success_count, failure_count, pending_count, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (id) DO UPDATE SET status = excluded.status, total_count = excluded.total_count,
			success_count = excluded.success_count, failure_count = excluded.failure_count,
			pending_count = excluded.pending_count, detail = excluded.detail`,
		s.ID, s.Kind, s.CollectionID, s.User, s.Status, s.RequestTimestamp, s.Total, s.Success, s.Failure, s.Pending, s.Detail); err != nil {
		return fmt.Errorf("put write status: %w", unavailable(err))
	}
	return nil
}

// WriteStatusByID returns one write status, or ENOTFOUND.
func (db *DB) WriteStatusByID(ctx context.Context, id string) (*WriteStatus, error) {
	var s WriteStatus
	err := db.db.QueryRowContext(ctx, `-- write status by id
		SELECT id, kind, collection_id, user_name, status, request_timestamp, total_count, success_count, failure_count, pending_count, detail
		FROM write_status WHERE id = $1`, id).Scan(&s.ID, &s.Kind, &s.CollectionID, &s.User, &s.Status, &s.RequestTimestamp,
		&s.Total, &s.Success, &s.Failure, &s.Pending, &s.Detail)
	if err == sql.ErrNoRows {
		return nil, telltale.Errorf(telltale.ENOTFOUND, "no status %s", id)
	} else if err != nil {
		return nil, fmt.Errorf("write status: %w", unavailable(err))
	}
	return &s, nil
}

// WriteStatuses returns the latest write statuses of a kind, newest first;
// with user set, only that user's.
func (db *DB) WriteStatuses(ctx context.Context, kind, user string, limit int) ([]*WriteStatus, error) {
	where, args := []string{"kind = $1"}, []any{kind}
	if user != "" {
		args = append(args, user)
		where = append(where, fmt.Sprintf("user_name = $%d", len(args)))
	}
	if limit <= 0 {
		limit = 100
	}
	args = append(args, limit)
	rows, err := db.db.QueryContext(ctx, `-- write statuses
		SELECT id, kind, collection_id, user_name, status, request_timestamp, total_count, success_count, failure_count, pending_count, detail
		FROM write_status WHERE `+strings.Join(where, " AND ")+fmt.Sprintf(` ORDER BY request_timestamp DESC, id DESC LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("write statuses: %w", unavailable(err))
	}
	return collect(rows, func(r scanner) (*WriteStatus, error) {
		var s WriteStatus
		return &s, r.Scan(&s.ID, &s.Kind, &s.CollectionID, &s.User, &s.Status, &s.RequestTimestamp,
			&s.Total, &s.Success, &s.Failure, &s.Pending, &s.Detail)
	})
}

// PullState is where a pull from a remote TAXII collection stopped: the
// date_added of the last object received, as the remote server gave it.
type PullState struct {
	URL          string `json:"url"`
	CollectionID string `json:"collection_id"`
	AddedAfter   string `json:"added_after"`
	Objects      int64  `json:"objects"` // received over every pull
	Updated      string `json:"updated"`
}

// PullStateFor returns the pull state of a remote collection; a collection
// never pulled gives a zero state with URL and CollectionID set.
func (db *DB) PullStateFor(ctx context.Context, url, collection string) (*PullState, error) {
	p := PullState{URL: url, CollectionID: collection}
	err := db.db.QueryRowContext(ctx, `-- pull state
		SELECT added_after, objects, updated FROM pull_state WHERE url = $1 AND collection_id = $2`, url, collection).
		Scan(&p.AddedAfter, &p.Objects, &p.Updated)
	if err != nil && err != sql.ErrNoRows {
		return nil, fmt.Errorf("pull state: %w", unavailable(err))
	}
	return &p, nil
}

// PutPullState records where a pull stopped.
func (db *DB) PutPullState(ctx context.Context, p *PullState) error {
	p.Updated = db.Now().UTC().Format(metaStampLayout)
	if _, err := db.db.ExecContext(ctx, `-- put pull state
		INSERT INTO pull_state (url, collection_id, added_after, objects, updated) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (url, collection_id) DO UPDATE SET added_after = excluded.added_after, objects = excluded.objects, updated = excluded.updated`,
		p.URL, p.CollectionID, p.AddedAfter, p.Objects, p.Updated); err != nil {
		return fmt.Errorf("put pull state: %w", unavailable(err))
	}
	return nil
}

// metaStampLayout writes times with a fixed number of digits, so that stored
// times compare as strings.
const metaStampLayout = "2006-01-02T15:04:05.000000000Z"

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
