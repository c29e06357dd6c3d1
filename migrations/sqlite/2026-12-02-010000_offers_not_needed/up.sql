-- An offer still waiting when its need fills, is done, cancelled or
-- expires ends as 'not_needed'. SQLite cannot loosen a CHECK constraint, so
-- the table is rebuilt (https://sqlite.org/lang_altertable.html, "other
-- kinds of table schema changes"), with foreign keys off so that dropping
-- the old table does not take its messages and notifications with it.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TABLE offers_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id BIGINT NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    volunteer_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn', 'not_needed')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (need_id, volunteer_id)
);
INSERT INTO offers_rebuilt (id, need_id, volunteer_id, message, status, created_at, updated_at)
    SELECT id, need_id, volunteer_id, message, status, created_at, updated_at FROM offers;
DROP TABLE offers;
ALTER TABLE offers_rebuilt RENAME TO offers;
CREATE INDEX offers_volunteer ON offers (volunteer_id, status);
CREATE INDEX offers_volunteer_created ON offers (volunteer_id, created_at);
-- Offers left waiting on needs that filled or closed before now end too.
UPDATE offers SET status = 'not_needed'
    WHERE status = 'pending'
    AND need_id IN (SELECT id FROM needs WHERE status IN ('filled', 'done', 'cancelled', 'expired'));
COMMIT;
PRAGMA foreign_keys = ON;
