-- How often each member helped and was helped, kept on their row so a
-- profile is one row read however many needs they have had. Kept in the
-- same transaction that closes a need as helped; offers and the accepted
-- count of a closed need never change afterwards.
ALTER TABLE users ADD COLUMN helped_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN was_helped_count BIGINT NOT NULL DEFAULT 0;
UPDATE users SET
    helped_count = (
        SELECT count(*) FROM offers o JOIN needs n ON n.id = o.need_id
        WHERE o.volunteer_id = users.id AND o.status = 'accepted'
          AND n.status = 'done' AND n.outcome = 'helped'),
    was_helped_count = (
        SELECT count(*) FROM needs n
        WHERE n.author_id = users.id AND n.status = 'done'
          AND n.outcome = 'helped' AND n.accepted_count > 0);
