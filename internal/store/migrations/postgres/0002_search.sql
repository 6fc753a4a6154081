-- Full-text index over names (weight A), aliases (B) and descriptions (C) of
-- current objects; rid is current.rid. The text is kept for snippets.
-- unaccent removes diacritics as SQLite's unicode61 tokenizer does; it is a
-- trusted extension, so the owner of the database may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TABLE search (
	rid         BIGINT PRIMARY KEY,
	name        TEXT NOT NULL,
	aliases     TEXT NOT NULL,
	description TEXT NOT NULL,
	doc         TSVECTOR NOT NULL
);
CREATE INDEX search_doc ON search USING GIN (doc);

-- Full-text entries waiting to be written in one batch during an import
-- (imports run one at a time, under the write lock). Its rows never
-- outlive a transaction, so it need not be crash-safe.
CREATE UNLOGGED TABLE search_pending (
	rid         BIGINT NOT NULL,
	name        TEXT NOT NULL,
	aliases     TEXT NOT NULL,
	description TEXT NOT NULL
);
