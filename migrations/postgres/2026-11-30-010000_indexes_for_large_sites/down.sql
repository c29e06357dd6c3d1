DROP INDEX needs_category_newest;
DROP INDEX needs_expiry;
DROP INDEX notifications_need;
DROP INDEX messages_author;
DROP INDEX users_invite;
DROP INDEX users_role_name;
DROP INDEX moderation_log_action;
DROP INDEX moderation_log_kind;
