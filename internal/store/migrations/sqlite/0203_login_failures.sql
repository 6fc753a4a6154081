-- Failed sign-ins, counted in the database so that every node (and every
-- process) on it counts the same: a row per failure and per key it counts
-- against ("ip ADDR", "user NAME", "ip-user ADDR NAME", names in lower
-- case). at is a fixed-width UTC timestamp, so it compares as text; rows
-- older than the window are deleted as new failures come.
CREATE TABLE login_failures (
	key TEXT NOT NULL,
	at  TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
CREATE INDEX login_failures_at ON login_failures (at);
