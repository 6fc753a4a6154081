package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/telltale-cti/telltale"
)

// Draft is an ingested report's draft as the drafts table keeps it (see
// telltale.DraftRecord).
type Draft = telltale.DraftRecord

// Feed, Watch and Delivery are the rows of the feeds, watches and webhook
// deliveries tables (see the root types).
type (
	Feed     = telltale.Feed
	Watch    = telltale.Watch
	Delivery = telltale.Delivery
)

const draftColumns = `report_id, text_hash, title, source_url, status, modified, bundle, summary, created, updated`

func scanDraft(sc scanner) (*Draft, error) {
	var d Draft
	err := sc.Scan(&d.ReportID, &d.TextHash, &d.Title, &d.SourceURL, &d.Status, &d.Modified, &d.Bundle, &d.Summary, &d.Created, &d.Updated)
	return &d, err
}

// PutDraft creates or replaces a draft (by report id and text hash).
func (db *DB) PutDraft(ctx context.Context, d *Draft) error {
	if _, err := db.db.ExecContext(ctx, `-- put draft
		INSERT INTO drafts (`+draftColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (report_id, text_hash) DO UPDATE SET title = excluded.title, source_url = excluded.source_url,
			status = excluded.status, modified = excluded.modified, bundle = excluded.bundle, summary = excluded.summary,
			updated = excluded.updated`,
		d.ReportID, d.TextHash, d.Title, d.SourceURL, d.Status, d.Modified, d.Bundle, d.Summary, d.Created, d.Updated); err != nil {
		return fmt.Errorf("put draft: %w", unavailable(err))
	}
	return nil
}

// DraftByHash returns the draft of a text, or ENOTFOUND.
func (db *DB) DraftByHash(ctx context.Context, hash string) (*Draft, error) {
	return db.draft(ctx, `-- draft by text hash
		SELECT `+draftColumns+` FROM drafts WHERE text_hash = $1 ORDER BY updated DESC, report_id LIMIT 1`, hash)
}

// LatestDraft returns the newest version of a report's drafts (by
// modified), or ENOTFOUND.
func (db *DB) LatestDraft(ctx context.Context, reportID string) (*Draft, error) {
	return db.draft(ctx, `-- latest draft of a report
		SELECT `+draftColumns+` FROM drafts WHERE report_id = $1 ORDER BY modified DESC, updated DESC LIMIT 1`, reportID)
}

// ReportDrafts returns every draft version of a report, newest first.
func (db *DB) ReportDrafts(ctx context.Context, reportID string) ([]*Draft, error) {
	rows, err := db.db.QueryContext(ctx, `-- drafts of a report
		SELECT `+draftColumns+` FROM drafts WHERE report_id = $1 ORDER BY modified DESC, updated DESC`, reportID)
	if err != nil {
		return nil, fmt.Errorf("drafts: %w", unavailable(err))
	}
	return collect(rows, scanDraft)
}

func (db *DB) draft(ctx context.Context, q, arg string) (*Draft, error) {
	d, err := scanDraft(db.db.QueryRowContext(ctx, q, arg))
	if err == sql.ErrNoRows {
		return nil, telltale.Errorf(telltale.ENOTFOUND, "no draft %s", arg)
	} else if err != nil {
		return nil, fmt.Errorf("draft: %w", unavailable(err))
	}
	return d, nil
}

// Drafts lists drafts, newest first; with status set, only those.
func (db *DB) Drafts(ctx context.Context, status string, limit int) ([]*Draft, error) {
	where, args := []string{"1 = 1"}, []any{}
	if status != "" {
		args = append(args, status)
		where = append(where, fmt.Sprintf("status = $%d", len(args)))
	}
	if limit <= 0 {
		limit = 1000
	}
	args = append(args, limit)
	q := `-- drafts
		SELECT ` + draftColumns + ` FROM drafts WHERE ` + joinAnd(where) + fmt.Sprintf(` ORDER BY updated DESC, report_id LIMIT $%d`, len(args))
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("drafts: %w", unavailable(err))
	}
	return collect(rows, scanDraft)
}

// SetDraftStatus sets the status of one draft version.
func (db *DB) SetDraftStatus(ctx context.Context, reportID, hash, status, updated string) error {
	res, err := db.db.ExecContext(ctx, `-- set draft status
		UPDATE drafts SET status = $1, updated = $2 WHERE report_id = $3 AND text_hash = $4`, status, updated, reportID, hash)
	if err != nil {
		return fmt.Errorf("set draft status: %w", unavailable(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return telltale.Errorf(telltale.ENOTFOUND, "no draft %s", reportID)
	}
	return nil
}

func joinAnd(where []string) string {
	s := ""
	for i, w := range where {
		if i > 0 {
			s += " AND "
		}
		s += w
	}
	return s
}

const feedColumns = `id, url, title, etag, last_modified, last_polled, next_poll, failures, last_error, items, created`

// PutFeed creates or replaces a feed (by id; URLs are unique).
func (db *DB) PutFeed(ctx context.Context, f *Feed) error {
	if _, err := db.db.ExecContext(ctx, `-- put feed
		INSERT INTO feeds (`+feedColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, etag = excluded.etag, last_modified = excluded.last_modified,
			last_polled = excluded.last_polled, next_poll = excluded.next_poll, failures = excluded.failures,
			last_error = excluded.last_error, items = excluded.items`,
		f.ID, f.URL, f.Title, f.ETag, f.LastModified, f.LastPolled, f.NextPoll, f.Failures, f.LastError, f.Items, f.Created); err != nil {
		return fmt.Errorf("put feed: %w", unavailable(err))
	}
	return nil
}

// Feeds lists the feeds, oldest first.
func (db *DB) Feeds(ctx context.Context) ([]*Feed, error) {
	rows, err := db.db.QueryContext(ctx, `-- feeds
		SELECT `+feedColumns+` FROM feeds ORDER BY created, id`)
	if err != nil {
		return nil, fmt.Errorf("feeds: %w", unavailable(err))
	}
	return collect(rows, func(r scanner) (*Feed, error) {
		var f Feed
		return &f, r.Scan(&f.ID, &f.URL, &f.Title, &f.ETag, &f.LastModified, &f.LastPolled, &f.NextPoll, &f.Failures, &f.LastError, &f.Items, &f.Created)
	})
}

// DeleteFeed removes a feed and its seen items, or returns ENOTFOUND.
// Drafts already made from it stay.
func (db *DB) DeleteFeed(ctx context.Context, id string) error {
	return db.deleteWith(ctx, "feed", id, `-- delete feed
		DELETE FROM feeds WHERE id = $1`, `-- delete feed items
		DELETE FROM feed_items WHERE feed_id = $1`)
}

// FeedItemSeen reports whether a feed's item (by guid) was ingested.
func (db *DB) FeedItemSeen(ctx context.Context, feedID, guid string) (bool, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `-- feed item seen
		SELECT COUNT(*) FROM feed_items WHERE feed_id = $1 AND guid = $2`, feedID, guid).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("feed item: %w", unavailable(err))
	}
	return n > 0, nil
}

// AddFeedItem records that a feed's item was ingested (as reportID).
func (db *DB) AddFeedItem(ctx context.Context, feedID, guid, reportID, seen string) error {
	if _, err := db.db.ExecContext(ctx, `-- add feed item
		INSERT INTO feed_items (feed_id, guid, report_id, seen) VALUES ($1, $2, $3, $4)
		ON CONFLICT (feed_id, guid) DO NOTHING`, feedID, guid, reportID, seen); err != nil {
		return fmt.Errorf("add feed item: %w", unavailable(err))
	}
	return nil
}

// PutWatch creates or replaces a watch.
func (db *DB) PutWatch(ctx context.Context, w *Watch) error {
	if _, err := db.db.ExecContext(ctx, `-- put watch
		INSERT INTO watches (id, kind, target, webhook, secret, state, created, owner) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, target = excluded.target, webhook = excluded.webhook,
			secret = excluded.secret, state = excluded.state, owner = excluded.owner`,
		w.ID, w.Kind, w.Target, w.Webhook, w.Secret, w.State, w.Created, w.Owner); err != nil {
		return fmt.Errorf("put watch: %w", unavailable(err))
	}
	return nil
}

// SetWatchState records what a watch saw last.
func (db *DB) SetWatchState(ctx context.Context, id, state string) error {
	if _, err := db.db.ExecContext(ctx, `-- set watch state
		UPDATE watches SET state = $1 WHERE id = $2`, state, id); err != nil {
		return fmt.Errorf("set watch state: %w", unavailable(err))
	}
	return nil
}

// Watches lists the watches, oldest first.
func (db *DB) Watches(ctx context.Context) ([]*Watch, error) {
	rows, err := db.db.QueryContext(ctx, `-- watches
		SELECT id, kind, target, webhook, secret, state, created, owner FROM watches ORDER BY created, id`)
	if err != nil {
		return nil, fmt.Errorf("watches: %w", unavailable(err))
	}
	return collect(rows, func(r scanner) (*Watch, error) {
		var w Watch
		return &w, r.Scan(&w.ID, &w.Kind, &w.Target, &w.Webhook, &w.Secret, &w.State, &w.Created, &w.Owner)
	})
}

// DeleteWatch removes a watch with its queued deliveries, or returns
// ENOTFOUND.
func (db *DB) DeleteWatch(ctx context.Context, id string) error {
	return db.deleteWith(ctx, "watch", id, `-- delete watch
		DELETE FROM watches WHERE id = $1`, `-- delete watch's deliveries
		DELETE FROM webhook_deliveries WHERE watch_id = $1`)
}

const deliveryColumns = `id, watch_id, body, attempts, next_at, last_error, failed, created`

// QueueDelivery records a watch's new state and queues the delivery of the
// event that tells it, in one transaction: a state is never advanced
// without its event queued, nor an event queued twice (a delivery id seen
// before is left as it is).
func (db *DB) QueueDelivery(ctx context.Context, state string, d *Delivery) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("queue delivery: %w", unavailable(err))
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `-- set watch state
		UPDATE watches SET state = $1 WHERE id = $2`, state, d.WatchID); err != nil {
		return fmt.Errorf("queue delivery: %w", unavailable(err))
	}
	if _, err := tx.ExecContext(ctx, `-- queue delivery
		INSERT INTO webhook_deliveries (`+deliveryColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (id) DO NOTHING`,
		d.ID, d.WatchID, d.Body, d.Attempts, d.NextAt, d.LastError, boolInt(d.Failed), d.Created); err != nil {
		return fmt.Errorf("queue delivery: %w", unavailable(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("queue delivery: %w", unavailable(err))
	}
	return nil
}

// Deliveries lists queued deliveries by when they are due: those due at
// or before due (every one that is not failed when due is ""), or, with
// failed, those that ran out of attempts.
func (db *DB) Deliveries(ctx context.Context, due string, failed bool, limit int) ([]*Delivery, error) {
	where, args := []string{"failed = $1"}, []any{boolInt(failed)}
	if due != "" {
		args = append(args, due)
		where = append(where, fmt.Sprintf("next_at <= $%d", len(args)))
	}
	if limit <= 0 {
		limit = 100
	}
	args = append(args, limit)
	rows, err := db.db.QueryContext(ctx, `-- deliveries
		SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(` ORDER BY next_at, id LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("deliveries: %w", unavailable(err))
	}
	return collect(rows, func(r scanner) (*Delivery, error) {
		var d Delivery
		var failed int
		err := r.Scan(&d.ID, &d.WatchID, &d.Body, &d.Attempts, &d.NextAt, &d.LastError, &failed, &d.Created)
		d.Failed = failed != 0
		return &d, err
	})
}

// ClaimDelivery takes a due delivery for one attempt: its attempts grow by
// one and it is not due again before until, so that of several workers
// (nodes on one PostgreSQL database) only one posts it, and a worker that
// dies mid-post leaves it to be retried. ok is false when another worker
// claimed or settled it first (its NextAt is no longer d.NextAt).
func (db *DB) ClaimDelivery(ctx context.Context, d *Delivery, until string) (bool, error) {
	res, err := db.db.ExecContext(ctx, `-- claim delivery
		UPDATE webhook_deliveries SET attempts = attempts + 1, next_at = $3
		WHERE id = $1 AND next_at = $2 AND failed = 0`, d.ID, d.NextAt, until)
	if err != nil {
		return false, fmt.Errorf("claim delivery: %w", unavailable(err))
	}
	n, _ := res.RowsAffected()
	if n == 1 {
		d.Attempts++
		d.NextAt = until
	}
	return n == 1, nil
}

// SettleDelivery records the outcome of an attempt: a delivered one is
// removed; one that failed is due again at next, or, with giveUp, marked
// failed for good.
func (db *DB) SettleDelivery(ctx context.Context, id string, delivered bool, next, lastError string, giveUp bool) error {
	q, args := `-- delivery delivered
		DELETE FROM webhook_deliveries WHERE id = $1`, []any{id}
	if !delivered {
		q, args = `-- delivery failed
		UPDATE webhook_deliveries SET next_at = $2, last_error = $3, failed = $4 WHERE id = $1`, []any{id, next, lastError, boolInt(giveUp)}
	}
	if _, err := db.db.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("settle delivery: %w", unavailable(err))
	}
	return nil
}
