//! Running the site: an overview of what waits and of setting the board
//! up, its settings and how people join, the need categories, and members'
//! roles and sessions. Admins only; every change is written to the
//! moderation log.

pub mod categories;
pub mod checklist;
pub mod db;
pub mod overview;
pub mod people;
pub mod settings;
pub mod test_mail;

use actix_web::web;

/// Registers the admin routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin", web::get().to(overview::show))
        .service(
            web::resource("/admin/settings")
                .route(web::get().to(settings::show))
                .route(web::post().to(settings::save)),
        )
        .route("/admin/test-mail", web::post().to(test_mail::send))
        .route("/admin/joining", web::post().to(settings::save_joining))
        .route(
            "/admin/public-log",
            web::post().to(settings::save_public_log),
        )
        .route("/admin/people", web::get().to(people::old_list))
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
