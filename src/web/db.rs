//! Every query of the web layer: sessions (the one module that writes the
//! `sessions` table) and what each page's frame shows of the member.

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{blocks, notifications, sessions, users};
use crate::kernel::identity::{Role, Standing, UserId};

/// A session as stored.
#[derive(Clone, Debug, Queryable)]
pub struct SessionRow {
    /// The CSRF token.
    pub csrf_token: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// When it was last used.
    pub last_seen_at: Timestamp,
}

/// The member a session belongs to, as the request needs them.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct ViewerRow {
    /// Id.
    pub id: i64,
    /// Normalised e-mail.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Role word.
    pub role: Role,
    /// Standing word.
    pub standing: Standing,
    /// End of a suspension, Unix seconds.
    pub suspended_until: Option<Timestamp>,
    /// Why they were suspended.
    pub suspension_reason: String,
    /// A warning not yet acknowledged.
    pub warning: Option<String>,
    /// Whether the address is confirmed.
    pub email_confirmed: bool,
    /// Whether mail to the address is being refused.
    pub mail_failing: bool,
}

impl ViewerRow {
    /// The typed id.
    pub fn user_id(&self) -> UserId {
        UserId(self.id)
    }
}

/// Ends every session of a member.
pub fn end_all_sessions(conn: &mut DbConnection, id: UserId) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(id)))
        .execute(conn)
        .map(drop)
}

/// Stores a new session.
pub fn insert_session(
    conn: &mut DbConnection,
    token_hash: &str,
    user: UserId,
    csrf_token: &str,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::user_id.eq(user),
            sessions::csrf_token.eq(csrf_token),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// The session with this token hash, and its member.
pub fn find_session(
    conn: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<Option<(SessionRow, ViewerRow)>> {
    let rows = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(token_hash))
        .select((
            (
                sessions::csrf_token,
                sessions::created_at,
                sessions::last_seen_at,
            ),
            ViewerRow::as_select(),
        ))
        .load(conn);
    crate::db::one(rows)
}

/// Records that a session was used.
pub fn touch_session(conn: &mut DbConnection, token_hash: &str, now: Timestamp) -> QueryResult<()> {
    diesel::update(sessions::table.find(token_hash))
        .set(sessions::last_seen_at.eq(now))
        .execute(conn)
        .map(drop)
}

/// Ends one session.
pub fn delete_session(conn: &mut DbConnection, token_hash: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.find(token_hash))
        .execute(conn)
        .map(drop)
}

/// Removes sessions idle since `idle_before` or created before `created_before`.
pub fn delete_expired_sessions(
    conn: &mut DbConnection,
    idle_before: Timestamp,
    created_before: Timestamp,
) -> QueryResult<usize> {
    diesel::delete(
        sessions::table.filter(
            sessions::last_seen_at
                .lt(idle_before)
                .or(sessions::created_at.lt(created_before)),
        ),
    )
    .execute(conn)
}

/// How many notifications the member has not seen.
///
/// Read on every page a member opens, so it counts from the index of
/// unread notifications alone. Notifications about a hidden need are
/// marked read for everyone but its author when it is hidden
/// (`notifications::db::settle_hidden_need`), so they never count.
pub fn unread_count(conn: &mut DbConnection, member: UserId) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::user_id.eq(member))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

/// Every member `member` has blocked or been blocked by: their needs are
/// kept out of each other's sight. Moderators and admins are never in it.
/// Read on every page.
pub fn kept_apart(conn: &mut DbConnection, member: UserId) -> QueryResult<Vec<UserId>> {
    let mut others: Vec<(UserId, Role)> = blocks::table
        .inner_join(users::table.on(users::id.eq(blocks::blocked_id)))
        .filter(blocks::blocker_id.eq(member))
        .select((blocks::blocked_id, users::role))
        .load(conn)?;
    others.extend(
        blocks::table
            .inner_join(users::table.on(users::id.eq(blocks::blocker_id)))
            .filter(blocks::blocked_id.eq(member))
            .select((blocks::blocker_id, users::role))
            .load::<(UserId, Role)>(conn)?,
    );
    let mut ids: Vec<UserId> = others
        .into_iter()
        .filter(|(_, role)| !role.is_staff())
        .map(|(id, _)| id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}
