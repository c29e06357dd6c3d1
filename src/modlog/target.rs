//! What kind of thing a log entry is about, stored as a word in the log's
//! `target_kind` column.

use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;

/// What kind of thing an entry is about. The log records actions on
/// everything moderators and admins touch, so this is wider than what a
/// member can report (`moderation::TargetKind`, which converts into it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum EntryTarget {
    /// A need.
    Need,
    /// A message in a conversation.
    Message,
    /// A member.
    Member,
    /// A need category.
    Category,
    /// The site's settings.
    Site,
    /// An invite code.
    Invite,
    /// An appeal.
    Appeal,
}

impl EntryTarget {
    /// Every kind, in the order the log's filter lists them.
    pub const ALL: [EntryTarget; 7] = [
        Self::Need,
        Self::Message,
        Self::Member,
        Self::Category,
        Self::Site,
        Self::Invite,
        Self::Appeal,
    ];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Need => "need",
            Self::Message => "message",
            Self::Member => "member",
            Self::Category => "category",
            Self::Site => "site",
            Self::Invite => "invite",
            Self::Appeal => "appeal",
        }
    }

    /// Reads a stored word; `None` if it is none of these.
    pub fn from_db(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == word)
    }

    /// How the log's filter names it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Need => "A need",
            Self::Message => "A message",
            Self::Member => "A member",
            Self::Category => "A category",
            Self::Site => "The site",
            Self::Invite => "An invite code",
            Self::Appeal => "An appeal",
        }
    }
}

crate::text_column!(EntryTarget, fallible);

#[cfg(test)]
mod tests {
    use super::EntryTarget;

    #[test]
    fn every_kind_of_target_round_trips_through_its_word_and_has_a_label() {
        for kind in EntryTarget::ALL {
            assert_eq!(EntryTarget::from_db(kind.as_str()), Some(kind));
            assert!(!kind.label().is_empty());
        }
        assert_eq!(EntryTarget::from_db("planet"), None);
    }
}
