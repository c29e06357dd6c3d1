//! E-mail: how Kith reaches neighbours who are not looking at the site.
//!
//! Every message starts as a [`Letter`], queued with [`queue`] in the same
//! transaction as the event that causes it (an offer, a request to reset a
//! password), so a crash can neither lose it nor send one for an event that
//! rolled back. The sender ([`sender`]) takes due rows one by one under
//! a lease, hands them to the SMTP server or the outbox folder
//! ([`transport`]), retries what failed for a passing reason with growing
//! pauses, and gives up at once on a permanent refusal. Admins see how
//! delivery goes at `/admin/mail` ([`health`]).

pub mod compose;
pub mod db;
pub mod envelope;
pub mod health;
pub mod inbound;
pub mod letter;
pub mod receive;
pub mod sender;
pub mod transport;

pub use letter::{Body, Letter, Link};
pub use sender::Mailer;

use actix_web::web;

use crate::clock::Timestamp;
use crate::db::DbConnection;

/// Queues `letter`, in the caller's transaction.
pub fn queue(conn: &mut DbConnection, letter: &Letter, now: Timestamp) -> diesel::QueryResult<()> {
    db::insert(conn, letter, now)
}

/// Registers the mail routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/mail", web::get().to(health::show));
}
