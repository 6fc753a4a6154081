-- Names and aliases name their object by its row id in current (rid)
-- instead of its STIX id: at 200,000 objects after ATT&CK the ids took
-- 4 MB of this table and most of the 5 MB of its index by object on
-- SQLite (issue 17). Reads take the id from current, joined by its
-- integer key. A name of an object without a current row (none is left by the
-- store's writes) is dropped.
ALTER TABLE names ADD COLUMN rid BIGINT;
UPDATE names n SET rid = c.rid FROM current c WHERE c.id = n.object_id;
DELETE FROM names WHERE rid IS NULL;
DROP INDEX names_object;
ALTER TABLE names DROP COLUMN object_id;
ALTER TABLE names ALTER COLUMN rid SET NOT NULL;
CREATE INDEX names_rid ON names (rid);
