-- PostgreSQL twin of sqlite/0200_ingest.sql: text compared byte-wise ("C") as SQLite does.
-- Ingestion: report drafts kept outside the object store until an analyst
-- accepts them; RSS/Atom feeds and the items already seen; watches that
-- post a webhook when what they watch gains an attacker, a technique or an
-- indicator.
CREATE TABLE drafts (
	report_id   TEXT COLLATE "C" NOT NULL,
	text_hash   TEXT COLLATE "C" NOT NULL,
	title       TEXT COLLATE "C" NOT NULL DEFAULT '',
	source_url  TEXT COLLATE "C" NOT NULL DEFAULT '',
	status      TEXT COLLATE "C" NOT NULL DEFAULT 'draft',
	modified    TEXT COLLATE "C" NOT NULL,
	bundle      TEXT COLLATE "C" NOT NULL,
	summary     TEXT COLLATE "C" NOT NULL DEFAULT '{}',
	created     TEXT COLLATE "C" NOT NULL,
	updated     TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (report_id, text_hash)
);
CREATE INDEX drafts_text_hash ON drafts (text_hash);
CREATE INDEX drafts_status ON drafts (status, updated);

CREATE TABLE feeds (
	id            TEXT COLLATE "C" PRIMARY KEY,
	url           TEXT COLLATE "C" NOT NULL UNIQUE,
	title         TEXT COLLATE "C" NOT NULL DEFAULT '',
	etag          TEXT COLLATE "C" NOT NULL DEFAULT '',
	last_modified TEXT COLLATE "C" NOT NULL DEFAULT '',
	last_polled   TEXT COLLATE "C" NOT NULL DEFAULT '',
	next_poll     TEXT COLLATE "C" NOT NULL DEFAULT '',
	failures      INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT COLLATE "C" NOT NULL DEFAULT '',
	items         BIGINT NOT NULL DEFAULT 0,
	created       TEXT COLLATE "C" NOT NULL
);

CREATE TABLE feed_items (
	feed_id   TEXT COLLATE "C" NOT NULL,
	guid      TEXT COLLATE "C" NOT NULL,
	report_id TEXT COLLATE "C" NOT NULL DEFAULT '',
	seen      TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (feed_id, guid)
);

CREATE TABLE watches (
	id       TEXT COLLATE "C" PRIMARY KEY,
	kind     TEXT COLLATE "C" NOT NULL,
	target   TEXT COLLATE "C" NOT NULL,
	webhook  TEXT COLLATE "C" NOT NULL,
	secret   TEXT COLLATE "C" NOT NULL,
	state    TEXT COLLATE "C" NOT NULL DEFAULT '{}',
	created  TEXT COLLATE "C" NOT NULL
);
