//! `GET /admin/mail`: how delivery is going. Counts, and the latest
//! messages that failed or are waiting to try again, with the server's
//! answer; never a message's body.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::Mailer;
use super::db::{self, Counts};
use crate::AppState;
use crate::error::AppError;
use crate::web::context::PageContext;
use crate::web::extract::Admin;
use crate::web::render;

/// How many troubled messages the report lists.
pub const TROUBLES_SHOWN: i64 = 20;

/// One troubled message, as shown.
pub struct TroubleView {
    to: String,
    purpose: String,
    given_up: bool,
    attempts: i32,
    queued: String,
    answer: String,
}

/// The delivery report.
#[derive(Template)]
#[template(path = "mail/health.html")]
pub struct MailPage {
    ctx: PageContext,
    transport: String,
    folder: bool,
    counts: Counts,
    troubles: Vec<TroubleView>,
    /// What stops all mail now, one cause per line, and since when.
    setup: Option<(Vec<String>, String)>,
}

/// `GET /admin/mail`.
pub async fn show(
    ctx: PageContext,
    state: web::Data<AppState>,
    Admin(_admin): Admin,
) -> Result<HttpResponse, AppError> {
    let now = state.config.clock.now();
    let (counts, troubles) = state
        .db
        .run(move |conn| Ok((db::counts(conn, now)?, db::troubles(conn, TROUBLES_SHOWN)?)))
        .await?;
    let mailer = state.part::<Mailer>();
    let troubles = troubles
        .into_iter()
        .map(|t| TroubleView {
            to: t.to_address,
            purpose: t.purpose.replace('_', " "),
            given_up: t.state == db::state::FAILED,
            attempts: t.attempts,
            queued: crate::kernel::words::stamp(t.created_at, state.config.clock.zone()),
            answer: t.last_answer,
        })
        .collect();
    render(
        StatusCode::OK,
        &MailPage {
            ctx,
            transport: mailer.describe(),
            folder: mailer.is_folder(),
            counts,
            troubles,
            setup: mailer.setup_trouble().map(|t| {
                (
                    t.words.lines().map(str::to_owned).collect(),
                    crate::kernel::words::stamp(t.since, state.config.clock.zone()),
                )
            }),
        },
    )
}
