-- Every version of every object, in the order versions were added. seq is
-- the monotonic order TAXII pages over; date_added is strictly increasing.
CREATE TABLE objects (
	seq          INTEGER PRIMARY KEY AUTOINCREMENT,
	id           TEXT NOT NULL,
	type         TEXT NOT NULL,
	spec_version TEXT NOT NULL DEFAULT '',
	created      TEXT NOT NULL DEFAULT '',
	modified     TEXT NOT NULL DEFAULT '',
	date_added   TEXT NOT NULL,
	import_id    INTEGER,
	raw          TEXT NOT NULL,
	UNIQUE (id, modified)
);

-- The current version of each object: the one with the latest modified.
CREATE TABLE current (
	rid        INTEGER PRIMARY KEY,
	id         TEXT NOT NULL UNIQUE,
	type       TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	name       TEXT NOT NULL DEFAULT '',
	created    TEXT NOT NULL DEFAULT '',
	modified   TEXT NOT NULL DEFAULT '',
	revoked    INTEGER NOT NULL DEFAULT 0,
	deprecated INTEGER NOT NULL DEFAULT 0,
	versions   INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX current_type ON current (type, seq);
CREATE INDEX current_seq ON current (seq);

-- Current relationships, indexed from both ends.
CREATE TABLE relationships (
	id                TEXT PRIMARY KEY,
	source_ref        TEXT NOT NULL,
	relationship_type TEXT NOT NULL,
	target_ref        TEXT NOT NULL,
	revoked           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX relationships_source ON relationships (source_ref, relationship_type);
CREATE INDEX relationships_target ON relationships (target_ref, relationship_type);

-- Names and aliases of current objects, by folded key.
CREATE TABLE names (
	object_id TEXT NOT NULL,
	name      TEXT NOT NULL,
	key       TEXT NOT NULL,
	kind      TEXT NOT NULL,
	named_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX names_key ON names (key);
CREATE INDEX names_object ON names (object_id);

-- One row per import, with its counts.
CREATE TABLE imports (
	import_id INTEGER PRIMARY KEY AUTOINCREMENT,
	source    TEXT NOT NULL,
	format    TEXT NOT NULL,
	started   TEXT NOT NULL,
	finished  TEXT NOT NULL,
	added     INTEGER NOT NULL,
	updated   INTEGER NOT NULL,
	unchanged INTEGER NOT NULL,
	rejected  INTEGER NOT NULL
);
