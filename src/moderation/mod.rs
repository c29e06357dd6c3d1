//! Keeping the neighbourhood safe: reports, the review queue, actions on
//! members and what they wrote, appeals and members' records. Every action
//! is recorded in `modlog`; running the site is `admin`'s.

pub mod actions;
pub mod appeals;
pub mod db;
pub mod dismiss;
pub mod people;
pub mod queue;
pub mod reports;
mod states;
mod target;

pub use states::{AppealStatus, HiddenBy, ReportStatus};
pub use target::{Target, TargetKind};

use actix_web::web;

/// Registers the routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/report")
            .route(web::get().to(reports::form))
            .route(web::post().to(reports::submit)),
    )
    .route("/moderation", web::get().to(queue::queue))
    .route(
        "/moderation/reports/{kind}/{id}/dismiss",
        web::post().to(dismiss::dismiss),
    )
    .route("/warning", web::post().to(actions::acknowledge_warning))
    .service(web::resource("/appeals").route(web::post().to(appeals::submit)))
    .route("/appeals/new", web::get().to(appeals::form))
    .route("/appeals/ban", web::post().to(appeals::submit_ban))
    .route(
        "/moderation/appeals/{id}/decide",
        web::post().to(appeals::decide),
    )
    .route("/moderation/people", web::get().to(people::list))
    .route("/moderation/people/{id}", web::get().to(people::show))
    .service(
        web::resource("/moderation/{kind}/{id}/{act}")
            .route(web::get().to(actions::form))
            .route(web::post().to(actions::act)),
    );
}
