-- Limits on posting, set by the admin: tighter for new members.
ALTER TABLE site_settings ADD COLUMN new_member_days INTEGER NOT NULL DEFAULT 7;
ALTER TABLE site_settings ADD COLUMN new_member_needs_per_day INTEGER NOT NULL DEFAULT 3;
ALTER TABLE site_settings ADD COLUMN new_member_offers_per_day INTEGER NOT NULL DEFAULT 10;
ALTER TABLE site_settings ADD COLUMN needs_per_day INTEGER NOT NULL DEFAULT 10;
CREATE INDEX offers_volunteer_created ON offers (volunteer_id, created_at);
