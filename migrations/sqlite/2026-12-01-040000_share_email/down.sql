ALTER TABLE users DROP COLUMN share_email;
