-- The current table keeps no created and modified: they are the current
-- version's, which every read of current joins by seq (8 MB of text at
-- 200,000 objects after ATT&CK; issue 17).
ALTER TABLE current DROP COLUMN created;
ALTER TABLE current DROP COLUMN modified;
