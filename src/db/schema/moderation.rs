//! Keeping the board safe: the moderation log, blocks, reports and appeals.

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
        /// What the public log says when it names nobody; empty when the
        /// action's own words say it.
        public_summary -> Text,
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
