-- The digest of each cached view's body (SHA-256 of the JSON, before any
-- compression): a recomputation that finds a view unchanged re-stamps its
-- row instead of compressing and writing it again. Rows written before
-- have none, and are written once more.
ALTER TABLE knowledge_cache ADD COLUMN digest TEXT NOT NULL DEFAULT '';
