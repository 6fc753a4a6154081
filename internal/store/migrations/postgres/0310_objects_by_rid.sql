-- Versions name their object by its row id in current (rid, the sequence
-- number of its first version) instead of its STIX id, and keep no type:
-- both are the current row's, and the id is in raw. At 200,000 objects
-- after ATT&CK the text ids took 11 MB of this table and most of the 20 MB
-- of its (id, modified) index on SQLite; (rid, modified) keys a few bytes
-- (issue 17). date_added is kept as microseconds since the Unix epoch (8
-- bytes, where its text took 27). import_id was never written. A version
-- without a current row (none is left by the store's writes) was read by
-- nothing and is dropped. The space of the dropped columns in existing
-- rows comes back with VACUUM FULL objects (not run here: it locks the
-- table for its whole length); new rows are written without them.
ALTER TABLE objects ADD COLUMN rid BIGINT;
UPDATE objects o SET rid = c.rid FROM current c WHERE c.id = o.id;
DELETE FROM objects WHERE rid IS NULL;
ALTER TABLE objects DROP CONSTRAINT objects_id_modified_key;
ALTER TABLE objects DROP COLUMN id, DROP COLUMN type, DROP COLUMN import_id;
ALTER TABLE objects ALTER COLUMN rid SET NOT NULL;
ALTER TABLE objects ADD CONSTRAINT objects_rid_modified_key UNIQUE (rid, modified);
ALTER TABLE objects ALTER COLUMN date_added TYPE BIGINT
	USING EXTRACT(EPOCH FROM date_trunc('second', date_added::timestamptz))::bigint * 1000000 + substr(date_added, 21, 6)::bigint;
