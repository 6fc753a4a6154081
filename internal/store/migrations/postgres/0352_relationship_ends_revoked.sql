-- The revoked flag in the indexes of both ends, after the end: a page of
-- an end's relationships and its count asked "revoked = 0" of each row,
-- which the end's index did not hold, so the count read every row of the
-- end from the table (issue 17). With it the count can be an index-only
-- scan (of the pages the visibility map marks all-visible).
DROP INDEX relationships_source;
DROP INDEX relationships_target;
CREATE INDEX relationships_source ON relationships (source_ref, revoked, relationship_type);
CREATE INDEX relationships_target ON relationships (target_ref, revoked, relationship_type);
