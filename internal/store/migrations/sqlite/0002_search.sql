-- Full-text index over names, aliases and descriptions of current objects;
-- its rowid is current.rid.
CREATE VIRTUAL TABLE search USING fts5(name, aliases, description, tokenize = 'unicode61 remove_diacritics 2');

-- Full-text entries waiting to be written in one batch during an import.
CREATE TABLE search_pending (
	rid         INTEGER NOT NULL,
	name        TEXT NOT NULL,
	aliases     TEXT NOT NULL,
	description TEXT NOT NULL
);
