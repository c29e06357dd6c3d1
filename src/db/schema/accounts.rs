//! Members and how they get in: accounts, their sessions and trusted
//! browsers, the first-admin links, and invite codes.

diesel::table! {
    /// Everyone with an account.
    users (id) {
        /// Account id.
        id -> BigInt,
        /// Normalised (trimmed, lower-case) e-mail address.
        email -> Text,
        /// The name neighbours see.
        display_name -> Text,
        /// argon2id PHC string.
        password_hash -> Text,
        /// `member`, `moderator` or `admin`.
        role -> Text,
        /// Unix seconds.
        created_at -> BigInt,
        /// A few words about themselves, shown on their profile.
        about -> Text,
        /// The part of the neighbourhood they live in, if they say.
        area -> Text,
        /// `pending`, `active`, `rejected` or `banned`.
        standing -> Text,
        /// Why an application was rejected or the member banned.
        standing_reason -> Text,
        /// Read-only until then (Unix seconds), if suspended.
        suspended_until -> Nullable<BigInt>,
        /// Why they were suspended.
        suspension_reason -> Text,
        /// A warning they have not acknowledged yet.
        warning -> Nullable<Text>,
        /// Their answer to the registration question.
        application -> Text,
        /// Who invited them.
        invited_by -> Nullable<BigInt>,
        /// The invite code they joined with.
        invite_id -> Nullable<BigInt>,
        /// Needs closed as helped on which they were an accepted volunteer.
        helped_count -> BigInt,
        /// Their own needs closed as helped, with a volunteer accepted.
        was_helped_count -> BigInt,
        /// Whether the address was confirmed by the link mailed at sign-up.
        email_confirmed -> Bool,
        /// Whether mail to their address is being refused.
        mail_failing -> Bool,
        /// Whether the people whose help they accept, and those who accept
        /// theirs, may see their e-mail address (off unless they choose it).
        share_email -> Bool,
    }
}

diesel::table! {
    /// Server-side log-in sessions; the cookie holds the token, this only its hash.
    sessions (token_hash) {
        /// SHA-256 of the session token, hex.
        token_hash -> Text,
        /// Whose session this is.
        user_id -> BigInt,
        /// The CSRF token forms of this session must carry.
        csrf_token -> Text,
        /// Unix seconds.
        created_at -> BigInt,
        /// Unix seconds of the last request, updated at most every few minutes.
        last_seen_at -> BigInt,
    }
}

diesel::table! {
    /// Browsers that have logged in to an account before (device cookies).
    trusted_devices (token_hash) {
        /// SHA-256 of the device token, hex.
        token_hash -> Text,
        /// The account this browser logged in to.
        user_id -> BigInt,
        /// Unix seconds.
        created_at -> BigInt,
    }
}

diesel::table! {
    /// One-time links that create the first admin.
    setup_tokens (token_hash) {
        /// SHA-256 of the token, hex.
        token_hash -> Text,
        /// Unix seconds.
        created_at -> BigInt,
        /// Unix seconds.
        expires_at -> BigInt,
        /// Unix seconds; set once, when the link is used.
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    /// Invite codes, for sign-up in invite mode.
    invites (id) {
        /// Id.
        id -> BigInt,
        /// The code itself.
        code -> Text,
        /// Who made it.
        created_by -> BigInt,
        /// How many may join with it.
        max_uses -> Integer,
        /// How many have.
        uses -> Integer,
        /// Unix seconds.
        expires_at -> BigInt,
        /// Unix seconds, once revoked.
        revoked_at -> Nullable<BigInt>,
        /// Unix seconds.
        created_at -> BigInt,
    }
}

diesel::table! {
    /// One-time links sent by mail.
    account_links (token_hash) {
        /// SHA-256 of the token, hex.
        token_hash -> Text,
        /// Whom it is for.
        user_id -> BigInt,
        /// `confirm`, `reset` or `new_email`.
        purpose -> Text,
        /// The address to confirm, for `new_email`.
        new_email -> Text,
        /// When it was made.
        created_at -> BigInt,
        /// Until when it works.
        expires_at -> BigInt,
        /// When it was used.
        used_at -> Nullable<BigInt>,
    }
}
