-- Relationships are keyed by their own row id in current (rid) instead
-- of their STIX id: at 200,000 objects after ATT&CK the ids took 4 MB of
-- this table and their unique index 6 MB on SQLite (issue 17). Reads take
-- the id from current, joined by its integer key. A relationship without
-- a current row (none is left by the store's writes) is dropped.
ALTER TABLE relationships ADD COLUMN rid BIGINT;
UPDATE relationships r SET rid = c.rid FROM current c WHERE c.id = r.id;
DELETE FROM relationships WHERE rid IS NULL;
ALTER TABLE relationships DROP CONSTRAINT relationships_pkey;
ALTER TABLE relationships DROP COLUMN id;
ALTER TABLE relationships ADD PRIMARY KEY (rid);
