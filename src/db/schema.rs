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
        /// For how many days after joining a member counts as new.
        new_member_days -> Integer,
        /// Needs a new member may post in a day.
        new_member_needs_per_day -> Integer,
        /// Offers a new member may make in a day.
        new_member_offers_per_day -> Integer,
        /// Needs anyone may post in a day.
        needs_per_day -> Integer,
        /// `open`, `approval` or `invite`.
        registration_mode -> Text,
        /// What applicants are asked, in approval mode.
        registration_question -> Text,
        /// Whether members (not only admins) may make invite codes.
        members_may_invite -> Bool,
        /// Whether visitors may see the board (titles, categories, dates).
        board_public -> Bool,
    }
}

diesel::table! {
    /// Kinds of need; the admin manages the list.
    categories (id) {
        /// Id.
        id -> BigInt,
        /// Shown name.
        name -> Text,
        /// Order in lists.
        position -> Integer,
        /// Retired categories stay on old needs but are offered no more.
        retired -> Bool,
    }
}

diesel::table! {
    /// Something a neighbour needs help with.
    needs (id) {
        /// Id.
        id -> BigInt,
        /// Who asked.
        author_id -> BigInt,
        /// Short title.
        title -> Text,
        /// Plain-text details.
        details -> Text,
        /// Category.
        category_id -> BigInt,
        /// `date`, `window` or `flexible`.
        when_kind -> Text,
        /// `YYYY-MM-DD`, unless flexible.
        need_date -> Nullable<Text>,
        /// `HH:MM`, for a window.
        start_time -> Nullable<Text>,
        /// `HH:MM`, for a window.
        end_time -> Nullable<Text>,
        /// The date the board sorts by (`9999-12-31` when flexible).
        sort_date -> Text,
        /// A rough place: a street or landmark.
        place -> Text,
        /// Helpers wanted, 1 to 10.
        helpers_wanted -> Integer,
        /// Volunteers accepted so far.
        accepted_count -> Integer,
        /// `normal` or `urgent`.
        urgency -> Text,
        /// Seen by the author and accepted volunteers only.
        private_details -> Text,
        /// `open`, `filled`, `done`, `cancelled` or `expired`.
        status -> Text,
        /// The author's note to volunteers when cancelling.
        cancel_note -> Nullable<Text>,
        /// `helped`, `not_needed` or `not_arranged`, once done.
        outcome -> Nullable<Text>,
        /// Unix seconds.
        created_at -> BigInt,
        /// Unix seconds.
        updated_at -> BigInt,
        /// Unix seconds when it was done, cancelled or expired.
        closed_at -> Nullable<BigInt>,
        /// `moderator` or `ban` when hidden from everyone but its author.
        hidden -> Nullable<Text>,
        /// Why it was hidden.
        hidden_reason -> Text,
    }
}

diesel::table! {
    /// A member's offer to help with a need.
    offers (id) {
        /// Id.
        id -> BigInt,
        /// The need.
        need_id -> BigInt,
        /// Who offers.
        volunteer_id -> BigInt,
        /// Their message to the author.
        message -> Text,
        /// `pending`, `accepted`, `declined` or `withdrawn`.
        status -> Text,
        /// Unix seconds.
        created_at -> BigInt,
        /// Unix seconds.
        updated_at -> BigInt,
    }
}

diesel::table! {
    /// A private message between a need's author and one volunteer.
    messages (id) {
        /// Id.
        id -> BigInt,
        /// The offer whose conversation this is.
        offer_id -> BigInt,
        /// Who wrote it.
        author_id -> BigInt,
        /// Plain text.
        body -> Text,
        /// Unix seconds.
        created_at -> BigInt,
        /// Why a moderator hid it, if they did.
        hidden_reason -> Nullable<Text>,
    }
}

diesel::table! {
    /// A thank-you note from a need's author to a volunteer.
    thanks (id) {
        /// Id.
        id -> BigInt,
        /// The need.
        need_id -> BigInt,
        /// Who is thanked.
        volunteer_id -> BigInt,
        /// Who thanks.
        author_id -> BigInt,
        /// The note.
        note -> Text,
        /// Whether the volunteer shows it on their profile.
        shown -> Bool,
        /// Unix seconds.
        created_at -> BigInt,
    }
}

diesel::table! {
    /// Something that happened that a member should hear about.
    notifications (id) {
        /// Id.
        id -> BigInt,
        /// Who is told.
        user_id -> BigInt,
        /// What happened.
        kind -> Text,
        /// The need concerned.
        need_id -> Nullable<BigInt>,
        /// The offer concerned.
        offer_id -> Nullable<BigInt>,
        /// Who did it.
        actor_id -> Nullable<BigInt>,
        /// Unix seconds.
        created_at -> BigInt,
        /// Unix seconds, once seen.
        read_at -> Nullable<BigInt>,
        /// The moderation log entry it tells about.
        log_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    /// Every moderator and admin action; the database refuses to change or
    /// delete a row.
    moderation_log (id) {
        /// Id.
        id -> BigInt,
        /// Who acted.
        actor_id -> BigInt,
        /// What was done (a stable word).
        action -> Text,
        /// What kind of thing it was done to.
        target_kind -> Text,
        /// Which one.
        target_id -> Nullable<BigInt>,
        /// What was done, in words fit for the public log.
        summary -> Text,
        /// Why.
        reason -> Text,
        /// Unix seconds.
        created_at -> BigInt,
        /// The member the action was about, if any.
        subject_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    /// Whom each member has blocked.
    blocks (blocker_id, blocked_id) {
        /// Who blocked.
        blocker_id -> BigInt,
        /// Who is blocked.
        blocked_id -> BigInt,
        /// Unix seconds.
        created_at -> BigInt,
    }
}

diesel::table! {
    /// Members' reports of needs, messages and members.
    reports (id) {
        /// Id.
        id -> BigInt,
        /// Who reported.
        reporter_id -> BigInt,
        /// `need`, `message` or `member`.
        target_kind -> Text,
        /// Which one.
        target_id -> BigInt,
        /// `spam`, `scam`, `unsafe`, `harassment` or `other`.
        reason -> Text,
        /// The reporter's note.
        note -> Text,
        /// The reported text as it was.
        snapshot -> Text,
        /// `open`, `dismissed` or `actioned`.
        status -> Text,
        /// Unix seconds.
        created_at -> BigInt,
        /// Unix seconds.
        resolved_at -> Nullable<BigInt>,
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
    /// Members' appeals against moderation actions.
    appeals (id) {
        /// Id.
        id -> BigInt,
        /// The moderation log entry appealed.
        log_id -> BigInt,
        /// Who appeals.
        appellant_id -> BigInt,
        /// Their message.
        message -> Text,
        /// `pending`, `upheld` or `overturned`.
        status -> Text,
        /// The moderator who decided.
        decided_by -> Nullable<BigInt>,
        /// Why.
        decision_reason -> Text,
        /// Unix seconds.
        created_at -> BigInt,
        /// Unix seconds.
        decided_at -> Nullable<BigInt>,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(trusted_devices -> users (user_id));
diesel::joinable!(needs -> categories (category_id));
diesel::joinable!(needs -> users (author_id));
diesel::joinable!(offers -> needs (need_id));
diesel::joinable!(offers -> users (volunteer_id));
diesel::joinable!(messages -> offers (offer_id));
diesel::joinable!(notifications -> needs (need_id));
diesel::allow_tables_to_appear_in_same_query!(
    users,
    sessions,
    trusted_devices,
    setup_tokens,
    site_settings,
    categories,
    needs,
    offers,
    messages,
    thanks,
    notifications,
    moderation_log,
    blocks,
    reports,
    invites,
    appeals,
);
