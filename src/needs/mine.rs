//! `GET /needs/mine` and `GET /needs/helping`: a member's own needs, and
//! the needs they offered to help with, in full (the home page shows the
//! first few of each).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::OfferStatus;
use super::db::{self, NeedRow, offers as offer_db};
use crate::AppState;
use crate::clock::Timestamp;
use crate::error::AppError;
use crate::web::context::PageContext;
use crate::web::extract::CurrentUser;
use crate::web::render;

/// The most needs either page lists.
pub const LIST_MAX: i64 = 200;

/// How long an offer that ended as not needed stays on its volunteer's
/// "I'm helping with" list, in seconds: long enough to see how it ended.
pub const ENDED_SHOWN_FOR: i64 = 7 * 86_400;

/// Offers that ended as not needed after this moment are still listed.
pub fn ended_since(now: Timestamp) -> Timestamp {
    now.minus(ENDED_SHOWN_FOR)
}

/// "My needs".
#[derive(Template)]
#[template(path = "needs/mine.html")]
pub struct MyNeedsPage {
    ctx: PageContext,
    needs: Vec<(NeedRow, i64, String)>,
}

/// "I'm helping with".
#[derive(Template)]
#[template(path = "needs/helping.html")]
pub struct HelpingPage {
    ctx: PageContext,
    needs: Vec<(NeedRow, OfferStatus, String)>,
}

/// `GET /needs/mine`: newest first, with offers waiting for an answer.
pub async fn mine(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, AppError> {
    let (me, today) = (user.id, state.config.clock.today());
    let needs = state
        .db
        .run(move |conn| Ok(db::needs_by_author(conn, me, LIST_MAX)?))
        .await?
        .into_iter()
        .map(|(need, waiting)| {
            let when = need.when().describe_on(today);
            (need, waiting, when)
        })
        .collect();
    render(StatusCode::OK, &MyNeedsPage { ctx, needs })
}

/// `GET /needs/helping`: soonest first, with offers that ended lately.
pub async fn helping(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, AppError> {
    let (me, today) = (user.id, state.config.clock.today());
    let since = ended_since(state.config.clock.now());
    let needs = state
        .db
        .run(move |conn| Ok(offer_db::helping_with(conn, me, since, LIST_MAX)?))
        .await?
        .into_iter()
        .map(|(need, offer)| {
            let when = need.when().describe_on(today);
            (need, offer, when)
        })
        .collect();
    render(StatusCode::OK, &HelpingPage { ctx, needs })
}
