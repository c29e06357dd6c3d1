//! What an admin sets on the site itself (its name, rules, how people
//! join, posting limits), as opposed to the flags the operator starts it
//! with; and the cache that pages read them from without a query. The
//! `site` feature reads and writes them in the database; every layer
//! above this one (the page frame included) may read them.

use std::sync::Arc;

/// What the admin says about the board.
#[derive(Clone, Debug)]
pub struct SiteSettings {
    /// The board's name.
    pub name: String,
    /// What the board is, for the landing page.
    pub description: String,
    /// The rules, in order.
    pub rules: Vec<String>,
    /// Limits on posting.
    pub limits: PostingLimits,
    /// How people join, and what visitors see.
    pub joining: Joining,
    /// Whether the public moderation log names the members actions were
    /// about (off unless the admin ticks it: a neighbourhood is small).
    pub public_log_names: bool,
}

/// How new people join.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistrationMode {
    /// Anyone may sign up and take part at once.
    Open,
    /// Applicants answer a question and wait for a moderator.
    Approval,
    /// Sign-up needs an invite code.
    Invite,
}

impl RegistrationMode {
    /// Every mode, in the order the admin page offers them.
    pub const ALL: [Self; 3] = [Self::Open, Self::Approval, Self::Invite];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Approval => "approval",
            Self::Invite => "invite",
        }
    }

    /// Reads a stored or submitted word.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == word)
    }

    /// How the admin page describes it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Open => "Open: anyone may sign up and take part at once.",
            Self::Approval => {
                "Approval: applicants answer your question and wait until a moderator approves them."
            }
            Self::Invite => "Invite: signing up needs an invite code from a member or an admin.",
        }
    }
}

/// The registration gate and the board's visibility to visitors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Joining {
    /// How people join.
    pub mode: RegistrationMode,
    /// What applicants are asked in approval mode.
    pub question: String,
    /// Whether members, not only admins, may make invite codes.
    pub members_may_invite: bool,
    /// Whether visitors see the board (titles, categories and dates only).
    pub board_public: bool,
}

/// How much members may post in a day; new members less.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PostingLimits {
    /// For how many days after joining a member counts as new.
    pub new_member_days: i32,
    /// Needs a new member may post in 24 hours.
    pub new_member_needs_per_day: i32,
    /// Offers a new member may make in 24 hours.
    pub new_member_offers_per_day: i32,
    /// Needs anyone may post in 24 hours.
    pub needs_per_day: i32,
}

impl Default for PostingLimits {
    fn default() -> Self {
        Self {
            new_member_days: 7,
            new_member_needs_per_day: 3,
            new_member_offers_per_day: 10,
            needs_per_day: 10,
        }
    }
}

/// The settings as last loaded; pages read them without a query.
#[derive(Debug)]
pub struct SettingsCache(crate::db::changes::Cached<SiteSettings>);

impl SettingsCache {
    /// Holds `settings`, as read from `db` just now.
    pub fn new(settings: SiteSettings, db: &crate::db::Db) -> Self {
        Self(crate::db::changes::Cached::new(
            settings,
            db.generation_counter(),
        ))
    }

    /// The settings now.
    pub fn current(&self) -> Arc<SiteSettings> {
        self.0.current()
    }

    /// Replaces the settings (after an admin changed them).
    pub fn replace(&self, settings: SiteSettings) {
        self.0.replace(settings);
    }

    /// See [`crate::db::changes::Cached::before_reading`].
    pub fn before_reading(&self) -> u64 {
        self.0.before_reading()
    }

    /// See [`crate::db::changes::Cached::reloaded`].
    pub fn reloaded(&self, settings: SiteSettings, seen: u64) {
        self.0.reloaded(settings, seen);
    }
}
