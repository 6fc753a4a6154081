-- Full-text index over names, aliases and descriptions of current objects;
-- its rowid is current.rid.
CREATE VIRTUAL TABLE search USING fts5(name, aliases, description, tokenize = 'unicode61 remove_diacritics 2');
