//! Needs and what happens on them: offers, their conversations, thank-you
//! notes, and the notifications they cause.

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
        /// Whether the day-before reminder went out.
        reminded -> Bool,
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
    /// The address a member answers a conversation at by mail
    /// (`reply+CODE@`), one per member and offer.
    reply_addresses (code) {
        /// Random, lowercase letters and digits.
        code -> Text,
        /// The member who answers through it.
        user_id -> BigInt,
        /// The offer whose conversation it answers.
        offer_id -> BigInt,
        /// Unix seconds.
        created_at -> BigInt,
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
