//! May this person act on that person: warn, suspend, ban, hide or restore
//! what they wrote, decide their reports and appeals. Asked by the
//! moderation actions, by the moderator's page of a member (whether to show
//! the actions at all) and by a need's page (whether to show "Hide").

use crate::kernel::identity::{Role, UserId};

/// Why an actor may not act on a subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAllowed {
    /// Nobody acts on their own account or posts.
    OwnAccount,
    /// Only an admin acts on a moderator or an admin.
    StaffNeedAnAdmin,
    /// Members do not moderate.
    NotStaff,
}

impl NotAllowed {
    /// What the actor is told.
    pub fn message(self) -> &'static str {
        match self {
            Self::OwnAccount => {
                "You cannot act on your own account or posts. Ask another moderator."
            }
            Self::StaffNeedAnAdmin => "Only an admin can act on a moderator or an admin.",
            Self::NotStaff => "Only moderators and admins can do this.",
        }
    }
}

/// Whether `actor` (with `actor_role`) may act on `subject` (with
/// `subject_role`) or on what the subject wrote.
pub fn may_act(
    actor: UserId,
    actor_role: Role,
    subject: UserId,
    subject_role: Role,
) -> Result<(), NotAllowed> {
    if !actor_role.is_staff() {
        Err(NotAllowed::NotStaff)
    } else if actor == subject {
        Err(NotAllowed::OwnAccount)
    } else if actor_role == Role::Admin || subject_role == Role::Member {
        Ok(())
    } else {
        Err(NotAllowed::StaffNeedAnAdmin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_act_on_others_and_only_admins_on_staff() {
        use NotAllowed::*;
        use Role::*;
        let table = [
            // (actor, subject, answer for another person)
            (Member, Member, Err(NotStaff)),
            (Member, Moderator, Err(NotStaff)),
            (Member, Admin, Err(NotStaff)),
            (Moderator, Member, Ok(())),
            (Moderator, Moderator, Err(StaffNeedAnAdmin)),
            (Moderator, Admin, Err(StaffNeedAnAdmin)),
            (Admin, Member, Ok(())),
            (Admin, Moderator, Ok(())),
            (Admin, Admin, Ok(())),
        ];
        for (actor, subject, answer) in table {
            assert_eq!(
                may_act(UserId(1), actor, UserId(2), subject),
                answer,
                "{actor:?} on {subject:?}"
            );
            let own = if actor.is_staff() {
                Err(OwnAccount)
            } else {
                Err(NotStaff)
            };
            assert_eq!(may_act(UserId(1), actor, UserId(1), actor), own);
        }
    }
}
