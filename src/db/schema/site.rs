//! The site itself: its settings, the steps of setting it up, and the
//! categories of need.

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
        /// Whether the public moderation log names the members actions were about.
        public_log_names -> Bool,
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
        /// The one for whatever fits no other ("Other"): new ones go before it.
        catch_all -> Bool,
    }
}

diesel::table! {
    /// The steps of setting up the board an admin has taken, one row each.
    setup_steps (step) {
        /// `name`, `rules` or `joining`.
        step -> Text,
    }
}
