-- PostgreSQL twin of sqlite/0100_taxii.sql: text compared byte-wise ("C") as SQLite does.
-- TAXII 2.1: added_after turns into a position in the sequence through this
-- index; collections an admin defines; the status of every write request
-- (TAXII envelopes and REST uploads); where each pull from a remote TAXII
-- collection stopped.
CREATE INDEX objects_date_added ON objects (date_added);

CREATE TABLE taxii_collections (
	id          TEXT COLLATE "C" PRIMARY KEY,
	alias       TEXT COLLATE "C" NOT NULL DEFAULT '',
	title       TEXT COLLATE "C" NOT NULL,
	description TEXT COLLATE "C" NOT NULL DEFAULT '',
	filter      TEXT COLLATE "C" NOT NULL DEFAULT '{}',
	read_roles  TEXT COLLATE "C" NOT NULL DEFAULT '',
	write_roles TEXT COLLATE "C" NOT NULL DEFAULT '',
	can_delete  INTEGER NOT NULL DEFAULT 0,
	created     TEXT COLLATE "C" NOT NULL
);

CREATE TABLE write_status (
	id                TEXT COLLATE "C" PRIMARY KEY,
	kind              TEXT COLLATE "C" NOT NULL,
	collection_id     TEXT COLLATE "C" NOT NULL DEFAULT '',
	user_name         TEXT COLLATE "C" NOT NULL DEFAULT '',
	status            TEXT COLLATE "C" NOT NULL,
	request_timestamp TEXT COLLATE "C" NOT NULL,
	total_count       INTEGER NOT NULL DEFAULT 0,
	success_count     INTEGER NOT NULL DEFAULT 0,
	failure_count     INTEGER NOT NULL DEFAULT 0,
	pending_count     INTEGER NOT NULL DEFAULT 0,
	detail            TEXT COLLATE "C" NOT NULL DEFAULT '{}'
);

CREATE TABLE pull_state (
	url           TEXT COLLATE "C" NOT NULL,
	collection_id TEXT COLLATE "C" NOT NULL,
	added_after   TEXT COLLATE "C" NOT NULL DEFAULT '',
	objects       BIGINT NOT NULL DEFAULT 0,
	updated       TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (url, collection_id)
);
