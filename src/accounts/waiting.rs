//! `GET /waiting`: the one page an applicant sees until a moderator
//! approves them (or, if they were turned down, why).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::Standing;
use crate::web::context::PageContext;
use crate::web::extract::CurrentUser;
use crate::web::{render, see_other};

/// The waiting page.
#[derive(Template)]
#[template(path = "accounts/waiting.html")]
pub struct WaitingPage {
    ctx: PageContext,
    rejected: bool,
    reason: String,
    answer: String,
}

/// `GET /waiting`.
pub async fn show(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, AppError> {
    if !user.standing.is_applicant() {
        return Ok(see_other("/"));
    }
    let id = user.id;
    let (standing, reason, answer) = state
        .db
        .run(move |conn| Ok(crate::moderation::db::actions::application_of(conn, id)?))
        .await?;
    let page = WaitingPage {
        ctx,
        rejected: standing == Standing::Rejected,
        reason,
        answer,
    };
    render(StatusCode::OK, &page)
}
