//! May this moderator decide that appeal: never the one who took the
//! action appealed against, and only someone who may act on the member
//! appealing. Asked by the review queue (whether to show the decision form)
//! and by the decision itself.

use super::acting::{self, NotAllowed};
use crate::kernel::identity::{Role, UserId};

/// Why a moderator may not decide an appeal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotDecider {
    /// They took the action, so another moderator decides.
    TookTheAction,
    /// They may not act on the member appealing.
    MayNotAct(NotAllowed),
}

impl NotDecider {
    /// What the moderator is told.
    pub fn message(self) -> &'static str {
        match self {
            Self::TookTheAction => {
                "You took this action, so another moderator must decide the appeal."
            }
            Self::MayNotAct(no) => no.message(),
        }
    }
}

/// Whether `decider` may decide an appeal by `appellant` against an action
/// that `acted_by` took.
pub fn may_decide(
    decider: UserId,
    decider_role: Role,
    acted_by: UserId,
    appellant: UserId,
    appellant_role: Role,
) -> Result<(), NotDecider> {
    if decider == acted_by {
        return Err(NotDecider::TookTheAction);
    }
    acting::may_act(decider, decider_role, appellant, appellant_role).map_err(NotDecider::MayNotAct)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_moderator_who_may_act_on_the_member_decides() {
        use Role::*;
        let (me, other, member) = (UserId(1), UserId(2), UserId(3));
        // (decider's role, who acted, appellant's role, answer)
        let table = [
            (Moderator, other, Member, Ok(())),
            (Moderator, me, Member, Err(NotDecider::TookTheAction)),
            (Admin, me, Member, Err(NotDecider::TookTheAction)),
            (
                Moderator,
                other,
                Moderator,
                Err(NotDecider::MayNotAct(NotAllowed::StaffNeedAnAdmin)),
            ),
            (Admin, other, Moderator, Ok(())),
            (
                Member,
                other,
                Member,
                Err(NotDecider::MayNotAct(NotAllowed::NotStaff)),
            ),
        ];
        for (role, acted_by, appellant_role, answer) in table {
            assert_eq!(
                may_decide(me, role, acted_by, member, appellant_role),
                answer,
                "{role:?} {acted_by:?} {appellant_role:?}"
            );
        }
    }
}
