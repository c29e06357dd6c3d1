//! Every query of profiles.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::accounts::{Role, UserId};
use crate::db::DbConnection;
use crate::db::schema::{blocks, needs, thanks, users};
use crate::needs::{NeedStatus, OfferStatus, Outcome};

/// What a profile shows.
#[derive(Clone, Debug)]
pub struct Profile {
    /// Id.
    pub id: i64,
    /// Display name.
    pub display_name: String,
    /// About them.
    pub about: String,
    /// Their part of the neighbourhood.
    pub area: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Times they helped (accepted on a need done with help).
    pub helped: i64,
    /// Times they were helped.
    pub was_helped: i64,
    /// Their role (a badge shows beside a moderator's or admin's name).
    pub role: Role,
}

/// A member's live needs (open or filled, not hidden), soonest first:
/// (id, title).
pub fn live_needs_of(
    conn: &mut DbConnection,
    id: UserId,
    limit: i64,
) -> QueryResult<Vec<(i64, String)>> {
    needs::table
        .filter(needs::author_id.eq(id.0))
        .filter(needs::status.eq_any([NeedStatus::Open.as_str(), NeedStatus::Filled.as_str()]))
        .filter(needs::hidden.is_null())
        .order((needs::sort_date, needs::id))
        .limit(limit)
        .select((needs::id, needs::title))
        .load(conn)
}

#[derive(QueryableByName)]
struct ProfileRow {
    #[diesel(sql_type = Text)]
    display_name: String,
    #[diesel(sql_type = Text)]
    about: String,
    #[diesel(sql_type = Text)]
    area: String,
    #[diesel(sql_type = BigInt)]
    created_at: i64,
    #[diesel(sql_type = Text)]
    role: String,
    #[diesel(sql_type = BigInt)]
    helped: i64,
    #[diesel(sql_type = BigInt)]
    was_helped: i64,
}

/// A member's profile, with their role and both counts, in one statement.
/// Both counts start from this member's own rows (their accepted offers,
/// their needs) through an index, so a profile costs the same however many
/// needs the neighbourhood has. The statuses are written into the
/// statement (they are constants, not input): a bound value on an indexed
/// column lets SQLite re-plan a statement each time it runs once the
/// database has statistics.
pub fn profile(conn: &mut DbConnection, id: UserId) -> QueryResult<Option<Profile>> {
    let sql = |placeholder: &str| {
        format!(
            "SELECT u.display_name, u.about, u.area, u.created_at, u.role, \
             (SELECT count(*) FROM offers o JOIN needs n ON n.id = o.need_id \
              WHERE o.volunteer_id = u.id AND o.status = '{accepted}' \
              AND n.status = '{done}' AND n.outcome = '{helped}') AS helped, \
             (SELECT count(*) FROM needs n WHERE n.author_id = u.id \
              AND n.status = '{done}' AND n.outcome = '{helped}' \
              AND n.accepted_count > 0) AS was_helped \
             FROM users u WHERE u.id = {placeholder} AND u.standing IN ('active', 'banned')",
            accepted = OfferStatus::Accepted.as_str(),
            done = NeedStatus::Done.as_str(),
            helped = Outcome::Helped.as_str(),
        )
    };
    // An application is not a member yet: no profile until it is approved.
    let rows: Vec<ProfileRow> = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(sql("?"))
            .bind::<BigInt, _>(id.0)
            .load(c)?,
        DbConnection::Pg(c) => diesel::sql_query(sql("$1"))
            .bind::<BigInt, _>(id.0)
            .load(c)?,
    };
    Ok(rows.into_iter().next().map(|row| Profile {
        id: id.0,
        display_name: row.display_name,
        about: row.about,
        area: row.area,
        created_at: row.created_at,
        role: Role::from_db(&row.role),
        helped: row.helped,
        was_helped: row.was_helped,
    }))
}

/// Saves the profile's own fields.
pub fn save_profile(
    conn: &mut DbConnection,
    id: UserId,
    about: &str,
    area: &str,
) -> QueryResult<()> {
    diesel::update(users::table.find(id.0))
        .set((users::about.eq(about), users::area.eq(area)))
        .execute(conn)
        .map(drop)
}

/// A member's role, for the badge beside their name.
pub fn role_of(conn: &mut DbConnection, id: UserId) -> QueryResult<Role> {
    crate::db::one(users::table.find(id.0).select(users::role).load(conn))
        .map(|role| role.unwrap_or(Role::Member))
}

/// A thank-you note as shown.
#[derive(Clone, Debug, Queryable)]
pub struct ThanksView {
    /// Id.
    pub id: i64,
    /// The note.
    pub note: String,
    /// Shown on the profile.
    pub shown: bool,
    /// Who wrote it.
    pub author_name: String,
    /// Their role, for the badge beside their name.
    pub author_role: Role,
    /// The need's title.
    pub need_title: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// Notes thanking `volunteer`, newest first; only shown ones if asked.
pub fn thanks_for(
    conn: &mut DbConnection,
    volunteer: UserId,
    shown_only: bool,
) -> QueryResult<Vec<ThanksView>> {
    let mut query = thanks::table
        .inner_join(users::table.on(users::id.eq(thanks::author_id)))
        .inner_join(needs::table.on(needs::id.eq(thanks::need_id)))
        .filter(thanks::volunteer_id.eq(volunteer.0))
        .order(thanks::id.desc())
        .limit(100)
        .select((
            thanks::id,
            thanks::note,
            thanks::shown,
            users::display_name,
            users::role,
            needs::title,
            thanks::created_at,
        ))
        .into_boxed();
    if shown_only {
        // The public profile: never a note about a hidden need.
        query = query
            .filter(thanks::shown.eq(true))
            .filter(needs::hidden.is_null());
    }
    query.load(conn)
}

/// Shows or hides one of the volunteer's own notes; `false` if it is not theirs.
pub fn set_thanks_shown(
    conn: &mut DbConnection,
    id: i64,
    volunteer: UserId,
    shown: bool,
) -> QueryResult<bool> {
    diesel::update(
        thanks::table
            .filter(thanks::id.eq(id))
            .filter(thanks::volunteer_id.eq(volunteer.0)),
    )
    .set(thanks::shown.eq(shown))
    .execute(conn)
    .map(|n| n == 1)
}

/// Blocks `blocked` for `blocker` (doing nothing if already blocked).
pub fn block(
    conn: &mut DbConnection,
    blocker: UserId,
    blocked: UserId,
    now: i64,
) -> QueryResult<()> {
    if blocks_one_way(conn, blocker, blocked)? {
        return Ok(());
    }
    diesel::insert_into(blocks::table)
        .values((
            blocks::blocker_id.eq(blocker.0),
            blocks::blocked_id.eq(blocked.0),
            blocks::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Lifts a block.
pub fn unblock(conn: &mut DbConnection, blocker: UserId, blocked: UserId) -> QueryResult<()> {
    diesel::delete(blocks::table.find((blocker.0, blocked.0)))
        .execute(conn)
        .map(drop)
}

/// Whether `blocker` has blocked `blocked`.
pub fn blocks_one_way(
    conn: &mut DbConnection,
    blocker: UserId,
    blocked: UserId,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        blocks::table.find((blocker.0, blocked.0)),
    ))
    .get_result(conn)
}

/// Whether either of the two has blocked the other, counting only blocks
/// between members: a block made before one of them became a moderator or
/// an admin no longer counts.
pub fn blocked_either_way(conn: &mut DbConnection, a: UserId, b: UserId) -> QueryResult<bool> {
    if !(blocks_one_way(conn, a, b)? || blocks_one_way(conn, b, a)?) {
        return Ok(false);
    }
    let staff: i64 = users::table
        .filter(users::id.eq_any([a.0, b.0]))
        .filter(users::role.ne(Role::Member.as_str()))
        .count()
        .get_result(conn)?;
    Ok(staff == 0)
}

/// Every member `member` has blocked or been blocked by: their needs are
/// kept out of each other's sight. Moderators and admins are never in it.
/// (Read on every page: the roles are compared here rather than bound into
/// the statement, since a bound role lets SQLite re-plan it each time.)
pub fn kept_apart(conn: &mut DbConnection, member: UserId) -> QueryResult<Vec<i64>> {
    let mut others: Vec<(i64, String)> = blocks::table
        .inner_join(users::table.on(users::id.eq(blocks::blocked_id)))
        .filter(blocks::blocker_id.eq(member.0))
        .select((blocks::blocked_id, users::role))
        .load(conn)?;
    others.extend(
        blocks::table
            .inner_join(users::table.on(users::id.eq(blocks::blocker_id)))
            .filter(blocks::blocked_id.eq(member.0))
            .select((blocks::blocker_id, users::role))
            .load::<(i64, String)>(conn)?,
    );
    let mut ids: Vec<i64> = others
        .into_iter()
        .filter(|(_, role)| !Role::from_db(role).is_staff())
        .map(|(id, _)| id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}
