//! Token buckets keyed by what is being limited (an address, an account, a
//! browser). On SQLite, where one process serves the database, they live in
//! that process's memory ([`RateLimiter`]); on PostgreSQL every process
//! shares one set, kept in an unlogged table and updated in one statement
//! ([`Limiter`]), so running several processes never multiplies a limit.
//!
//! This module holds the quotas and what a member who reached one is told;
//! `memory` the in-process table, `shared` the PostgreSQL statements, and
//! `limiter` the [`Limiter`] that picks between them.

mod limiter;
mod memory;
mod shared;

pub use limiter::{Limiter, SWEEP_EVERY, sweep_forever};
pub use memory::RateLimiter;

/// How many attempts may come at once, and how fast they come back.
#[derive(Clone, Copy, Debug)]
pub struct Quota {
    /// What is limited, for the metrics (`login_per_address`).
    pub name: &'static str,
    /// Attempts available at once.
    pub burst: u32,
    /// Seconds for one attempt to come back.
    pub refill_seconds: u32,
}

/// Log-ins per client address (attempts that succeed are given back).
pub const LOGIN_PER_ADDRESS: Quota = Quota {
    name: "login_per_address",
    burst: 30,
    refill_seconds: 20,
};
/// Failed log-ins per account and client address, from browsers that
/// never logged in to the account.
pub const LOGIN_PER_ACCOUNT_AND_ADDRESS: Quota = Quota {
    name: "login_per_account_and_address",
    burst: 10,
    refill_seconds: 180,
};
/// Failed log-ins per account from all addresses together, from browsers
/// that never logged in to it.
pub const LOGIN_PER_ACCOUNT: Quota = Quota {
    name: "login_per_account",
    burst: 50,
    refill_seconds: 120,
};
/// Failed log-ins per account from one browser that logged in to it before.
pub const LOGIN_PER_DEVICE: Quota = Quota {
    name: "login_per_device",
    burst: 10,
    refill_seconds: 180,
};
/// Requests for a password reset link per client address.
pub const RESET_PER_ADDRESS: Quota = Quota {
    name: "reset_per_address",
    burst: 10,
    refill_seconds: 360,
};
/// Requests for a password reset link per address asked about: a few
/// tries, then one an hour, so nobody's inbox can be flooded from Kith.
pub const RESET_PER_ACCOUNT: Quota = Quota {
    name: "reset_per_account",
    burst: 3,
    refill_seconds: 3600,
};
/// Confirmation links sent again per account.
pub const CONFIRM_RESEND_PER_ACCOUNT: Quota = Quota {
    name: "confirm_resend_per_account",
    burst: 3,
    refill_seconds: 1200,
};
/// Requests to change the e-mail address per account: each mails a link
/// to an address the member typed, so a few, then one every 20 minutes.
pub const EMAIL_CHANGE_PER_ACCOUNT: Quota = Quota {
    name: "email_change_per_account",
    burst: 3,
    refill_seconds: 1200,
};
/// Unsubscribe requests from links in mail per client address (they need
/// no session, so nothing else limits them).
pub const MAIL_LINKS_PER_ADDRESS: Quota = Quota {
    name: "mail_links_per_address",
    burst: 30,
    refill_seconds: 2,
};
/// Sign-ups per client address.
pub const SIGNUP_PER_ADDRESS: Quota = Quota {
    name: "signup_per_address",
    burst: 10,
    refill_seconds: 360,
};
/// Wrong current passwords per account when changing it (or the e-mail
/// address, which needs it too).
pub const PASSWORD_CHANGE_PER_ACCOUNT: Quota = Quota {
    name: "password_change_per_account",
    burst: 5,
    refill_seconds: 180,
};
/// Password changes and requests to change the e-mail address per client
/// address.
pub const PASSWORD_CHANGE_PER_ADDRESS: Quota = Quota {
    name: "password_change_per_address",
    burst: 20,
    refill_seconds: 60,
};
/// Links mailed to one mailbox for an account not yet confirmed there
/// (sign-up confirmations, sent again or not, and a new address's
/// confirmation), per recipient as [`crate::accounts::forms::Email`]
/// normalises it: the sign-up link and three sent again at once, then
/// three a day, however many accounts ask.
pub const LINK_MAIL_PER_RECIPIENT: Quota = Quota {
    name: "link_mail_per_recipient",
    burst: 4,
    refill_seconds: 8 * 3600,
};
/// New addresses asked for by an account whose address is not confirmed
/// yet: one per link lifetime (two days), so a throw-away account cannot
/// send link after link to strangers.
pub const NEW_ADDRESS_WHILE_UNCONFIRMED: Quota = Quota {
    name: "new_address_while_unconfirmed",
    burst: 1,
    refill_seconds: 48 * 3600,
};
/// First-admin setup attempts per client address.
pub const SETUP_PER_ADDRESS: Quota = Quota {
    name: "setup_per_address",
    burst: 10,
    refill_seconds: 60,
};

/// Messages in conversations per account.
pub const MESSAGES_PER_ACCOUNT: Quota = Quota {
    name: "messages_per_account",
    burst: 30,
    refill_seconds: 20,
};
/// Offers, withdrawals and renewed offers per account.
pub const OFFERS_PER_ACCOUNT: Quota = Quota {
    name: "offers_per_account",
    burst: 20,
    refill_seconds: 180,
};
/// Reports per account.
pub const REPORTS_PER_ACCOUNT: Quota = Quota {
    name: "reports_per_account",
    burst: 10,
    refill_seconds: 600,
};
/// Blocks and unblocks per account.
pub const BLOCKS_PER_ACCOUNT: Quota = Quota {
    name: "blocks_per_account",
    burst: 10,
    refill_seconds: 600,
};
/// Changes to one's name and profile per account.
pub const PROFILE_EDITS_PER_ACCOUNT: Quota = Quota {
    name: "profile_edits_per_account",
    burst: 10,
    refill_seconds: 600,
};
/// Edits, renewals, cancellations and closings of needs per account.
pub const NEED_EDITS_PER_ACCOUNT: Quota = Quota {
    name: "need_edits_per_account",
    burst: 20,
    refill_seconds: 180,
};
/// Every form a member sends, whatever it does (moderators and admins
/// excepted): the ceiling for writes no narrower limit names.
pub const WRITES_PER_ACCOUNT: Quota = Quota {
    name: "writes_per_account",
    burst: 120,
    refill_seconds: 5,
};

/// What a member who reached a write limit is told: what they did too
/// often, and how long to wait. What they typed is kept.
pub fn too_often(quota: Quota, wait: u64) -> String {
    let what = match quota.name {
        "messages_per_account" => "sent a lot of messages",
        "offers_per_account" => "offered and withdrawn help a lot",
        "reports_per_account" => "sent a lot of reports",
        "blocks_per_account" => "blocked and unblocked a lot",
        "profile_edits_per_account" => "changed your name or profile a lot",
        "need_edits_per_account" => "changed your needs a lot",
        "email_change_per_account" => "asked to change your email address a lot",
        _ => "sent a lot of forms",
    };
    format!(
        "You have {what} in a short time. Please wait {} and try again.",
        crate::kernel::words::format_wait(wait)
    )
}
