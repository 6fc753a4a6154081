-- Versions keep created only where it differs from modified (NULL
-- otherwise: reads take COALESCE(created, modified)) and spec_version
-- only where it is not 2.1 (NULL for 2.1), and are indexed by their
-- object's rid alone: the (rid, modified) unique index repeated every
-- version's modified, and the import already looks a version up by rid
-- and modified (under the write lock) before adding one (issue 17; the
-- SQLite migration gives the sizes). Existing rows keep their values,
-- which read the same; new rows are written without them.
ALTER TABLE objects ALTER COLUMN spec_version DROP NOT NULL, ALTER COLUMN spec_version DROP DEFAULT,
	ALTER COLUMN created DROP NOT NULL, ALTER COLUMN created DROP DEFAULT;
ALTER TABLE objects DROP CONSTRAINT objects_rid_modified_key;
CREATE INDEX objects_rid ON objects (rid);
