//! Every query of the moderation log; the only module that writes it.

use diesel::prelude::*;

use super::{Action, EntryTarget, LogEntry};
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{moderation_log, users};
use crate::insert_returning_id;
use crate::kernel::identity::Role;
use crate::kernel::ids::{LogEntryId, UserId};

/// Appends an entry to the moderation log.
pub fn append_log(
    conn: &mut DbConnection,
    entry: &LogEntry,
    public_summary: &str,
    now: Timestamp,
) -> QueryResult<LogEntryId> {
    let insert = diesel::insert_into(moderation_log::table).values((
        moderation_log::actor_id.eq(entry.actor),
        moderation_log::action.eq(entry.action),
        moderation_log::target_kind.eq(entry.target_kind),
        moderation_log::target_id.eq(entry.target_id),
        moderation_log::summary.eq(&entry.summary),
        moderation_log::reason.eq(&entry.reason),
        moderation_log::created_at.eq(now),
        moderation_log::subject_id.eq(entry.subject),
        moderation_log::public_summary.eq(public_summary),
    ));
    insert_returning_id!(conn, insert, moderation_log::id).map(LogEntryId)
}

/// A log entry as shown to moderators.
#[derive(Clone, Debug, Queryable)]
pub struct LogRow {
    /// Id.
    pub id: LogEntryId,
    /// Who acted (their current name, if they still have an account).
    pub actor_name: Option<String>,
    /// Their current role, for the badge beside their name.
    pub actor_role: Option<Role>,
    /// What was done.
    pub action: Action,
    /// What was done.
    pub summary: String,
    /// Why.
    pub reason: String,
    /// When it was made.
    pub created_at: Timestamp,
}

/// What the moderators' log is narrowed to.
#[derive(Clone, Debug, Default)]
pub struct LogFilter {
    /// Who acted.
    pub actor: Option<UserId>,
    /// Which action.
    pub action: Option<Action>,
    /// What kind of target.
    pub target_kind: Option<EntryTarget>,
    /// Which target (a need's, a member's, … id, as `target_kind` says).
    pub target_id: Option<i64>,
    /// The member an entry was about.
    pub subject: Option<UserId>,
}

/// The newest entries of the log that match `filter`.
pub fn recent_log(
    conn: &mut DbConnection,
    filter: &LogFilter,
    limit: i64,
) -> QueryResult<Vec<LogRow>> {
    let mut query = moderation_log::table
        .left_join(users::table.on(users::id.eq(moderation_log::actor_id)))
        .order(moderation_log::id.desc())
        .limit(limit)
        .select((
            moderation_log::id,
            users::display_name.nullable(),
            users::role.nullable(),
            moderation_log::action,
            moderation_log::summary,
            moderation_log::reason,
            moderation_log::created_at,
        ))
        .into_boxed();
    if let Some(actor) = filter.actor {
        query = query.filter(moderation_log::actor_id.eq(actor));
    }
    if let Some(action) = filter.action {
        query = query.filter(moderation_log::action.eq(action));
    }
    if let Some(kind) = &filter.target_kind {
        query = query.filter(moderation_log::target_kind.eq(*kind));
    }
    if let Some(id) = filter.target_id {
        query = query.filter(moderation_log::target_id.eq(id));
    }
    if let Some(subject) = filter.subject {
        query = query.filter(moderation_log::subject_id.eq(subject));
    }
    query.load(conn)
}

/// Everyone who has acted, for the log's filter: (id, name).
pub fn log_actors(conn: &mut DbConnection) -> QueryResult<Vec<(UserId, String)>> {
    let ids: Vec<UserId> = moderation_log::table
        .select(moderation_log::actor_id)
        .distinct()
        .load(conn)?;
    users::table
        .filter(users::id.eq_any(ids))
        .order(users::display_name)
        .select((users::id, users::display_name))
        .load(conn)
}

/// An entry of the public log: no names of who acted.
#[derive(Clone, Debug, Queryable)]
pub struct PublicLogRow {
    /// What was done.
    pub action: Action,
    /// Whether it was about a member (and so may name them).
    pub about_a_member: bool,
    /// What was done, naming whom it was about.
    pub summary: String,
    /// What was done, naming nobody (may be empty).
    pub public_summary: String,
    /// Why.
    pub reason: String,
    /// When it was made.
    pub created_at: Timestamp,
}

/// The newest entries whose action is one of `actions`.
pub fn public_log(
    conn: &mut DbConnection,
    actions: &[Action],
    limit: i64,
) -> QueryResult<Vec<PublicLogRow>> {
    moderation_log::table
        .filter(moderation_log::action.eq_any(actions))
        .order(moderation_log::id.desc())
        .limit(limit)
        .select((
            moderation_log::action,
            moderation_log::subject_id.is_not_null(),
            moderation_log::summary,
            moderation_log::public_summary,
            moderation_log::reason,
            moderation_log::created_at,
        ))
        .load(conn)
}
