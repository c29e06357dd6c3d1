//! May this viewer see this need, this conversation, this message, this
//! member's needs. A need hidden by a moderator is seen only by its author
//! and by staff; a block (either way) keeps two members out of sight of
//! each other's needs and conversations; a conversation is between a need's author and one
//! volunteer; a hidden message's words reach only the one who wrote it.
//!
//! A member's e-mail address reaches another member only through
//! [`may_see_address`]: the two sides of an accepted offer, and only the
//! side whose owner chose to share it.
//!
//! Pages ask these functions; lists that read many needs at once filter
//! with [`on_the_board`] (or [`ON_THE_BOARD_SQL`] in statements written in
//! SQL), the same rule for everyone who is not the author or staff.

use diesel::prelude::*;

use crate::db::schema::needs;
use crate::kernel::identity::{Role, SessionUser, UserId};

/// What the rule needs to know of a need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NeedFacts {
    /// Who asked.
    pub author: UserId,
    /// Whether a moderator hid it.
    pub hidden: bool,
}

/// Whether `viewer` may see the need (its page, and what hangs off it).
/// Anyone else gets "not found", as if it did not exist.
pub fn may_see_need(viewer: &SessionUser, need: NeedFacts) -> bool {
    let own = viewer.id == need.author;
    (own || !need.hidden || viewer.role >= Role::Moderator) && !viewer.kept_apart_from(need.author)
}

/// Why a need cannot be changed, offered on or written about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frozen {
    /// The viewer may not know it exists.
    NotFound,
    /// A moderator hid it; its author is told so.
    Hidden,
}

/// Whether `actor` may act on the need at all (edit, offer, close, write):
/// a hidden need is frozen for everyone, and only its author learns why.
pub fn may_act_on_need(actor: UserId, need: NeedFacts) -> Result<(), Frozen> {
    if !need.hidden {
        Ok(())
    } else if actor == need.author {
        Err(Frozen::Hidden)
    } else {
        Err(Frozen::NotFound)
    }
}

/// Whether `viewer` may open the conversation between the need's author
/// and `volunteer`: only those two, and only while they may see the need.
pub fn may_see_conversation(viewer: &SessionUser, need: NeedFacts, volunteer: UserId) -> bool {
    (viewer.id == need.author || viewer.id == volunteer) && may_see_need(viewer, need)
}

/// Whether `viewer` may read the words of a message by `author`: a hidden
/// message's words reach only its author.
pub fn may_read_message(viewer: UserId, author: UserId, hidden: bool) -> bool {
    !hidden || viewer == author
}

/// Whether `viewer` sees the needs listed on `person`'s profile.
pub fn may_see_needs_of(viewer: &SessionUser, person: UserId) -> bool {
    !viewer.kept_apart_from(person)
}

/// Where one member's e-mail address might be shown to another: on a
/// need's page, between its author and one volunteer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddressFacts {
    /// Whether the address's owner chose to share it with the people whose
    /// help they accept and who accept theirs.
    pub owner_shares: bool,
    /// Whether the volunteer's offer was accepted.
    pub accepted: bool,
    /// Whether the need is under way or closed less than a week ago.
    pub contacts_open: bool,
}

/// Whether the other side of an offer sees a member's e-mail address: only
/// when the offer was accepted, the need's contacts are still open, and the
/// owner chose to share it. By default nobody sees anyone's address; they
/// write to each other in the offer's conversation.
pub fn may_see_address(facts: AddressFacts) -> bool {
    facts.owner_shares && facts.accepted && facts.contacts_open
}

/// The filter [`on_the_board`] gives.
pub type OnTheBoard = diesel::dsl::IsNull<needs::hidden>;

/// The needs everyone may see in a list: those no moderator hid.
pub fn on_the_board() -> OnTheBoard {
    needs::hidden.is_null()
}

/// [`on_the_board`] for statements written in SQL, about the needs table
/// under the alias `n`.
pub const ON_THE_BOARD_SQL: &str = "n.hidden IS NULL";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::identity::Standing;

    const AUTHOR: UserId = UserId(1);
    const OTHER: UserId = UserId(2);

    fn viewer(id: UserId, role: Role, kept_apart: &[UserId]) -> SessionUser {
        SessionUser {
            id,
            display_name: String::new(),
            email: String::new(),
            role,
            csrf_token: String::new(),
            session_hash: String::new(),
            unread_notifications: 0,
            waiting_for_staff: 0,
            mail_bounced: false,
            kept_apart: kept_apart.to_vec(),
            standing: Standing::Active,
            suspension: None,
            warning: None,
            email_confirmed: true,
        }
    }

    #[test]
    fn a_hidden_need_is_seen_by_its_author_and_staff_and_a_block_hides_it() {
        use Role::*;
        // (viewer, role, blocked either way, hidden, sees it)
        let table = [
            (OTHER, Member, false, false, true),
            (OTHER, Member, false, true, false),
            (OTHER, Member, true, false, false),
            (OTHER, Moderator, false, true, true),
            (OTHER, Admin, false, true, true),
            (AUTHOR, Member, false, true, true),
            (AUTHOR, Member, false, false, true),
        ];
        for (id, role, blocked, hidden, sees) in table {
            let apart: &[UserId] = if blocked { &[AUTHOR] } else { &[] };
            let need = NeedFacts {
                author: AUTHOR,
                hidden,
            };
            assert_eq!(
                may_see_need(&viewer(id, role, apart), need),
                sees,
                "{id:?} {role:?} blocked={blocked} hidden={hidden}"
            );
        }
    }

    #[test]
    fn a_hidden_need_is_frozen_and_only_its_author_is_told_why() {
        {
            let open = NeedFacts {
                author: AUTHOR,
                hidden: false,
            };
            let hidden = NeedFacts {
                author: AUTHOR,
                hidden: true,
            };
            assert_eq!(may_act_on_need(OTHER, open), Ok(()));
            assert_eq!(may_act_on_need(OTHER, hidden), Err(Frozen::NotFound));
            assert_eq!(may_act_on_need(AUTHOR, hidden), Err(Frozen::Hidden));
        }
    }

    #[test]
    fn a_conversation_is_seen_only_by_its_two_people() {
        let volunteer = UserId(3);
        let need = NeedFacts {
            author: AUTHOR,
            hidden: false,
        };
        // (viewer, role, blocked either way, sees it)
        let table = [
            (AUTHOR, Role::Member, false, true),
            (volunteer, Role::Member, false, true),
            (volunteer, Role::Member, true, false),
            (OTHER, Role::Member, false, false),
            (OTHER, Role::Admin, false, false),
        ];
        for (id, role, blocked, sees) in table {
            let apart: &[UserId] = if blocked { &[AUTHOR] } else { &[] };
            assert_eq!(
                may_see_conversation(&viewer(id, role, apart), need, volunteer),
                sees,
                "{id:?} {role:?} blocked={blocked}"
            );
        }
        let hidden = NeedFacts {
            hidden: true,
            ..need
        };
        assert!(may_see_conversation(
            &viewer(AUTHOR, Role::Member, &[]),
            hidden,
            volunteer
        ));
        assert!(!may_see_conversation(
            &viewer(volunteer, Role::Member, &[]),
            hidden,
            volunteer
        ));
    }

    #[test]
    fn a_hidden_message_is_read_only_by_its_author() {
        // (viewer, hidden, reads it)
        let table = [
            (AUTHOR, false, true),
            (OTHER, false, true),
            (AUTHOR, true, true),
            (OTHER, true, false),
        ];
        for (id, hidden, reads) in table {
            assert_eq!(
                may_read_message(id, AUTHOR, hidden),
                reads,
                "{id:?} hidden={hidden}"
            );
        }
    }

    #[test]
    fn an_address_is_seen_only_across_an_accepted_offer_and_only_if_shared() {
        // (owner shares, accepted, contacts open, seen)
        let table = [
            (false, false, false, false),
            (false, true, true, false),
            (true, false, true, false),
            (true, true, false, false),
            (true, false, false, false),
            (true, true, true, true),
        ];
        for (owner_shares, accepted, contacts_open, seen) in table {
            let facts = AddressFacts {
                owner_shares,
                accepted,
                contacts_open,
            };
            assert_eq!(may_see_address(facts), seen, "{facts:?}");
        }
    }

    #[test]
    fn a_block_hides_a_members_needs_on_their_profile() {
        assert!(may_see_needs_of(&viewer(OTHER, Role::Member, &[]), AUTHOR));
        assert!(!may_see_needs_of(
            &viewer(OTHER, Role::Member, &[AUTHOR]),
            AUTHOR
        ));
        assert!(may_see_needs_of(&viewer(AUTHOR, Role::Member, &[]), AUTHOR));
    }
}
