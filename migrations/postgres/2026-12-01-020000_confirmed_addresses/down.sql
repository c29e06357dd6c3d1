ALTER TABLE users DROP COLUMN email_confirmed;
