-- On SQLite current's type becomes a virtual column computed from the id
-- (issue 17). PostgreSQL up to 17 has no virtual generated column, and
-- a stored one would save nothing: the column stays as it is.
SELECT 1;
