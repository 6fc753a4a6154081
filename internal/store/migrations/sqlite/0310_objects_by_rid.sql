-- Versions name their object by its row id in current (rid, the sequence
-- number of its first version) instead of its STIX id, and keep no type:
-- both are the current row's, and the id is in raw. At 200,000 objects
-- after ATT&CK the text ids took 11 MB of this table and most of the 20 MB
-- of its (id, modified) index; (rid, modified) keys a few bytes (issue
-- 17). date_added is kept as microseconds since the Unix epoch (8 bytes,
-- where its text took 27). import_id was never written. A version without
-- a current row (none is left by the store's writes) was read by nothing
-- and is not carried over. The sequence's high-water mark (which counts
-- deleted versions too) moves to the new table.
CREATE TABLE objects_new (
	seq          INTEGER PRIMARY KEY AUTOINCREMENT,
	rid          INTEGER NOT NULL,
	spec_version TEXT NOT NULL DEFAULT '',
	created      TEXT NOT NULL DEFAULT '',
	modified     TEXT NOT NULL DEFAULT '',
	date_added   INTEGER NOT NULL,
	raw          TEXT NOT NULL,
	UNIQUE (rid, modified)
);
INSERT INTO objects_new (seq, rid, spec_version, created, modified, date_added, raw)
	SELECT o.seq, c.rid, o.spec_version, o.created, o.modified,
		CAST(strftime('%s', substr(o.date_added, 1, 19)) AS INTEGER) * 1000000 + CAST(substr(o.date_added, 21, 6) AS INTEGER), o.raw
	FROM objects o JOIN current c ON c.id = o.id ORDER BY o.seq;
DELETE FROM sqlite_sequence WHERE name = 'objects_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'objects_new', seq FROM sqlite_sequence WHERE name = 'objects';
DROP TABLE objects;
ALTER TABLE objects_new RENAME TO objects;
