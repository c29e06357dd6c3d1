//! Accounts: signing up, logging in and out, sessions, passwords, the
//! member's account page and the safe creation of the first admin.

pub mod account;
pub mod db;
pub mod forms;
pub mod login;
pub mod password;
pub mod setup;
pub mod signup;
pub mod waiting;

use actix_web::web;

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
