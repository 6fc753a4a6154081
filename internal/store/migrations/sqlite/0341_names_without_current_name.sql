-- An object's name row keeps its name as NULL when current holds the
-- same name (reads take COALESCE(names.name, current.name)): every
-- indicator of a feed is named by its value, which current, names and
-- the full-text index each held (10 MB of this table at 1,000,000
-- generated objects after ATT&CK; issue 17). The table is kept in the
-- order of its objects (rid, then key and who gave the name: one row
-- each, as the store writes them), so that it needs no index of rid
-- (5 MB). SQLite cannot drop a NOT NULL, so the table is rebuilt.
CREATE TABLE names_new (
	rid      INTEGER NOT NULL,
	name     TEXT,
	key      TEXT NOT NULL,
	kind     TEXT NOT NULL,
	named_by TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (rid, key, named_by)
) WITHOUT ROWID;
INSERT OR IGNORE INTO names_new (rid, name, key, kind, named_by)
	SELECT n.rid, CASE WHEN n.kind = 'name' AND n.name = c.name THEN NULL ELSE n.name END, n.key, n.kind, n.named_by
	FROM names n LEFT JOIN current c ON c.rid = n.rid ORDER BY n.rid, n.rowid;
DROP TABLE names;
ALTER TABLE names_new RENAME TO names;
CREATE INDEX names_key ON names (key);
