-- The category for whatever fits no other ("Other"): new categories are
-- added just before it, so it stays last. A flag rather than its name, so
-- that renaming it keeps its place.
ALTER TABLE categories ADD COLUMN catch_all BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE categories SET catch_all = TRUE WHERE name = 'Other';
