//! Accounts: signing up, logging in and out, sessions, passwords, the
//! member's account page and the safe creation of the first admin.

pub mod account;
pub mod confirm;
pub mod db;
pub mod forms;
pub mod letters;
pub mod links;
pub mod login;
pub mod password;
pub mod reset;
pub mod setup;
pub mod signup;
pub mod waiting;

use actix_web::web;

/// Why an account could not be made or changed, as the
/// [`Refusal`](crate::error::Refusal) of sign-up, first-admin set-up and
/// `kith create-admin`; each handler puts its words beside the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clash {
    /// The e-mail address has an account already.
    EmailTaken,
    /// The name could be mistaken for a moderator's or an admin's.
    LooksLikeStaff,
    /// The invite code is unknown, used up, expired or revoked.
    InviteUnusable,
    /// The set-up link was used already, or an admin exists.
    LinkSpent,
}

impl std::fmt::Display for Clash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::EmailTaken => "An account with this email already exists. Use another address.",
            Self::LooksLikeStaff => forms::LOOKS_LIKE_STAFF,
            Self::InviteUnusable => {
                "This invite code cannot be used: it may be mistyped, used up, expired or \
                 revoked. Ask the neighbour who gave it to you for a new one."
            }
            Self::LinkSpent => "This set-up link has been used already.",
        })
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
    .route(
        signup::CHECK_EMAIL_PAGE,
        web::get().to(confirm::check_email),
    )
    .service(
        web::resource("/signup/confirm/{token}")
            .route(web::get().to(confirm::show))
            .route(web::post().to(confirm::confirm)),
    )
    .route("/account/confirm", web::post().to(confirm::send_again))
    .service(
        web::resource("/password/forgot")
            .route(web::get().to(reset::show_forgot))
            .route(web::post().to(reset::submit_forgot)),
    )
    .service(
        web::resource("/password/reset/{token}")
            .route(web::get().to(reset::show_reset))
            .route(web::post().to(reset::submit_reset)),
    )
    .route("/waiting", web::get().to(waiting::show))
    .route("/account", web::get().to(account::show))
    .route("/account/name", web::post().to(account::change_name))
    .route(
        "/account/password",
        web::post().to(account::change_password),
    )
    .route("/account/sharing", web::post().to(account::save_sharing))
    .route("/account/email", web::post().to(account::request_change))
    .service(
        web::resource("/account/email/confirm/{token}")
            .route(web::get().to(account::show_link))
            .route(web::post().to(account::use_link)),
    )
    .service(
        web::resource("/setup")
            .route(web::get().to(setup::show))
            .route(web::post().to(setup::submit)),
    );
}
