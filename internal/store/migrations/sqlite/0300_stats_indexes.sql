-- Revoked and deprecated objects are few: partial indexes of them let
-- `telltale stats` count them without reading the whole current table
-- (a full scan each at millions of objects; issue 17).
CREATE INDEX current_revoked ON current (revoked) WHERE revoked <> 0;
CREATE INDEX current_deprecated ON current (deprecated) WHERE deprecated <> 0;
