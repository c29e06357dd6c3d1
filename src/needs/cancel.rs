//! `POST /needs/{id}/cancel`: the author cancels a need, with a note to
//! those who offered.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::NeedId;
use super::closed::{self, Typed};
use super::db;
use super::ending::{self, Ending};
use super::load::{Editable, editable_need};
use super::show::{NeedPageErrors, need_page};
use super::tell::change_and_tell;
use crate::AppState;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::kernel::text::clean_multiline;
use crate::notifications::Kind;
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::ratelimit::NEED_EDITS_PER_ACCOUNT;

/// What the cancel form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CancelInput {
    note: String,
}

/// Longest note to volunteers when cancelling.
pub const CANCEL_NOTE_MAX: usize = 1_000;

/// `POST /needs/{id}/cancel`.
pub async fn cancel(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<NeedId>,
    CsrfForm(input): CsrfForm<CancelInput>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let view = match editable_need(&state, id, user.id).await? {
        Editable::Open(view) => view,
        Editable::Closed(view) => {
            return closed::page(&state, ctx, view, Typed::default(), Again::Clash).await;
        }
    };
    let note = clean_multiline(&input.note);
    if note.chars().count() > CANCEL_NOTE_MAX {
        let mut errors = NeedPageErrors {
            cancel_note: input.note,
            ..NeedPageErrors::default()
        };
        errors
            .cancel
            .add("note", "Keep the note to 1,000 characters or fewer.");
        return need_page(&state, ctx, user, view, errors, Again::Invalid).await;
    }
    if let Err(why) = state
        .limiter
        .member_write(user.id, NEED_EDITS_PER_ACCOUNT)
        .await?
    {
        let errors = NeedPageErrors {
            cancel_note: input.note,
            ..NeedPageErrors::notice(why)
        };
        return need_page(&state, ctx, user, view, errors, Again::TooMany).await;
    }
    let now = state.config.clock.now();
    let author = user.id;
    // Offers still waiting end here and hear of it; the accepted helpers
    // hear of it below, with the same words.
    let change = move |conn: &mut DbConnection| {
        let cancelled = db::cancel_need(conn, id, author, &note, now)?;
        if cancelled {
            ending::end_waiting_offers(conn, id, Ending::Cancelled, author, now)?;
        }
        Ok(cancelled)
    };
    change_and_tell(
        &state,
        &req,
        id,
        author,
        Kind::NeedCancelled,
        Flash::NeedCancelled,
        change,
    )
    .await
}
