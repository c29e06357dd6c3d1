//! Invite codes: in invite mode, signing up needs one. Admins may always
//! make them, members when the admin allows it. Each code has a use limit
//! and an expiry, shows who joined with it, and can be revoked. Moderators
//! see the whole tree of who invited whom.
//!
//! Codes are kept in the clear, unlike session tokens, so that whoever
//! made one can copy it again later; a code only lets someone apply to
//! join, and the sign-up rate limit and 60 random bits stop guessing.

//!
//! `codes` makes and reads the codes, `list` is the invites page (making
//! and revoking codes), `tree` the moderators' tree page, drawn by
//! `drawing`; `db` holds every query.

mod codes;
pub mod db;
mod drawing;
mod list;
mod tree;

pub use codes::{MAX_DAYS, MAX_USES, new_code, normalise_code};
pub use drawing::{TREE_MAX, TreeEvent};
pub use list::{InviteView, InvitesPage, NewInviteInput, create, list, revoke};
pub use tree::{TreePage, tree};

use actix_web::web;

/// Registers the routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/invites")
            .route(web::get().to(list))
            .route(web::post().to(create)),
    )
    .route("/invites/{id}/revoke", web::post().to(revoke))
    .route("/moderation/invites", web::get().to(tree));
}
