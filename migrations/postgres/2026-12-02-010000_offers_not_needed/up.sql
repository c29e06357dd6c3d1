-- An offer still waiting when its need fills, is done, cancelled or
-- expires ends as 'not_needed'.
ALTER TABLE offers DROP CONSTRAINT offers_status_check;
ALTER TABLE offers ADD CONSTRAINT offers_status_check
    CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn', 'not_needed'));
-- Offers left waiting on needs that filled or closed before now end too.
UPDATE offers SET status = 'not_needed'
    WHERE status = 'pending'
    AND need_id IN (SELECT id FROM needs WHERE status IN ('filled', 'done', 'cancelled', 'expired'));
