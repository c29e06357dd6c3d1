//! `GET /admin/categories`: the kinds of need. Add, rename, reorder,
//! retire and restore; a retired category stays on the needs that have it
//! but is offered no more.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::db;
use crate::AppState;
use crate::error::{AppError, Refusal};
use crate::kernel::identity::UserId;
use crate::kernel::ids::CategoryId;
use crate::kernel::text::clean_line;
use crate::modlog::{Action, EntryTarget, LogEntry, record};
use crate::needs::Category;
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{Admin, CsrfForm};
use crate::web::fields::FormErrors;
use crate::web::render;

/// Longest category name, in characters.
pub const NAME_MAX: usize = 40;

/// The categories page.
#[derive(Template)]
#[template(path = "admin/categories.html")]
pub struct CategoriesPage {
    ctx: PageContext,
    categories: Vec<Category>,
    new_name: String,
    errors: FormErrors,
    /// A rename refused: the category, what was typed, and why.
    renaming: Option<(CategoryId, String, String)>,
}

impl CategoriesPage {
    /// What the rename field of `id` shows: what was typed, if that rename
    /// was refused, else the current name.
    fn rename_value<'a>(&'a self, id: &CategoryId, current: &'a str) -> &'a str {
        match &self.renaming {
            Some((refused, typed, _)) if refused == id => typed,
            _ => current,
        }
    }

    /// Why the rename of `id` was refused, if it was.
    fn rename_error(&self, id: &CategoryId) -> Option<&str> {
        self.renaming
            .as_ref()
            .filter(|(refused, _, _)| refused == id)
            .map(|(_, _, why)| why.as_str())
    }
}

/// What was typed into one of the page's forms, to show again.
enum Typed {
    /// The add form's name (empty when it was not the form sent).
    NewName(String),
    /// A rename refused: the category, what was typed, and why.
    Rename(CategoryId, String, String),
}

/// The categories page at `status`, with what was typed and its errors.
fn page(
    state: &AppState,
    ctx: PageContext,
    typed: Typed,
    errors: FormErrors,
    status: impl Into<StatusCode>,
) -> Result<HttpResponse, AppError> {
    let (new_name, renaming) = match typed {
        Typed::NewName(name) => (name, None),
        Typed::Rename(id, name, why) => (String::new(), Some((id, name, why))),
    };
    let page = CategoriesPage {
        ctx,
        categories: state.part::<crate::needs::CategoryCache>().all().to_vec(),
        new_name,
        errors,
        renaming,
    };
    render(status.into(), &page)
}

/// `GET /admin/categories`.
pub async fn list(
    ctx: PageContext,
    state: web::Data<AppState>,
    _admin: Admin,
) -> Result<HttpResponse, AppError> {
    let typed = Typed::NewName(String::new());
    page(&state, ctx, typed, FormErrors::default(), StatusCode::OK)
}

/// What the add and rename forms send.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NameInput {
    name: String,
}

fn parse_name(input: &str) -> Result<String, &'static str> {
    let name = clean_line(input);
    if name.is_empty() || name.chars().count() > NAME_MAX {
        Err("Give the category a name of 1 to 40 characters.")
    } else {
        Ok(name)
    }
}

/// Reloads the cached list after a change.
async fn reload(state: &AppState) -> Result<(), AppError> {
    let categories = state
        .db
        .run(|conn| Ok(crate::needs::db::list_categories(conn, true)?))
        .await?;
    state
        .part::<crate::needs::CategoryCache>()
        .replace(categories);
    Ok(())
}

/// Why a category's new name is refused.
const NAME_TAKEN: &str = "There is already a category with that name.";

/// `POST /admin/categories`: adds one at the end.
pub async fn add(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    Admin(admin): Admin,
    CsrfForm(input): CsrfForm<NameInput>,
) -> Result<HttpResponse, AppError> {
    let name = match parse_name(&input.name) {
        Ok(name) => name,
        Err(message) => {
            let mut errors = FormErrors::default();
            errors.add("name", message);
            return page(
                &state,
                ctx,
                Typed::NewName(input.name),
                errors,
                Again::Invalid,
            );
        }
    };
    let now = state.config.clock.now();
    let added = name.clone();
    let outcome = state
        .db
        .write_with(move |conn| {
            let id = db::add_category(conn, &added)?.ok_or(Refusal::Conflict(NAME_TAKEN))?;
            let entry = LogEntry {
                actor: admin.id,
                action: Action::CategoryAdded,
                target_kind: EntryTarget::Category,
                target_id: Some(id.0),
                summary: format!("Added the category “{added}”."),
                reason: String::new(),
                subject: None,
            };
            record(conn, &entry, now)?;
            Ok(())
        })
        .await?;
    finish(&req, &state, ctx, outcome, input.name).await
}

async fn finish(
    req: &HttpRequest,
    state: &AppState,
    ctx: PageContext,
    outcome: Result<(), Refusal>,
    typed: String,
) -> Result<HttpResponse, AppError> {
    match outcome {
        Ok(()) => {
            reload(state).await?;
            Ok(redirect_with_flash(
                req,
                "/admin/categories",
                Flash::CategoriesSaved,
            ))
        }
        Err(Refusal::Conflict(why)) => {
            let mut errors = FormErrors::default();
            errors.summary = Some(why.into());
            page(state, ctx, Typed::NewName(typed), errors, Again::Invalid)
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /admin/categories/{id}/rename`.
pub async fn rename(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<CategoryId>,
    CsrfForm(input): CsrfForm<NameInput>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let name = match parse_name(&input.name) {
        Ok(name) => name,
        Err(message) => {
            let typed = Typed::Rename(id, input.name, message.to_owned());
            return page(&state, ctx, typed, FormErrors::default(), Again::Invalid);
        }
    };
    change_category(&req, &state, ctx, admin.id, id, move |conn, old| {
        if !db::rename_category(conn, id, &name)? {
            return Err(Refusal::Conflict(NAME_TAKEN));
        }
        Ok(Some((
            Action::CategoryRenamed,
            format!("Renamed the category “{old}” to “{name}”."),
        )))
    })
    .await
}

/// Applies an admin's `change` to category `id`, given its current name,
/// logs what it reports doing, and answers as [`finish`] does.
async fn change_category<F>(
    req: &HttpRequest,
    state: &AppState,
    ctx: PageContext,
    actor: UserId,
    id: CategoryId,
    change: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut crate::db::DbConnection, &str) -> Result<Option<(Action, String)>, Refusal>
        + Send
        + 'static,
{
    let now = state.config.clock.now();
    let outcome = state
        .db
        .write_with(move |conn| {
            let name = db::category_name(conn, id)?.ok_or(Refusal::NotFound)?;
            if let Some((action, summary)) = change(conn, &name)? {
                let entry = LogEntry {
                    actor,
                    action,
                    target_kind: EntryTarget::Category,
                    target_id: Some(id.0),
                    summary,
                    reason: String::new(),
                    subject: None,
                };
                record(conn, &entry, now)?;
            }
            Ok(())
        })
        .await?;
    finish(req, state, ctx, outcome, String::new()).await
}

/// What the move buttons send.
#[derive(Debug, Deserialize)]
pub struct MoveInput {
    direction: String,
}

/// `POST /admin/categories/{id}/move`: `direction` is `up` or `down`.
pub async fn move_category(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<CategoryId>,
    CsrfForm(input): CsrfForm<MoveInput>,
) -> Result<HttpResponse, AppError> {
    let up = match input.direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::BadRequest("direction must be up or down")),
    };
    let id = path.into_inner();
    change_category(&req, &state, ctx, admin.id, id, move |conn, name| {
        if !db::move_category(conn, id, up)? {
            return Ok(None);
        }
        let direction = if up { "up" } else { "down" };
        Ok(Some((
            Action::CategoryMoved,
            format!("Moved the category “{name}” {direction}."),
        )))
    })
    .await
}

/// What the retire and restore buttons send.
#[derive(Debug, Deserialize)]
pub struct RetireInput {
    retired: String,
}

/// `POST /admin/categories/{id}/retire`: `retired` is `true` or `false`.
pub async fn retire(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<CategoryId>,
    CsrfForm(input): CsrfForm<RetireInput>,
) -> Result<HttpResponse, AppError> {
    let retired = match input.retired.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::BadRequest("retired must be true or false")),
    };
    let id = path.into_inner();
    change_category(&req, &state, ctx, admin.id, id, move |conn, name| {
        db::set_category_retired(conn, id, retired)?;
        let (action, verb) = if retired {
            (Action::CategoryRetired, "Retired")
        } else {
            (Action::CategoryRestored, "Restored")
        };
        Ok(Some((action, format!("{verb} the category “{name}”."))))
    })
    .await
}
