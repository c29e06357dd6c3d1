ALTER TABLE moderation_log DROP COLUMN public_summary;
ALTER TABLE site_settings DROP COLUMN public_log_names;
