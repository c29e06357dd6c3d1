//! Needs: posting and managing them, volunteering, conversations between a
//! need's author and each volunteer, closing with thanks, and the board.

pub mod answers;
pub mod board;
pub mod by_mail;
pub mod cancel;
pub mod category;
pub mod close;
pub mod closed;
pub mod db;
pub mod edit;
pub mod ending;
pub mod expiry;
pub mod forms;
pub mod lifecycle;
pub mod limits;
pub mod load;
pub mod messages;
pub mod mine;
pub mod offers;
pub mod post;
pub mod reminders;
pub mod show;
pub mod states;
pub mod still_needed;
pub mod tell;
pub mod when;

use actix_web::web;

pub use category::{Category, CategoryCache};
pub use lifecycle::NeedStatus;
pub use states::{OfferStatus, Outcome, Urgency};
pub use when::{FLEXIBLE_SORT_DATE, When, WhenKind};

pub use crate::kernel::ids::{NeedId, OfferId};

/// Registers the needs routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/needs", web::get().to(board::board))
        .service(
            web::resource("/needs/new")
                .route(web::get().to(post::new_form))
                .route(web::post().to(post::create)),
        )
        .route("/needs/mine", web::get().to(mine::mine))
        .route("/needs/helping", web::get().to(mine::helping))
        .route("/needs/{id}", web::get().to(show::show))
        .service(
            web::resource("/needs/{id}/edit")
                .route(web::get().to(edit::edit_form))
                .route(web::post().to(edit::update)),
        )
        .route("/needs/{id}/cancel", web::post().to(cancel::cancel))
        .route(
            "/needs/{id}/still-needed",
            web::post().to(still_needed::still_needed),
        )
        .service(
            web::resource("/needs/{id}/done")
                .route(web::get().to(close::done_form))
                .route(web::post().to(close::mark_done)),
        )
        .route("/needs/{id}/thanks", web::post().to(closed::thank_later))
        .route("/needs/{id}/volunteer", web::post().to(offers::volunteer))
        .service(web::resource("/mail/still-needed/{token}").route(web::get().to(by_mail::show)))
        .route(
            "/mail/still-needed/{token}/renew",
            web::post().to(by_mail::renew),
        )
        .route(
            "/mail/still-needed/{token}/close",
            web::post().to(by_mail::close),
        )
        .route("/needs/{id}/withdraw", web::post().to(offers::withdraw))
        .route(
            "/needs/{id}/offers/{offer}/accept",
            web::post().to(answers::accept),
        )
        .route(
            "/needs/{id}/offers/{offer}/decline",
            web::post().to(answers::decline),
        )
        .service(
            web::resource("/needs/{id}/offers/{offer}/messages")
                .route(web::get().to(messages::thread))
                .route(web::post().to(messages::send)),
        );
}
