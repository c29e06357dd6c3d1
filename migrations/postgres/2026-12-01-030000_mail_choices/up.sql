-- What each member chooses about mail, per topic: 'now', 'digest' or
-- 'off'. A member without a row has the defaults.
CREATE TABLE mail_settings (
    user_id BIGINT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    offers TEXT NOT NULL DEFAULT 'now',
    answers TEXT NOT NULL DEFAULT 'now',
    changes TEXT NOT NULL DEFAULT 'now',
    messages TEXT NOT NULL DEFAULT 'now',
    thanks TEXT NOT NULL DEFAULT 'now',
    reminders TEXT NOT NULL DEFAULT 'now',
    account TEXT NOT NULL DEFAULT 'now',
    new_needs TEXT NOT NULL DEFAULT 'off',
    staff TEXT NOT NULL DEFAULT 'now',
    -- The hour (0 to 23, the neighbourhood's time) the digest goes out.
    digest_hour INTEGER NOT NULL DEFAULT 18 CHECK (digest_hour BETWEEN 0 AND 23),
    -- Categories of new needs in the digest, as comma-separated ids; empty
    -- for all.
    categories TEXT NOT NULL DEFAULT '',
    -- Up to when the last digest reported.
    digest_through BIGINT NOT NULL DEFAULT 0
);

-- Mail composed when it is sent rather than when it is queued: what it is
-- about ('notification:ID', 'conversation:OFFER_ID') and, for a batch of
-- messages, since when.
ALTER TABLE outbox ADD COLUMN about TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN since BIGINT NOT NULL DEFAULT 0;
CREATE INDEX outbox_about ON outbox (to_user, about);

-- The site's own keys (the one that signs links in mail), made at first
-- start.
CREATE TABLE site_keys (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
