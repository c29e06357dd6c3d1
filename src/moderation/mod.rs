//! Keeping the neighbourhood safe, and running the site: the moderation
//! log, and the admin's settings and categories.

pub mod actions;
pub mod appeals;
pub mod categories;
pub mod db;
pub mod log;
pub mod people;
pub mod queue;
pub mod reports;
pub mod settings;

use actix_web::web;

/// Registers the routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/moderation/log", web::get().to(log::full_log))
        .route("/modlog", web::get().to(log::public_log))
        .service(
            web::resource("/report")
                .route(web::get().to(reports::form))
                .route(web::post().to(reports::submit)),
        )
        .route("/moderation", web::get().to(queue::queue))
        .route(
            "/moderation/reports/{kind}/{id}/dismiss",
            web::post().to(reports::dismiss),
        )
        .route("/admin", web::get().to(settings::show))
        .route("/admin/settings", web::post().to(settings::save))
        .route("/admin/joining", web::post().to(settings::save_joining))
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
        .route("/admin/people", web::get().to(people::old_list))
        .service(
            web::resource("/moderation/{kind}/{id}/{act}")
                .route(web::get().to(actions::form))
                .route(web::post().to(actions::act)),
        )
        .service(
            web::resource("/admin/categories")
                .route(web::get().to(categories::list))
                .route(web::post().to(categories::add)),
        )
        .route(
            "/admin/categories/{id}/rename",
            web::post().to(categories::rename),
        )
        .route(
            "/admin/categories/{id}/move",
            web::post().to(categories::move_category),
        )
        .route(
            "/admin/categories/{id}/retire",
            web::post().to(categories::retire),
        )
        .route(
            "/admin/people/{id}/role",
            web::post().to(people::change_role),
        )
        .route(
            "/admin/people/{id}/sessions",
            web::post().to(people::end_sessions),
        );
}
