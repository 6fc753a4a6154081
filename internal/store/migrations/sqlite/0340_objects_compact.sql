-- Versions keep created only where it differs from modified (NULL
-- otherwise: reads take COALESCE(created, modified)) and spec_version
-- only where it is not 2.1 (NULL for 2.1), and are indexed by their
-- object's rid alone: the (rid, modified) unique index repeated every
-- version's modified, and the import already looks a version up by rid
-- and modified (under the write lock) before adding one. At 1,000,000
-- generated objects after ATT&CK the index took 36.8 MB and the (rid)
-- index 12.3 MB; the table 20 MB less (issue 17). SQLite cannot drop a
-- UNIQUE constraint or a NOT NULL, so the table is rebuilt; the
-- sequence's high-water mark moves to the new table.
CREATE TABLE objects_new (
	seq          INTEGER PRIMARY KEY AUTOINCREMENT,
	rid          INTEGER NOT NULL,
	spec_version TEXT,
	created      TEXT,
	modified     TEXT NOT NULL DEFAULT '',
	date_added   INTEGER NOT NULL,
	raw          TEXT NOT NULL
);
INSERT INTO objects_new (seq, rid, spec_version, created, modified, date_added, raw)
	SELECT seq, rid, NULLIF(spec_version, '2.1'), CASE WHEN created = modified THEN NULL ELSE created END, modified, date_added, raw
	FROM objects ORDER BY seq;
DELETE FROM sqlite_sequence WHERE name = 'objects_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'objects_new', seq FROM sqlite_sequence WHERE name = 'objects';
DROP TABLE objects;
ALTER TABLE objects_new RENAME TO objects;
CREATE INDEX objects_rid ON objects (rid);
