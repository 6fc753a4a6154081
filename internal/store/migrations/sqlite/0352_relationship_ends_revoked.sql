-- The revoked flag in the indexes of both ends, after the end: a page of
-- an end's relationships and its count asked "revoked = 0" of each row,
-- which the end's index did not hold, so the count read every row of the
-- end from the table (at 1,000,000 objects the intrusion set a feed
-- indicates most has 35,108; its object page's first request took 239
-- ms, issue 17). With it the count and a page's OFFSET read the index
-- alone, and the index still gives a page's order (type, then row id)
-- when the flag is fixed. About one byte an entry: 0 and 1 take none but
-- their type in SQLite's records.
DROP INDEX relationships_source;
DROP INDEX relationships_target;
CREATE INDEX relationships_source ON relationships (source_ref, revoked, relationship_type);
CREATE INDEX relationships_target ON relationships (target_ref, revoked, relationship_type);
