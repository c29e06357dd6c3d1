-- Ended offers go back to waiting, as they were before offers could end.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TABLE offers_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id BIGINT NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    volunteer_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (need_id, volunteer_id)
);
INSERT INTO offers_rebuilt (id, need_id, volunteer_id, message, status, created_at, updated_at)
    SELECT id, need_id, volunteer_id, message,
           CASE status WHEN 'not_needed' THEN 'pending' ELSE status END,
           created_at, updated_at
    FROM offers;
DROP TABLE offers;
ALTER TABLE offers_rebuilt RENAME TO offers;
CREATE INDEX offers_volunteer ON offers (volunteer_id, status);
CREATE INDEX offers_volunteer_created ON offers (volunteer_id, created_at);
COMMIT;
PRAGMA foreign_keys = ON;
