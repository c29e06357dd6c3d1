-- Every moderator and admin action, appended and never changed. The actor
-- and target are plain ids, not foreign keys, so the history outlives them.
CREATE TABLE moderation_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id BIGINT,
    summary TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX moderation_log_created ON moderation_log (id);
CREATE INDEX moderation_log_actor ON moderation_log (actor_id, id);

CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log BEGIN
    SELECT RAISE(ABORT, 'the moderation log is append-only');
END;
CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log BEGIN
    SELECT RAISE(ABORT, 'the moderation log is append-only');
END;
