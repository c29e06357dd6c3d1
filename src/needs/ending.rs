//! Offers that end with their need. An offer still waiting for an answer
//! when its need fills, is done, is cancelled or expires ends as "not
//! needed" ([`OfferStatus::NotNeeded`](super::OfferStatus::NotNeeded)), in
//! the same transaction, and its volunteer is told kindly (the "Changes to
//! needs I help with" topic, by mail as they chose).
//!
//! A need can go back to open (an accepted helper withdraws, the author
//! asks for more helpers, or gives an expired need a new date). Ended
//! offers stay ended then: nobody is held to an offer they were told was
//! not needed. The volunteer sees the need on the board again and may offer
//! again, which renews their offer as a new one.

use super::db::{self, volunteering};
use super::{NeedId, NeedStatus, Outcome, When};
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::kernel::identity::UserId;
use crate::notifications::{Kind, Notice, notify};

/// Why the offers still waiting on a need end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The author accepted as many helpers as the need wants.
    Filled,
    /// The author marked it done.
    Done,
    /// The author cancelled it.
    Cancelled,
    /// Its date passed.
    Expired,
}

impl Ending {
    /// What the volunteers whose offers end are told.
    pub fn kind(self) -> Kind {
        match self {
            Self::Filled => Kind::NeedFilled,
            Self::Cancelled => Kind::NeedCancelled,
            Self::Done | Self::Expired => Kind::OfferNotNeeded,
        }
    }

    /// Who ended them: the author, except when the date passed.
    fn actor(self, author: UserId) -> Option<UserId> {
        (self != Self::Expired).then_some(author)
    }
}

/// Ends every offer still waiting on `need` and tells each volunteer, in
/// the caller's transaction.
pub fn end_waiting_offers(
    conn: &mut DbConnection,
    need: NeedId,
    ending: Ending,
    author: UserId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    let notices: Vec<Notice> = volunteering::end_waiting(conn, need, now)?
        .into_iter()
        .map(|(offer, volunteer)| Notice {
            to: volunteer,
            kind: ending.kind(),
            need: Some(need),
            offer: Some(offer),
            actor: ending.actor(author),
        })
        .collect();
    notify(conn, &notices, now)
}

/// After a change that may have filled `need` (an edit asking for fewer
/// helpers, a new date for an expired need whose slots are taken): ends
/// the offers still waiting if it did.
pub fn end_waiting_offers_if_filled(
    conn: &mut DbConnection,
    need: NeedId,
    author: UserId,
    now: Timestamp,
) -> diesel::QueryResult<()> {
    if db::need_status(conn, need)? == Some(NeedStatus::Filled) {
        end_waiting_offers(conn, need, Ending::Filled, author, now)?;
    }
    Ok(())
}

/// Closes the author's need as done ([`db::mark_done`]), counts the help on
/// both profiles if it happened, and ends the offers still waiting; `false`
/// if it was not allowed. Closing from the page and from the mail both
/// come here.
pub fn mark_done(
    conn: &mut DbConnection,
    need: NeedId,
    author: UserId,
    outcome: Outcome,
    now: Timestamp,
) -> diesel::QueryResult<bool> {
    if !db::mark_done(conn, need, author, outcome, now)? {
        return Ok(false);
    }
    if outcome == Outcome::Helped {
        crate::people::db::record_help(conn, need, author)?;
    }
    end_waiting_offers(conn, need, Ending::Done, author, now)?;
    Ok(true)
}

/// Gives an expired need a new date ([`db::reopen_need`]); if every slot
/// was already taken it is filled again, and anything waiting ends.
pub fn reopen(
    conn: &mut DbConnection,
    need: NeedId,
    author: UserId,
    when: When,
    now: Timestamp,
) -> diesel::QueryResult<bool> {
    if !db::reopen_need(conn, need, author, when, now)? {
        return Ok(false);
    }
    end_waiting_offers_if_filled(conn, need, author, now)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volunteers_hear_why_their_offer_ended_and_from_whom() {
        let author = UserId(7);
        assert_eq!(Ending::Filled.kind(), Kind::NeedFilled);
        assert_eq!(Ending::Cancelled.kind(), Kind::NeedCancelled);
        assert_eq!(Ending::Done.kind(), Kind::OfferNotNeeded);
        assert_eq!(Ending::Expired.kind(), Kind::OfferNotNeeded);
        assert_eq!(Ending::Done.actor(author), Some(author));
        assert_eq!(Ending::Expired.actor(author), None, "nobody expired it");
    }
}
