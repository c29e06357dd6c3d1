//! Queries that change an offer: volunteering, withdrawing, and the
//! author accepting or declining. Each runs inside a write transaction.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DbError};

use super::needs::{lock_need, settle_slots};
use super::offers::my_offer;
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::db::schema::{needs, offers};
use crate::insert_returning_id;
use crate::kernel::identity::UserId;
use crate::needs::lifecycle::Transition;
use crate::needs::{NeedId, NeedStatus, OfferId, OfferStatus};
use crate::policy::seeing::on_the_board;

/// What happened when someone offered to help.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Volunteered {
    /// A new offer (or a withdrawn or ended one renewed).
    Offered(OfferId),
    /// They had already offered.
    AlreadyOffered,
    /// The need is theirs, or not open.
    NotAllowed,
}

/// Offers `volunteer`'s help on an open need that is not their own and
/// whose date (`today` or later) has not passed. One offer per member per
/// need is kept by a unique constraint; a withdrawn offer, or one that ended
/// as not needed, may be renewed.
pub fn volunteer(
    conn: &mut DbConnection,
    need: NeedId,
    volunteer: UserId,
    message: &str,
    now: Timestamp,
    today: &str,
) -> QueryResult<Volunteered> {
    let Some((author, status, sort_date)) = lock_need(conn, need)? else {
        return Ok(Volunteered::NotAllowed);
    };
    if author == volunteer || status != NeedStatus::Open || sort_date.as_str() < today {
        return Ok(Volunteered::NotAllowed);
    }
    let renewed = diesel::update(
        offers::table
            .filter(offers::need_id.eq(need))
            .filter(offers::volunteer_id.eq(volunteer))
            .filter(offers::status.eq_any([OfferStatus::Withdrawn, OfferStatus::NotNeeded])),
    )
    .set((
        offers::status.eq(OfferStatus::Pending),
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
        return Ok(Volunteered::Offered(offer.id));
    }
    let insert = diesel::insert_into(offers::table).values((
        offers::need_id.eq(need),
        offers::volunteer_id.eq(volunteer),
        offers::message.eq(message),
        offers::status.eq(OfferStatus::Pending),
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
    now: Timestamp,
) -> QueryResult<Withdrawn> {
    let live = lock_need(conn, need)?.is_some_and(|(_, status, _)| status.allows_withdrawal());
    if !live {
        return Ok(Withdrawn::Nothing);
    }
    let Some(offer) = my_offer(conn, need, member)? else {
        return Ok(Withdrawn::Nothing);
    };
    let was = offer.status;
    if !was.is_live() {
        return Ok(Withdrawn::Nothing);
    }
    let changed = diesel::update(
        offers::table
            .filter(offers::id.eq(offer.id))
            .filter(offers::status.eq(was)),
    )
    .set((
        offers::status.eq(OfferStatus::Withdrawn),
        offers::updated_at.eq(now),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Ok(Withdrawn::Nothing);
    }
    if was == OfferStatus::Pending {
        return Ok(Withdrawn::Pending(offer.id));
    }
    diesel::update(
        needs::table
            .filter(needs::id.eq(need))
            .filter(needs::accepted_count.gt(0)),
    )
    .set((
        needs::accepted_count.eq(needs::accepted_count - 1),
        needs::updated_at.eq(now),
    ))
    .execute(conn)?;
    settle_slots(conn, need)?;
    Ok(Withdrawn::Accepted(offer.id))
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
    now: Timestamp,
    today: &str,
) -> QueryResult<Accepted> {
    let slot = diesel::update(
        needs::table
            .filter(needs::id.eq(need))
            .filter(needs::author_id.eq(author))
            .filter(needs::status.eq(NeedStatus::Open))
            .filter(needs::sort_date.ge(today))
            .filter(needs::accepted_count.lt(needs::helpers_wanted))
            .filter(on_the_board()),
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
            .filter(offers::id.eq(offer))
            .filter(offers::need_id.eq(need))
            .filter(offers::status.eq(OfferStatus::Pending)),
    )
    .set((
        offers::status.eq(OfferStatus::Accepted),
        offers::updated_at.eq(now),
    ))
    .execute(conn)?;
    if taken == 0 {
        // The caller's transaction rolls the slot back.
        return Ok(Accepted::NotPending);
    }
    settle_slots(conn, need)?;
    let status: NeedStatus = needs::table.find(need).select(needs::status).first(conn)?;
    Ok(Accepted::Yes {
        filled: status == Transition::TakeLastSlot.to(),
    })
}

/// Declines a pending offer on `author`'s need; `false` if not allowed.
pub fn decline(
    conn: &mut DbConnection,
    need: NeedId,
    author: UserId,
    offer: OfferId,
    now: Timestamp,
) -> QueryResult<bool> {
    let owns = diesel::select(diesel::dsl::exists(
        needs::table
            .filter(needs::id.eq(need))
            .filter(needs::author_id.eq(author)),
    ))
    .get_result::<bool>(conn)?;
    if !owns {
        return Ok(false);
    }
    diesel::update(
        offers::table
            .filter(offers::id.eq(offer))
            .filter(offers::need_id.eq(need))
            .filter(offers::status.eq(OfferStatus::Pending)),
    )
    .set((
        offers::status.eq(OfferStatus::Declined),
        offers::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Ends every offer still waiting on `need` as not needed; returns each
/// ended offer with its volunteer, to be told.
pub fn end_waiting(
    conn: &mut DbConnection,
    need: NeedId,
    now: Timestamp,
) -> QueryResult<Vec<(OfferId, UserId)>> {
    let waiting: Vec<(OfferId, UserId)> = offers::table
        .filter(offers::need_id.eq(need))
        .filter(offers::status.eq(OfferStatus::Pending))
        .order(offers::id)
        .select((offers::id, offers::volunteer_id))
        .load(conn)?;
    let ids: Vec<OfferId> = waiting.iter().map(|(id, _)| *id).collect();
    diesel::update(
        offers::table
            .filter(offers::id.eq_any(&ids))
            .filter(offers::status.eq(OfferStatus::Pending)),
    )
    .set((
        offers::status.eq(OfferStatus::NotNeeded),
        offers::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(waiting)
}
