//! Moderation actions, each with a required reason: deciding applications,
//! hiding and restoring needs and messages, warning, suspending, banning
//! and lifting. Every action is logged, the member it is about is told
//! why, and whoever reported the target hears the outcome.
//!
//! Who may act on whom: nobody on themselves; an admin on anyone else; a
//! moderator only on members (never on another moderator or an admin).
//!
//! This module holds what an action is (its path, title and flash) and who
//! may take it; `handlers` holds the pages, `confirm` the page that asks
//! before a warning, a suspension or a ban, and `perform` (with `members`)
//! does them. An action not taken is a [`Refusal`]: forbidden (who may
//! act on whom) or a conflict (nothing to do), with the words that say why.

mod confirm;
mod handlers;
mod members;
mod perform;

pub use handlers::{ActInput, ActPage, acknowledge_warning, act, form};
pub use perform::perform;

use super::db::actions::Subject;
use crate::error::Refusal;
use crate::kernel::identity::SessionUser;
use crate::moderation::{Target, TargetKind};
use crate::web::context::Flash;

/// The longest suspension, in days.
pub const SUSPENSION_MAX_DAYS: i64 = 90;

/// One action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Let an applicant in.
    Approve,
    /// Turn an application down.
    Reject,
    /// Hide a need from everyone but its author.
    HideNeed,
    /// Show a hidden need again.
    RestoreNeed,
    /// Hide a message from the other person in the conversation.
    HideMessage,
    /// Show a hidden message again.
    RestoreMessage,
    /// Warn a member.
    Warn,
    /// Make a member read-only for some days.
    Suspend,
    /// Ban a member.
    Ban,
    /// Lift a suspension or a ban.
    Lift,
}

impl Act {
    /// Reads `/moderation/{kind}/{id}/{act}`.
    pub fn parse(kind: &str, act: &str) -> Option<Self> {
        Some(match (kind, act) {
            ("applications", "approve") => Self::Approve,
            ("applications", "reject") => Self::Reject,
            ("needs", "hide") => Self::HideNeed,
            ("needs", "restore") => Self::RestoreNeed,
            ("messages", "hide") => Self::HideMessage,
            ("messages", "restore") => Self::RestoreMessage,
            ("people", "warn") => Self::Warn,
            ("people", "suspend") => Self::Suspend,
            ("people", "ban") => Self::Ban,
            ("people", "lift") => Self::Lift,
            _ => return None,
        })
    }

    /// What it acts on, given the number in its path: a need, a message,
    /// or a member (an applicant is a member too).
    pub fn on(self, number: i64) -> Target {
        let kind = match self {
            Self::HideNeed | Self::RestoreNeed => TargetKind::Need,
            Self::HideMessage | Self::RestoreMessage => TargetKind::Message,
            Self::Approve | Self::Reject | Self::Warn | Self::Suspend | Self::Ban | Self::Lift => {
                TargetKind::Member
            }
        };
        Target::new(kind, number)
    }

    /// The path it is reached by, acting on `on`.
    pub fn path(self, on: Target) -> String {
        let id = on.number();
        let (kind, act) = match self {
            Self::Approve => ("applications", "approve"),
            Self::Reject => ("applications", "reject"),
            Self::HideNeed => ("needs", "hide"),
            Self::RestoreNeed => ("needs", "restore"),
            Self::HideMessage => ("messages", "hide"),
            Self::RestoreMessage => ("messages", "restore"),
            Self::Warn => ("people", "warn"),
            Self::Suspend => ("people", "suspend"),
            Self::Ban => ("people", "ban"),
            Self::Lift => ("people", "lift"),
        };
        format!("/moderation/{kind}/{id}/{act}")
    }

    /// Whether its form offers the site's rules to name (not when letting
    /// someone in).
    pub fn names_a_rule(self) -> bool {
        self != Self::Approve
    }

    /// Whether its form asks for how many days (a suspension).
    pub fn asks_for_days(self) -> bool {
        self == Self::Suspend
    }

    /// The action's name, as its form's heading and button say it.
    pub fn title(self) -> &'static str {
        match self {
            Self::Approve => "Approve the application",
            Self::Reject => "Turn down the application",
            Self::HideNeed => "Hide the need",
            Self::RestoreNeed => "Restore the need",
            Self::HideMessage => "Hide the message",
            Self::RestoreMessage => "Restore the message",
            Self::Warn => "Warn the member",
            Self::Suspend => "Suspend the member",
            Self::Ban => "Ban the member",
            Self::Lift => "Lift the suspension or ban",
        }
    }

    /// What it acts on, in words: "need #12".
    pub fn target(self, on: Target) -> String {
        let id = on.number();
        match self {
            Self::Approve | Self::Reject => format!("application #{id}"),
            Self::HideNeed | Self::RestoreNeed => format!("need #{id}"),
            Self::HideMessage | Self::RestoreMessage => format!("message #{id}"),
            Self::Warn | Self::Suspend | Self::Ban | Self::Lift => format!("member #{id}"),
        }
    }

    /// Whether a reason must be given (all but approving).
    fn needs_reason(self) -> bool {
        self != Self::Approve
    }

    fn flash(self) -> Flash {
        match self {
            Self::Approve => Flash::ApplicationApproved,
            Self::Reject => Flash::ApplicationRejected,
            Self::HideNeed | Self::HideMessage => Flash::Hidden,
            Self::RestoreNeed | Self::RestoreMessage => Flash::Restored,
            Self::Warn => Flash::Warned,
            Self::Suspend => Flash::Suspended,
            Self::Ban => Flash::Banned,
            Self::Lift => Flash::Lifted,
        }
    }
}

/// Whether `actor` may act on `subject`.
pub fn may_act(actor: &SessionUser, subject: &Subject) -> Result<(), Refusal> {
    crate::policy::acting::may_act(actor.id, actor.role, subject.id, subject.role)
        .map_err(|no| Refusal::Forbidden(no.message()))
}

#[cfg(test)]
mod tests {
    use super::Act;

    #[test]
    fn every_action_is_reached_by_its_own_path() {
        let all = [
            Act::Approve,
            Act::Reject,
            Act::HideNeed,
            Act::RestoreNeed,
            Act::HideMessage,
            Act::RestoreMessage,
            Act::Warn,
            Act::Suspend,
            Act::Ban,
            Act::Lift,
        ];
        for act in all {
            let path = act.path(act.on(7));
            let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
            assert_eq!(parts.len(), 4, "{path}");
            assert_eq!(Act::parse(parts[1], parts[3]), Some(act));
        }
        assert_eq!(Act::parse("people", "delete"), None);
    }
}
