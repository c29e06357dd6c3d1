//! Queries of appeals: storing one, which entries were appealed, the
//! pending ones for the queue, and recording a decision.

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{appeals, moderation_log, users};
use crate::insert_returning_id;
use crate::kernel::identity::Role;
use crate::kernel::ids::{AppealId, LogEntryId, UserId};
use crate::moderation::AppealStatus;

/// Stores an appeal; `false` if this entry was already appealed.
pub fn insert_appeal(
    conn: &mut DbConnection,
    log_id: LogEntryId,
    appellant: UserId,
    message: &str,
    now: Timestamp,
) -> QueryResult<bool> {
    let taken: bool = diesel::select(diesel::dsl::exists(
        appeals::table.filter(appeals::log_id.eq(log_id)),
    ))
    .get_result(conn)?;
    if taken {
        return Ok(false);
    }
    let insert = diesel::insert_into(appeals::table).values((
        appeals::log_id.eq(log_id),
        appeals::appellant_id.eq(appellant),
        appeals::message.eq(message),
        appeals::status.eq(AppealStatus::Pending),
        appeals::created_at.eq(now),
    ));
    match insert_returning_id!(conn, insert, appeals::id) {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Which of these entries were appealed already.
pub fn appealed(conn: &mut DbConnection, log_ids: &[LogEntryId]) -> QueryResult<Vec<LogEntryId>> {
    appeals::table
        .filter(appeals::log_id.eq_any(log_ids))
        .select(appeals::log_id)
        .load(conn)
}

/// The appeal against an entry, if there is one: (status, why it was decided so).
pub fn appeal_against(
    conn: &mut DbConnection,
    log_id: LogEntryId,
) -> QueryResult<Option<(AppealStatus, String)>> {
    appeals::table
        .filter(appeals::log_id.eq(log_id))
        .select((appeals::status, appeals::decision_reason))
        .first(conn)
        .optional()
}

/// An appeal waiting in the queue.
#[derive(Clone, Debug, Queryable)]
pub struct PendingAppeal {
    /// Id.
    pub id: AppealId,
    /// The entry appealed.
    pub log_id: LogEntryId,
    /// Who appeals.
    pub appellant_id: UserId,
    /// Their name.
    pub appellant_name: String,
    /// Their role, for the badge beside their name.
    pub appellant_role: Role,
    /// Their message.
    pub message: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// Who acted.
    pub actor_id: UserId,
    /// What was done.
    pub summary: String,
    /// Why.
    pub reason: String,
}

/// Pending appeals, oldest first.
pub fn pending_appeals(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<PendingAppeal>> {
    appeals::table
        .inner_join(users::table.on(users::id.eq(appeals::appellant_id)))
        .inner_join(moderation_log::table.on(moderation_log::id.eq(appeals::log_id)))
        .filter(appeals::status.eq(AppealStatus::Pending))
        .order(appeals::id)
        .limit(limit)
        .select((
            appeals::id,
            appeals::log_id,
            appeals::appellant_id,
            users::display_name,
            users::role,
            appeals::message,
            appeals::created_at,
            moderation_log::actor_id,
            moderation_log::summary,
            moderation_log::reason,
        ))
        .load(conn)
}

/// A pending appeal's entry id and appellant, locked on PostgreSQL.
pub fn lock_pending_appeal(
    conn: &mut DbConnection,
    id: AppealId,
) -> QueryResult<Option<(LogEntryId, UserId)>> {
    let query = appeals::table
        .find(id)
        .filter(appeals::status.eq(AppealStatus::Pending))
        .select((appeals::log_id, appeals::appellant_id));
    match conn {
        DbConnection::Sqlite(c) => query.first(c).optional(),
        DbConnection::Pg(c) => query.for_update().first(c).optional(),
    }
}

/// Records the decision on an appeal.
pub fn decide_appeal(
    conn: &mut DbConnection,
    id: AppealId,
    overturned: bool,
    by: UserId,
    reason: &str,
    now: Timestamp,
) -> QueryResult<bool> {
    diesel::update(
        appeals::table
            .find(id)
            .filter(appeals::status.eq(AppealStatus::Pending)),
    )
    .set((
        appeals::status.eq(if overturned {
            AppealStatus::Overturned
        } else {
            AppealStatus::Upheld
        }),
        appeals::decided_by.eq(Some(by)),
        appeals::decision_reason.eq(reason),
        appeals::decided_at.eq(Some(now)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}
