//! The states of a need and an offer kept as words: how urgent a need is,
//! how a done one turned out, and where an offer stands. Each is read and
//! written by diesel as its enum ([`crate::text_column!`]), so queries and
//! rows compare states, never words.

use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;

/// How pressing a need is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum Urgency {
    /// Whenever it can be arranged.
    Normal,
    /// Soon, please.
    Urgent,
}

crate::text_column!(Urgency);

impl Urgency {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Urgent => "urgent",
        }
    }

    /// Reads a stored or submitted word, strictly.
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "normal" => Some(Self::Normal),
            "urgent" => Some(Self::Urgent),
            _ => None,
        }
    }

    /// Reads a stored word; anything else reads as normal.
    pub fn from_db(word: &str) -> Self {
        Self::parse(word).unwrap_or(Self::Normal)
    }

    /// Soon, please.
    pub fn is_urgent(self) -> bool {
        self == Self::Urgent
    }
}

/// How a done need turned out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum Outcome {
    /// The help happened.
    Helped,
    /// It was no longer needed.
    NotNeeded,
    /// It could not be arranged.
    NotArranged,
}

crate::text_column!(Outcome, fallible);

impl Outcome {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Helped => "helped",
            Self::NotNeeded => "not_needed",
            Self::NotArranged => "not_arranged",
        }
    }

    /// Reads a stored or submitted word, strictly.
    pub fn parse(word: &str) -> Option<Self> {
        [Self::Helped, Self::NotNeeded, Self::NotArranged]
            .into_iter()
            .find(|o| o.as_str() == word)
    }

    /// Reads a stored word (an unknown one is an error).
    pub fn from_db(word: &str) -> Option<Self> {
        Self::parse(word)
    }

    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Helped => "The help happened",
            Self::NotNeeded => "It was no longer needed",
            Self::NotArranged => "It could not be arranged",
        }
    }
}

/// Where an offer of help stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum OfferStatus {
    /// Waiting for the author.
    Pending,
    /// The author accepted it.
    Accepted,
    /// The author declined it.
    Declined,
    /// The volunteer withdrew it.
    Withdrawn,
    /// It was still waiting when its need filled, was done, cancelled or
    /// expired ([`crate::needs::ending`]). It stays ended if the need opens
    /// again; the volunteer may then offer again.
    NotNeeded,
}

crate::text_column!(OfferStatus);

impl OfferStatus {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
            Self::NotNeeded => "not_needed",
        }
    }

    /// In words, as its volunteer and the need's author read it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
            Self::NotNeeded => "not needed",
        }
    }

    /// Reads a stored word; anything else reads as withdrawn (inactive).
    pub fn from_db(word: &str) -> Self {
        match word {
            "pending" => Self::Pending,
            "accepted" => Self::Accepted,
            "declined" => Self::Declined,
            "not_needed" => Self::NotNeeded,
            _ => Self::Withdrawn,
        }
    }

    /// Waiting for the author.
    pub fn is_pending(self) -> bool {
        self == Self::Pending
    }

    /// The author accepted it.
    pub fn is_accepted(self) -> bool {
        self == Self::Accepted
    }

    /// Ended without an answer, or taken back: the volunteer may offer
    /// again while the need takes offers.
    pub fn may_offer_again(self) -> bool {
        matches!(self, Self::Withdrawn | Self::NotNeeded)
    }

    /// Still standing (pending or accepted): the volunteer may withdraw it,
    /// the two may write to each other, and changes to the need reach them.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Pending | Self::Accepted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_parsed_strictly() {
        assert_eq!(Urgency::parse("urgent"), Some(Urgency::Urgent));
        assert_eq!(Urgency::parse("Urgent"), None);
        assert_eq!(Urgency::parse("1"), None);
        assert_eq!(Outcome::parse("helped"), Some(Outcome::Helped));
        assert_eq!(Outcome::parse("yes"), None);
    }

    #[test]
    fn every_urgency_round_trips_through_its_word() {
        for urgency in [Urgency::Normal, Urgency::Urgent] {
            assert_eq!(Urgency::from_db(urgency.as_str()), urgency);
        }
        assert_eq!(Urgency::from_db("soonish"), Urgency::Normal);
    }

    #[test]
    fn every_outcome_round_trips_through_its_word() {
        for outcome in [Outcome::Helped, Outcome::NotNeeded, Outcome::NotArranged] {
            assert_eq!(Outcome::from_db(outcome.as_str()), Some(outcome));
        }
        assert_eq!(Outcome::from_db("maybe"), None);
    }

    #[test]
    fn every_offer_status_round_trips_through_its_word() {
        use OfferStatus::*;
        for status in [Pending, Accepted, Declined, Withdrawn, NotNeeded] {
            assert_eq!(OfferStatus::from_db(status.as_str()), status);
        }
        assert_eq!(OfferStatus::from_db("lost"), Withdrawn);
    }

    #[test]
    fn states_are_written_and_read_by_the_database_as_their_words() {
        use diesel::dsl::sql;
        use diesel::prelude::*;
        let mut conn = SqliteConnection::establish(":memory:").expect("in-memory database");
        let word: String = diesel::select(OfferStatus::Declined.into_sql::<Text>())
            .get_result(&mut conn)
            .expect("written");
        assert_eq!(word, "declined");
        let urgency: Urgency = diesel::select(sql::<Text>("'urgent'"))
            .get_result(&mut conn)
            .expect("read");
        assert_eq!(urgency, Urgency::Urgent);
        let lost: QueryResult<Outcome> =
            diesel::select(sql::<Text>("'lost'")).get_result(&mut conn);
        assert!(lost.is_err());
    }

    #[test]
    fn an_offer_stands_while_pending_or_accepted() {
        use OfferStatus::*;
        assert!(Pending.is_live() && Accepted.is_live());
        assert!(!Declined.is_live() && !Withdrawn.is_live() && !NotNeeded.is_live());
    }

    #[test]
    fn a_volunteer_may_offer_again_after_withdrawing_or_an_offer_not_needed_but_not_after_a_no() {
        use OfferStatus::*;
        assert!(Withdrawn.may_offer_again() && NotNeeded.may_offer_again());
        assert!(!Declined.may_offer_again());
        assert!(!Pending.may_offer_again() && !Accepted.may_offer_again());
    }
}
