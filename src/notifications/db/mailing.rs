//! What notification mail reads: who it goes to, and the messages a batch
//! lists.

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{blocks, messages, needs, offers, users};
use crate::kernel::identity::{Role, UserId};
use crate::kernel::ids::{CategoryId, NeedId, OfferId};
use crate::needs::lifecycle::NeedStatus;
use crate::policy::seeing::on_the_board;

/// Whom notification mail goes to.
#[derive(Clone, Debug, Queryable)]
pub struct Recipient {
    /// Their address.
    pub email: String,
    /// Their name.
    pub display_name: String,
    /// Their role (staff topics are for moderators and admins).
    pub role: Role,
    /// Whether their address is confirmed (unconfirmed addresses get only
    /// the account's own mail).
    pub email_confirmed: bool,
}

/// The member `user`, as mail needs them.
pub fn recipient(conn: &mut DbConnection, user: UserId) -> QueryResult<Option<Recipient>> {
    users::table
        .find(user)
        .select((
            users::email,
            users::display_name,
            users::role,
            users::email_confirmed,
        ))
        .first(conn)
        .optional()
}

/// A conversation's messages that a batch lists.
#[derive(Clone, Debug)]
pub struct Batch {
    /// The need it is about.
    pub need: NeedId,
    /// The need's title.
    pub title: String,
    /// (who wrote it, what they wrote), oldest first.
    pub messages: Vec<(String, String)>,
}

/// The messages in offer `offer`'s conversation written to `user` (by the
/// other one of the two) after `since`, not hidden; `None` if `user` is
/// not in that conversation.
pub fn messages_since(
    conn: &mut DbConnection,
    user: UserId,
    offer: OfferId,
    since: Timestamp,
) -> QueryResult<Option<Batch>> {
    let found: Option<(NeedId, String, UserId, UserId)> = offers::table
        .inner_join(needs::table)
        .filter(offers::id.eq(offer))
        .select((
            needs::id,
            needs::title,
            needs::author_id,
            offers::volunteer_id,
        ))
        .first(conn)
        .optional()?;
    let Some((need, title, author, volunteer)) = found else {
        return Ok(None);
    };
    if user != author && user != volunteer {
        return Ok(None);
    }
    let messages = messages::table
        .inner_join(users::table.on(users::id.eq(messages::author_id)))
        .filter(messages::offer_id.eq(offer))
        .filter(messages::author_id.ne(user))
        .filter(messages::created_at.gt(since))
        .filter(messages::hidden_reason.is_null())
        .order(messages::id)
        .limit(50)
        .select((users::display_name, messages::body))
        .load(conn)?;
    Ok(Some(Batch {
        need,
        title,
        messages,
    }))
}

/// A member's notifications made from `since` up to (not including)
/// `until`, still theirs to see, oldest first (at most 100).
pub fn notices_between(
    conn: &mut DbConnection,
    user: UserId,
    since: Timestamp,
    until: Timestamp,
) -> QueryResult<Vec<crate::notifications::view::NotificationView>> {
    let mut views = super::recent(conn, user, 100)?;
    views.retain(|v| v.created_at >= since && v.created_at < until);
    views.reverse();
    Ok(views)
}

/// Needs put on the board from `since` up to (not including) `until` that
/// `user` would see there (not their own, nobody they are kept apart
/// from), in `categories` (all when empty), oldest first, at most `limit`:
/// (id, title).
pub fn new_needs_between(
    conn: &mut DbConnection,
    user: UserId,
    (since, until): (Timestamp, Timestamp),
    categories: &[CategoryId],
    limit: i64,
) -> QueryResult<Vec<NewNeed>> {
    let blocked = blocks::table
        .filter(blocks::blocker_id.eq(user))
        .select(blocks::blocked_id);
    let blockers = blocks::table
        .filter(blocks::blocked_id.eq(user))
        .select(blocks::blocker_id);
    let mut query = needs::table
        .filter(needs::created_at.ge(since))
        .filter(needs::created_at.lt(until))
        .filter(needs::status.eq(NeedStatus::Open))
        .filter(on_the_board())
        .filter(needs::author_id.ne(user))
        .filter(needs::author_id.ne_all(blocked))
        .filter(needs::author_id.ne_all(blockers))
        .order(needs::id)
        .limit(limit)
        .select((
            needs::id,
            needs::title,
            (
                needs::when_kind,
                needs::need_date,
                needs::start_time,
                needs::end_time,
                needs::place,
                needs::urgency,
            ),
        ))
        .into_boxed();
    if !categories.is_empty() {
        query = query.filter(needs::category_id.eq_any(categories.to_vec()));
    }
    let rows: Vec<(NeedId, String, WhenRow)> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, title, (kind, date, start, end, place, urgency))| NewNeed {
                id,
                title,
                when: crate::needs::When::from_db(
                    kind,
                    date.as_deref(),
                    start.as_deref(),
                    end.as_deref(),
                )
                .describe(),
                place,
                urgent: urgency == "urgent",
            },
        )
        .collect())
}

/// A new need, as the digest lists it.
#[derive(Clone, Debug)]
pub struct NewNeed {
    /// Its id.
    pub id: NeedId,
    /// Its title.
    pub title: String,
    /// When, in words.
    pub when: String,
    /// Roughly where (may be empty).
    pub place: String,
    /// Whether its author marked it urgent.
    pub urgent: bool,
}

/// A need's when columns and rough place.
type WhenRow = (
    crate::needs::WhenKind,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
);

/// When and roughly where a need is, and whether it is urgent: (when, in
/// words; the rough place; urgent). The private details stay on the site.
pub fn when_and_where(
    conn: &mut DbConnection,
    need: NeedId,
) -> QueryResult<Option<(String, String, bool)>> {
    let row: Option<WhenRow> = needs::table
        .find(need)
        .select((
            needs::when_kind,
            needs::need_date,
            needs::start_time,
            needs::end_time,
            needs::place,
            needs::urgency,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(kind, date, start, end, place, urgency)| {
        let when =
            crate::needs::When::from_db(kind, date.as_deref(), start.as_deref(), end.as_deref());
        (when.describe(), place, urgency == "urgent")
    }))
}

/// The note a volunteer wrote with their offer, whole.
pub fn offer_note(conn: &mut DbConnection, offer: OfferId) -> QueryResult<Option<String>> {
    crate::db::one(
        offers::table
            .find(offer)
            .select(offers::message)
            .load::<String>(conn),
    )
}
