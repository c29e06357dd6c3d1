-- The outbox: every message Kith sends is first a row here, written in the
-- same transaction as the event that causes it, then delivered by the
-- sender. Bodies are emptied once a message is sent or has failed for good;
-- the rest of the row stays 30 days for the delivery report.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The member it is for, when it is for a member (not for an address
    -- someone tried to sign up with).
    to_user BIGINT REFERENCES users (id) ON DELETE SET NULL,
    to_address TEXT NOT NULL,
    -- What kind of message: a notification kind or an account message.
    purpose TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    -- The one-click unsubscribe link; empty on account mail.
    unsubscribe_url TEXT NOT NULL DEFAULT '',
    -- Sent by Kith on its own (Auto-Submitted: auto-generated).
    automatic BOOLEAN NOT NULL,
    -- Kept across retries, so a server that did get an earlier try can tell.
    message_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Not before this moment (retries move it on).
    due_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
    -- Which sender holds the row, and until when: another sender takes it
    -- only after the lease has run out.
    claimed_by TEXT,
    lease_until BIGINT,
    -- When it was sent or given up on.
    finished_at BIGINT,
    -- What the server said last (or why there was no server to ask).
    last_answer TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (state, due_at);
CREATE INDEX outbox_finished ON outbox (finished_at);
CREATE INDEX outbox_to_user ON outbox (to_user, purpose);
