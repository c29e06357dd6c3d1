ALTER TABLE users DROP COLUMN mail_failing;
