-- Ended offers go back to waiting, as they were before offers could end.
UPDATE offers SET status = 'pending' WHERE status = 'not_needed';
ALTER TABLE offers DROP CONSTRAINT offers_status_check;
ALTER TABLE offers ADD CONSTRAINT offers_status_check
    CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn'));
