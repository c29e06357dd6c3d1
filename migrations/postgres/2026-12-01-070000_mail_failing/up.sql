-- Whether the latest message to the member's current address that
-- finished was refused for good: kept on the member's row, so every page
-- can show the banner without another query. A message that gets through,
-- or a new address, clears it.
ALTER TABLE users ADD COLUMN mail_failing BOOLEAN NOT NULL DEFAULT FALSE;
