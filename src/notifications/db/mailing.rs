//! What notification mail reads: who it goes to, and the messages a batch
//! lists.

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{messages, needs, offers, users};
use crate::kernel::identity::{Role, UserId};
use crate::kernel::ids::{NeedId, OfferId};

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
