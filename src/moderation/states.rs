//! Moderation's states, stored as words in text columns and read and
//! written by diesel as these enums: where a report stands, where an
//! appeal stands, and why a need is hidden. What a report is about is in
//! `target`.

use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;

/// Where a report stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum ReportStatus {
    /// Waiting in the review queue.
    Open,
    /// Looked into and closed without action.
    Dismissed,
    /// Closed by an action on what was reported.
    Actioned,
}

impl ReportStatus {
    /// Every status.
    pub const ALL: [ReportStatus; 3] = [Self::Open, Self::Dismissed, Self::Actioned];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Dismissed => "dismissed",
            Self::Actioned => "actioned",
        }
    }

    /// Reads a stored word; `None` if it is none of these.
    pub fn from_db(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == word)
    }

    /// How a member's record describes it.
    pub fn words(self) -> &'static str {
        match self {
            Self::Open => "waiting in the queue",
            Self::Dismissed => "dismissed",
            Self::Actioned => "acted on",
        }
    }
}

crate::text_column!(ReportStatus, fallible);

/// Where an appeal stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum AppealStatus {
    /// Waiting for a moderator.
    Pending,
    /// Decided: the action stands.
    Upheld,
    /// Decided: the action was undone.
    Overturned,
}

impl AppealStatus {
    /// Every status.
    pub const ALL: [AppealStatus; 3] = [Self::Pending, Self::Upheld, Self::Overturned];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Upheld => "upheld",
            Self::Overturned => "overturned",
        }
    }

    /// Reads a stored word; `None` if it is none of these.
    pub fn from_db(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == word)
    }
}

crate::text_column!(AppealStatus, fallible);

/// Why a need is hidden from everyone but its author and moderators: the
/// `hidden` column of a need, empty while it is shown. Only moderation
/// hides needs, so it owns these words; the needs feature reads them to
/// say who hid a need, and lists filter with `policy::seeing::on_the_board`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum HiddenBy {
    /// A moderator hid it.
    Moderator,
    /// Its author was banned; lifting the ban shows it again.
    Ban,
}

impl HiddenBy {
    /// Every reason.
    pub const ALL: [HiddenBy; 2] = [Self::Moderator, Self::Ban];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Moderator => "moderator",
            Self::Ban => "ban",
        }
    }

    /// Reads a stored word; `None` if it is none of these.
    pub fn from_db(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|by| by.as_str() == word)
    }
}

crate::text_column!(HiddenBy, fallible);

#[cfg(test)]
mod tests {
    use super::{AppealStatus, HiddenBy, ReportStatus};

    #[test]
    fn every_report_status_round_trips_through_its_word() {
        for status in ReportStatus::ALL {
            assert_eq!(ReportStatus::from_db(status.as_str()), Some(status));
            assert!(!status.words().is_empty());
        }
        assert_eq!(ReportStatus::from_db("lost"), None);
    }

    #[test]
    fn every_appeal_status_round_trips_through_its_word() {
        for status in AppealStatus::ALL {
            assert_eq!(AppealStatus::from_db(status.as_str()), Some(status));
        }
        assert_eq!(AppealStatus::from_db("lost"), None);
    }

    #[test]
    fn every_reason_a_need_is_hidden_round_trips_through_its_word() {
        for by in HiddenBy::ALL {
            assert_eq!(HiddenBy::from_db(by.as_str()), Some(by));
        }
        assert_eq!(HiddenBy::from_db("lost"), None);
    }
}
