//! May this member make invite codes, and does a code they made still
//! work. Asked by the navigation (through the page context), the invite
//! pages and the sign-up that spends a code.

use crate::kernel::identity::{Role, Standing};

/// Whether a member with `role` and `standing` (`suspended` or not) may
/// invite, given whether the site takes new members by invitation
/// (`invite_mode`) and whether its admin lets members invite. Admins always
/// may; members only when both settings say so; nobody suspended, banned
/// or still applying.
pub fn may_invite(
    role: Role,
    standing: Standing,
    suspended: bool,
    invite_mode: bool,
    members_may_invite: bool,
) -> bool {
    standing == Standing::Active
        && !suspended
        && (role == Role::Admin || (invite_mode && members_may_invite))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_always_invite_and_members_only_when_the_site_lets_them() {
        use Role::*;
        // (role, invite mode, members may invite, answer for an active member)
        let table = [
            (Member, true, true, true),
            (Member, true, false, false),
            (Member, false, true, false),
            (Member, false, false, false),
            (Moderator, true, true, true),
            (Moderator, true, false, false),
            (Moderator, false, true, false),
            (Admin, false, false, true),
            (Admin, true, false, true),
        ];
        for (role, invite_mode, members, answer) in table {
            assert_eq!(
                may_invite(role, Standing::Active, false, invite_mode, members),
                answer,
                "{role:?} {invite_mode} {members}"
            );
            assert!(!may_invite(
                role,
                Standing::Active,
                true,
                invite_mode,
                members
            ));
            for standing in [Standing::Pending, Standing::Rejected, Standing::Banned] {
                assert!(!may_invite(role, standing, false, invite_mode, members));
            }
        }
    }
}
