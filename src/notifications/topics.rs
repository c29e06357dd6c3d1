//! What members choose about mail: for each topic (a group of kinds of
//! notification), whether it comes at once, in the daily digest, or not by
//! mail at all. In-app notifications come whatever is chosen.

use super::Kind;

/// A group of notifications a member chooses about together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Topic {
    /// Offers of help on my needs, and offers withdrawn.
    Offers,
    /// Answers to my offers: accepted or declined.
    Answers,
    /// Changes to needs I help with: edited, cancelled, done, filled, and
    /// an offer of mine that ended because its need no longer wanted it
    /// (the need changed, not the author's mind about me).
    Changes,
    /// Messages in my conversations.
    Messages,
    /// Thank-you notes.
    Thanks,
    /// Reminders the day before, and "still needed?".
    Reminders,
    /// Moderators' decisions about my account, my reports and appeals.
    Account,
    /// New needs on the board, in the categories I pick (digest only).
    NewNeeds,
    /// For moderators: new applications, reports and appeals.
    Staff,
}

/// How a topic's mail comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// One e-mail each, as it happens (messages: at most one per
    /// conversation per 15 minutes).
    Now,
    /// In the daily digest.
    Digest,
    /// Not by e-mail.
    Off,
}

impl Choice {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Now => "now",
            Self::Digest => "digest",
            Self::Off => "off",
        }
    }

    /// Reads a stored or submitted word.
    pub fn from_word(word: &str) -> Option<Self> {
        [Self::Now, Self::Digest, Self::Off]
            .into_iter()
            .find(|c| c.as_str() == word)
    }
}

impl Topic {
    /// Every topic, in the order the settings page shows them.
    pub const ALL: [Topic; 9] = [
        Self::Offers,
        Self::Answers,
        Self::Changes,
        Self::Messages,
        Self::Thanks,
        Self::Reminders,
        Self::Account,
        Self::NewNeeds,
        Self::Staff,
    ];

    /// The word in forms, links and columns.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Offers => "offers",
            Self::Answers => "answers",
            Self::Changes => "changes",
            Self::Messages => "messages",
            Self::Thanks => "thanks",
            Self::Reminders => "reminders",
            Self::Account => "account",
            Self::NewNeeds => "new_needs",
            Self::Staff => "staff",
        }
    }

    /// Reads a word.
    pub fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == word)
    }

    /// What the settings page and the unsubscribe page call it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Offers => "Offers of help on my needs",
            Self::Answers => "Answers to my offers (accepted or declined)",
            Self::Changes => "Changes to needs I help with",
            Self::Messages => "Messages in my conversations",
            Self::Thanks => "Thank-you notes",
            Self::Reminders => "Reminders the day before, and \"is it still needed?\"",
            Self::Account => "Moderators' decisions about my account, reports and appeals",
            Self::NewNeeds => "New needs on the board",
            Self::Staff => "Applications, reports and appeals waiting for moderators",
        }
    }

    /// What a member gets before choosing.
    pub fn default_choice(self) -> Choice {
        match self {
            Self::NewNeeds => Choice::Off,
            _ => Choice::Now,
        }
    }

    /// The choices it offers: new needs come only in the digest.
    pub fn choices(self) -> &'static [Choice] {
        match self {
            Self::NewNeeds => &[Choice::Digest, Choice::Off],
            _ => &[Choice::Now, Choice::Digest, Choice::Off],
        }
    }

    /// Whether only moderators and admins see it.
    pub fn staff_only(self) -> bool {
        self == Self::Staff
    }

    /// The topic a kind of notification belongs to.
    pub fn of(kind: Kind) -> Self {
        match kind {
            Kind::NewOffer | Kind::VolunteerWithdrew => Self::Offers,
            Kind::OfferAccepted | Kind::OfferDeclined => Self::Answers,
            Kind::NeedChanged
            | Kind::NeedCancelled
            | Kind::NeedDone
            | Kind::NeedFilled
            | Kind::OfferNotNeeded => Self::Changes,
            Kind::NewMessage => Self::Messages,
            Kind::Thanked => Self::Thanks,
            Kind::StillNeeded | Kind::Reminder => Self::Reminders,
            Kind::NewApplication | Kind::NewReport | Kind::NewAppeal => Self::Staff,
            Kind::ReportDismissed
            | Kind::ReportActioned
            | Kind::ModerationAction
            | Kind::ApplicationApproved
            | Kind::AppealDecided => Self::Account,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_and_choices_round_trip_through_their_words() {
        for topic in Topic::ALL {
            assert_eq!(Topic::from_word(topic.as_str()), Some(topic));
            assert!(topic.choices().contains(&topic.default_choice()));
        }
        for choice in [Choice::Now, Choice::Digest, Choice::Off] {
            assert_eq!(Choice::from_word(choice.as_str()), Some(choice));
        }
        assert_eq!(Topic::from_word("everything"), None);
    }

    #[test]
    fn new_needs_are_off_by_default_and_everything_else_comes_at_once() {
        for topic in Topic::ALL {
            let expected = if topic == Topic::NewNeeds {
                Choice::Off
            } else {
                Choice::Now
            };
            assert_eq!(topic.default_choice(), expected, "{topic:?}");
        }
    }
}
