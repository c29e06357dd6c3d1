DROP INDEX offers_volunteer_created;
ALTER TABLE site_settings DROP COLUMN needs_per_day;
ALTER TABLE site_settings DROP COLUMN new_member_offers_per_day;
ALTER TABLE site_settings DROP COLUMN new_member_needs_per_day;
ALTER TABLE site_settings DROP COLUMN new_member_days;
