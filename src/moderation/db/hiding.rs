//! Queries of hiding and restoring needs and messages, and of when a
//! private message is open to moderators at all.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{messages, moderation_log, needs, offers, reports};
use crate::kernel::ids::{MessageId, NeedId, OfferId, UserId};
use crate::moderation::{HiddenBy, ReportStatus, TargetKind};
use crate::modlog::EntryTarget;

/// A need, for hiding: (author, title, why it is hidden).
pub fn need_for_action(
    conn: &mut DbConnection,
    id: NeedId,
) -> QueryResult<Option<(UserId, String, Option<HiddenBy>)>> {
    needs::table
        .find(id)
        .select((needs::author_id, needs::title, needs::hidden))
        .first(conn)
        .optional()
}

/// Hides a need (or shows it again with `None`), if it is still hidden
/// as `was` says (`None`: not hidden); `false` if someone changed it first.
/// The guard makes two moderators acting at once do it once.
pub fn set_need_hidden(
    conn: &mut DbConnection,
    id: NeedId,
    was: Option<HiddenBy>,
    hidden: Option<(HiddenBy, &str)>,
) -> QueryResult<bool> {
    let (kind, reason) = match hidden {
        Some((kind, reason)) => (Some(kind), reason),
        None => (None, ""),
    };
    let target = needs::table.find(id);
    let set = (needs::hidden.eq(kind), needs::hidden_reason.eq(reason));
    let changed = match was {
        Some(was) => diesel::update(target.filter(needs::hidden.eq(was)))
            .set(set)
            .execute(conn)?,
        None => diesel::update(target.filter(needs::hidden.is_null()))
            .set(set)
            .execute(conn)?,
    };
    Ok(changed == 1)
}

/// A message, as hiding it needs it.
#[derive(Clone, Debug, Queryable)]
pub struct MessageForAction {
    /// Who wrote it.
    pub author_id: UserId,
    /// The need of its conversation.
    pub need_id: NeedId,
    /// The offer of its conversation.
    pub offer_id: OfferId,
    /// The need's title.
    pub need_title: String,
    /// Why it is hidden, if it is.
    pub hidden_reason: Option<String>,
}

/// A message, for hiding.
pub fn message_for_action(
    conn: &mut DbConnection,
    id: MessageId,
) -> QueryResult<Option<MessageForAction>> {
    messages::table
        .inner_join(offers::table.inner_join(needs::table))
        .filter(messages::id.eq(id))
        .select((
            messages::author_id,
            needs::id,
            offers::id,
            needs::title,
            messages::hidden_reason,
        ))
        .first(conn)
        .optional()
}

/// Whether moderators may act on a private message: only while someone has
/// an open report about it, or after a moderator has already acted on it
/// (to restore it, or to hide it again). Conversations are private, and
/// message ids are sequential: without this a moderator could hide or
/// restore any message by guessing its number.
pub fn message_open_to_moderators(conn: &mut DbConnection, id: MessageId) -> QueryResult<bool> {
    let reported = diesel::select(diesel::dsl::exists(
        reports::table
            .filter(reports::status.eq(ReportStatus::Open))
            .filter(reports::target_kind.eq(TargetKind::Message))
            .filter(reports::target_id.eq(id)),
    ))
    .get_result::<bool>(conn)?;
    if reported {
        return Ok(true);
    }
    diesel::select(diesel::dsl::exists(
        moderation_log::table
            .filter(moderation_log::target_kind.eq(EntryTarget::Message))
            .filter(moderation_log::target_id.eq(id)),
    ))
    .get_result(conn)
}

/// Hides a message (or shows it again with `None`), if it is not already
/// in that state; `false` if it was.
pub fn set_message_hidden(
    conn: &mut DbConnection,
    id: MessageId,
    reason: Option<&str>,
) -> QueryResult<bool> {
    let target = messages::table.find(id);
    let changed = if reason.is_some() {
        diesel::update(target.filter(messages::hidden_reason.is_null()))
            .set(messages::hidden_reason.eq(reason))
            .execute(conn)?
    } else {
        diesel::update(target.filter(messages::hidden_reason.is_not_null()))
            .set(messages::hidden_reason.eq(reason))
            .execute(conn)?
    };
    Ok(changed == 1)
}
