//! A need's lifecycle, in one place:
//!
//! ```text
//! open ──last slot taken──▶ filled ──slot freed──▶ open
//! open | filled ──done──▶ done          open | filled ──cancel──▶ cancelled
//! open | filled ──date passed──▶ expired ──still needed──▶ open (or filled)
//! expired ──done──▶ done
//! ```
//!
//! The database applies each transition with an `UPDATE … WHERE status IN
//! (…)` built from [`Transition::from`], so two requests racing cannot take
//! a need through a transition this table does not allow.

use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;

/// Where a need is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum NeedStatus {
    /// Looking for helpers.
    Open,
    /// As many helpers accepted as were wanted.
    Filled,
    /// Closed by its author with an outcome.
    Done,
    /// Withdrawn by its author.
    Cancelled,
    /// Its date passed before it was done.
    Expired,
}

crate::text_column!(NeedStatus, fallible);

/// Something that moves a need from one status to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    /// The author accepted the volunteer who takes the last slot.
    TakeLastSlot,
    /// An accepted volunteer withdrew from a filled need.
    FreeSlot,
    /// The author closed it with an outcome.
    MarkDone,
    /// The author cancelled it.
    Cancel,
    /// Its date passed.
    Expire,
    /// The author said it is still needed and gave a new date; it goes back
    /// to `filled` when its slots are all taken.
    Reopen {
        /// Whether every helper slot is already taken.
        slots_full: bool,
    },
}

/// The transition is not allowed from the need's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused;

impl NeedStatus {
    /// The word stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Filled => "filled",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
        }
    }

    /// Reads a stored word.
    pub fn from_db(word: &str) -> Option<Self> {
        [
            Self::Open,
            Self::Filled,
            Self::Done,
            Self::Cancelled,
            Self::Expired,
        ]
        .into_iter()
        .find(|s| s.as_str() == word)
    }

    /// Where `transition` takes a need in this status, if it may.
    pub fn apply(self, transition: Transition) -> Result<Self, Refused> {
        if !transition.from().contains(&self) {
            return Err(Refused);
        }
        Ok(transition.to())
    }

    /// Done, cancelled or expired.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Done | Self::Cancelled | Self::Expired)
    }

    /// The author may still edit it.
    pub fn is_editable(self) -> bool {
        matches!(self, Self::Open | Self::Filled)
    }

    /// As many helpers accepted as were wanted.
    pub fn is_filled(self) -> bool {
        self == Self::Filled
    }

    /// Members may offer to help.
    pub fn takes_offers(self) -> bool {
        self == Self::Open
    }

    /// Volunteers may still withdraw.
    pub fn allows_withdrawal(self) -> bool {
        matches!(self, Self::Open | Self::Filled | Self::Expired)
    }
}

impl Transition {
    /// The statuses this transition may start from.
    pub fn from(self) -> &'static [NeedStatus] {
        use NeedStatus::*;
        match self {
            Self::TakeLastSlot => &[Open],
            Self::FreeSlot => &[Filled],
            Self::MarkDone => &[Open, Filled, Expired],
            Self::Cancel | Self::Expire => &[Open, Filled],
            Self::Reopen { .. } => &[Expired],
        }
    }

    /// The status it leads to.
    pub fn to(self) -> NeedStatus {
        match self {
            Self::TakeLastSlot => NeedStatus::Filled,
            Self::FreeSlot => NeedStatus::Open,
            Self::MarkDone => NeedStatus::Done,
            Self::Cancel => NeedStatus::Cancelled,
            Self::Expire => NeedStatus::Expired,
            Self::Reopen { slots_full: true } => NeedStatus::Filled,
            Self::Reopen { slots_full: false } => NeedStatus::Open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NeedStatus::{self, *};
    use super::{Refused, Transition};

    const ALL: [NeedStatus; 5] = [Open, Filled, Done, Cancelled, Expired];

    fn check(transition: Transition, allowed: &[(NeedStatus, NeedStatus)]) {
        for status in ALL {
            let expected = allowed
                .iter()
                .find(|(from, _)| *from == status)
                .map(|(_, to)| *to)
                .ok_or(Refused);
            assert_eq!(
                status.apply(transition),
                expected,
                "{status:?} --{transition:?}-->"
            );
        }
    }

    #[test]
    fn taking_the_last_slot_fills_an_open_need_only() {
        check(Transition::TakeLastSlot, &[(Open, Filled)]);
    }

    #[test]
    fn freeing_a_slot_reopens_a_filled_need_only() {
        check(Transition::FreeSlot, &[(Filled, Open)]);
    }

    #[test]
    fn a_need_can_be_marked_done_while_open_filled_or_expired() {
        check(
            Transition::MarkDone,
            &[(Open, Done), (Filled, Done), (Expired, Done)],
        );
    }

    #[test]
    fn only_a_live_need_can_be_cancelled() {
        check(
            Transition::Cancel,
            &[(Open, Cancelled), (Filled, Cancelled)],
        );
    }

    #[test]
    fn only_a_live_need_expires() {
        check(Transition::Expire, &[(Open, Expired), (Filled, Expired)]);
    }

    #[test]
    fn an_expired_need_reopens_as_open_or_filled() {
        check(Transition::Reopen { slots_full: false }, &[(Expired, Open)]);
        check(
            Transition::Reopen { slots_full: true },
            &[(Expired, Filled)],
        );
    }

    #[test]
    fn stored_words_round_trip() {
        for status in ALL {
            assert_eq!(NeedStatus::from_db(status.as_str()), Some(status));
        }
        assert_eq!(NeedStatus::from_db("hidden"), None);
    }

    #[test]
    fn closed_needs_are_neither_editable_nor_open_to_offers() {
        for status in [Done, Cancelled, Expired] {
            assert!(status.is_closed());
            assert!(!status.is_editable());
            assert!(!status.takes_offers());
        }
        assert!(Open.takes_offers() && !Filled.takes_offers());
    }

    #[test]
    fn a_status_is_read_from_its_word_and_an_unknown_word_is_an_error() {
        use diesel::dsl::sql;
        use diesel::prelude::*;
        use diesel::sql_types::Text;
        let mut conn = SqliteConnection::establish(":memory:").expect("in-memory database");
        let status: NeedStatus = diesel::select(sql::<Text>("'filled'"))
            .get_result(&mut conn)
            .expect("read");
        assert_eq!(status, NeedStatus::Filled);
        let lost: QueryResult<NeedStatus> =
            diesel::select(sql::<Text>("'lost'")).get_result(&mut conn);
        assert!(lost.is_err());
    }
}
