//! How much a member may post in a day, as the admin set it: new members
//! (in their first days) less, so a fresh account cannot flood the board.

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::kernel::identity::UserId;
use crate::site::PostingLimits;

/// Seconds in the rolling day the limits count over.
pub const DAY: i64 = 86_400;

/// Whether `member` still counts as new.
fn is_new(
    conn: &mut DbConnection,
    member: UserId,
    limits: PostingLimits,
    now: Timestamp,
) -> diesel::QueryResult<bool> {
    let joined = crate::accounts::db::find_user(conn, member)?.map_or(now, |u| u.created_at);
    Ok(now.seconds_since(joined) < i64::from(limits.new_member_days) * DAY)
}

/// Needs `member` may post in 24 hours.
pub fn needs_allowed_today(
    conn: &mut DbConnection,
    member: UserId,
    limits: PostingLimits,
    now: Timestamp,
) -> diesel::QueryResult<i64> {
    let everyone = i64::from(limits.needs_per_day);
    Ok(if is_new(conn, member, limits, now)? {
        everyone.min(i64::from(limits.new_member_needs_per_day))
    } else {
        everyone
    })
}

/// Offers `member` may make in 24 hours, if limited at all.
pub fn offers_allowed_today(
    conn: &mut DbConnection,
    member: UserId,
    limits: PostingLimits,
    now: Timestamp,
) -> diesel::QueryResult<Option<i64>> {
    Ok(is_new(conn, member, limits, now)?.then_some(i64::from(limits.new_member_offers_per_day)))
}

/// What a member who reached the needs limit is told.
pub fn needs_message(allowed: i64) -> String {
    format!(
        "You have posted {allowed} {} in the last 24 hours, as many as this board allows{}. Please try again tomorrow.",
        if allowed == 1 { "need" } else { "needs" },
        " (the limits are on the front page, with the rules)"
    )
}

/// What a new member who reached the offers limit is told.
pub fn offers_message(allowed: i64) -> String {
    format!(
        "New members may offer to help {allowed} times in 24 hours, and you have. Thank you for being so keen! Please try again tomorrow."
    )
}
