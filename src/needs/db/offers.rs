//! Queries about offers of help and the conversations that go with them.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DbError};

use super::NeedRow;
use crate::db::DbConnection;
use crate::db::schema::{messages, needs, offers, users};
use crate::insert_returning_id;
use crate::kernel::identity::{Role, UserId};
use crate::needs::lifecycle::Transition;
use crate::needs::{NeedId, NeedStatus, OfferId, OfferStatus};

/// An offer with the volunteer's names.
#[derive(Clone, Debug, Queryable)]
pub struct OfferView {
    /// Id.
    pub id: i64,
    /// The need.
    pub need_id: i64,
    /// The volunteer.
    pub volunteer_id: i64,
    /// The volunteer's display name.
    pub volunteer_name: String,
    /// The volunteer's role, for the badge beside their name.
    pub volunteer_role: Role,
    /// The volunteer's e-mail (shown to the author once accepted).
    pub volunteer_email: String,
    /// Their message.
    pub message: String,
    /// Status word.
    pub status: String,
    /// Unix seconds.
    pub created_at: i64,
}

impl OfferView {
    /// The status.
    pub fn status(&self) -> OfferStatus {
        OfferStatus::from_db(&self.status)
    }

    /// The typed id.
    pub fn offer_id(&self) -> OfferId {
        OfferId(self.id)
    }

    /// The volunteer's id.
    pub fn volunteer(&self) -> UserId {
        UserId(self.volunteer_id)
    }
}

fn offer_view_columns() -> (
    offers::id,
    offers::need_id,
    offers::volunteer_id,
    users::display_name,
    users::role,
    users::email,
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
        offers::message,
        offers::status,
        offers::created_at,
    )
}

/// Every offer on a need, oldest first.
pub fn offers_on(conn: &mut DbConnection, need: NeedId) -> QueryResult<Vec<OfferView>> {
    offers::table
        .inner_join(users::table)
        .filter(offers::need_id.eq(need.0))
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
        .filter(offers::id.eq(offer.0))
        .filter(offers::need_id.eq(need.0))
        .select(offer_view_columns())
        .load(conn)
        .map(|rows| rows.into_iter().next())
}

/// What happened when someone offered to help.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Volunteered {
    /// A new offer (or a withdrawn one renewed).
    Offered(OfferId),
    /// They had already offered.
    AlreadyOffered,
    /// The need is theirs, or not open.
    NotAllowed,
}

/// Offers `volunteer`'s help on an open need that is not their own and
/// whose date (`today` or later) has not passed. One offer per member per
/// need is kept by a unique constraint; a withdrawn offer may be renewed.
pub fn volunteer(
    conn: &mut DbConnection,
    need: NeedId,
    volunteer: UserId,
    message: &str,
    now: i64,
    today: &str,
) -> QueryResult<Volunteered> {
    let Some((author, status, sort_date)) = super::lock_need(conn, need)? else {
        return Ok(Volunteered::NotAllowed);
    };
    if author == volunteer || status != NeedStatus::Open || sort_date.as_str() < today {
        return Ok(Volunteered::NotAllowed);
    }
    let renewed = diesel::update(
        offers::table
            .filter(offers::need_id.eq(need.0))
            .filter(offers::volunteer_id.eq(volunteer.0))
            .filter(offers::status.eq(OfferStatus::Withdrawn.as_str())),
    )
    .set((
        offers::status.eq(OfferStatus::Pending.as_str()),
        offers::message.eq(message),
        // A renewed offer is a new offer: it counts towards the day's
        // offers like any other.
        offers::created_at.eq(now),
        offers::updated_at.eq(now),
    ))
    .execute(conn)?;
    if renewed == 1
        && let Some(offer) = my_offer(conn, need, volunteer)?
    {
        return Ok(Volunteered::Offered(offer.offer_id()));
    }
    let insert = diesel::insert_into(offers::table).values((
        offers::need_id.eq(need.0),
        offers::volunteer_id.eq(volunteer.0),
        offers::message.eq(message),
        offers::status.eq(OfferStatus::Pending.as_str()),
        offers::created_at.eq(now),
        offers::updated_at.eq(now),
    ));
    match insert_returning_id!(conn, insert, offers::id) {
        Ok(id) => Ok(Volunteered::Offered(OfferId(id))),
        Err(DbError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            Ok(Volunteered::AlreadyOffered)
        }
        Err(e) => Err(e),
    }
}

/// `member`'s offer on `need`, whatever its status.
pub fn my_offer(
    conn: &mut DbConnection,
    need: NeedId,
    member: UserId,
) -> QueryResult<Option<OfferView>> {
    offers::table
        .inner_join(users::table)
        .filter(offers::need_id.eq(need.0))
        .filter(offers::volunteer_id.eq(member.0))
        .select(offer_view_columns())
        .load(conn)
        .map(|rows| rows.into_iter().next())
}

/// What a withdrawal did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Withdrawn {
    /// A pending offer was withdrawn.
    Pending(OfferId),
    /// An accepted volunteer withdrew, freeing a slot.
    Accepted(OfferId),
    /// There was nothing to withdraw.
    Nothing,
}

/// Withdraws `member`'s live offer, while the need is not done or cancelled.
pub fn withdraw(
    conn: &mut DbConnection,
    need: NeedId,
    member: UserId,
    now: i64,
) -> QueryResult<Withdrawn> {
    let live =
        super::lock_need(conn, need)?.is_some_and(|(_, status, _)| status.allows_withdrawal());
    if !live {
        return Ok(Withdrawn::Nothing);
    }
    let Some(offer) = my_offer(conn, need, member)? else {
        return Ok(Withdrawn::Nothing);
    };
    let was = offer.status();
    if !matches!(was, OfferStatus::Pending | OfferStatus::Accepted) {
        return Ok(Withdrawn::Nothing);
    }
    let changed = diesel::update(
        offers::table
            .filter(offers::id.eq(offer.id))
            .filter(offers::status.eq(was.as_str())),
    )
    .set((
        offers::status.eq(OfferStatus::Withdrawn.as_str()),
        offers::updated_at.eq(now),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Ok(Withdrawn::Nothing);
    }
    if was == OfferStatus::Pending {
        return Ok(Withdrawn::Pending(offer.offer_id()));
    }
    diesel::update(
        needs::table
            .filter(needs::id.eq(need.0))
            .filter(needs::accepted_count.gt(0)),
    )
    .set((
        needs::accepted_count.eq(needs::accepted_count - 1),
        needs::updated_at.eq(now),
    ))
    .execute(conn)?;
    super::settle_slots(conn, need)?;
    Ok(Withdrawn::Accepted(offer.offer_id()))
}

/// What accepting an offer did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accepted {
    /// Accepted; `filled` says the need is now full.
    Yes {
        /// Whether that took the last slot.
        filled: bool,
    },
    /// Every slot is taken, or the need is not open.
    NoSlot,
    /// The offer is not pending on this need.
    NotPending,
}

/// Accepts a pending offer on `author`'s open need whose date (`today` or
/// later) has not passed. Taking the slot is one
/// guarded statement (`accepted_count < helpers_wanted`), so concurrent
/// accepts can never exceed the helpers wanted; call it inside a write
/// transaction so the offer's change and the slot go together.
pub fn accept(
    conn: &mut DbConnection,
    need: NeedId,
    author: UserId,
    offer: OfferId,
    now: i64,
    today: &str,
) -> QueryResult<Accepted> {
    let slot = diesel::update(
        needs::table
            .filter(needs::id.eq(need.0))
            .filter(needs::author_id.eq(author.0))
            .filter(needs::status.eq(NeedStatus::Open))
            .filter(needs::sort_date.ge(today))
            .filter(needs::accepted_count.lt(needs::helpers_wanted))
            .filter(needs::hidden.is_null()),
    )
    .set((
        needs::accepted_count.eq(needs::accepted_count + 1),
        needs::updated_at.eq(now),
    ))
    .execute(conn)?;
    if slot == 0 {
        return Ok(Accepted::NoSlot);
    }
    let taken = diesel::update(
        offers::table
            .filter(offers::id.eq(offer.0))
            .filter(offers::need_id.eq(need.0))
            .filter(offers::status.eq(OfferStatus::Pending.as_str())),
    )
    .set((
        offers::status.eq(OfferStatus::Accepted.as_str()),
        offers::updated_at.eq(now),
    ))
    .execute(conn)?;
    if taken == 0 {
        // The caller's transaction rolls the slot back.
        return Ok(Accepted::NotPending);
    }
    super::settle_slots(conn, need)?;
    let status: String = needs::table
        .find(need.0)
        .select(needs::status)
        .first(conn)?;
    Ok(Accepted::Yes {
        filled: status == Transition::TakeLastSlot.to().as_str(),
    })
}

/// Declines a pending offer on `author`'s need; `false` if not allowed.
pub fn decline(
    conn: &mut DbConnection,
    need: NeedId,
    author: UserId,
    offer: OfferId,
    now: i64,
) -> QueryResult<bool> {
    let owns = diesel::select(diesel::dsl::exists(
        needs::table
            .filter(needs::id.eq(need.0))
            .filter(needs::author_id.eq(author.0)),
    ))
    .get_result::<bool>(conn)?;
    if !owns {
        return Ok(false);
    }
    diesel::update(
        offers::table
            .filter(offers::id.eq(offer.0))
            .filter(offers::need_id.eq(need.0))
            .filter(offers::status.eq(OfferStatus::Pending.as_str())),
    )
    .set((
        offers::status.eq(OfferStatus::Declined.as_str()),
        offers::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Needs still under way (open, filled, or past their date but not
/// closed) that `member` offered to help with, pending or accepted,
/// soonest first.
pub fn helping_with(
    conn: &mut DbConnection,
    member: UserId,
    limit: i64,
) -> QueryResult<Vec<(NeedRow, String)>> {
    offers::table
        .inner_join(needs::table)
        .filter(offers::volunteer_id.eq(member.0))
        .filter(offers::status.eq_any([
            OfferStatus::Pending.as_str(),
            OfferStatus::Accepted.as_str(),
        ]))
        .filter(needs::status.eq_any([NeedStatus::Open, NeedStatus::Filled, NeedStatus::Expired]))
        .filter(needs::hidden.is_null())
        .order((needs::sort_date, needs::id))
        .limit(limit)
        .select((NeedRow::as_select(), offers::status))
        .load(conn)
}

/// A message in a conversation.
#[derive(Clone, Debug, Queryable)]
pub struct MessageView {
    /// Id.
    pub id: i64,
    /// Who wrote it.
    pub author_id: i64,
    /// Their display name.
    pub author_name: String,
    /// Their role, for the badge beside their name.
    pub author_role: Role,
    /// Plain text.
    pub body: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Why a moderator hid it, if they did.
    pub hidden_reason: Option<String>,
}

/// The conversation of an offer, oldest first.
pub fn messages_of(conn: &mut DbConnection, offer: OfferId) -> QueryResult<Vec<MessageView>> {
    messages::table
        .inner_join(users::table.on(users::id.eq(messages::author_id)))
        .filter(messages::offer_id.eq(offer.0))
        .order(messages::id)
        .select((
            messages::id,
            messages::author_id,
            users::display_name,
            users::role,
            messages::body,
            messages::created_at,
            messages::hidden_reason,
        ))
        .load(conn)
}

/// Adds a message to an offer's conversation.
pub fn insert_message(
    conn: &mut DbConnection,
    offer: OfferId,
    author: UserId,
    body: &str,
    now: i64,
) -> QueryResult<()> {
    diesel::insert_into(messages::table)
        .values((
            messages::offer_id.eq(offer.0),
            messages::author_id.eq(author.0),
            messages::body.eq(body),
            messages::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}
