DROP TABLE notifications;
DROP TABLE thanks;
DROP TABLE messages;
DROP TABLE offers;
DROP TABLE needs;
DROP TABLE categories;
ALTER TABLE users DROP COLUMN area;
ALTER TABLE users DROP COLUMN about;
