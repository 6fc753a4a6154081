package store

import (
	"context"
	"fmt"
	"time"
)

// Lease takes or renews the lease on the periodic work called name for
// holder (a name unique to the node, e.g. host and process id) until ttl
// from now, and reports whether holder has it. Work that must run once per
// installation rather than once per node, such as polling feeds every few
// minutes, runs only where Lease says true: the node holding the lease
// renews it at every run; when it stops, the lease runs out after ttl and
// another node takes the work over. Choose ttl a few times the interval.
//
// Unlike WithLeaderLock, which keeps two nodes from running the same work
// at the same time, a lease also keeps a second node from running it at
// another moment of the same interval.
func (db *DB) Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := db.Now().UTC()
	var ok bool
	err := retry(ctx, func() error {
		res, err := db.db.ExecContext(ctx, `-- take lease
			INSERT INTO leases (name, holder, until) VALUES ($1, $2, $3)
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
			WHERE leases.holder = excluded.holder OR leases.until < $4`,
			name, holder, now.Add(ttl).Format(dateAddedLayout), now.Format(dateAddedLayout))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		ok = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("lease %s: %w", name, unavailable(err))
	}
	return ok, nil
}

// ReleaseLease gives up holder's lease on name, so that another node may
// take the work at once (when a node shuts down cleanly).
func (db *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := db.db.ExecContext(ctx, `-- release lease
		DELETE FROM leases WHERE name = $1 AND holder = $2`, name, holder); err != nil {
		return fmt.Errorf("lease %s: %w", name, unavailable(err))
	}
	return nil
}
