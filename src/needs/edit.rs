//! `GET` and `POST /needs/{id}/edit`: the author changes a need's fields,
//! never its status, author or counts.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::db;
use super::forms::NeedInput;
use super::load::editable_need;
use super::post::{NeedFormPage, categories};
use super::tell::change_and_tell;
use super::{Category, NeedId};
use crate::AppState;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::kernel::ids::CategoryId;
use crate::notifications::Kind;
use crate::web::context::{Flash, PageContext};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::fields::FormErrors;
use crate::web::ratelimit::NEED_EDITS_PER_ACCOUNT;
use crate::web::render;

/// `GET /needs/{id}/edit`.
pub async fn edit_form(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let view = editable_need(&state, NeedId(path.into_inner()), user.id).await?;
    let categories = categories(&state, true);
    let categories = offered_categories(categories, view.need.category_id);
    let page = NeedFormPage {
        ctx,
        editing: Some(view.need.id),
        input: NeedInput::from_fields(&view.need.fields()),
        categories,
        errors: FormErrors::default(),
    };
    render(StatusCode::OK, &page)
}

/// Live categories plus the need's own, even if it was retired since.
fn offered_categories(all: Vec<Category>, current: CategoryId) -> Vec<Category> {
    all.into_iter()
        .filter(|c| !c.retired || c.id == current)
        .collect()
}

/// `POST /needs/{id}/edit`: changes the need's fields, never its status,
/// author or counts.
pub async fn update(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<i64>,
    CsrfForm(input): CsrfForm<NeedInput>,
) -> Result<HttpResponse, AppError> {
    let id = NeedId(path.into_inner());
    let view = editable_need(&state, id, user.id).await?;
    let categories = offered_categories(categories(&state, true), view.need.category_id);
    let today = state.config.clock.today();
    let mut parsed = input.parse(today, &categories, Some(view.need.category_id));
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
        Err(errors) => {
            let page = NeedFormPage {
                ctx,
                editing: Some(id),
                input,
                categories,
                errors,
            };
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    if let Err(why) = state
        .limiter
        .member_write(user.id, NEED_EDITS_PER_ACCOUNT)
        .await?
    {
        let mut errors = FormErrors::default();
        errors.summary = Some(why);
        let page = NeedFormPage {
            ctx,
            editing: Some(id),
            input,
            categories,
            errors,
        };
        return render(StatusCode::TOO_MANY_REQUESTS, &page);
    }
    let now = state.config.clock.now();
    let author = user.id;
    let change = move |conn: &mut DbConnection| db::update_need(conn, id, author, &fields, now);
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
