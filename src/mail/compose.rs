//! Mail written when it is sent rather than when it is queued.
//!
//! Notifications queue a row that says only what it is about
//! (`notification:ID`, `conversation:OFFER_ID`); the sender asks the
//! [`Composer`] the app gave it to write the message at the moment of
//! sending. So a batch of messages lists everything that arrived while it
//! waited, and a notification that no longer stands (its need was hidden,
//! its notice replaced by a later one) sends nothing.

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::kernel::identity::UserId;

/// What the site is, for writing mail.
#[derive(Clone, Debug)]
pub struct SiteInfo {
    /// Its name.
    pub name: String,
    /// Its address, without a trailing slash.
    pub base_url: String,
    /// The domain mail comes from, where reply addresses live.
    pub mail_domain: String,
}

/// A queued row waiting to be written.
#[derive(Clone, Debug)]
pub struct Pending {
    /// The member it is for.
    pub to_user: UserId,
    /// What kind of message.
    pub purpose: String,
    /// What it is about.
    pub about: String,
    /// For a batch: since when.
    pub since: Timestamp,
}

/// A message written.
#[derive(Clone, Debug)]
pub struct Composed {
    /// Subject.
    pub subject: String,
    /// Plain text.
    pub text: String,
    /// HTML.
    pub html: String,
    /// The one-click unsubscribe link.
    pub unsubscribe_url: Option<String>,
    /// Where an answer goes (`reply+CODE@`), when a reply is posted into a
    /// conversation.
    pub reply_to: Option<String>,
}

/// Writes pending mail.
pub trait Composer: Send + Sync {
    /// The message for `pending`, or `None` when there is nothing left to
    /// say (then the row goes, unsent).
    fn compose(
        &self,
        conn: &mut DbConnection,
        pending: &Pending,
        site: &SiteInfo,
    ) -> Result<Option<Composed>, AppError>;
}
