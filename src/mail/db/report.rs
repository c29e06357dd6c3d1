//! What the outbox says about delivery: the report's counts and
//! troubles, and whether mail to a member is getting through.

use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::state;
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::outbox;
use crate::db::sql::Sql;
use crate::kernel::identity::UserId;

/// Counts for the delivery report.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// Waiting to go.
    pub queued: i64,
    /// Of those, waiting after a failed try.
    pub retrying: i64,
    /// Sent in the last day and week.
    pub sent: (i64, i64),
    /// Given up on in the last day and week.
    pub failed: (i64, i64),
}

#[derive(QueryableByName)]
struct CountsRow {
    #[diesel(sql_type = BigInt)]
    queued: i64,
    #[diesel(sql_type = BigInt)]
    retrying: i64,
    #[diesel(sql_type = BigInt)]
    sent_day: i64,
    #[diesel(sql_type = BigInt)]
    sent_week: i64,
    #[diesel(sql_type = BigInt)]
    failed_day: i64,
    #[diesel(sql_type = BigInt)]
    failed_week: i64,
}

/// How many are queued, and sent and failed in the last day and week.
pub fn counts(conn: &mut DbConnection, now: Timestamp) -> QueryResult<Counts> {
    let (day, week) = (now.minus(86_400).0, now.minus(7 * 86_400).0);
    let mut s = Sql::new();
    s.push(
        "SELECT \
         COALESCE(SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END), 0) AS queued, \
         COALESCE(SUM(CASE WHEN state = 'queued' AND attempts > 0 THEN 1 ELSE 0 END), 0) AS retrying, \
         COALESCE(SUM(CASE WHEN state = 'sent' AND finished_at >= ",
    );
    s.big(day);
    s.push(" THEN 1 ELSE 0 END), 0) AS sent_day, COALESCE(SUM(CASE WHEN state = 'sent' AND finished_at >= ");
    s.big(week);
    s.push(" THEN 1 ELSE 0 END), 0) AS sent_week, COALESCE(SUM(CASE WHEN state = 'failed' AND finished_at >= ");
    s.big(day);
    s.push(" THEN 1 ELSE 0 END), 0) AS failed_day, COALESCE(SUM(CASE WHEN state = 'failed' AND finished_at >= ");
    s.big(week);
    s.push(" THEN 1 ELSE 0 END), 0) AS failed_week FROM outbox");
    let row: Option<CountsRow> = crate::db::one(s.load(conn))?;
    Ok(row.map_or_else(Counts::default, |r| Counts {
        queued: r.queued,
        retrying: r.retrying,
        sent: (r.sent_day, r.sent_week),
        failed: (r.failed_day, r.failed_week),
    }))
}

/// A message that failed or is failing, for the report.
#[derive(Debug, Queryable)]
pub struct Trouble {
    /// Where it was going.
    pub to_address: String,
    /// What kind of message.
    pub purpose: String,
    /// `queued` (still retrying) or `failed`.
    pub state: String,
    /// Tries so far.
    pub attempts: i32,
    /// When it was queued.
    pub created_at: Timestamp,
    /// What the server said.
    pub last_answer: String,
}

/// The latest messages that failed for good or are waiting to try again,
/// newest first.
pub fn troubles(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<Trouble>> {
    let query = outbox::table
        .filter(
            outbox::state.eq(state::FAILED).or(outbox::state
                .eq(state::QUEUED)
                .and(outbox::last_answer.ne(""))),
        )
        .order(outbox::id.desc())
        .limit(limit)
        .select((
            outbox::to_address,
            outbox::purpose,
            outbox::state,
            outbox::attempts,
            outbox::created_at,
            outbox::last_answer,
        ));
    query.load(conn)
}

/// How many messages of `purpose` were queued for `user` since `since`
/// (to keep messages nobody asked for rare).
pub fn count_since(
    conn: &mut DbConnection,
    user: UserId,
    purpose: &str,
    since: Timestamp,
) -> QueryResult<i64> {
    outbox::table
        .filter(outbox::to_user.eq(user))
        .filter(outbox::purpose.eq(purpose))
        .filter(outbox::created_at.ge(since))
        .count()
        .get_result(conn)
}

/// Whether any message of `purpose` was ever sent (the server took it).
pub fn any_sent(conn: &mut DbConnection, purpose: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        outbox::table
            .filter(outbox::purpose.eq(purpose))
            .filter(outbox::state.eq(state::SENT)),
    ))
    .get_result(conn)
}

/// The latest message of `purpose`: where it went and its state
/// (`queued`, `sent` or `failed`).
pub fn latest_of(conn: &mut DbConnection, purpose: &str) -> QueryResult<Option<(String, String)>> {
    outbox::table
        .filter(outbox::purpose.eq(purpose))
        .order(outbox::id.desc())
        .select((outbox::to_address, outbox::state))
        .first(conn)
        .optional()
}
