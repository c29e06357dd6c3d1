//! Every query of profiles.

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{blocks, needs, offers, thanks, users};
use crate::kernel::identity::Standing;
use crate::kernel::identity::{Role, UserId};
use crate::kernel::ids::ThanksId;
use crate::needs::{NeedId, NeedStatus, OfferStatus, Outcome};
use crate::policy::seeing::on_the_board;

/// What a profile shows.
#[derive(Clone, Debug)]
pub struct Profile {
    /// Id.
    pub id: UserId,
    /// Display name.
    pub display_name: String,
    /// About them.
    pub about: String,
    /// Their part of the neighbourhood.
    pub area: String,
    /// When it was made.
    pub created_at: Timestamp,
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
) -> QueryResult<Vec<(NeedId, String)>> {
    needs::table
        .filter(needs::author_id.eq(id))
        .filter(
            needs::status
                .eq(NeedStatus::Open)
                .or(needs::status.eq(NeedStatus::Filled)),
        )
        .filter(on_the_board())
        .order((needs::sort_date, needs::id))
        .limit(limit)
        .select((needs::id, needs::title))
        .load(conn)
}

#[derive(Queryable)]
struct ProfileRow {
    display_name: String,
    about: String,
    area: String,
    created_at: Timestamp,
    role: Role,
    standing: Standing,
    helped: i64,
    was_helped: i64,
}

/// A member's profile, with their role and both counts: one row read.
/// The counts are kept on the member's row by [`record_help`], so a profile
/// costs the same however many needs the member has had.
pub fn profile(conn: &mut DbConnection, id: UserId) -> QueryResult<Option<Profile>> {
    let row: Option<ProfileRow> = users::table
        .find(id)
        .select((
            users::display_name,
            users::about,
            users::area,
            users::created_at,
            users::role,
            users::standing,
            users::helped_count,
            users::was_helped_count,
        ))
        .first(conn)
        .optional()?;
    // An application is not a member yet: no profile until it is approved.
    Ok(row
        .filter(|row| matches!(row.standing, Standing::Active | Standing::Banned))
        .map(|row| Profile {
            id,
            display_name: row.display_name,
            about: row.about,
            area: row.area,
            created_at: row.created_at,
            role: row.role,
            helped: row.helped,
            was_helped: row.was_helped,
        }))
}

/// Counts a need just closed as helped on its people's profiles: once for
/// each accepted volunteer, and once for its author if anyone was accepted.
/// Call it in the transaction that closes the need; a closed need's offers
/// never change afterwards, so the counts stay true.
pub fn record_help(conn: &mut DbConnection, need: NeedId, author: UserId) -> QueryResult<()> {
    let volunteers = offers::table
        .filter(offers::need_id.eq(need))
        .filter(offers::status.eq(OfferStatus::Accepted))
        .select(offers::volunteer_id);
    let helped = diesel::update(users::table.filter(users::id.eq_any(volunteers)))
        .set(users::helped_count.eq(users::helped_count + 1))
        .execute(conn)?;
    if helped > 0 {
        diesel::update(users::table.find(author))
            .set(users::was_helped_count.eq(users::was_helped_count + 1))
            .execute(conn)?;
    }
    Ok(())
}

/// Counts every member's help again from the needs and offers, as the
/// migration that introduced the counts did: for data written without
/// [`record_help`] (the demo seed). Two grouped reads, then one update per
/// member with help to count.
pub fn recount_help(conn: &mut DbConnection) -> QueryResult<()> {
    let closed_as_helped = needs::status
        .eq(NeedStatus::Done)
        .and(needs::outcome.eq(Outcome::Helped));
    let helped: Vec<(UserId, i64)> = offers::table
        .inner_join(needs::table)
        .filter(offers::status.eq(OfferStatus::Accepted))
        .filter(closed_as_helped)
        .group_by(offers::volunteer_id)
        .select((offers::volunteer_id, diesel::dsl::count_star()))
        .load(conn)?;
    let was_helped: Vec<(UserId, i64)> = needs::table
        .filter(closed_as_helped)
        .filter(needs::accepted_count.gt(0))
        .group_by(needs::author_id)
        .select((needs::author_id, diesel::dsl::count_star()))
        .load(conn)?;
    diesel::update(users::table)
        .set((users::helped_count.eq(0), users::was_helped_count.eq(0)))
        .execute(conn)?;
    for (id, count) in helped {
        diesel::update(users::table.find(id))
            .set(users::helped_count.eq(count))
            .execute(conn)?;
    }
    for (id, count) in was_helped {
        diesel::update(users::table.find(id))
            .set(users::was_helped_count.eq(count))
            .execute(conn)?;
    }
    Ok(())
}

/// Saves the profile's own fields.
pub fn save_profile(
    conn: &mut DbConnection,
    id: UserId,
    about: &str,
    area: &str,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::about.eq(about), users::area.eq(area)))
        .execute(conn)
        .map(drop)
}

/// A member's role, for the badge beside their name.
pub fn role_of(conn: &mut DbConnection, id: UserId) -> QueryResult<Role> {
    crate::db::one(users::table.find(id).select(users::role).load(conn))
        .map(|role| role.unwrap_or(Role::Member))
}

/// A thank-you note as shown.
#[derive(Clone, Debug, Queryable)]
pub struct ThanksView {
    /// Id.
    pub id: ThanksId,
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
    /// When it was made.
    pub created_at: Timestamp,
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
        .filter(thanks::volunteer_id.eq(volunteer))
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
        query = query.filter(thanks::shown.eq(true)).filter(on_the_board());
    }
    query.load(conn)
}

/// Shows or hides one of the volunteer's own notes; `false` if it is not theirs.
pub fn set_thanks_shown(
    conn: &mut DbConnection,
    id: ThanksId,
    volunteer: UserId,
    shown: bool,
) -> QueryResult<bool> {
    diesel::update(
        thanks::table
            .filter(thanks::id.eq(id))
            .filter(thanks::volunteer_id.eq(volunteer)),
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
    now: Timestamp,
) -> QueryResult<()> {
    if blocks_one_way(conn, blocker, blocked)? {
        return Ok(());
    }
    diesel::insert_into(blocks::table)
        .values((
            blocks::blocker_id.eq(blocker),
            blocks::blocked_id.eq(blocked),
            blocks::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Lifts a block.
pub fn unblock(conn: &mut DbConnection, blocker: UserId, blocked: UserId) -> QueryResult<()> {
    diesel::delete(blocks::table.find((blocker, blocked)))
        .execute(conn)
        .map(drop)
}

/// Whether `blocker` has blocked `blocked`.
pub fn blocks_one_way(
    conn: &mut DbConnection,
    blocker: UserId,
    blocked: UserId,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(blocks::table.find((blocker, blocked)))).get_result(conn)
}

/// Whether either of the two has blocked the other, counting only blocks
/// between members: a block made before one of them became a moderator or
/// an admin no longer counts.
pub fn blocked_either_way(conn: &mut DbConnection, a: UserId, b: UserId) -> QueryResult<bool> {
    if !(blocks_one_way(conn, a, b)? || blocks_one_way(conn, b, a)?) {
        return Ok(false);
    }
    let staff: i64 = users::table
        .filter(users::id.eq_any([a, b]))
        .filter(users::role.ne(Role::Member))
        .count()
        .get_result(conn)?;
    Ok(staff == 0)
}
