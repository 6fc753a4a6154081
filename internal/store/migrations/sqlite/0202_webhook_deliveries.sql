-- Webhook deliveries waiting to be posted: a watch's event is queued here in
-- the transaction that advances the watch's state, and posted by a worker
-- apart from the import that caused it, retried with exponential backoff
-- until delivered or out of attempts, across restarts. next_at is a
-- fixed-width UTC timestamp, so it compares as text; failed marks a
-- delivery that ran out of attempts (kept for inspection, never retried).
CREATE TABLE webhook_deliveries (
	id         TEXT PRIMARY KEY,
	watch_id   TEXT NOT NULL,
	body       TEXT NOT NULL,
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_at    TEXT NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	failed     INTEGER NOT NULL DEFAULT 0,
	created    TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (failed, next_at);
CREATE INDEX webhook_deliveries_watch ON webhook_deliveries (watch_id);
