-- PostgreSQL twin of sqlite/0101_auth.sql: text compared byte-wise ("C") as SQLite does.
-- Users, API tokens and web sessions; secrets are stored hashed only.
CREATE TABLE users (
	id            TEXT COLLATE "C" PRIMARY KEY,
	name          TEXT COLLATE "C" NOT NULL UNIQUE,
	password_hash TEXT COLLATE "C" NOT NULL DEFAULT '',
	role          TEXT COLLATE "C" NOT NULL,
	clearance     TEXT COLLATE "C" NOT NULL,
	member_of     TEXT COLLATE "C" NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	created       TEXT COLLATE "C" NOT NULL
);

CREATE TABLE tokens (
	id        TEXT COLLATE "C" PRIMARY KEY,
	user_id   TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name      TEXT COLLATE "C" NOT NULL,
	hash      TEXT COLLATE "C" NOT NULL UNIQUE,
	created   TEXT COLLATE "C" NOT NULL,
	expires   TEXT COLLATE "C" NOT NULL DEFAULT '',
	last_used TEXT COLLATE "C" NOT NULL DEFAULT '',
	revoked   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE sessions (
	hash    TEXT COLLATE "C" PRIMARY KEY,
	user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created TEXT COLLATE "C" NOT NULL,
	expires TEXT COLLATE "C" NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Every write: who, when, what, from where. id sorts by time.
CREATE TABLE audit_log (
	id        TEXT COLLATE "C" PRIMARY KEY,
	at        TEXT COLLATE "C" NOT NULL,
	user_name TEXT COLLATE "C" NOT NULL,
	action    TEXT COLLATE "C" NOT NULL,
	target    TEXT COLLATE "C" NOT NULL DEFAULT '',
	remote    TEXT COLLATE "C" NOT NULL DEFAULT '',
	detail    TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_user ON audit_log (user_name, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
