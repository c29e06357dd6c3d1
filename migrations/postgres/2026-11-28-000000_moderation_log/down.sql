DROP TABLE moderation_log;
DROP FUNCTION moderation_log_append_only();
