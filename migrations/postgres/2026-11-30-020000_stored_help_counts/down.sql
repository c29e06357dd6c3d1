ALTER TABLE users DROP COLUMN helped_count;
ALTER TABLE users DROP COLUMN was_helped_count;
