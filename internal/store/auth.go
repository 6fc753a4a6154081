package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/telltale-cti/telltale"
)

// UserRow is a stored user. Passwords are kept only as hashes.
type UserRow struct {
	ID           string
	Name         string
	PasswordHash string
	Role         string
	Clearance    string
	Groups       []string
	Disabled     bool
	Created      string
}

const userColumns = `id, name, password_hash, role, clearance, member_of, disabled, created`

func scanUser(sc scanner) (*UserRow, error) {
	var u UserRow
	var groups string
	var disabled int
	if err := sc.Scan(&u.ID, &u.Name, &u.PasswordHash, &u.Role, &u.Clearance, &groups, &disabled, &u.Created); err != nil {
		return nil, err
	}
	u.Groups, u.Disabled = splitComma(groups), disabled != 0
	return &u, nil
}

// CreateUser stores a new user, or returns ECONFLICT when the name is
// taken.
func (db *DB) CreateUser(ctx context.Context, u *UserRow) error {
	_, err := db.db.ExecContext(ctx, `-- create user
		INSERT INTO users (`+userColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		u.ID, u.Name, u.PasswordHash, u.Role, u.Clearance, strings.Join(u.Groups, ","), boolInt(u.Disabled), u.Created)
	if err != nil && isUniqueViolation(err) {
		return telltale.Errorf(telltale.ECONFLICT, "a user named %s exists", u.Name)
	} else if err != nil {
		return fmt.Errorf("create user: %w", unavailable(err))
	}
	return nil
}

// UpdateUser rewrites a user's password hash, role, clearance, groups and
// disabled flag, or returns ENOTFOUND. With endSessions it also ends, in
// the same transaction, every session of the user but the one whose hash
// is keep ("" keeps none): a new password closes the doors the old one
// opened.
func (db *DB) UpdateUser(ctx context.Context, u *UserRow, endSessions bool, keep string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("update user: %w", unavailable(err))
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `-- update user
		UPDATE users SET password_hash = $2, role = $3, clearance = $4, member_of = $5, disabled = $6 WHERE id = $1`,
		u.ID, u.PasswordHash, u.Role, u.Clearance, strings.Join(u.Groups, ","), boolInt(u.Disabled))
	if err != nil {
		return fmt.Errorf("update user: %w", unavailable(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return telltale.Errorf(telltale.ENOTFOUND, "no user %s", u.Name)
	}
	if endSessions {
		if _, err := tx.ExecContext(ctx, `-- end user's other sessions
			DELETE FROM sessions WHERE user_id = $1 AND hash <> $2`, u.ID, keep); err != nil {
			return fmt.Errorf("update user: %w", unavailable(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("update user: %w", unavailable(err))
	}
	return nil
}

// DeleteUser removes a user with their tokens and sessions, or returns
// ENOTFOUND.
func (db *DB) DeleteUser(ctx context.Context, id string) error {
	return db.deleteWith(ctx, "user", id, `-- delete user
		DELETE FROM users WHERE id = $1`, "-- delete user's secrets\n"+`DELETE FROM tokens WHERE user_id = $1`,
		"-- delete user's secrets\n"+`DELETE FROM sessions WHERE user_id = $1`)
}

// deleteWith deletes, in one transaction, what hangs on a row (children:
// statements taking its id as $1) and the row (parent), or returns
// ENOTFOUND ("no <what> <id>") and deletes nothing when there is no such
// row.
func (db *DB) deleteWith(ctx context.Context, what, id, parent string, children ...string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete %s: %w", what, unavailable(err))
	}
	defer tx.Rollback()
	for _, q := range children {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("delete %s: %w", what, unavailable(err))
		}
	}
	res, err := tx.ExecContext(ctx, parent, id)
	if err != nil {
		return fmt.Errorf("delete %s: %w", what, unavailable(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return telltale.Errorf(telltale.ENOTFOUND, "no %s %s", what, id)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("delete %s: %w", what, unavailable(err))
	}
	return nil
}

// UserByName returns a user by name, or ENOTFOUND.
func (db *DB) UserByName(ctx context.Context, name string) (*UserRow, error) {
	return db.user(ctx, `-- user by name
		SELECT `+userColumns+` FROM users WHERE name = $1`, name)
}

// UserByID returns a user by id, or ENOTFOUND.
func (db *DB) UserByID(ctx context.Context, id string) (*UserRow, error) {
	return db.user(ctx, `-- user by id
		SELECT `+userColumns+` FROM users WHERE id = $1`, id)
}

func (db *DB) user(ctx context.Context, q string, args ...any) (*UserRow, error) {
	u, err := scanUser(db.db.QueryRowContext(ctx, q, args...))
	if err == sql.ErrNoRows {
		return nil, telltale.Errorf(telltale.ENOTFOUND, "no such user")
	} else if err != nil {
		return nil, fmt.Errorf("user: %w", unavailable(err))
	}
	return u, nil
}

// Users returns every user by name.
func (db *DB) Users(ctx context.Context) ([]*UserRow, error) {
	rows, err := db.db.QueryContext(ctx, `-- users
		SELECT `+userColumns+` FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("users: %w", unavailable(err))
	}
	return collect(rows, scanUser)
}

const tokenColumns = `t.id, t.user_id, t.name, t.hash, t.created, t.expires, t.last_used, t.revoked`

func scanToken(sc scanner, extra ...any) (*telltale.Token, error) {
	var t telltale.Token
	var revoked int
	if err := sc.Scan(append([]any{&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Created, &t.Expires, &t.LastUsed, &revoked}, extra...)...); err != nil {
		return nil, err
	}
	t.Revoked = revoked != 0
	return &t, nil
}

// CreateToken stores a token.
func (db *DB) CreateToken(ctx context.Context, t *telltale.Token) error {
	if _, err := db.db.ExecContext(ctx, `-- create token
		INSERT INTO tokens (id, user_id, name, hash, created, expires, last_used, revoked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		t.ID, t.UserID, t.Name, t.Hash, t.Created, t.Expires, t.LastUsed, boolInt(t.Revoked)); err != nil {
		return fmt.Errorf("create token: %w", unavailable(err))
	}
	return nil
}

// TokenByHash returns a token that is not revoked by the hash of its
// secret, with its user, or ENOTFOUND.
func (db *DB) TokenByHash(ctx context.Context, hash string) (*telltale.Token, *UserRow, error) {
	row := db.db.QueryRowContext(ctx, `-- token by hash
		SELECT `+tokenColumns+`, u.id, u.name, u.password_hash, u.role, u.clearance, u.member_of, u.disabled, u.created
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1 AND t.revoked = 0`, hash)
	var u UserRow
	var groups string
	var disabled int
	t, err := scanToken(row, &u.ID, &u.Name, &u.PasswordHash, &u.Role, &u.Clearance, &groups, &disabled, &u.Created)
	if err == sql.ErrNoRows {
		return nil, nil, telltale.Errorf(telltale.ENOTFOUND, "no such token")
	} else if err != nil {
		return nil, nil, fmt.Errorf("token: %w", unavailable(err))
	}
	u.Groups, u.Disabled = splitComma(groups), disabled != 0
	return t, &u, nil
}

// Tokens returns the tokens of a user (every user's when userID is ""),
// newest first.
func (db *DB) Tokens(ctx context.Context, userID string) ([]*telltale.Token, error) {
	q, args := `-- tokens
		SELECT `+tokenColumns+` FROM tokens t`, []any{}
	if userID != "" {
		q += ` WHERE t.user_id = $1`
		args = append(args, userID)
	}
	rows, err := db.db.QueryContext(ctx, q+` ORDER BY t.created DESC, t.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", unavailable(err))
	}
	return collect(rows, func(r scanner) (*telltale.Token, error) { return scanToken(r) })
}

// RevokeToken revokes a token by id, or returns ENOTFOUND.
func (db *DB) RevokeToken(ctx context.Context, id string) error {
	res, err := db.db.ExecContext(ctx, `-- revoke token
		UPDATE tokens SET revoked = 1 WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("revoke token: %w", unavailable(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return telltale.Errorf(telltale.ENOTFOUND, "no token %s", id)
	}
	return nil
}

// TouchToken records when a token was last used.
func (db *DB) TouchToken(ctx context.Context, id, at string) error {
	if _, err := db.db.ExecContext(ctx, `-- touch token
		UPDATE tokens SET last_used = $2 WHERE id = $1`, id, at); err != nil {
		return fmt.Errorf("touch token: %w", unavailable(err))
	}
	return nil
}

// CreateSession stores a web session by the hash of its secret.
func (db *DB) CreateSession(ctx context.Context, hash, userID, created, expires string) error {
	if _, err := db.db.ExecContext(ctx, `-- create session
		INSERT INTO sessions (hash, user_id, created, expires) VALUES ($1, $2, $3, $4)`, hash, userID, created, expires); err != nil {
		return fmt.Errorf("create session: %w", unavailable(err))
	}
	return nil
}

// SessionUser returns the user of a session that has not expired at now
// (a timestamp in the layout sessions were created with), or ENOTFOUND.
func (db *DB) SessionUser(ctx context.Context, hash, now string) (*UserRow, error) {
	return db.user(ctx, `-- session user
		SELECT u.id, u.name, u.password_hash, u.role, u.clearance, u.member_of, u.disabled, u.created
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = $1 AND s.expires > $2`, hash, now)
}

// DeleteSession ends a session; ending one that does not exist is not an
// error.
func (db *DB) DeleteSession(ctx context.Context, hash string) error {
	if _, err := db.db.ExecContext(ctx, `-- delete session
		DELETE FROM sessions WHERE hash = $1`, hash); err != nil {
		return fmt.Errorf("delete session: %w", unavailable(err))
	}
	return nil
}

// DeleteExpiredSessions removes sessions that expired before now.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now string) error {
	if _, err := db.db.ExecContext(ctx, `-- delete expired sessions
		DELETE FROM sessions WHERE expires <= $1`, now); err != nil {
		return fmt.Errorf("delete sessions: %w", unavailable(err))
	}
	return nil
}

// LoginFailureCount is how many failed sign-ins a key has since a time,
// and when the oldest of them was.
type LoginFailureCount struct {
	Count  int
	Oldest string
}

// LoginFailures counts the failed sign-ins of each key after since (keys
// without any are left out).
func (db *DB) LoginFailures(ctx context.Context, keys []string, since string) (map[string]LoginFailureCount, error) {
	args := []any{since}
	var in []string
	for _, k := range keys {
		args = append(args, k)
		in = append(in, fmt.Sprintf("$%d", len(args)))
	}
	out := map[string]LoginFailureCount{}
	if len(in) == 0 {
		return out, nil
	}
	rows, err := db.db.QueryContext(ctx, `-- login failures
		SELECT key, COUNT(*), MIN(at) FROM login_failures WHERE at > $1 AND key IN (`+strings.Join(in, ", ")+`) GROUP BY key`, args...)
	if err != nil {
		return nil, fmt.Errorf("login failures: %w", unavailable(err))
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var c LoginFailureCount
		if err := rows.Scan(&k, &c.Count, &c.Oldest); err != nil {
			return nil, err
		}
		out[k] = c
	}
	return out, rows.Err()
}

// AddLoginFailure records a failed sign-in at a time against each key,
// and forgets the failures from before forget.
func (db *DB) AddLoginFailure(ctx context.Context, keys []string, at, forget string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("login failure: %w", unavailable(err))
	}
	defer tx.Rollback()
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `-- add login failure
			INSERT INTO login_failures (key, at) VALUES ($1, $2)`, k, at); err != nil {
			return fmt.Errorf("login failure: %w", unavailable(err))
		}
	}
	if _, err := tx.ExecContext(ctx, `-- forget old login failures
		DELETE FROM login_failures WHERE at <= $1`, forget); err != nil {
		return fmt.Errorf("login failure: %w", unavailable(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("login failure: %w", unavailable(err))
	}
	return nil
}

// ClearLoginFailures forgets the failed sign-ins of a key.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	if _, err := db.db.ExecContext(ctx, `-- clear login failures
		DELETE FROM login_failures WHERE key = $1`, key); err != nil {
		return fmt.Errorf("login failures: %w", unavailable(err))
	}
	return nil
}

// AuditEntry and AuditFilter are telltale.AuditEntry and
// telltale.AuditFilter, kept under these names for the store's callers.
type (
	AuditEntry  = telltale.AuditEntry
	AuditFilter = telltale.AuditFilter
)

// AddAudit records an entry.
func (db *DB) AddAudit(ctx context.Context, e *AuditEntry) error {
	if _, err := db.db.ExecContext(ctx, `-- add audit entry
		INSERT INTO audit_log (id, at, user_name, action, target, remote, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		e.ID, e.At, e.User, e.Action, e.Target, e.Remote, e.Detail); err != nil {
		return fmt.Errorf("audit: %w", unavailable(err))
	}
	return nil
}

// Audit returns audit entries, newest first.
func (db *DB) Audit(ctx context.Context, f AuditFilter) ([]*AuditEntry, error) {
	where, args := []string{"1 = 1"}, []any{}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.User != "" {
		where = append(where, "user_name = "+arg(f.User))
	}
	if strings.HasSuffix(f.Action, ".") {
		where = append(where, "action LIKE "+arg(strings.NewReplacer("%", "", "_", "").Replace(f.Action)+"%"))
	} else if f.Action != "" {
		where = append(where, "action = "+arg(f.Action))
	}
	if f.Before != "" {
		where = append(where, "id < "+arg(f.Before))
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := db.db.QueryContext(ctx, `-- audit entries
		SELECT id, at, user_name, action, target, remote, detail FROM audit_log WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT `+arg(f.Limit), args...)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", unavailable(err))
	}
	return collect(rows, func(r scanner) (*AuditEntry, error) {
		var e AuditEntry
		return &e, r.Scan(&e.ID, &e.At, &e.User, &e.Action, &e.Target, &e.Remote, &e.Detail)
	})
}

// isUniqueViolation reports whether err is a unique constraint failure, in
// the words of either engine.
func isUniqueViolation(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "duplicate key value") || strings.Contains(msg, "23505")
}
