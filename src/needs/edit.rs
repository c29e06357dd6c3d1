//! `GET` and `POST /needs/{id}/edit`: the author changes a need's fields,
//! never its status, author or counts.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::NeedId;
use super::closed::{self, Typed};
use super::db;
use super::db::NeedView;
use super::ending;
use super::forms::NeedInput;
use super::load::{Editable, editable_need};
use super::post::{NeedForm, categories};
use super::tell::change_and_tell;
use crate::AppState;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::notifications::Kind;
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::fields::FormErrors;
use crate::web::ratelimit::NEED_EDITS_PER_ACCOUNT;

/// `GET /needs/{id}/edit`.
pub async fn edit_form(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<NeedId>,
) -> Result<HttpResponse, AppError> {
    let view = match editable_need(&state, path.into_inner(), user.id).await? {
        Editable::Open(view) => view,
        Editable::Closed(view) => {
            return closed::page(&state, ctx, view, Typed::default(), Again::Clash).await;
        }
    };
    let input = NeedInput::from_fields(&view.need.fields());
    edit_form_of(&state, &view).page(ctx, input, FormErrors::default(), StatusCode::OK)
}

/// The form to edit `view`'s need: the live categories plus the need's
/// own, even if it was retired since.
fn edit_form_of(state: &AppState, view: &NeedView) -> NeedForm {
    let current = view.need.category_id;
    NeedForm {
        editing: Some(view.need.id),
        categories: categories(state, true)
            .into_iter()
            .filter(|c| !c.retired || c.id == current)
            .collect(),
    }
}

/// `POST /needs/{id}/edit`: changes the need's fields, never its status,
/// author or counts.
pub async fn update(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<NeedId>,
    CsrfForm(input): CsrfForm<NeedInput>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let view = match editable_need(&state, id, user.id).await? {
        Editable::Open(view) => view,
        Editable::Closed(view) => {
            return closed::page(&state, ctx, view, Typed::default(), Again::Clash).await;
        }
    };
    let form = edit_form_of(&state, &view);
    let today = state.config.clock.today();
    let mut parsed = input.parse(today, &form.categories, Some(view.need.category_id));
    if let Ok(fields) = &parsed
        && fields.helpers_wanted < view.need.accepted_count
    {
        let mut errors = FormErrors::default();
        errors.add(
            "helpers_wanted",
            format!(
                "You have already accepted {} helpers, so ask for at least {}.",
                view.need.accepted_count, view.need.accepted_count
            ),
        );
        parsed = Err(errors);
    }
    let fields = match parsed {
        Ok(fields) => fields,
        Err(errors) => return form.page(ctx, input, errors, Again::Invalid),
    };
    if let Err(why) = state
        .limiter
        .member_write(user.id, NEED_EDITS_PER_ACCOUNT)
        .await?
    {
        let mut errors = FormErrors::default();
        errors.summary = Some(why);
        return form.page(ctx, input, errors, Again::TooMany);
    }
    let now = state.config.clock.now();
    let author = user.id;
    let change = move |conn: &mut DbConnection| {
        let updated = db::update_need(conn, id, author, &fields, now)?;
        if updated {
            // Asking for no more helpers than are accepted fills the need.
            ending::end_waiting_offers_if_filled(conn, id, author, now)?;
        }
        Ok(updated)
    };
    change_and_tell(
        &state,
        &req,
        id,
        author,
        Kind::NeedChanged,
        Flash::NeedUpdated,
        change,
    )
    .await
}
