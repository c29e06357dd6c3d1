//! The states of a need and an offer kept as words: how urgent a need is,
//! how a done one turned out, and where an offer stands.

/// How pressing a need is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    /// Whenever it can be arranged.
    Normal,
    /// Soon, please.
    Urgent,
}

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
}

/// How a done need turned out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The help happened.
    Helped,
    /// It was no longer needed.
    NotNeeded,
    /// It could not be arranged.
    NotArranged,
}

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferStatus {
    /// Waiting for the author.
    Pending,
    /// The author accepted it.
    Accepted,
    /// The author declined it.
    Declined,
    /// The volunteer withdrew it.
    Withdrawn,
}

impl OfferStatus {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Reads a stored word; anything else reads as withdrawn (inactive).
    pub fn from_db(word: &str) -> Self {
        match word {
            "pending" => Self::Pending,
            "accepted" => Self::Accepted,
            "declined" => Self::Declined,
            _ => Self::Withdrawn,
        }
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
}
