//! Mail waiting to go and mail that went.

diesel::table! {
    /// One message: queued, sent, or failed for good.
    outbox (id) {
        /// Id.
        id -> BigInt,
        /// The member it is for, if it is for a member.
        to_user -> Nullable<BigInt>,
        /// The address it goes to.
        to_address -> Text,
        /// What kind of message.
        purpose -> Text,
        /// Subject line.
        subject -> Text,
        /// Plain-text body (emptied once finished).
        text_body -> Text,
        /// HTML body (emptied once finished).
        html_body -> Text,
        /// One-click unsubscribe link, or empty.
        unsubscribe_url -> Text,
        /// Sent by Kith on its own.
        automatic -> Bool,
        /// `Message-ID`, without the angle brackets.
        message_id -> Text,
        /// When it was queued.
        created_at -> BigInt,
        /// Not before this moment.
        due_at -> BigInt,
        /// Tries so far.
        attempts -> Integer,
        /// `queued`, `sent` or `failed`.
        state -> Text,
        /// The sender holding it.
        claimed_by -> Nullable<Text>,
        /// Until when.
        lease_until -> Nullable<BigInt>,
        /// When it was sent or given up on.
        finished_at -> Nullable<BigInt>,
        /// The server's last answer.
        last_answer -> Text,
        /// What mail composed at sending is about, or empty.
        about -> Text,
        /// For a batch of messages: since when.
        since -> BigInt,
    }
}

diesel::table! {
    /// What each member chooses about mail, per topic.
    mail_settings (user_id) {
        /// The member.
        user_id -> BigInt,
        /// Offers of help on my needs.
        offers -> Text,
        /// Answers to my offers.
        answers -> Text,
        /// Changes to needs I help with.
        changes -> Text,
        /// Messages.
        messages -> Text,
        /// Thank-you notes.
        thanks -> Text,
        /// Reminders and "still needed?".
        reminders -> Text,
        /// Moderators' decisions about me.
        account -> Text,
        /// New needs on the board.
        new_needs -> Text,
        /// For moderators: what waits for them.
        staff -> Text,
        /// The digest's hour, local.
        digest_hour -> Integer,
        /// Categories of new needs, comma-separated ids.
        categories -> Text,
        /// Up to when the last digest reported.
        digest_through -> BigInt,
    }
}

diesel::table! {
    /// The site's own keys.
    site_keys (name) {
        /// What the key is for.
        name -> Text,
        /// The key, base64url.
        value -> Text,
    }
}
