//! `GET` and `POST /needs/new`: posting a need, within the day's limit.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::db;
use super::forms::NeedInput;
use super::{Category, NeedId, WhenKind, limits};
use crate::AppState;
use crate::error::{AppError, Refusal};
use crate::kernel::ids::CategoryId;
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::fields::FormErrors;
use crate::web::render;

/// The form to post or edit a need.
#[derive(Template)]
#[template(path = "needs/form.html")]
pub struct NeedFormPage {
    ctx: PageContext,
    /// `None` when posting a new need.
    editing: Option<NeedId>,
    input: NeedInput,
    categories: Vec<Category>,
    errors: FormErrors,
}

impl NeedFormPage {
    fn is_selected(&self, id: &CategoryId) -> bool {
        self.input.category_id == id.to_string()
    }
}

/// What the need form offers besides what was typed: the need it edits
/// (`None` when posting a new one) and the categories to choose from.
pub(super) struct NeedForm {
    pub(super) editing: Option<NeedId>,
    pub(super) categories: Vec<Category>,
}

impl NeedForm {
    /// The form to post a new need: the live categories.
    fn new_need(state: &AppState) -> Self {
        Self {
            editing: None,
            categories: categories(state, false),
        }
    }

    /// The form's page with what was typed and its errors, at `status`.
    pub(super) fn page(
        self,
        ctx: PageContext,
        input: NeedInput,
        errors: FormErrors,
        status: impl Into<StatusCode>,
    ) -> Result<HttpResponse, AppError> {
        let page = NeedFormPage {
            ctx,
            editing: self.editing,
            input,
            categories: self.categories,
            errors,
        };
        render(status.into(), &page)
    }
}

/// The categories on offer, retired ones too if asked for.
pub(super) fn categories(state: &AppState, include_retired: bool) -> Vec<Category> {
    if include_retired {
        state.part::<crate::needs::CategoryCache>().all().to_vec()
    } else {
        state.part::<crate::needs::CategoryCache>().live()
    }
}

/// `GET /needs/new`.
pub async fn new_form(
    ctx: PageContext,
    state: web::Data<AppState>,
    _user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let blank = NeedInput::blank();
    NeedForm::new_need(&state).page(ctx, blank, FormErrors::default(), StatusCode::OK)
}

/// `POST /needs/new`.
pub async fn create(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(input): CsrfForm<NeedInput>,
) -> Result<HttpResponse, AppError> {
    let form = NeedForm::new_need(&state);
    let today = state.config.clock.today();
    let fields = match input.parse(today, &form.categories, None) {
        Ok(fields) => fields,
        Err(errors) => return form.page(ctx, input, errors, Again::Invalid),
    };
    let now = state.config.clock.now();
    let author = user.id;
    let limits = ctx.site.limits;
    let posted = state
        .db
        .write_with(move |conn| -> Result<_, Refusal> {
            let allowed = limits::needs_allowed_today(conn, author, limits, now)?;
            if db::needs_posted_since(conn, author, now.minus(limits::DAY))? >= allowed {
                return Err(Refusal::OverLimit(allowed));
            }
            Ok(db::insert_need(conn, author, &fields, now)?)
        })
        .await?;
    match posted {
        Ok(id) => Ok(redirect_with_flash(
            &req,
            &format!("/needs/{}", id.0),
            Flash::NeedPosted,
        )),
        Err(Refusal::OverLimit(allowed)) => {
            let mut errors = FormErrors::default();
            errors.summary = Some(limits::needs_message(allowed));
            form.page(ctx, input, errors, Again::TooMany)
        }
        Err(other) => Err(other.into()),
    }
}
