-- On SQLite one process serves the database, and its rate limits stay in
-- its memory: nothing to store. (PostgreSQL's migration of the same name
-- makes the table that several processes share.)
SELECT 1;
