//! The moderation log's entries as moderation reads them: one entry, the
//! latest of an action about a member or on a target, and a member's record.

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::moderation_log;
use crate::kernel::ids::{LogEntryId, UserId};
use crate::modlog::{Action, EntryTarget};

/// A moderation entry as an appeal needs it.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = moderation_log)]
pub struct Entry {
    /// Id.
    pub id: LogEntryId,
    /// Who acted.
    pub actor_id: UserId,
    /// What was done.
    pub action: Action,
    /// Target kind.
    pub target_kind: EntryTarget,
    /// Target id (of a need, a member, … as `target_kind` says).
    pub target_id: Option<i64>,
    /// What was done.
    pub summary: String,
    /// Why.
    pub reason: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// Who it was about.
    pub subject_id: Option<UserId>,
}

/// One entry of the log.
pub fn entry(conn: &mut DbConnection, id: LogEntryId) -> QueryResult<Option<Entry>> {
    moderation_log::table
        .find(id)
        .select(Entry::as_select())
        .first(conn)
        .optional()
}

/// The latest entry of `action` about `subject`.
pub fn latest_entry(
    conn: &mut DbConnection,
    subject: UserId,
    action: Action,
) -> QueryResult<Option<Entry>> {
    moderation_log::table
        .filter(moderation_log::subject_id.eq(subject))
        .filter(moderation_log::action.eq(action))
        .order(moderation_log::id.desc())
        .select(Entry::as_select())
        .first(conn)
        .optional()
}

/// The newest entry of the same action on the same target as `entry`
/// (`entry` itself, unless it was superseded).
pub fn latest_like(conn: &mut DbConnection, entry: &Entry) -> QueryResult<Option<LogEntryId>> {
    moderation_log::table
        .filter(moderation_log::target_kind.eq(entry.target_kind))
        .filter(moderation_log::target_id.eq(entry.target_id.unwrap_or(0)))
        .filter(moderation_log::action.eq(entry.action))
        .order(moderation_log::id.desc())
        .select(moderation_log::id)
        .first(conn)
        .optional()
}

/// Entries about a member, newest first.
pub fn entries_about(
    conn: &mut DbConnection,
    subject: UserId,
    limit: i64,
) -> QueryResult<Vec<Entry>> {
    moderation_log::table
        .filter(moderation_log::subject_id.eq(subject))
        .order(moderation_log::id.desc())
        .limit(limit)
        .select(Entry::as_select())
        .load(conn)
}
