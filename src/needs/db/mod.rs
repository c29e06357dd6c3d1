//! Every query of the needs feature (the board's are in [`board`]).

pub mod board;
pub mod offers;

use diesel::prelude::*;

use super::forms::NeedFields;
use super::lifecycle::Transition;
use super::{Category, NeedId, NeedStatus, Outcome, Urgency, When};
use crate::db::DbConnection;
use crate::db::schema::{categories, needs, offers as offers_table, thanks, users};
use crate::insert_returning_id;
use crate::kernel::identity::{Role, UserId};

/// A need as stored.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = needs)]
pub struct NeedRow {
    /// Id.
    pub id: i64,
    /// Author.
    pub author_id: i64,
    /// Title.
    pub title: String,
    /// Details.
    pub details: String,
    /// Category.
    pub category_id: i64,
    /// `date`, `window`, `flexible`.
    pub when_kind: String,
    /// `YYYY-MM-DD`.
    pub need_date: Option<String>,
    /// `HH:MM`.
    pub start_time: Option<String>,
    /// `HH:MM`.
    pub end_time: Option<String>,
    /// Sort date.
    pub sort_date: String,
    /// Rough place.
    pub place: String,
    /// Helpers wanted.
    pub helpers_wanted: i32,
    /// Accepted so far.
    pub accepted_count: i32,
    /// `normal` or `urgent`.
    pub urgency: String,
    /// For accepted volunteers only.
    pub private_details: String,
    /// Lifecycle word.
    pub status: String,
    /// Note when cancelled.
    pub cancel_note: Option<String>,
    /// Outcome word when done.
    pub outcome: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub updated_at: i64,
    /// Unix seconds when closed.
    pub closed_at: Option<i64>,
    /// `moderator` or `ban` when hidden from all but its author.
    pub hidden: Option<String>,
    /// Why it was hidden.
    pub hidden_reason: String,
}

impl NeedRow {
    /// The typed id.
    pub fn need_id(&self) -> NeedId {
        NeedId(self.id)
    }

    /// The author's id.
    pub fn author(&self) -> UserId {
        UserId(self.author_id)
    }

    /// The lifecycle status (an unreadable word reads as cancelled: inert).
    pub fn status(&self) -> NeedStatus {
        NeedStatus::from_db(&self.status).unwrap_or(NeedStatus::Cancelled)
    }

    /// When help is needed.
    pub fn when(&self) -> When {
        When::from_db(
            &self.when_kind,
            self.need_date.as_deref(),
            self.start_time.as_deref(),
            self.end_time.as_deref(),
        )
    }

    /// How pressing.
    pub fn urgency(&self) -> Urgency {
        Urgency::parse(&self.urgency).unwrap_or(Urgency::Normal)
    }

    /// How it turned out.
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome.as_deref().and_then(Outcome::parse)
    }

    /// The fields as the form edits them.
    pub fn fields(&self) -> NeedFields {
        NeedFields {
            title: self.title.clone(),
            details: self.details.clone(),
            category_id: self.category_id,
            when: self.when(),
            place: self.place.clone(),
            helpers_wanted: self.helpers_wanted,
            urgency: self.urgency(),
            private_details: self.private_details.clone(),
        }
    }
}

/// A need with the names shown beside it.
#[derive(Clone, Debug, Queryable)]
pub struct NeedView {
    /// The need.
    pub need: NeedRow,
    /// The author's display name.
    pub author_name: String,
    /// The author's role, for the badge beside their name.
    pub author_role: Role,
    /// The author's e-mail (shown to accepted volunteers only).
    pub author_email: String,
    /// The category's name.
    pub category_name: String,
}

/// Columns a new need is created with; nothing else can be set.
#[derive(Insertable)]
#[diesel(table_name = needs)]
struct NewNeed<'a> {
    author_id: i64,
    title: &'a str,
    details: &'a str,
    category_id: i64,
    when_kind: &'a str,
    need_date: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
    sort_date: String,
    place: &'a str,
    helpers_wanted: i32,
    urgency: &'a str,
    private_details: &'a str,
    status: &'a str,
    created_at: i64,
    updated_at: i64,
}

/// Columns an edit may change: never the author, status or counts.
#[derive(AsChangeset)]
#[diesel(table_name = needs, treat_none_as_null = true)]
struct NeedChanges<'a> {
    title: &'a str,
    details: &'a str,
    category_id: i64,
    when_kind: &'a str,
    need_date: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
    sort_date: String,
    place: &'a str,
    helpers_wanted: i32,
    urgency: &'a str,
    private_details: &'a str,
    updated_at: i64,
}

fn when_columns(when: When) -> (Option<String>, Option<String>, Option<String>) {
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

/// The categories, in order; retired ones only if asked for.
pub fn list_categories(
    conn: &mut DbConnection,
    include_retired: bool,
) -> QueryResult<Vec<Category>> {
    let mut query = categories::table
        .select((categories::id, categories::name, categories::retired))
        .order((categories::position, categories::id))
        .into_boxed();
    if !include_retired {
        query = query.filter(categories::retired.eq(false));
    }
    Ok(query
        .load::<(i64, String, bool)>(conn)?
        .into_iter()
        .map(|(id, name, retired)| Category { id, name, retired })
        .collect())
}

/// Posts a need.
pub fn insert_need(
    conn: &mut DbConnection,
    author: UserId,
    fields: &NeedFields,
    now: i64,
) -> QueryResult<NeedId> {
    let (need_date, start_time, end_time) = when_columns(fields.when);
    let new = NewNeed {
        author_id: author.0,
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
        urgency: fields.urgency.as_str(),
        private_details: &fields.private_details,
        status: NeedStatus::Open.as_str(),
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
        .filter(needs::id.eq(id.0))
        .select((
            NeedRow::as_select(),
            users::display_name,
            users::role,
            users::email,
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
    now: i64,
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
        urgency: fields.urgency.as_str(),
        private_details: &fields.private_details,
        updated_at: now,
    };
    let editable = [NeedStatus::Open, NeedStatus::Filled];
    let updated = diesel::update(
        needs::table
            .filter(needs::id.eq(id.0))
            .filter(needs::author_id.eq(author.0))
            .filter(needs::status.eq_any(editable))
            .filter(needs::accepted_count.le(fields.helpers_wanted))
            // A need hidden meanwhile is frozen, whatever the page showed.
            .filter(needs::hidden.is_null()),
    )
    .set(&changes)
    .execute(conn)?;
    if updated == 1 {
        settle_slots(conn, id)?;
    }
    Ok(updated == 1)
}

/// Fills an open need whose slots are all taken, and opens a filled one
/// with a free slot.
pub fn settle_slots(conn: &mut DbConnection, id: NeedId) -> QueryResult<()> {
    let fill = Transition::TakeLastSlot;
    diesel::update(
        needs::table
            .filter(needs::id.eq(id.0))
            .filter(needs::status.eq_any(fill.from_words()))
            .filter(needs::accepted_count.ge(needs::helpers_wanted)),
    )
    .set(needs::status.eq(fill.to().as_str()))
    .execute(conn)?;
    let free = Transition::FreeSlot;
    diesel::update(
        needs::table
            .filter(needs::id.eq(id.0))
            .filter(needs::status.eq_any(free.from_words()))
            .filter(needs::accepted_count.lt(needs::helpers_wanted)),
    )
    .set(needs::status.eq(free.to().as_str()))
    .execute(conn)?;
    Ok(())
}

/// Cancels the author's need; `false` if it was not theirs or not live.
pub fn cancel_need(
    conn: &mut DbConnection,
    id: NeedId,
    author: UserId,
    note: &str,
    now: i64,
) -> QueryResult<bool> {
    let cancel = Transition::Cancel;
    diesel::update(
        needs::table
            .filter(needs::id.eq(id.0))
            .filter(needs::author_id.eq(author.0))
            .filter(needs::status.eq_any(cancel.from_words()))
            // A need hidden meanwhile is frozen, whatever the page showed.
            .filter(needs::hidden.is_null()),
    )
    .set((
        needs::status.eq(cancel.to().as_str()),
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
    now: i64,
) -> QueryResult<bool> {
    let done = Transition::MarkDone;
    let updated = diesel::update(
        needs::table
            .filter(needs::id.eq(id.0))
            .filter(needs::author_id.eq(author.0))
            .filter(needs::status.eq_any(done.from_words()))
            // A need hidden meanwhile is frozen, whatever the page showed.
            .filter(needs::hidden.is_null()),
    )
    .set((
        needs::status.eq(done.to().as_str()),
        needs::outcome.eq(outcome.as_str()),
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
            .filter(needs::id.eq(id.0))
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
    now: i64,
) -> QueryResult<()> {
    diesel::insert_into(thanks::table)
        .values((
            thanks::need_id.eq(need.0),
            thanks::volunteer_id.eq(volunteer.0),
            thanks::author_id.eq(author.0),
            thanks::note.eq(note),
            thanks::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
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
    let query = needs::table
        .find(id.0)
        .filter(needs::hidden.is_null())
        .select((needs::author_id, needs::status, needs::sort_date));
    let row: Option<(i64, String, String)> = match conn {
        DbConnection::Sqlite(c) => crate::db::one(query.load(c))?,
        DbConnection::Pg(c) => crate::db::one(query.for_update().load(c))?,
    };
    Ok(row.map(|(author, status, sort_date)| {
        (
            UserId(author),
            NeedStatus::from_db(&status).unwrap_or(NeedStatus::Cancelled),
            sort_date,
        )
    }))
}

/// Live needs whose date is before `today`, with their authors.
pub fn needs_past_their_date(
    conn: &mut DbConnection,
    today: &str,
) -> QueryResult<Vec<(NeedId, UserId)>> {
    let expire = Transition::Expire;
    Ok(needs::table
        .filter(needs::status.eq_any(expire.from_words()))
        .filter(needs::sort_date.lt(today))
        .select((needs::id, needs::author_id))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .map(|(n, a)| (NeedId(n), UserId(a)))
        .collect())
}

/// Expires one need if it is still live and past `today`.
pub fn expire_need(
    conn: &mut DbConnection,
    id: NeedId,
    today: &str,
    now: i64,
) -> QueryResult<bool> {
    let expire = Transition::Expire;
    diesel::update(
        needs::table
            .filter(needs::id.eq(id.0))
            .filter(needs::status.eq_any(expire.from_words()))
            .filter(needs::sort_date.lt(today)),
    )
    .set((
        needs::status.eq(expire.to().as_str()),
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
    now: i64,
) -> QueryResult<bool> {
    let (need_date, start_time, end_time) = when_columns(when);
    let reopen = Transition::Reopen { slots_full: false };
    let updated = diesel::update(
        needs::table
            .filter(needs::id.eq(id.0))
            .filter(needs::author_id.eq(author.0))
            .filter(needs::hidden.is_null())
            .filter(needs::status.eq_any(reopen.from_words())),
    )
    .set((
        needs::status.eq(reopen.to().as_str()),
        needs::when_kind.eq(when.kind()),
        needs::need_date.eq(need_date),
        needs::start_time.eq(start_time),
        needs::end_time.eq(end_time),
        needs::sort_date.eq(when.sort_date()),
        needs::closed_at.eq(None::<i64>),
        needs::updated_at.eq(now),
    ))
    .execute(conn)?;
    if updated == 1 {
        settle_slots(conn, id)?;
    }
    Ok(updated == 1)
}

/// A member's own needs, newest first, with how many offers wait for an answer.
pub fn needs_by_author(
    conn: &mut DbConnection,
    author: UserId,
    limit: i64,
) -> QueryResult<Vec<(NeedRow, i64)>> {
    let rows: Vec<NeedRow> = needs::table
        .filter(needs::author_id.eq(author.0))
        .order(needs::id.desc())
        .limit(limit)
        .select(NeedRow::as_select())
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|n| n.id).collect();
    let waiting: Vec<(i64, i64)> = offers_table::table
        .filter(offers_table::need_id.eq_any(&ids))
        .filter(offers_table::status.eq("pending"))
        .group_by(offers_table::need_id)
        .select((offers_table::need_id, diesel::dsl::count_star()))
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
pub fn needs_posted_since(conn: &mut DbConnection, author: UserId, since: i64) -> QueryResult<i64> {
    needs::table
        .filter(needs::author_id.eq(author.0))
        .filter(needs::created_at.gt(since))
        .count()
        .get_result(conn)
}

/// How many offers `volunteer` made since `since`.
pub fn offers_made_since(
    conn: &mut DbConnection,
    volunteer: UserId,
    since: i64,
) -> QueryResult<i64> {
    offers_table::table
        .filter(offers_table::volunteer_id.eq(volunteer.0))
        .filter(offers_table::created_at.gt(since))
        .count()
        .get_result(conn)
}
