//! Who is asking: a member's id, role and standing, and the logged-in
//! member of a request. Every layer above may use these; they know nothing
//! of HTTP or of any feature.

use diesel::deserialize::FromSqlRow;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;

pub use super::ids::UserId;
use crate::clock::Timestamp;

/// What someone may do on the site. Loads straight from the `role` column
/// wherever a name is shown with its role badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum Role {
    /// A neighbour.
    Member,
    /// A neighbour who also keeps the board safe.
    Moderator,
    /// A moderator who also runs the site.
    Admin,
}

impl Role {
    /// The word stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Moderator => "moderator",
            Self::Admin => "admin",
        }
    }

    /// "a member", "a moderator", "an admin".
    pub fn with_article(self) -> &'static str {
        match self {
            Self::Member => "a member",
            Self::Moderator => "a moderator",
            Self::Admin => "an admin",
        }
    }

    /// Whether this role keeps the board safe (moderators and admins): blocks
    /// never hide anything from staff, and nobody can block them.
    pub fn is_staff(self) -> bool {
        self >= Self::Moderator
    }

    /// The badge shown beside a moderator's or an admin's name; none for a member.
    pub fn badge(self) -> Option<&'static str> {
        match self {
            Self::Member => None,
            Self::Moderator => Some("Moderator"),
            Self::Admin => Some("Admin"),
        }
    }

    /// Reads the stored word; anything unknown is the least privileged role.
    pub fn from_db(word: &str) -> Self {
        match word {
            "admin" => Self::Admin,
            "moderator" => Self::Moderator,
            _ => Self::Member,
        }
    }
}

crate::text_column!(Role);

/// The logged-in member of a request, as the session found them.
#[derive(Clone, Debug)]
pub struct SessionUser {
    /// Their id.
    pub id: UserId,
    /// Their display name.
    pub display_name: String,
    /// Their e-mail address.
    pub email: String,
    /// Their role.
    pub role: Role,
    /// The CSRF token of this session.
    pub csrf_token: String,
    /// The hash of this session's token, to end it.
    pub session_hash: String,
    /// Notifications not yet seen.
    pub unread_notifications: i64,
    /// For moderators and admins: applications, reports and appeals
    /// waiting in the review queue (0 for members).
    pub waiting_for_staff: i64,
    /// Whether mail to their address is not getting through.
    pub mail_bounced: bool,
    /// Members this one has blocked or been blocked by.
    pub kept_apart: Vec<UserId>,
    /// Whether the account is an application or a member's.
    pub standing: Standing,
    /// A suspension in force, if any.
    pub suspension: Option<Suspension>,
    /// A warning to show until acknowledged.
    pub warning: Option<String>,
    /// Whether the member confirmed their address; until then they may
    /// read but not write.
    pub email_confirmed: bool,
}

impl SessionUser {
    /// Whether this member and `other` are kept apart by a block.
    pub fn kept_apart_from(&self, other: UserId) -> bool {
        self.kept_apart.binary_search(&other).is_ok()
    }
}

/// Whether an account may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum Standing {
    /// Applied in approval mode; waiting for a moderator.
    Pending,
    /// A member in good standing (possibly suspended for a while).
    Active,
    /// The application was turned down.
    Rejected,
    /// Banned by a moderator: no session works.
    Banned,
}

impl Standing {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Rejected => "rejected",
            Self::Banned => "banned",
        }
    }

    /// Reads the stored word; anything unknown is treated as banned, the
    /// least privileged standing.
    pub fn from_db(word: &str) -> Self {
        match word {
            "pending" => Self::Pending,
            "active" => Self::Active,
            "rejected" => Self::Rejected,
            _ => Self::Banned,
        }
    }

    /// Whether the account is still an application (pending or rejected).
    pub fn is_applicant(self) -> bool {
        matches!(self, Self::Pending | Self::Rejected)
    }
}

crate::text_column!(Standing);

/// A suspension in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suspension {
    /// Unix seconds when it ends.
    pub until: Timestamp,
    /// Why.
    pub reason: String,
}

impl Suspension {
    /// The end, in words, in `zone`: "Tuesday 3 December 2026, 14:00".
    pub fn until_words(&self, zone: &crate::clock::Zone) -> String {
        self.until
            .in_zone(*zone)
            .format("%A %-d %B %Y, %H:%M")
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::{Role, Standing, Suspension, Timestamp};

    #[test]
    fn roles_round_trip_and_unknown_words_get_no_privilege() {
        for role in [Role::Member, Role::Moderator, Role::Admin] {
            assert_eq!(Role::from_db(role.as_str()), role);
        }
        assert_eq!(Role::from_db("superuser"), Role::Member);
    }

    #[test]
    fn standings_round_trip_and_unknown_words_are_banned() {
        for standing in [
            Standing::Pending,
            Standing::Active,
            Standing::Rejected,
            Standing::Banned,
        ] {
            assert_eq!(Standing::from_db(standing.as_str()), standing);
        }
        assert_eq!(Standing::from_db("superuser"), Standing::Banned);
    }

    #[test]
    fn a_suspension_end_reads_as_a_date() {
        let s = Suspension {
            until: Timestamp(1_800_000_000),
            reason: "x".into(),
        };
        assert!(s.until_words(&crate::clock::Zone::UTC).contains("2027"));
    }
}
