//! The tables, in column types both backends share.
//!
//! Written by hand rather than printed by the diesel CLI: the two backends
//! spell their types differently, and this file names the neutral type each
//! column is read and written as (ids and times are `BigInt`).

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
    /// The single row of settings the admin controls.
    site_settings (id) {
        /// Always 1.
        id -> BigInt,
        /// The board's name.
        name -> Text,
        /// What this neighbourhood board is.
        description -> Text,
        /// The rules, one per line.
        rules -> Text,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(trusted_devices -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(
    users,
    sessions,
    trusted_devices,
    setup_tokens,
    site_settings
);
