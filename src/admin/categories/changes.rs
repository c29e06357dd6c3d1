//! The forms that change the list: add, rename, move, retire and restore.
//! Each is logged, and the cached list reloaded.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{NAME_TAKEN, NameInput, Typed, change_category, finish, page, parse_name};
use crate::AppState;
use crate::admin::db;
use crate::error::{AppError, Refusal};
use crate::kernel::ids::CategoryId;
use crate::modlog::{Action, EntryTarget, LogEntry, record};
use crate::web::again::Again;
use crate::web::context::PageContext;
use crate::web::extract::{Admin, CsrfForm};
use crate::web::fields::FormErrors;

/// `POST /admin/categories`: adds one at the end, or just before the
/// catch-all "Other" when that is last.
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
            )
            .await;
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
            return page(&state, ctx, typed, FormErrors::default(), Again::Invalid).await;
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
