-- Rate-limit buckets shared by every Kith process on this database. UNLOGGED:
-- not written to the WAL (cheap), and emptied after a crash, which only
-- gives everyone their full limits back.
CREATE UNLOGGED TABLE rate_limits (
    -- The first 8 bytes of the SHA-256 of what is limited: keys are never stored.
    key BIGINT PRIMARY KEY,
    -- Thousandths of an attempt.
    milli_tokens BIGINT NOT NULL,
    -- Unix milliseconds of the last update.
    updated_ms BIGINT NOT NULL,
    -- When the bucket will be full again, and the row can go.
    full_at_ms BIGINT NOT NULL,
    -- Whether the last attempt was allowed.
    granted BOOLEAN NOT NULL
);
CREATE INDEX rate_limits_full_at ON rate_limits (full_at_ms);
