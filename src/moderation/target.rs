//! What a report is about: the kind of thing (`TargetKind`, stored as a
//! word) and the thing itself with its typed id (`Target`).

use std::fmt;

use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;

use crate::kernel::ids::{MessageId, NeedId, UserId};
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

/// A need, a message or a member, by its id: what a report is about, and
/// what an action is taken on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A need.
    Need(NeedId),
    /// A message in a conversation.
    Message(MessageId),
    /// A member.
    Member(UserId),
}

impl Target {
    /// The `kind` thing numbered `number` (as a URL or a report's row
    /// gives them).
    pub fn new(kind: TargetKind, number: i64) -> Self {
        match kind {
            TargetKind::Need => Self::Need(NeedId(number)),
            TargetKind::Message => Self::Message(MessageId(number)),
            TargetKind::Member => Self::Member(UserId(number)),
        }
    }

    /// What kind of thing it is.
    pub fn kind(self) -> TargetKind {
        match self {
            Self::Need(_) => TargetKind::Need,
            Self::Message(_) => TargetKind::Message,
            Self::Member(_) => TargetKind::Member,
        }
    }

    /// Its id as a number, for URLs, forms and the `target_id` columns
    /// that hold ids of several kinds.
    pub fn number(self) -> i64 {
        match self {
            Self::Need(id) => id.0,
            Self::Message(id) => id.0,
            Self::Member(id) => id.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Target, TargetKind};
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
    fn a_target_is_rebuilt_from_its_kind_and_number() {
        for kind in TargetKind::ALL {
            let target = Target::new(kind, 12);
            assert_eq!((target.kind(), target.number()), (kind, 12));
        }
    }
}
