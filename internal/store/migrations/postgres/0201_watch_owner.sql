-- PostgreSQL twin of sqlite/0201_watch_owner.sql.
-- A watch sees what its owner may see (TLP): the owner's user name, ''
-- for watches made before owners, which see what an anonymous reader sees.
ALTER TABLE watches ADD COLUMN owner TEXT COLLATE "C" NOT NULL DEFAULT '';
