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
