-- Names and aliases name their object by its row id in current (rid)
-- instead of its STIX id: at 200,000 objects after ATT&CK the ids took
-- 4 MB of this table and most of the 5 MB of its index by object (issue
-- 17). Reads take the id from current, joined by its integer key. A name
-- of an object without a current row (none is left by the store's
-- writes) is not carried over.
CREATE TABLE names_new (
	rid      INTEGER NOT NULL,
	name     TEXT NOT NULL,
	key      TEXT NOT NULL,
	kind     TEXT NOT NULL,
	named_by TEXT NOT NULL DEFAULT ''
);
INSERT INTO names_new (rid, name, key, kind, named_by)
	SELECT c.rid, n.name, n.key, n.kind, n.named_by FROM names n JOIN current c ON c.id = n.object_id ORDER BY n.rowid;
DROP TABLE names;
ALTER TABLE names_new RENAME TO names;
CREATE INDEX names_key ON names (key);
CREATE INDEX names_rid ON names (rid);
