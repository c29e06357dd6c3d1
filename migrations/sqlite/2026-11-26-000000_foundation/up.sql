-- Foundation: members, sessions, first-admin setup and site settings.
-- Times are Unix seconds (UTC) in BIGINT columns on both backends.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'moderator', 'admin')),
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_user_id ON sessions (user_id);

CREATE TABLE trusted_devices (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX trusted_devices_user_id ON trusted_devices (user_id);

CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE site_settings (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    rules TEXT NOT NULL
);

INSERT INTO site_settings (id, name, description, rules) VALUES (
    1,
    'Kith',
    'A mutual-aid board for the people of our neighbourhood. Everyone needs someone''s help sometimes: ask for a hand, or give an hour to a neighbour.',
    'Be kind and assume good intent.
Ask only for help you really need, and say clearly what it involves.
Never post anyone''s exact address, phone number or door code in public; use the private details, which only accepted helpers see.
No selling, advertising or asking for money.
Meet in a public place first if either of you would feel safer.
Report anything that seems unsafe, and let the moderators handle it.'
);
