//! Queries that post, read, edit and count needs.

use diesel::prelude::*;

use super::rows::{NeedRow, NeedView};
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{categories, needs, offers, users};
use crate::insert_returning_id;
use crate::kernel::identity::UserId;
use crate::kernel::ids::CategoryId;
use crate::needs::forms::NeedFields;
use crate::needs::lifecycle::Transition;
use crate::needs::{NeedId, NeedStatus, OfferStatus, Urgency, When, WhenKind};
use crate::policy::seeing::on_the_board;

/// Columns a new need is created with; nothing else can be set.
#[derive(Insertable)]
#[diesel(table_name = needs)]
struct NewNeed<'a> {
    author_id: UserId,
    title: &'a str,
    details: &'a str,
    category_id: CategoryId,
    when_kind: WhenKind,
    need_date: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
    sort_date: String,
    place: &'a str,
    helpers_wanted: i32,
    urgency: Urgency,
    private_details: &'a str,
    status: NeedStatus,
    created_at: Timestamp,
    updated_at: Timestamp,
}

/// Columns an edit may change: never the author, status or counts.
#[derive(AsChangeset)]
#[diesel(table_name = needs, treat_none_as_null = true)]
struct NeedChanges<'a> {
    title: &'a str,
    details: &'a str,
    category_id: CategoryId,
    when_kind: WhenKind,
    need_date: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
    sort_date: String,
    place: &'a str,
    helpers_wanted: i32,
    urgency: Urgency,
    private_details: &'a str,
    updated_at: Timestamp,
}

pub(super) fn when_columns(when: When) -> (Option<String>, Option<String>, Option<String>) {
    match when {
        When::Date(d) => (Some(d.to_string()), None, None),
        When::Window(d, s, e) => (
            Some(d.to_string()),
            Some(s.format("%H:%M").to_string()),
            Some(e.format("%H:%M").to_string()),
        ),
        When::Flexible => (None, None, None),
    }
}

/// Posts a need.
pub fn insert_need(
    conn: &mut DbConnection,
    author: UserId,
    fields: &NeedFields,
    now: Timestamp,
) -> QueryResult<NeedId> {
    let (need_date, start_time, end_time) = when_columns(fields.when);
    let new = NewNeed {
        author_id: author,
        title: &fields.title,
        details: &fields.details,
        category_id: fields.category_id,
        when_kind: fields.when.kind(),
        need_date,
        start_time,
        end_time,
        sort_date: fields.when.sort_date(),
        place: &fields.place,
        helpers_wanted: fields.helpers_wanted,
        urgency: fields.urgency,
        private_details: &fields.private_details,
        status: NeedStatus::Open,
        created_at: now,
        updated_at: now,
    };
    let insert = diesel::insert_into(needs::table).values(&new);
    insert_returning_id!(conn, insert, needs::id).map(NeedId)
}

/// The need and the names shown with it.
pub fn find_need(conn: &mut DbConnection, id: NeedId) -> QueryResult<Option<NeedView>> {
    needs::table
        .inner_join(users::table)
        .inner_join(categories::table)
        .filter(needs::id.eq(id))
        .select((
            NeedRow::as_select(),
            users::display_name,
            users::role,
            users::email,
            users::share_email,
            categories::name,
        ))
        .load(conn)
        .map(|rows| rows.into_iter().next())
}

/// Edits a need, if `author` wrote it, it is still open or filled, and it
/// would not want fewer helpers than are already accepted. Then settles
/// its status against the (possibly new) number wanted.
pub fn update_need(
    conn: &mut DbConnection,
    id: NeedId,
    author: UserId,
    fields: &NeedFields,
    now: Timestamp,
) -> QueryResult<bool> {
    let (need_date, start_time, end_time) = when_columns(fields.when);
    let changes = NeedChanges {
        title: &fields.title,
        details: &fields.details,
        category_id: fields.category_id,
        when_kind: fields.when.kind(),
        need_date,
        start_time,
        end_time,
        sort_date: fields.when.sort_date(),
        place: &fields.place,
        helpers_wanted: fields.helpers_wanted,
        urgency: fields.urgency,
        private_details: &fields.private_details,
        updated_at: now,
    };
    let editable = [NeedStatus::Open, NeedStatus::Filled];
    let old_date: Option<String> = needs::table
        .find(id)
        .select(needs::sort_date)
        .first(conn)
        .optional()?;
    let updated = diesel::update(
        needs::table
            .filter(needs::id.eq(id))
            .filter(needs::author_id.eq(author))
            .filter(needs::status.eq_any(editable))
            .filter(needs::accepted_count.le(fields.helpers_wanted))
            // A need hidden meanwhile is frozen, whatever the page showed.
            .filter(on_the_board()),
    )
    .set(&changes)
    .execute(conn)?;
    if updated == 1 {
        settle_slots(conn, id)?;
        if old_date.as_deref() != Some(changes.sort_date.as_str()) {
            // A new date gets its own reminder.
            diesel::update(needs::table.find(id))
                .set(needs::reminded.eq(false))
                .execute(conn)?;
        }
    }
    Ok(updated == 1)
}

/// Fills an open need whose slots are all taken, and opens a filled one
/// with a free slot.
pub fn settle_slots(conn: &mut DbConnection, id: NeedId) -> QueryResult<()> {
    let fill = Transition::TakeLastSlot;
    diesel::update(
        needs::table
            .filter(needs::id.eq(id))
            .filter(needs::status.eq_any(fill.from()))
            .filter(needs::accepted_count.ge(needs::helpers_wanted)),
    )
    .set(needs::status.eq(fill.to()))
    .execute(conn)?;
    let free = Transition::FreeSlot;
    diesel::update(
        needs::table
            .filter(needs::id.eq(id))
            .filter(needs::status.eq_any(free.from()))
            .filter(needs::accepted_count.lt(needs::helpers_wanted)),
    )
    .set(needs::status.eq(free.to()))
    .execute(conn)?;
    Ok(())
}

/// A need's author, status and sort date, read for a change that depends
/// on them. On PostgreSQL the row is locked (`FOR UPDATE`) until the
/// transaction ends, so a concurrent cancel, close or accept waits; SQLite's
/// write transactions (`BEGIN IMMEDIATE`) already run one at a time.
pub fn lock_need(
    conn: &mut DbConnection,
    id: NeedId,
) -> QueryResult<Option<(UserId, NeedStatus, String)>> {
    // A hidden need is frozen: to a write that locks it, it is not there.
    let query = needs::table.find(id).filter(on_the_board()).select((
        needs::author_id,
        needs::status,
        needs::sort_date,
    ));
    match conn {
        DbConnection::Sqlite(c) => crate::db::one(query.load(c)),
        DbConnection::Pg(c) => crate::db::one(query.for_update().load(c)),
    }
}

/// Where a need is in its life, if it exists.
pub fn need_status(conn: &mut DbConnection, id: NeedId) -> QueryResult<Option<NeedStatus>> {
    needs::table
        .find(id)
        .select(needs::status)
        .first(conn)
        .optional()
}

/// A member's own needs, newest first, with how many offers wait for an
/// answer (none on a need that is closed: nothing there waits any more).
pub fn needs_by_author(
    conn: &mut DbConnection,
    author: UserId,
    limit: i64,
) -> QueryResult<Vec<(NeedRow, i64)>> {
    let rows: Vec<NeedRow> = needs::table
        .filter(needs::author_id.eq(author))
        .order(needs::id.desc())
        .limit(limit)
        .select(NeedRow::as_select())
        .load(conn)?;
    let ids: Vec<NeedId> = rows
        .iter()
        .filter(|n| !n.status.is_closed())
        .map(|n| n.id)
        .collect();
    let waiting: Vec<(NeedId, i64)> = offers::table
        .filter(offers::need_id.eq_any(&ids))
        .filter(offers::status.eq(OfferStatus::Pending))
        .group_by(offers::need_id)
        .select((offers::need_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|n| {
            let count = waiting
                .iter()
                .find(|(id, _)| *id == n.id)
                .map_or(0, |(_, c)| *c);
            (n, count)
        })
        .collect())
}

/// How many needs `author` posted since `since`.
pub fn needs_posted_since(
    conn: &mut DbConnection,
    author: UserId,
    since: Timestamp,
) -> QueryResult<i64> {
    needs::table
        .filter(needs::author_id.eq(author))
        .filter(needs::created_at.gt(since))
        .count()
        .get_result(conn)
}
