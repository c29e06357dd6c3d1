DROP TABLE site_keys;
DROP INDEX outbox_about;
ALTER TABLE outbox DROP COLUMN since;
ALTER TABLE outbox DROP COLUMN about;
DROP TABLE mail_settings;
