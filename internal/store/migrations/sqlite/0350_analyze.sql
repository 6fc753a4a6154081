-- On PostgreSQL this analyses the tables imports write, for the query
-- planner (issue 17). SQLite plans these queries without statistics, and
-- keeps planning as before.
SELECT 1;
