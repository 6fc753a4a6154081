-- Ingestion: report drafts kept outside the object store until an analyst
-- accepts them; RSS/Atom feeds and the items already seen; watches that
-- post a webhook when what they watch gains an attacker, a technique or an
-- indicator.
CREATE TABLE drafts (
	report_id   TEXT NOT NULL,
	text_hash   TEXT NOT NULL,
	title       TEXT NOT NULL DEFAULT '',
	source_url  TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT 'draft',
	modified    TEXT NOT NULL,
	bundle      TEXT NOT NULL,
	summary     TEXT NOT NULL DEFAULT '{}',
	created     TEXT NOT NULL,
	updated     TEXT NOT NULL,
	PRIMARY KEY (report_id, text_hash)
);
CREATE INDEX drafts_text_hash ON drafts (text_hash);
CREATE INDEX drafts_status ON drafts (status, updated);

CREATE TABLE feeds (
	id            TEXT PRIMARY KEY,
	url           TEXT NOT NULL UNIQUE,
	title         TEXT NOT NULL DEFAULT '',
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_polled   TEXT NOT NULL DEFAULT '',
	next_poll     TEXT NOT NULL DEFAULT '',
	failures      INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT '',
	items         BIGINT NOT NULL DEFAULT 0,
	created       TEXT NOT NULL
);

CREATE TABLE feed_items (
	feed_id   TEXT NOT NULL,
	guid      TEXT NOT NULL,
	report_id TEXT NOT NULL DEFAULT '',
	seen      TEXT NOT NULL,
	PRIMARY KEY (feed_id, guid)
);

CREATE TABLE watches (
	id       TEXT PRIMARY KEY,
	kind     TEXT NOT NULL,
	target   TEXT NOT NULL,
	webhook  TEXT NOT NULL,
	secret   TEXT NOT NULL,
	state    TEXT NOT NULL DEFAULT '{}',
	created  TEXT NOT NULL
);
