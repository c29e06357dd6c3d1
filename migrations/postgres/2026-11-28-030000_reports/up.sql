-- Members' reports of needs, messages and members. The snapshot keeps the
-- reported text as it was, whatever happens to it later.
CREATE TABLE reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reporter_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('need', 'message', 'member')),
    target_id BIGINT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('spam', 'scam', 'unsafe', 'harassment', 'other')),
    note TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'dismissed', 'actioned')),
    created_at BIGINT NOT NULL,
    resolved_at BIGINT
);
-- One open report per reporter per target.
CREATE UNIQUE INDEX reports_one_open ON reports (reporter_id, target_kind, target_id) WHERE status = 'open';
CREATE INDEX reports_by_target ON reports (status, target_kind, target_id);
