//! Notifications by e-mail: queued in the transaction of the notice, as a
//! row the sender writes at the moment of sending ([`compose`]), for the
//! members who chose to hear of that topic at once; the rest wait for the
//! digest ([`digest`]) or stay in the app. Every message carries a
//! one-click unsubscribe from its topic ([`unsubscribe`]); members choose
//! at `/account/notifications` ([`settings`]).

pub mod compose;
pub mod digest;
pub mod settings;
pub mod unsubscribe;

use super::db::mailing::recipient;
use super::db::settings as stored;
use super::topics::{Choice, Topic};
use super::{Kind, Notice};
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::kernel::identity::{Role, UserId};
use crate::kernel::ids::NotificationId;
use crate::mail::db as outbox;

/// At most one e-mail per conversation in this many seconds; what arrives
/// meanwhile is listed in the next.
pub const MESSAGE_BATCH_SECONDS: i64 = 15 * 60;

/// Queues mail for notification `id` if its member wants this topic at
/// once, in the caller's transaction.
pub fn queue_at_once(
    conn: &mut DbConnection,
    notice: &Notice,
    id: NotificationId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let topic = Topic::of(notice.kind);
    let Some(address) = wants_now(conn, notice.to, topic)? else {
        return Ok(());
    };
    match (notice.kind, notice.offer) {
        (Kind::NewMessage, Some(offer)) => {
            let about = format!("conversation:{offer}");
            if outbox::waiting_about(conn, notice.to, &about)? {
                // The mail already waiting will list this one too.
                return Ok(());
            }
            let last = outbox::last_about(conn, notice.to, &about)?;
            let due = last.map_or(now, |t| t.plus(MESSAGE_BATCH_SECONDS).max(now));
            let since = last.unwrap_or(now.minus(1));
            outbox::insert_pending(
                conn,
                (notice.to, &address),
                notice.kind.as_str(),
                &about,
                since,
                now,
                due,
            )
        }
        _ => queue_notification(conn, notice.to, &address, notice.kind, id, now),
    }
}

/// Queues mail for a notification about a moderation entry, if wanted.
pub fn queue_entry_at_once(
    conn: &mut DbConnection,
    to: UserId,
    kind: Kind,
    id: NotificationId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    match wants_now(conn, to, Topic::of(kind))? {
        Some(address) => queue_notification(conn, to, &address, kind, id, now),
        None => Ok(()),
    }
}

fn queue_notification(
    conn: &mut DbConnection,
    to: UserId,
    address: &str,
    kind: Kind,
    id: NotificationId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    outbox::insert_pending(
        conn,
        (to, address),
        kind.as_str(),
        &format!("notification:{id}"),
        Timestamp(0),
        now,
        now,
    )
}

/// The address to mail `user` at if they want `topic` at once (a
/// confirmed address; staff topics only for staff).
fn wants_now(
    conn: &mut DbConnection,
    user: UserId,
    topic: Topic,
) -> diesel::QueryResult<Option<String>> {
    let Some(person) = recipient(conn, user)? else {
        return Ok(None);
    };
    if !person.email_confirmed || (topic.staff_only() && person.role == Role::Member) {
        return Ok(None);
    }
    let choice = stored::load(conn, user)?.choice(topic);
    Ok((choice == Choice::Now).then_some(person.email))
}
