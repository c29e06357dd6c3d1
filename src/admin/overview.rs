//! `GET /admin`: where the header's "Admin (N)" link leads. What waits in
//! the review queue, by kind, with links into it; on a new board the
//! checklist of setting it up; then the pages that run the site.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::checklist::{self, Checklist, Where};
use crate::AppState;
use crate::error::AppError;
use crate::moderation::db::actions::{self as actions_db, Waiting};
use crate::web::context::PageContext;
use crate::web::extract::Admin;
use crate::web::render;

/// The admin's overview.
#[derive(Template)]
#[template(path = "admin/overview.html")]
pub struct OverviewPage {
    ctx: PageContext,
    waiting: Waiting,
    checklist: Checklist,
    /// Why the test e-mail was refused, if it was.
    test_mail_problem: Option<&'static str>,
}

impl OverviewPage {
    /// Where the test e-mail goes: the admin's own address.
    fn own_address(&self) -> &str {
        self.ctx.user.as_ref().map_or("", |u| u.email.as_str())
    }
}

/// `GET /admin`.
pub async fn show(
    ctx: PageContext,
    state: web::Data<AppState>,
    _admin: Admin,
) -> Result<HttpResponse, AppError> {
    page(&state, ctx, None, StatusCode::OK).await
}

/// The overview at `status`, with why the test e-mail was refused, if it was.
pub async fn page(
    state: &AppState,
    ctx: PageContext,
    test_mail_problem: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let site_name = ctx.site.name.clone();
    let (waiting, checklist) = state
        .db
        .run(move |conn| {
            Ok((
                actions_db::waiting(conn)?,
                checklist::read(conn, &site_name)?,
            ))
        })
        .await?;
    render(
        status,
        &OverviewPage {
            ctx,
            waiting,
            checklist,
            test_mail_problem,
        },
    )
}
