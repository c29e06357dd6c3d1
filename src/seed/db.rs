//! Every query of the demo-data seeder: counting members and inserting
//! rows in large batches on the backend at hand.

use diesel::prelude::*;

use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{messages, needs, offers, thanks, users};
use crate::kernel::identity::{Role, UserId};
use crate::kernel::ids::{CategoryId, NeedId, OfferId};
use crate::needs::{NeedStatus, OfferStatus, Outcome, Urgency, WhenKind};

/// Members seeded are given addresses at this domain, which can never
/// receive mail, so they are never mistaken for real members.
pub const DEMO_DOMAIN: &str = "@demo.kith.invalid";

/// A member row to insert.
#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct SeedUser {
    /// E-mail.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// PHC string.
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// When it was made.
    pub created_at: Timestamp,
    /// About.
    pub about: String,
    /// Area.
    pub area: String,
}

/// A need row to insert.
#[derive(Insertable)]
#[diesel(table_name = needs)]
pub struct SeedNeed {
    /// Author.
    pub author_id: UserId,
    /// Title.
    pub title: String,
    /// Details.
    pub details: String,
    /// Category.
    pub category_id: CategoryId,
    /// Kind of when.
    pub when_kind: WhenKind,
    /// Date.
    pub need_date: Option<String>,
    /// Start.
    pub start_time: Option<&'static str>,
    /// End.
    pub end_time: Option<&'static str>,
    /// Sort date.
    pub sort_date: String,
    /// Place.
    pub place: &'static str,
    /// Helpers wanted.
    pub helpers_wanted: i32,
    /// Accepted.
    pub accepted_count: i32,
    /// How pressing.
    pub urgency: Urgency,
    /// Private details.
    pub private_details: String,
    /// Where it is in its life.
    pub status: NeedStatus,
    /// How it turned out.
    pub outcome: Option<Outcome>,
    /// When it was made.
    pub created_at: Timestamp,
    /// When it was last changed.
    pub updated_at: Timestamp,
    /// When it was closed, if ever.
    pub closed_at: Option<Timestamp>,
}

/// An offer row to insert.
#[derive(Insertable)]
#[diesel(table_name = offers)]
pub struct SeedOffer {
    /// Need.
    pub need_id: NeedId,
    /// Volunteer.
    pub volunteer_id: UserId,
    /// Message.
    pub message: &'static str,
    /// Where it stands.
    pub status: OfferStatus,
    /// When it was made.
    pub created_at: Timestamp,
    /// When it was last changed.
    pub updated_at: Timestamp,
}

/// A message row to insert.
#[derive(Insertable)]
#[diesel(table_name = messages)]
pub struct SeedMessage {
    /// Offer.
    pub offer_id: OfferId,
    /// Author.
    pub author_id: UserId,
    /// Text.
    pub body: &'static str,
    /// When it was made.
    pub created_at: Timestamp,
}

/// A thank-you row to insert.
#[derive(Insertable)]
#[diesel(table_name = thanks)]
pub struct SeedThanks {
    /// Need.
    pub need_id: NeedId,
    /// Volunteer.
    pub volunteer_id: UserId,
    /// Author.
    pub author_id: UserId,
    /// Note.
    pub note: &'static str,
    /// Shown on the profile.
    pub shown: bool,
    /// When it was made.
    pub created_at: Timestamp,
}

/// Members whose address is not a demo address.
pub fn real_members(conn: &mut DbConnection) -> QueryResult<i64> {
    users::table
        .filter(users::email.not_like(format!("%{DEMO_DOMAIN}")))
        .count()
        .get_result(conn)
}

/// Demo members already there.
pub fn demo_members(conn: &mut DbConnection) -> QueryResult<i64> {
    users::table
        .filter(users::email.like(format!("%{DEMO_DOMAIN}")))
        .count()
        .get_result(conn)
}

/// Inserts rows in one statement on the concrete backend.
macro_rules! insert_all {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            DbConnection::Sqlite(c) => diesel::insert_into($table).values($rows).execute(c),
            DbConnection::Pg(c) => diesel::insert_into($table).values($rows).execute(c),
        }
    };
}

/// The largest id in a table so far (0 when empty).
macro_rules! max_id {
    ($conn:expr, $table:expr, $id:expr) => {
        $table
            .select(diesel::dsl::max($id))
            .first::<Option<i64>>($conn)
            .map(Option::unwrap_or_default)
    };
}

/// Inserts members; returns their ids, in order.
pub fn insert_users(conn: &mut DbConnection, rows: &[SeedUser]) -> QueryResult<Vec<UserId>> {
    let before = max_id!(conn, users::table, users::id)?;
    insert_all!(conn, users::table, rows)?;
    users::table
        .filter(users::id.gt(before))
        .order(users::id)
        .select(users::id)
        .load(conn)
}

/// Inserts needs; returns their ids, in order.
pub fn insert_needs(conn: &mut DbConnection, rows: &[SeedNeed]) -> QueryResult<Vec<NeedId>> {
    let before = max_id!(conn, needs::table, needs::id)?;
    insert_all!(conn, needs::table, rows)?;
    needs::table
        .filter(needs::id.gt(before))
        .order(needs::id)
        .select(needs::id)
        .load(conn)
}

/// Inserts offers; returns their ids, in order.
pub fn insert_offers(conn: &mut DbConnection, rows: &[SeedOffer]) -> QueryResult<Vec<OfferId>> {
    let before = max_id!(conn, offers::table, offers::id)?;
    insert_all!(conn, offers::table, rows)?;
    offers::table
        .filter(offers::id.gt(before))
        .order(offers::id)
        .select(offers::id)
        .load(conn)
}

/// Inserts messages.
pub fn insert_messages(conn: &mut DbConnection, rows: &[SeedMessage]) -> QueryResult<usize> {
    insert_all!(conn, messages::table, rows)
}

/// Inserts thank-you notes.
pub fn insert_thanks(conn: &mut DbConnection, rows: &[SeedThanks]) -> QueryResult<usize> {
    insert_all!(conn, thanks::table, rows)
}

/// Updates the planner's statistics after a bulk load, as a running server
/// keeps them (`db::optimize` on SQLite, so the demo measures what a real
/// site does; a full `ANALYZE` on PostgreSQL, whose autovacuum would do it
/// later).
pub fn analyze(conn: &mut DbConnection) -> QueryResult<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        DbConnection::Pg(pg) => pg.batch_execute("ANALYZE"),
        DbConnection::Sqlite(_) => crate::db::optimize(conn),
    }
}
