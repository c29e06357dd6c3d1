//! Queries that read offers of help: on a need, one member's, and the
//! needs a member is helping with.

use diesel::prelude::*;

use super::NeedRow;
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{needs, offers, users};
use crate::kernel::identity::{Role, UserId};
use crate::needs::{NeedId, NeedStatus, OfferId, OfferStatus};
use crate::policy::seeing::on_the_board;

/// An offer with the volunteer's names.
#[derive(Clone, Debug, Queryable)]
pub struct OfferView {
    /// Id.
    pub id: OfferId,
    /// The need.
    pub need_id: NeedId,
    /// The volunteer.
    pub volunteer_id: UserId,
    /// The volunteer's display name.
    pub volunteer_name: String,
    /// The volunteer's role, for the badge beside their name.
    pub volunteer_role: Role,
    /// The volunteer's e-mail: shown to the author once accepted, and only
    /// if the volunteer shares it ([`crate::policy::seeing::may_see_address`]).
    pub volunteer_email: String,
    /// Whether the volunteer chose to share their e-mail address.
    pub volunteer_shares_email: bool,
    /// Their message.
    pub message: String,
    /// Where it stands.
    pub status: OfferStatus,
    /// When it was made.
    pub created_at: Timestamp,
}

impl OfferView {
    /// The volunteer's id.
    pub fn volunteer(&self) -> UserId {
        self.volunteer_id
    }
}

fn offer_view_columns() -> (
    offers::id,
    offers::need_id,
    offers::volunteer_id,
    users::display_name,
    users::role,
    users::email,
    users::share_email,
    offers::message,
    offers::status,
    offers::created_at,
) {
    (
        offers::id,
        offers::need_id,
        offers::volunteer_id,
        users::display_name,
        users::role,
        users::email,
        users::share_email,
        offers::message,
        offers::status,
        offers::created_at,
    )
}

/// Every offer on a need, oldest first.
pub fn offers_on(conn: &mut DbConnection, need: NeedId) -> QueryResult<Vec<OfferView>> {
    offers::table
        .inner_join(users::table)
        .filter(offers::need_id.eq(need))
        .order(offers::id)
        .select(offer_view_columns())
        .load(conn)
}

/// One offer, if it is on `need`.
pub fn find_offer(
    conn: &mut DbConnection,
    need: NeedId,
    offer: OfferId,
) -> QueryResult<Option<OfferView>> {
    offers::table
        .inner_join(users::table)
        .filter(offers::id.eq(offer))
        .filter(offers::need_id.eq(need))
        .select(offer_view_columns())
        .load(conn)
        .map(|rows| rows.into_iter().next())
}

/// The need `offer` was made on.
pub fn need_of(conn: &mut DbConnection, offer: OfferId) -> QueryResult<Option<NeedId>> {
    crate::db::one(
        offers::table
            .find(offer)
            .select(offers::need_id)
            .load::<NeedId>(conn),
    )
}

/// `member`'s offer on `need`, whatever its status.
pub fn my_offer(
    conn: &mut DbConnection,
    need: NeedId,
    member: UserId,
) -> QueryResult<Option<OfferView>> {
    offers::table
        .inner_join(users::table)
        .filter(offers::need_id.eq(need))
        .filter(offers::volunteer_id.eq(member))
        .select(offer_view_columns())
        .load(conn)
        .map(|rows| rows.into_iter().next())
}

/// Needs still under way (open, filled, or past their date but not
/// closed) that `member` offered to help with, pending or accepted, and
/// needs where their offer ended as not needed after `ended_since` (so they
/// see it ended rather than have it vanish), soonest first.
pub fn helping_with(
    conn: &mut DbConnection,
    member: UserId,
    ended_since: Timestamp,
    limit: i64,
) -> QueryResult<Vec<(NeedRow, OfferStatus)>> {
    let under_way = offers::status
        .eq_any([OfferStatus::Pending, OfferStatus::Accepted])
        .and(needs::status.eq_any([NeedStatus::Open, NeedStatus::Filled, NeedStatus::Expired]));
    let ended_lately = offers::status
        .eq(OfferStatus::NotNeeded)
        .and(offers::updated_at.gt(ended_since));
    offers::table
        .inner_join(needs::table)
        .filter(offers::volunteer_id.eq(member))
        .filter(under_way.or(ended_lately))
        .filter(on_the_board())
        .order((needs::sort_date, needs::id))
        .limit(limit)
        .select((NeedRow::as_select(), offers::status))
        .load(conn)
}

/// How many offers `volunteer` made since `since`.
pub fn offers_made_since(
    conn: &mut DbConnection,
    volunteer: UserId,
    since: Timestamp,
) -> QueryResult<i64> {
    offers::table
        .filter(offers::volunteer_id.eq(volunteer))
        .filter(offers::created_at.gt(since))
        .count()
        .get_result(conn)
}
