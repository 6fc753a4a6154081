-- An object's name row keeps its name as NULL when current holds the
-- same name (reads take COALESCE(names.name, current.name)): every
-- indicator of a feed is named by its value, which current, names and
-- the full-text index each held (issue 17; the SQLite migration gives
-- the size). Existing rows keep their names, which read the same.
ALTER TABLE names ALTER COLUMN name DROP NOT NULL;
