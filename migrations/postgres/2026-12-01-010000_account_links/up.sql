-- One-time links sent by mail (confirming an address, resetting a
-- password, confirming a new address). Only the token's SHA-256 is kept.
-- Used and expired links stay a day, so a second click can be told why the
-- link no longer works, then go.
CREATE TABLE account_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset', 'new_email')),
    -- The address to confirm, for 'new_email'.
    new_email TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX account_links_user ON account_links (user_id, purpose);
CREATE INDEX account_links_expires ON account_links (expires_at);
