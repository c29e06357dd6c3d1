//! The moderators' page of who invited whom.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::db;
use super::drawing::{TREE_MAX, TreeEvent, draw, flatten};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::UserId;
use crate::web::context::PageContext;
use crate::web::extract::Moderator;
use crate::web::render;

/// The tree page.
#[derive(Template)]
#[template(path = "invites/tree.html")]
pub struct TreePage {
    ctx: PageContext,
    events: Vec<TreeEvent>,
    empty: bool,
    /// More members than [`TREE_MAX`]: the page says it shows only the first.
    cut: bool,
}

/// `GET /moderation/invites`: who invited whom.
pub async fn tree(
    ctx: PageContext,
    state: web::Data<AppState>,
    _moderator: Moderator,
) -> Result<HttpResponse, AppError> {
    let (edges, root_names) = state
        .db
        .run(|conn| {
            let edges = db::invitations(conn)?;
            let invited: std::collections::HashSet<UserId> = edges.iter().map(|e| e.0).collect();
            let mut roots: Vec<UserId> = edges
                .iter()
                .map(|e| e.3)
                .filter(|id| !invited.contains(id))
                .collect();
            roots.sort_unstable();
            roots.dedup();
            let names = db::names(conn, &roots)?;
            Ok((edges, names))
        })
        .await?;
    let (roots, cut) = draw(root_names, &edges, TREE_MAX);
    let mut events = Vec::new();
    flatten(&roots, &mut events);
    let empty = roots.is_empty();
    render(
        StatusCode::OK,
        &TreePage {
            ctx,
            events,
            empty,
            cut,
        },
    )
}
