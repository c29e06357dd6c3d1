//! Queries that close a need (cancelled, done with thanks, expired) and
//! that reopen an expired one.

use diesel::prelude::*;

use super::needs::{settle_slots, when_columns};
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{needs, thanks};
use crate::kernel::identity::UserId;
use crate::needs::lifecycle::{NeedStatus, Transition};
use crate::needs::{NeedId, Outcome, When};
use crate::policy::seeing::on_the_board;

/// Cancels the author's need; `false` if it was not theirs or not live.
pub fn cancel_need(
    conn: &mut DbConnection,
    id: NeedId,
    author: UserId,
    note: &str,
    now: Timestamp,
) -> QueryResult<bool> {
    let cancel = Transition::Cancel;
    diesel::update(
        needs::table
            .filter(needs::id.eq(id))
            .filter(needs::author_id.eq(author))
            .filter(needs::status.eq_any(cancel.from()))
            // A need hidden meanwhile is frozen, whatever the page showed.
            .filter(on_the_board()),
    )
    .set((
        needs::status.eq(cancel.to()),
        needs::cancel_note.eq((!note.is_empty()).then_some(note)),
        needs::closed_at.eq(now),
        needs::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Closes the author's need with an outcome; `false` if not allowed.
pub fn mark_done(
    conn: &mut DbConnection,
    id: NeedId,
    author: UserId,
    outcome: Outcome,
    now: Timestamp,
) -> QueryResult<bool> {
    let done = Transition::MarkDone;
    let updated = diesel::update(
        needs::table
            .filter(needs::id.eq(id))
            .filter(needs::author_id.eq(author))
            .filter(needs::status.eq_any(done.from()))
            // A need hidden meanwhile is frozen, whatever the page showed.
            .filter(on_the_board()),
    )
    .set((
        needs::status.eq(done.to()),
        needs::outcome.eq(outcome),
        needs::updated_at.eq(now),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Ok(false);
    }
    // An expired need closed when it expired: keep that time, so helpers'
    // view of the private details does not start over.
    diesel::update(
        needs::table
            .filter(needs::id.eq(id))
            .filter(needs::closed_at.is_null()),
    )
    .set(needs::closed_at.eq(now))
    .execute(conn)?;
    Ok(true)
}

/// Thanks a volunteer for a need (once per need and volunteer).
pub fn insert_thanks(
    conn: &mut DbConnection,
    need: NeedId,
    volunteer: UserId,
    author: UserId,
    note: &str,
    now: Timestamp,
) -> QueryResult<()> {
    diesel::insert_into(thanks::table)
        .values((
            thanks::need_id.eq(need),
            thanks::volunteer_id.eq(volunteer),
            thanks::author_id.eq(author),
            thanks::note.eq(note),
            thanks::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// The volunteers already thanked for a need.
pub fn thanked_on(conn: &mut DbConnection, need: NeedId) -> QueryResult<Vec<UserId>> {
    thanks::table
        .filter(thanks::need_id.eq(need))
        .select(thanks::volunteer_id)
        .load(conn)
}

/// Live needs whose date is before `today`, with their authors.
pub fn needs_past_their_date(
    conn: &mut DbConnection,
    today: &str,
) -> QueryResult<Vec<(NeedId, UserId)>> {
    let expire = Transition::Expire;
    needs::table
        .filter(needs::status.eq_any(expire.from()))
        .filter(needs::sort_date.lt(today))
        .select((needs::id, needs::author_id))
        .load(conn)
}

/// Expires one need if it is still live and past `today`.
pub fn expire_need(
    conn: &mut DbConnection,
    id: NeedId,
    today: &str,
    now: Timestamp,
) -> QueryResult<bool> {
    let expire = Transition::Expire;
    diesel::update(
        needs::table
            .filter(needs::id.eq(id))
            .filter(needs::status.eq_any(expire.from()))
            .filter(needs::sort_date.lt(today)),
    )
    .set((
        needs::status.eq(expire.to()),
        needs::closed_at.eq(now),
        needs::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Gives an expired need of `author` a new date and reopens it.
pub fn reopen_need(
    conn: &mut DbConnection,
    id: NeedId,
    author: UserId,
    when: When,
    now: Timestamp,
) -> QueryResult<bool> {
    let (need_date, start_time, end_time) = when_columns(when);
    let reopen = Transition::Reopen { slots_full: false };
    let updated = diesel::update(
        needs::table
            .filter(needs::id.eq(id))
            .filter(needs::author_id.eq(author))
            .filter(on_the_board())
            .filter(needs::status.eq_any(reopen.from())),
    )
    .set((
        needs::status.eq(reopen.to()),
        needs::when_kind.eq(when.kind()),
        needs::need_date.eq(need_date),
        needs::start_time.eq(start_time),
        needs::end_time.eq(end_time),
        needs::sort_date.eq(when.sort_date()),
        needs::closed_at.eq(None::<Timestamp>),
        needs::updated_at.eq(now),
        // A new date gets its own reminder.
        needs::reminded.eq(false),
    ))
    .execute(conn)?;
    if updated == 1 {
        settle_slots(conn, id)?;
    }
    Ok(updated == 1)
}

/// Live needs dated `day` whose people have not been reminded.
pub fn needs_to_remind(conn: &mut DbConnection, day: &str) -> QueryResult<Vec<NeedId>> {
    needs::table
        .filter(needs::status.eq_any([NeedStatus::Open, NeedStatus::Filled]))
        // A dated need's sort date is its date (a flexible one's never is
        // a day), and the board's index leads with status and sort date.
        .filter(needs::sort_date.eq(day))
        .filter(needs::reminded.eq(false))
        .filter(on_the_board())
        .select(needs::id)
        .load(conn)
}

/// Marks a need reminded unless it already was; returns its author if
/// this call did.
pub fn mark_reminded(conn: &mut DbConnection, id: NeedId) -> QueryResult<Option<UserId>> {
    let marked = diesel::update(
        needs::table
            .filter(needs::id.eq(id))
            .filter(needs::reminded.eq(false)),
    )
    .set(needs::reminded.eq(true))
    .execute(conn)?;
    if marked == 0 {
        return Ok(None);
    }
    needs::table
        .find(id)
        .select(needs::author_id)
        .first(conn)
        .map(Some)
}
