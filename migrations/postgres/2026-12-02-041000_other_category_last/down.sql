ALTER TABLE categories DROP COLUMN catch_all;
