//! Posting, editing, cancelling and renewing a need.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::db::{self, NeedView, offers as offer_db};
use super::forms::NeedInput;
use super::show::{NeedPageErrors, need_page};
use super::{Category, NeedId, OfferStatus};
use crate::AppState;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::kernel::identity::UserId;
use crate::kernel::text::clean_multiline;
use crate::notifications::{Kind, Notice, notify};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::fields::FormErrors;
use crate::web::ratelimit::NEED_EDITS_PER_ACCOUNT;
use crate::web::render;

/// The form to post or edit a need.
#[derive(Template)]
#[template(path = "needs/form.html")]
pub struct NeedFormPage {
    ctx: PageContext,
    /// `None` when posting a new need.
    editing: Option<i64>,
    input: NeedInput,
    categories: Vec<Category>,
    errors: FormErrors,
}

impl NeedFormPage {
    fn is_selected(&self, id: &i64) -> bool {
        self.input.category_id == id.to_string()
    }
}

fn categories(state: &AppState, include_retired: bool) -> Vec<Category> {
    if include_retired {
        state.categories.all().to_vec()
    } else {
        state.categories.live()
    }
}

/// Loads a need or answers 404.
async fn fetch_need(state: &AppState, id: NeedId) -> Result<NeedView, AppError> {
    state
        .db
        .run(move |conn| Ok(db::find_need(conn, id)?))
        .await?
        .ok_or(AppError::NotFound)
}

/// The need, if `viewer` may see it: a hidden need only by its author and
/// moderators (404 for anyone else, as if it did not exist).
pub async fn load_need(
    state: &AppState,
    id: NeedId,
    viewer: &crate::kernel::identity::SessionUser,
) -> Result<NeedView, AppError> {
    let view = fetch_need(state, id).await?;
    if view.need.hidden.is_some()
        && view.need.author() != viewer.id
        && viewer.role < crate::kernel::identity::Role::Moderator
    {
        return Err(AppError::NotFound);
    }
    Ok(view)
}

/// The need, for an action on it: a hidden need is frozen (404 for anyone
/// but its author, who is told why).
pub async fn load_need_to_act(
    state: &AppState,
    id: NeedId,
    user: UserId,
) -> Result<NeedView, AppError> {
    let view = fetch_need(state, id).await?;
    if view.need.hidden.is_some() {
        if view.need.author() != user {
            return Err(AppError::NotFound);
        }
        return Err(AppError::Restricted(
            "This need is hidden",
            "A moderator hid this need, so it cannot be changed. Its page says why, and you \
             can appeal from your notifications."
                .into(),
        ));
    }
    Ok(view)
}

/// `GET /needs/new`.
pub async fn new_form(
    ctx: PageContext,
    state: web::Data<AppState>,
    _user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let categories = categories(&state, false);
    render(
        StatusCode::OK,
        &NeedFormPage {
            ctx,
            editing: None,
            input: NeedInput::blank(),
            categories,
            errors: FormErrors::default(),
        },
    )
}

/// `POST /needs/new`.
pub async fn create(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(input): CsrfForm<NeedInput>,
) -> Result<HttpResponse, AppError> {
    let categories = categories(&state, false);
    let today = state.config.clock.today();
    let fields = match input.parse(today, &categories, None) {
        Ok(fields) => fields,
        Err(errors) => {
            let page = NeedFormPage {
                ctx,
                editing: None,
                input,
                categories,
                errors,
            };
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let now = state.config.clock.now();
    let author = user.id;
    let limits = ctx.site.limits;
    let posted = state
        .db
        .write_with(move |conn| {
            let allowed = super::limits::needs_allowed_today(conn, author, limits, now)?;
            if db::needs_posted_since(conn, author, now - super::limits::DAY)? >= allowed {
                return Err(OverLimit::Needs(allowed));
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
        Err(OverLimit::Needs(allowed)) => {
            let mut errors = FormErrors::default();
            errors.summary = Some(super::limits::needs_message(allowed));
            let page = NeedFormPage {
                ctx,
                editing: None,
                input,
                categories,
                errors,
            };
            render(StatusCode::TOO_MANY_REQUESTS, &page)
        }
        Err(OverLimit::Db(e)) => Err(e.into()),
    }
}

/// A posting limit was reached.
enum OverLimit {
    Needs(i64),
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for OverLimit {
    fn from(e: diesel::result::Error) -> Self {
        Self::Db(e)
    }
}

/// The need, if `user` wrote it; otherwise 403 (the need itself is no secret).
pub async fn own_need(state: &AppState, id: NeedId, user: UserId) -> Result<NeedView, AppError> {
    let view = load_need_to_act(state, id, user).await?;
    if view.need.author() != user {
        return Err(AppError::Forbidden);
    }
    Ok(view)
}

async fn editable_need(state: &AppState, id: NeedId, user: UserId) -> Result<NeedView, AppError> {
    let view = own_need(state, id, user).await?;
    if !view.need.status().is_editable() {
        return Err(AppError::Forbidden);
    }
    Ok(view)
}

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
fn offered_categories(all: Vec<Category>, current: i64) -> Vec<Category> {
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
                editing: Some(id.0),
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
            editing: Some(id.0),
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

/// Applies the author's `change` to their need and, if it was allowed,
/// tells everyone still offering (`kind`) in the same transaction and
/// answers with `flash`; a change that was not allowed is a 403.
async fn change_and_tell<F>(
    state: &AppState,
    req: &HttpRequest,
    id: NeedId,
    author: UserId,
    kind: Kind,
    flash: Flash,
    change: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut DbConnection) -> diesel::QueryResult<bool> + Send + 'static,
{
    let now = state.config.clock.now();
    let changed = state
        .db
        .write(move |conn| {
            if !change(conn)? {
                return Ok(false);
            }
            let notices = live_volunteers(conn, id, kind, author)?;
            notify(conn, &notices, now)?;
            Ok(true)
        })
        .await?;
    if !changed {
        return Err(AppError::Forbidden);
    }
    Ok(redirect_with_flash(req, &format!("/needs/{}", id.0), flash))
}

/// Notices of `kind` for every volunteer still offering on a need.
pub fn live_volunteers(
    conn: &mut DbConnection,
    need: NeedId,
    kind: Kind,
    actor: UserId,
) -> diesel::QueryResult<Vec<Notice>> {
    Ok(offer_db::offers_on(conn, need)?
        .into_iter()
        .filter(|o| matches!(o.status(), OfferStatus::Pending | OfferStatus::Accepted))
        .map(|o| Notice {
            to: o.volunteer(),
            kind,
            need: Some(need),
            offer: Some(o.offer_id()),
            actor: Some(actor),
        })
        .collect())
}

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
    path: web::Path<i64>,
    CsrfForm(input): CsrfForm<CancelInput>,
) -> Result<HttpResponse, AppError> {
    let id = NeedId(path.into_inner());
    let view = editable_need(&state, id, user.id).await?;
    let note = clean_multiline(&input.note);
    if note.chars().count() > CANCEL_NOTE_MAX {
        let mut errors = NeedPageErrors::default();
        errors
            .cancel
            .add("note", "Keep the note to 1,000 characters or fewer.");
        errors.cancel_note = input.note;
        return need_page(
            &state,
            ctx,
            user,
            view,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if let Err(why) = state
        .limiter
        .member_write(user.id, NEED_EDITS_PER_ACCOUNT)
        .await?
    {
        let errors = NeedPageErrors {
            notice: Some(why),
            cancel_note: input.note,
            ..NeedPageErrors::default()
        };
        return need_page(
            &state,
            ctx,
            user,
            view,
            errors,
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let now = state.config.clock.now();
    let author = user.id;
    let change = move |conn: &mut DbConnection| db::cancel_need(conn, id, author, &note, now);
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
    path: web::Path<i64>,
    CsrfForm(input): CsrfForm<StillNeededInput>,
) -> Result<HttpResponse, AppError> {
    let id = NeedId(path.into_inner());
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
        Err(errors) => {
            let page_errors = NeedPageErrors {
                renew: errors,
                renew_input: form,
                ..NeedPageErrors::default()
            };
            return need_page(
                &state,
                ctx,
                user,
                view,
                page_errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    if let Err(why) = state
        .limiter
        .member_write(user.id, NEED_EDITS_PER_ACCOUNT)
        .await?
    {
        let errors = NeedPageErrors {
            notice: Some(why),
            renew_input: form,
            ..NeedPageErrors::default()
        };
        return need_page(
            &state,
            ctx,
            user,
            view,
            errors,
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let now = state.config.clock.now();
    let author = user.id;
    // Those still offering hear about the new date.
    let change = move |conn: &mut DbConnection| db::reopen_need(conn, id, author, when, now);
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
