//! Queries of the conversation that goes with each offer.

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{messages, users};
use crate::kernel::identity::{Role, UserId};
use crate::kernel::ids::MessageId;
use crate::needs::OfferId;

/// A message in a conversation.
#[derive(Clone, Debug, Queryable)]
pub struct MessageView {
    /// Id.
    pub id: MessageId,
    /// Who wrote it.
    pub author_id: UserId,
    /// Their display name.
    pub author_name: String,
    /// Their role, for the badge beside their name.
    pub author_role: Role,
    /// Plain text.
    pub body: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// Why a moderator hid it, if they did.
    pub hidden_reason: Option<String>,
}

/// The conversation of an offer, oldest first.
pub fn messages_of(conn: &mut DbConnection, offer: OfferId) -> QueryResult<Vec<MessageView>> {
    messages::table
        .inner_join(users::table.on(users::id.eq(messages::author_id)))
        .filter(messages::offer_id.eq(offer))
        .order(messages::id)
        .select((
            messages::id,
            messages::author_id,
            users::display_name,
            users::role,
            messages::body,
            messages::created_at,
            messages::hidden_reason,
        ))
        .load(conn)
}

/// Adds a message to an offer's conversation.
pub fn insert_message(
    conn: &mut DbConnection,
    offer: OfferId,
    author: UserId,
    body: &str,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::insert_into(messages::table)
        .values((
            messages::offer_id.eq(offer),
            messages::author_id.eq(author),
            messages::body.eq(body),
            messages::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// How many messages `author` wrote since `since`, in every conversation.
pub fn written_since(
    conn: &mut DbConnection,
    author: UserId,
    since: Timestamp,
) -> QueryResult<i64> {
    messages::table
        .filter(messages::author_id.eq(author))
        .filter(messages::created_at.ge(since))
        .count()
        .get_result(conn)
}

/// The code of `user`'s reply address for the conversation of `offer`,
/// made the first time it is asked for.
pub fn reply_code(
    conn: &mut DbConnection,
    user: UserId,
    offer: OfferId,
    now: Timestamp,
) -> QueryResult<String> {
    use crate::db::schema::reply_addresses as r;
    let existing = |conn: &mut DbConnection| {
        crate::db::one(
            r::table
                .filter(r::user_id.eq(user))
                .filter(r::offer_id.eq(offer))
                .select(r::code)
                .load::<String>(conn),
        )
    };
    if let Some(code) = existing(conn)? {
        return Ok(code);
    }
    // Two senders writing at once: the second insert is ignored, and both
    // read the one that stayed.
    let insert = diesel::insert_into(r::table).values((
        r::code.eq(crate::kernel::secret::random_code(15)),
        r::user_id.eq(user),
        r::offer_id.eq(offer),
        r::created_at.eq(now),
    ));
    match conn {
        DbConnection::Sqlite(c) => insert.on_conflict_do_nothing().execute(c)?,
        DbConnection::Pg(c) => insert.on_conflict_do_nothing().execute(c)?,
    };
    existing(conn)?.ok_or(diesel::result::Error::NotFound)
}

/// Whose reply address `code` is, and for which conversation.
pub fn reply_address(
    conn: &mut DbConnection,
    code: &str,
) -> QueryResult<Option<(UserId, OfferId)>> {
    use crate::db::schema::reply_addresses as r;
    crate::db::one(
        r::table
            .filter(r::code.eq(code))
            .select((r::user_id, r::offer_id))
            .load::<(UserId, OfferId)>(conn),
    )
}
