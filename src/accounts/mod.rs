//! Accounts: signing up, logging in and out, sessions, passwords, the
//! member's account page and the safe creation of the first admin.

pub mod account;
pub mod db;
pub mod forms;
pub mod login;
pub mod password;
pub mod sessions;
pub mod setup;
pub mod signup;
pub mod standing;
pub mod waiting;

use actix_web::web;
use diesel::backend::Backend;
use diesel::deserialize::{FromSql, FromSqlRow};
use diesel::sql_types::Text;

/// A member's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UserId(pub i64);

/// What someone may do on the site. Loads straight from the `role` column
/// wherever a name is shown with its role badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, FromSqlRow)]
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

impl<DB> FromSql<Text, DB> for Role
where
    DB: Backend,
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
        String::from_sql(bytes).map(|word| Self::from_db(&word))
    }
}

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
    /// Members this one has blocked or been blocked by.
    pub kept_apart: Vec<i64>,
    /// Whether the account is an application or a member's.
    pub standing: standing::Standing,
    /// A suspension in force, if any.
    pub suspension: Option<standing::Suspension>,
    /// A warning to show until acknowledged.
    pub warning: Option<String>,
}

impl SessionUser {
    /// Whether this member and `other` are kept apart by a block.
    pub fn kept_apart_from(&self, other: UserId) -> bool {
        self.kept_apart.binary_search(&other.0).is_ok()
    }
}

/// Registers the account routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/signup")
            .route(web::get().to(signup::show))
            .route(web::post().to(signup::submit)),
    )
    .service(
        web::resource("/login")
            .route(web::get().to(login::show))
            .route(web::post().to(login::submit)),
    )
    .route("/logout", web::post().to(login::logout))
    .route("/waiting", web::get().to(waiting::show))
    .route("/account", web::get().to(account::show))
    .route("/account/name", web::post().to(account::change_name))
    .route(
        "/account/password",
        web::post().to(account::change_password),
    )
    .service(
        web::resource("/setup")
            .route(web::get().to(setup::show))
            .route(web::post().to(setup::submit)),
    );
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn roles_round_trip_and_unknown_words_get_no_privilege() {
        for role in [Role::Member, Role::Moderator, Role::Admin] {
            assert_eq!(Role::from_db(role.as_str()), role);
        }
        assert_eq!(Role::from_db("superuser"), Role::Member);
    }
}
