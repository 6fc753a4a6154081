-- What the store records about how it built the indexes it derives from
-- objects, by name. fold_version is the root's FoldVersion the keys of
-- names were written with: opening the database with migrations rebuilds
-- them when it differs from the program's (refold.go). A copy leaves
-- this table out: the destination records its own.
CREATE TABLE settings (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
