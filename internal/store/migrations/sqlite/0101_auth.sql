-- Users, API tokens and web sessions; secrets are stored hashed only.
CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL,
	clearance     TEXT NOT NULL,
	member_of     TEXT NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	created       TEXT NOT NULL
);

CREATE TABLE tokens (
	id        TEXT PRIMARY KEY,
	user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name      TEXT NOT NULL,
	hash      TEXT NOT NULL UNIQUE,
	created   TEXT NOT NULL,
	expires   TEXT NOT NULL DEFAULT '',
	last_used TEXT NOT NULL DEFAULT '',
	revoked   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE sessions (
	hash    TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created TEXT NOT NULL,
	expires TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Every write: who, when, what, from where. id sorts by time.
CREATE TABLE audit_log (
	id        TEXT PRIMARY KEY,
	at        TEXT NOT NULL,
	user_name TEXT NOT NULL,
	action    TEXT NOT NULL,
	target    TEXT NOT NULL DEFAULT '',
	remote    TEXT NOT NULL DEFAULT '',
	detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_user ON audit_log (user_name, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
