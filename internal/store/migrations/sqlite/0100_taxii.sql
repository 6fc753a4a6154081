-- TAXII 2.1: added_after turns into a position in the sequence through this
-- index; collections an admin defines; the status of every write request
-- (TAXII envelopes and REST uploads); where each pull from a remote TAXII
-- collection stopped.
CREATE INDEX objects_date_added ON objects (date_added);

CREATE TABLE taxii_collections (
	id          TEXT PRIMARY KEY,
	alias       TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	filter      TEXT NOT NULL DEFAULT '{}',
	read_roles  TEXT NOT NULL DEFAULT '',
	write_roles TEXT NOT NULL DEFAULT '',
	can_delete  INTEGER NOT NULL DEFAULT 0,
	created     TEXT NOT NULL
);

CREATE TABLE write_status (
	id                TEXT PRIMARY KEY,
	kind              TEXT NOT NULL,
	collection_id     TEXT NOT NULL DEFAULT '',
	user_name         TEXT NOT NULL DEFAULT '',
	status            TEXT NOT NULL,
	request_timestamp TEXT NOT NULL,
	total_count       INTEGER NOT NULL DEFAULT 0,
	success_count     INTEGER NOT NULL DEFAULT 0,
	failure_count     INTEGER NOT NULL DEFAULT 0,
	pending_count     INTEGER NOT NULL DEFAULT 0,
	detail            TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE pull_state (
	url           TEXT NOT NULL,
	collection_id TEXT NOT NULL,
	added_after   TEXT NOT NULL DEFAULT '',
	objects       BIGINT NOT NULL DEFAULT 0,
	updated       TEXT NOT NULL,
	PRIMARY KEY (url, collection_id)
);
