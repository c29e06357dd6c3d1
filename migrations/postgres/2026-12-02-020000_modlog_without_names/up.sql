-- The public moderation log names nobody unless the admin chooses it: a
-- neighbourhood is small, and a log that names people shames them.
ALTER TABLE site_settings ADD COLUMN public_log_names BOOLEAN NOT NULL DEFAULT FALSE;
-- What the public log says of an entry about a member when it names
-- nobody ("A member was suspended for 7 days."); empty when the action's
-- own words say it (older entries, and actions with nothing to add).
ALTER TABLE moderation_log ADD COLUMN public_summary TEXT NOT NULL DEFAULT '';
