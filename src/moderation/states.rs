//! Moderation's states, stored as words in text columns and read and
//! written by diesel as these enums: what a report is about, where a
//! report stands, where an appeal stands, and why a need is hidden.

use std::fmt;

use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;

use crate::modlog::EntryTarget;

/// What a member can report: the `target_kind` of a report.
///
/// The moderation log records actions on these and on more (categories,
/// the site, invites, appeals), so the log owns the wider
/// [`EntryTarget`] and its words; this is the part of it a report can be
/// about, and spells itself with the log's words so that a report and
/// the entry recording what was done about it always agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum TargetKind {
    /// A need.
    Need,
    /// A message in a conversation.
    Message,
    /// A member.
    Member,
}

impl TargetKind {
    /// Every kind.
    pub const ALL: [TargetKind; 3] = [Self::Need, Self::Message, Self::Member];

    /// The stored word, which is also the word in URLs and forms.
    pub fn as_str(self) -> &'static str {
        EntryTarget::from(self).as_str()
    }

    /// Reads a stored word (or one from a URL or form); `None` if it is
    /// not something a member can report.
    pub fn from_db(word: &str) -> Option<Self> {
        match EntryTarget::from_db(word)? {
            EntryTarget::Need => Some(Self::Need),
            EntryTarget::Message => Some(Self::Message),
            EntryTarget::Member => Some(Self::Member),
            _ => None,
        }
    }
}

impl From<TargetKind> for EntryTarget {
    fn from(kind: TargetKind) -> Self {
        match kind {
            TargetKind::Need => Self::Need,
            TargetKind::Message => Self::Message,
            TargetKind::Member => Self::Member,
        }
    }
}

impl fmt::Display for TargetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

crate::text_column!(TargetKind, fallible);

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
/// hides needs, so it owns these words; the needs feature only asks
/// whether the column is empty.
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
    use super::{AppealStatus, HiddenBy, ReportStatus, TargetKind};
    use crate::modlog::EntryTarget;

    #[test]
    fn every_kind_of_report_target_round_trips_and_is_spelled_as_in_the_log() {
        for kind in TargetKind::ALL {
            assert_eq!(TargetKind::from_db(kind.as_str()), Some(kind));
            assert_eq!(kind.as_str(), EntryTarget::from(kind).as_str());
            assert_eq!(kind.to_string(), kind.as_str());
        }
        assert_eq!(TargetKind::from_db(EntryTarget::Category.as_str()), None);
        assert_eq!(TargetKind::from_db("planet"), None);
    }

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
