-- The query planner's statistics of the tables imports write, for stores
-- imported before an import analysed them (store Tx.analyze), on a server
-- whose autovacuum has not (or is off): without them PostgreSQL scanned
-- every name for a search and read a sector's TAXII page in seconds
-- (issue 17). ANALYZE samples a bounded number of rows: about 3 s at
-- 1,000,000 objects, nothing on a new database.
ANALYZE current, objects, names, relationships, search;
