-- Who may use the site (the registration gate, suspensions and bans),
-- invite codes, hidden needs and messages, and appeals.

-- A member's standing: 'pending' until an application is approved,
-- 'rejected' if it was not, 'banned' by a moderator; 'active' otherwise.
ALTER TABLE users ADD COLUMN standing TEXT NOT NULL DEFAULT 'active'
    CHECK (standing IN ('pending', 'active', 'rejected', 'banned'));
-- Why an application was rejected or a member banned.
ALTER TABLE users ADD COLUMN standing_reason TEXT NOT NULL DEFAULT '';
-- A suspension: read-only until this time (Unix seconds), and why.
ALTER TABLE users ADD COLUMN suspended_until BIGINT;
ALTER TABLE users ADD COLUMN suspension_reason TEXT NOT NULL DEFAULT '';
-- A warning not yet acknowledged, shown on every page until it is.
ALTER TABLE users ADD COLUMN warning TEXT;
-- The applicant's answer to the registration question.
ALTER TABLE users ADD COLUMN application TEXT NOT NULL DEFAULT '';
-- Who invited them, and with which code (invite mode).
ALTER TABLE users ADD COLUMN invited_by BIGINT;
ALTER TABLE users ADD COLUMN invite_id BIGINT;
CREATE INDEX users_standing ON users (standing, id);
CREATE INDEX users_invited_by ON users (invited_by);

-- A new site asks applicants a question and waits for a moderator.
ALTER TABLE site_settings ADD COLUMN registration_mode TEXT NOT NULL DEFAULT 'approval'
    CHECK (registration_mode IN ('open', 'approval', 'invite'));
ALTER TABLE site_settings ADD COLUMN registration_question TEXT NOT NULL
    DEFAULT 'Which street do you live on, and how do you know the neighbourhood?';
ALTER TABLE site_settings ADD COLUMN members_may_invite BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE site_settings ADD COLUMN board_public BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE invites (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    created_by BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    max_uses INTEGER NOT NULL CHECK (max_uses > 0),
    uses INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0 AND uses <= max_uses),
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX invites_created_by ON invites (created_by, id);

-- Hidden by a moderator ('moderator') or with a banned author's open
-- needs ('ban'); hidden needs are seen by their author and moderators only.
ALTER TABLE needs ADD COLUMN hidden TEXT CHECK (hidden IN ('moderator', 'ban'));
ALTER TABLE needs ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN hidden_reason TEXT;

-- The member an entry is about, so they can appeal and moderators can
-- see a member's history.
ALTER TABLE moderation_log ADD COLUMN subject_id BIGINT;
CREATE INDEX moderation_log_subject ON moderation_log (subject_id, id);
CREATE INDEX moderation_log_target ON moderation_log (target_kind, target_id, id);

-- The moderation entry a notification tells about.
ALTER TABLE notifications ADD COLUMN log_id BIGINT;

-- One appeal per action, decided by a moderator other than the one who acted.
CREATE TABLE appeals (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    log_id BIGINT NOT NULL UNIQUE,
    appellant_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'upheld', 'overturned')),
    decided_by BIGINT,
    decision_reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX appeals_pending ON appeals (status, id);
