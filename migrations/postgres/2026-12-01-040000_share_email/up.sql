-- Whether the member lets the people whose help they accept, and those
-- who accept theirs, see their email address. Off unless they choose it:
-- an address is never shown to other members otherwise.
ALTER TABLE users ADD COLUMN share_email BOOLEAN NOT NULL DEFAULT FALSE;
