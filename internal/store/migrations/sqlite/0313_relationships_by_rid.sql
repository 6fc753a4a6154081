-- Relationships are keyed by their own row id in current (rid) instead
-- of their STIX id: at 200,000 objects after ATT&CK the ids took 4 MB of
-- this table and their unique index 6 MB (issue 17). Reads take the id
-- from current, joined by its integer key. A relationship without a
-- current row (none is left by the store's writes) is not carried over.
CREATE TABLE relationships_new (
	rid               INTEGER PRIMARY KEY,
	source_ref        TEXT NOT NULL,
	relationship_type TEXT NOT NULL,
	target_ref        TEXT NOT NULL,
	revoked           INTEGER NOT NULL DEFAULT 0
);
INSERT INTO relationships_new (rid, source_ref, relationship_type, target_ref, revoked)
	SELECT c.rid, r.source_ref, r.relationship_type, r.target_ref, r.revoked FROM relationships r JOIN current c ON c.id = r.id;
DROP TABLE relationships;
ALTER TABLE relationships_new RENAME TO relationships;
CREATE INDEX relationships_source ON relationships (source_ref, relationship_type);
CREATE INDEX relationships_target ON relationships (target_ref, relationship_type);
