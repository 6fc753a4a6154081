-- The sequence number the last deletion of versions took (one row, made
-- by the first deletion). A deletion leaves no version behind to carry a
-- sequence number, so it takes the next one here, in its own transaction:
-- the store's change marker (LastSeq) then moves on every node sharing
-- the database, and what was cached from the store before goes stale.
CREATE TABLE deletions (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	seq BIGINT NOT NULL
);
