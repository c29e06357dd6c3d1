-- Needs, offers of help, conversations, thanks and notifications.
-- Dates are 'YYYY-MM-DD' text and times 'HH:MM' text in the board's time
-- zone; both sort correctly as text.

ALTER TABLE users ADD COLUMN about TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN area TEXT NOT NULL DEFAULT '';

CREATE TABLE categories (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    retired BOOLEAN NOT NULL DEFAULT FALSE
);

INSERT INTO categories (name, position) VALUES
    ('Errands & shopping', 1),
    ('Lifts & transport', 2),
    ('Household & repairs', 3),
    ('Garden', 4),
    ('Pets', 5),
    ('Children', 6),
    ('Company & check-ins', 7),
    ('Tech help', 8),
    ('Other', 9);

CREATE TABLE needs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    details TEXT NOT NULL,
    category_id BIGINT NOT NULL REFERENCES categories (id),
    when_kind TEXT NOT NULL CHECK (when_kind IN ('date', 'window', 'flexible')),
    need_date TEXT,
    start_time TEXT,
    end_time TEXT,
    -- The date the board sorts by: the need's date, or '9999-12-31' when flexible.
    sort_date TEXT NOT NULL,
    place TEXT NOT NULL,
    helpers_wanted INTEGER NOT NULL CHECK (helpers_wanted BETWEEN 1 AND 10),
    accepted_count INTEGER NOT NULL DEFAULT 0,
    urgency TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent')),
    private_details TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'filled', 'done', 'cancelled', 'expired')),
    cancel_note TEXT,
    outcome TEXT CHECK (outcome IN ('helped', 'not_needed', 'not_arranged')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT,
    CHECK (accepted_count >= 0 AND accepted_count <= helpers_wanted)
);
CREATE INDEX needs_board_soonest ON needs (status, sort_date, id);
CREATE INDEX needs_board_newest ON needs (status, id);
CREATE INDEX needs_category ON needs (category_id, status, sort_date, id);
CREATE INDEX needs_author ON needs (author_id, id);

ALTER TABLE needs ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', details), 'B')
) STORED;
CREATE INDEX needs_search ON needs USING GIN (search);

CREATE TABLE offers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    need_id BIGINT NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    volunteer_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (need_id, volunteer_id)
);
CREATE INDEX offers_volunteer ON offers (volunteer_id, status);

CREATE TABLE messages (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    offer_id BIGINT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX messages_offer ON messages (offer_id, id);

CREATE TABLE thanks (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    need_id BIGINT NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    volunteer_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    shown BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    UNIQUE (need_id, volunteer_id)
);
CREATE INDEX thanks_volunteer ON thanks (volunteer_id, id);

CREATE TABLE notifications (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    need_id BIGINT REFERENCES needs (id) ON DELETE CASCADE,
    offer_id BIGINT REFERENCES offers (id) ON DELETE CASCADE,
    actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
