-- date_added grows with seq (every version is numbered and stamped under
-- the write lock, each after the one before), so the last version added
-- by a time is found by bisecting the sequence (SeqAddedBy) and this index
-- of every version only cost space and import time (issue 17).
DROP INDEX objects_date_added;
