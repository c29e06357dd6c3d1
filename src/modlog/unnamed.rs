//! What the public log says of an entry about a member when it names
//! nobody, which it does unless the admin chose otherwise: a neighbourhood
//! is small, a public log that names people shames them, and its purpose
//! is to show that the rules are applied, not to whom.

use super::Action;

impl Action {
    /// What the public log says of an entry about a member when it names
    /// nobody: the action without the person (or what they wrote, whose
    /// number would lead to them).
    pub fn unnamed(self) -> &'static str {
        match self {
            Self::NeedHidden => "A need was hidden.",
            Self::NeedRestored => "A hidden need was restored.",
            Self::MessageHidden => "A message was hidden.",
            Self::MessageRestored => "A hidden message was restored.",
            Self::MemberWarned => "A member was warned.",
            Self::MemberSuspended => "A member was suspended.",
            Self::MemberBanned => "A member was banned.",
            Self::SuspensionLifted => "A member's suspension was lifted.",
            Self::BanLifted => "A member's ban was lifted.",
            Self::AppealUpheld => "An appeal was decided: the action stands.",
            Self::AppealGranted => "An appeal was decided: the action was undone.",
            Self::RoleChanged => "A member's role was changed.",
            Self::ApplicationApproved | Self::ApplicationRejected => {
                "An application to join was decided."
            }
            Self::ReportsDismissed => "Reports were looked into and no action was taken.",
            Self::SessionsEnded => "A member was logged out everywhere.",
            Self::SettingsChanged
            | Self::CategoryAdded
            | Self::CategoryRenamed
            | Self::CategoryMoved
            | Self::CategoryRetired
            | Self::CategoryRestored
            | Self::InviteRevoked => "The site's settings were changed.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Action;

    #[test]
    fn the_words_that_name_nobody_name_no_number_either() {
        for action in Action::ALL {
            let words = action.unnamed();
            assert!(words.ends_with('.'), "{words}");
            assert!(!words.contains('#'), "{words}");
        }
        assert_eq!(Action::MemberWarned.unnamed(), "A member was warned.");
    }
}
