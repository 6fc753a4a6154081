-- current's type is no longer stored: it is a virtual column computed
-- from the id, whose text before "--" STIX makes the object's type (the
-- validator refuses any other id), and indexed as before. At 1,000,000
-- generated objects after ATT&CK the stored types took 10 MB (issue 17).
-- Writes leave the column out (dialect.typeFromID).
DROP INDEX current_type;
ALTER TABLE current DROP COLUMN type;
ALTER TABLE current ADD COLUMN type TEXT GENERATED ALWAYS AS (substr(id, 1, instr(id, '--') - 1)) VIRTUAL;
CREATE INDEX current_type ON current (type, seq);
