//! `POST /needs/{id}/still-needed`: the author of an expired need gives it
//! a new date, and it goes back on the board.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::NeedId;
use super::ending;
use super::forms::NeedInput;
use super::load::own_need;
use super::show::{NeedPageErrors, need_page};
use super::tell::change_and_tell;
use crate::AppState;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::notifications::Kind;
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::ratelimit::NEED_EDITS_PER_ACCOUNT;

/// What the "still needed?" form sends: a new date.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StillNeededInput {
    when_kind: String,
    date: String,
    start_time: String,
    end_time: String,
}

/// `POST /needs/{id}/still-needed`: an expired need gets a new date and
/// goes back on the board.
pub async fn still_needed(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<NeedId>,
    CsrfForm(input): CsrfForm<StillNeededInput>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let view = own_need(&state, id, user.id).await?;
    let form = NeedInput {
        when_kind: input.when_kind.clone(),
        date: input.date.clone(),
        start_time: input.start_time.clone(),
        end_time: input.end_time.clone(),
        ..NeedInput::default()
    };
    let when = match form.parse_when_only(state.config.clock.today()) {
        Ok(when) => when,
        Err(renew) => {
            let errors = NeedPageErrors {
                renew,
                renew_input: form,
                ..NeedPageErrors::default()
            };
            return need_page(&state, ctx, user, view, errors, Again::Invalid).await;
        }
    };
    if let Err(why) = state
        .limiter
        .member_write(user.id, NEED_EDITS_PER_ACCOUNT)
        .await?
    {
        let errors = NeedPageErrors {
            renew_input: form,
            ..NeedPageErrors::notice(why)
        };
        return need_page(&state, ctx, user, view, errors, Again::TooMany).await;
    }
    let now = state.config.clock.now();
    let author = user.id;
    // Those still offering hear about the new date.
    let change = move |conn: &mut DbConnection| ending::reopen(conn, id, author, when, now);
    change_and_tell(
        &state,
        &req,
        id,
        author,
        Kind::NeedChanged,
        Flash::NeedReopened,
        change,
    )
    .await
}
