-- Views the knowledge layer computed from the store (landscapes, the
-- sectors index), each stamped with the sequence number of the store state
-- it was computed from; a row whose seq is behind the store is stale.
CREATE TABLE knowledge_cache (
	key  TEXT PRIMARY KEY,
	seq  BIGINT NOT NULL,
	body TEXT NOT NULL
);
