-- The address a member's mail program answers a conversation at:
-- reply+CODE@ the mail domain. One per member and conversation (offer),
-- made the first time Kith mails them about it. The code is random and
-- lowercase (mail servers may lowercase local parts); no id is in it.
CREATE TABLE reply_addresses (
    code TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    offer_id BIGINT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, offer_id)
);
