ALTER TABLE needs DROP COLUMN reminded;
