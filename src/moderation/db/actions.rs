//! Queries of actions on members: who a member is to act on, warnings,
//! suspensions, bans and lifting them, and deciding applications to join.

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{needs, users};
use crate::kernel::identity::{Role, Standing, UserId};
use crate::kernel::ids::NeedId;
use crate::moderation::HiddenBy;
use crate::needs::NeedStatus;
use crate::policy::seeing::on_the_board;

/// Who a member is, for deciding whether one may act on them.
#[derive(Clone, Debug, Queryable)]
pub struct Subject {
    /// Id.
    pub id: UserId,
    /// Name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Standing.
    pub standing: Standing,
    /// End of a suspension, if any (maybe past).
    pub suspended_until: Option<Timestamp>,
}

/// A member, to act on.
pub fn subject(conn: &mut DbConnection, id: UserId) -> QueryResult<Option<Subject>> {
    users::table
        .find(id)
        .select((
            users::id,
            users::display_name,
            users::role,
            users::standing,
            users::suspended_until,
        ))
        .first(conn)
        .optional()
}

/// A member's row, locked against concurrent changes on PostgreSQL until
/// the transaction ends (SQLite's write transactions run one at a time).
pub fn lock_subject(conn: &mut DbConnection, id: UserId) -> QueryResult<Option<Subject>> {
    let query = users::table.find(id).select((
        users::id,
        users::display_name,
        users::role,
        users::standing,
        users::suspended_until,
    ));
    match conn {
        DbConnection::Sqlite(c) => query.first(c).optional(),
        DbConnection::Pg(c) => query.for_update().first(c).optional(),
    }
}

/// Sets (or clears) the warning a member sees until they acknowledge it.
pub fn set_warning(conn: &mut DbConnection, id: UserId, warning: Option<&str>) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::warning.eq(warning))
        .execute(conn)
        .map(drop)
}

/// Suspends a member until `until` (or lifts it with `None`).
pub fn set_suspension(
    conn: &mut DbConnection,
    id: UserId,
    suspension: Option<(Timestamp, &str)>,
) -> QueryResult<()> {
    let (until, reason) = match suspension {
        Some((until, reason)) => (Some(until), reason),
        None => (None, ""),
    };
    diesel::update(users::table.find(id))
        .set((
            users::suspended_until.eq(until),
            users::suspension_reason.eq(reason),
        ))
        .execute(conn)?;
    if suspension.is_some() {
        // Like a ban, a suspension ends every session: whoever is using the
        // account logs in again and meets the suspension banner.
        crate::web::db::end_all_sessions(conn, id)?;
    }
    Ok(())
}

/// Bans a member: every session ends, and their live needs, and the
/// expired ones a "still needed?" link could bring back, are hidden.
pub fn ban(conn: &mut DbConnection, id: UserId, reason: &str, now: Timestamp) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::standing.eq(Standing::Banned),
            users::standing_reason.eq(reason),
        ))
        .execute(conn)?;
    crate::web::db::end_all_sessions(conn, id)?;
    crate::accounts::db::forget_devices(conn, id)?;
    let live = needs::table
        .filter(needs::author_id.eq(id))
        .filter(needs::status.eq_any([NeedStatus::Open, NeedStatus::Filled, NeedStatus::Expired]))
        .filter(on_the_board());
    let hidden: Vec<NeedId> = live.clone().select(needs::id).load(conn)?;
    diesel::update(live)
        .set((
            needs::hidden.eq(HiddenBy::Ban),
            needs::hidden_reason.eq("Its author was banned."),
        ))
        .execute(conn)?;
    for need in hidden {
        crate::notifications::db::settle_hidden_need(conn, need, now)?;
    }
    Ok(())
}

/// Lifts a ban: the member may log in again and the needs the ban hid return.
pub fn lift_ban(conn: &mut DbConnection, id: UserId) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::standing.eq(Standing::Active),
            users::standing_reason.eq(""),
        ))
        .execute(conn)?;
    diesel::update(
        needs::table
            .filter(needs::author_id.eq(id))
            .filter(needs::hidden.eq(HiddenBy::Ban)),
    )
    .set((
        needs::hidden.eq(None::<HiddenBy>),
        needs::hidden_reason.eq(""),
    ))
    .execute(conn)
    .map(drop)
}

/// Decides a pending application: `false` if it was no longer pending.
pub fn decide_application(
    conn: &mut DbConnection,
    id: UserId,
    approve: bool,
    reason: &str,
) -> QueryResult<bool> {
    let standing = if approve {
        Standing::Active
    } else {
        Standing::Rejected
    };
    diesel::update(
        users::table
            .find(id)
            .filter(users::standing.eq(Standing::Pending))
            .filter(users::email_confirmed.eq(true)),
    )
    .set((
        users::standing.eq(standing),
        users::standing_reason.eq(if approve { "" } else { reason }),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// An application waiting in the queue.
#[derive(Clone, Debug, Queryable)]
pub struct Application {
    /// The applicant's id.
    pub id: UserId,
    /// Their name.
    pub display_name: String,
    /// Their e-mail.
    pub email: String,
    /// Their answer.
    pub application: String,
    /// When it was made.
    pub created_at: Timestamp,
}

/// Pending applications, oldest first.
pub fn pending_applications(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<Application>> {
    users::table
        .filter(users::standing.eq(Standing::Pending))
        // An application reaches the queue once its address is confirmed.
        .filter(users::email_confirmed.eq(true))
        .order(users::id)
        .limit(limit)
        .select((
            users::id,
            users::display_name,
            users::email,
            users::application,
            users::created_at,
        ))
        .load(conn)
}

/// An applicant's own view: (standing, reason, answer).
pub fn application_of(
    conn: &mut DbConnection,
    id: UserId,
) -> QueryResult<(Standing, String, String)> {
    users::table
        .find(id)
        .select((users::standing, users::standing_reason, users::application))
        .first(conn)
}

/// What waits for the moderators, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Waiting {
    /// Applications to join (with a confirmed address).
    pub applications: i64,
    /// Open reports (each one, not each thing reported).
    pub reports: i64,
    /// Pending appeals.
    pub appeals: i64,
}

impl Waiting {
    /// All of it together.
    pub fn total(self) -> i64 {
        self.applications + self.reports + self.appeals
    }
}

/// What waits for the moderators: applications (with a confirmed address),
/// open reports and pending appeals.
pub fn waiting(conn: &mut DbConnection) -> QueryResult<Waiting> {
    use crate::db::schema::{appeals, reports};
    use crate::moderation::states::{AppealStatus, ReportStatus};
    let applications: i64 = users::table
        .filter(users::standing.eq(Standing::Pending))
        .filter(users::email_confirmed.eq(true))
        .count()
        .get_result(conn)?;
    let reports: i64 = reports::table
        .filter(reports::status.eq(ReportStatus::Open))
        .count()
        .get_result(conn)?;
    let appeals: i64 = appeals::table
        .filter(appeals::status.eq(AppealStatus::Pending))
        .count()
        .get_result(conn)?;
    Ok(Waiting {
        applications,
        reports,
        appeals,
    })
}

/// How much waits for the moderators, all kinds together.
pub fn waiting_count(conn: &mut DbConnection) -> QueryResult<i64> {
    waiting(conn).map(Waiting::total)
}
