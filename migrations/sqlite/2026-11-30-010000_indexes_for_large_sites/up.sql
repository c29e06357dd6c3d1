-- Indexes that keep pages and moderation actions from growing with the
-- database (each found by EXPLAIN QUERY PLAN at 100,000 needs).
-- The board in one category, newest first.
CREATE INDEX needs_category_newest ON needs (category_id, status, hidden, id);
-- Needs past their date, for the expiry job.
CREATE INDEX needs_expiry ON needs (status, sort_date);
-- A need's notifications, settled when it is hidden (and for every live
-- need of a member who is banned).
CREATE INDEX notifications_need ON notifications (need_id);
-- A member's messages, on the moderators' page about them.
CREATE INDEX messages_author ON messages (author_id);
-- Who joined with an invite code.
CREATE INDEX users_invite ON users (invite_id);
-- Staff first, then members by name, on the moderators' people page; and
-- the admins, when the last one is protected.
CREATE INDEX users_role_name ON users (role, display_name);
-- The moderators' log narrowed by what was done, or by the kind of target.
CREATE INDEX moderation_log_action ON moderation_log (action, id);
CREATE INDEX moderation_log_kind ON moderation_log (target_kind, id);
