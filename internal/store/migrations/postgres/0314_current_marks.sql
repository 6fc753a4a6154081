-- What decides who sees each current object (telltale.MarkSummary: its
-- marking references and recipients, '' when it has none), so that TAXII
-- pages decide whether the objects a collection object names are hidden
-- without reading them (issue 17). The migration fills it
-- (store.fillMarks); NULL means not known, and the object's JSON is read
-- instead. The marked objects are indexed by their summary, so that the
-- few distinct summaries, and the objects of those a viewer may not see,
-- are found without reading the others; the rows without a summary too
-- (normally none).
ALTER TABLE current ADD COLUMN marks TEXT COLLATE "C";
CREATE INDEX current_marked ON current (marks) WHERE marks > '';
CREATE INDEX current_marks_unknown ON current (rid) WHERE marks IS NULL;
