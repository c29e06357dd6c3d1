//! Appeals: the member an action was about (a hidden need or message, a
//! warning, a suspension or a ban) may appeal it once, within
//! [`APPEAL_DAYS`] days, with a message. A moderator other than the one who
//! acted decides, with a reason; the member is told and the log records it.
//!
//! A banned member cannot log in, so they appeal from the page the log-in
//! form shows them, confirming who they are with their password again.
//!
//! This module holds the rule of what may be appealed and a member's own
//! appeal form; `banned` holds a banned member's page and `decide` the
//! moderators' decision.

mod banned;
mod decide;

pub use banned::{BanAppealInput, BannedPage, banned_page, submit_ban};
pub use decide::{DecideInput, decide};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::db::{self, entries::Entry};
use crate::AppState;
use crate::clock::Timestamp;
use crate::error::AppError;
use crate::kernel::identity::{SessionUser, UserId};
use crate::kernel::ids::LogEntryId;
use crate::kernel::text::clean_multiline;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser, query_pairs};
use crate::web::fields::FormErrors;
use crate::web::render;

/// For how many days after an action it may be appealed.
pub const APPEAL_DAYS: i64 = 14;
/// Longest appeal message, in characters.
pub const MESSAGE_MAX: usize = 2_000;

/// Whether `entry` may still be appealed by `member` at `now`; the words
/// say why not.
pub fn appealable(entry: &Entry, member: UserId, now: Timestamp) -> Result<(), &'static str> {
    if entry.subject_id != Some(member) || !entry.action.is_appealable() {
        return Err("This action cannot be appealed.");
    }
    if now >= entry.created_at.plus(APPEAL_DAYS * 86_400) {
        return Err("The 14 days for appealing this action have passed.");
    }
    Ok(())
}

/// The appeal form.
#[derive(Template)]
#[template(path = "moderation/appeal.html")]
pub struct AppealPage {
    ctx: PageContext,
    entry: Entry,
    closed: Option<&'static str>,
    message: String,
    errors: FormErrors,
}

async fn my_entry(
    state: &AppState,
    user: &SessionUser,
    id: LogEntryId,
) -> Result<(Entry, bool), AppError> {
    let me = user.id;
    state
        .db
        .run(move |conn| {
            let entry = db::entries::entry(conn, id)?.filter(|e| e.subject_id == Some(me));
            Ok(match entry {
                Some(entry) => {
                    let appealed = !db::appeals::appealed(conn, &[entry.id])?.is_empty();
                    Some((entry, appealed))
                }
                None => None,
            })
        })
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /appeals/new?entry=N`: an action about me, and the form to appeal it.
pub async fn form(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, AppError> {
    let id = query_pairs(&req)?
        .get("entry")
        .and_then(|v| v.parse().ok())
        .map(LogEntryId)
        .ok_or(AppError::NotFound)?;
    let (entry, appealed) = my_entry(&state, &user, id).await?;
    let now = state.config.clock.now();
    let closed = if appealed {
        Some("You have appealed this action already; you will be told the decision.")
    } else {
        appealable(&entry, user.id, now).err()
    };
    let page = AppealPage {
        ctx,
        entry,
        closed,
        message: String::new(),
        errors: FormErrors::default(),
    };
    render(StatusCode::OK, &page)
}

/// What the appeal form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AppealInput {
    entry: String,
    message: String,
}

/// `POST /appeals`.
pub async fn submit(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(input): CsrfForm<AppealInput>,
) -> Result<HttpResponse, AppError> {
    let id = LogEntryId(input.entry.parse().map_err(|_| AppError::NotFound)?);
    let (entry, appealed) = my_entry(&state, &user, id).await?;
    let now = state.config.clock.now();
    let mut errors = FormErrors::default();
    let message = clean_multiline(&input.message);
    if message.is_empty() {
        errors.add("message", "Say why you think the decision was wrong.");
    } else if message.chars().count() > MESSAGE_MAX {
        errors.add("message", "Keep your appeal to 2,000 characters or fewer.");
    }
    let closed = if appealed {
        Some("You have appealed this action already; you will be told the decision.")
    } else {
        appealable(&entry, user.id, now).err()
    };
    if closed.is_some() || !errors.is_empty() {
        let status = if closed.is_some() {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let page = AppealPage {
            ctx,
            entry,
            closed,
            message: input.message,
            errors,
        };
        return render(status, &page);
    }
    let me = user.id;
    let stored = state
        .db
        .write(move |conn| {
            let filed = db::appeals::insert_appeal(conn, id, me, &message, now)?;
            if filed {
                crate::notifications::tell_staff(
                    conn,
                    crate::notifications::Kind::NewAppeal,
                    Some(me),
                    now,
                )?;
            }
            Ok(filed)
        })
        .await?;
    if !stored {
        let page = AppealPage {
            ctx,
            entry,
            closed: Some("You have appealed this action already; you will be told the decision."),
            message: input.message,
            errors,
        };
        return render(StatusCode::CONFLICT, &page);
    }
    Ok(redirect_with_flash(&req, "/", Flash::AppealSent))
}
