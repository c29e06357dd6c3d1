//! An admin's powers over a member: changing their role and logging them
//! out everywhere. Only an admin changes roles; nobody changes their own;
//! the last admin cannot be demoted.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::db;
use crate::AppState;
use crate::error::{AppError, Refusal};
use crate::kernel::identity::{Role, UserId};
use crate::moderation::db::{find_person, lock_admins};
use crate::moderation::people::person_page;
use crate::modlog::{Action, EntryTarget, LogEntry, record};
use crate::web::context::PageContext;
use crate::web::context::{Flash, redirect_with_flash};
use crate::web::extract::{Admin, CsrfForm};

/// `GET /admin/people`: the people pages moved under moderation, where
/// moderators can use them too.
pub async fn old_list(req: HttpRequest) -> HttpResponse {
    let query = req.query_string();
    let to = if query.is_empty() {
        "/moderation/people".to_owned()
    } else {
        format!("/moderation/people?{query}")
    };
    HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, to))
        .finish()
}

/// What the role form sends.
#[derive(Debug, Deserialize)]
pub struct RoleInput {
    role: String,
}

/// `POST /admin/people/{id}/role`.
pub async fn change_role(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<UserId>,
    CsrfForm(input): CsrfForm<RoleInput>,
) -> Result<HttpResponse, AppError> {
    let role = [Role::Member, Role::Moderator, Role::Admin]
        .into_iter()
        .find(|role| role.as_str() == input.role)
        .ok_or(AppError::BadRequest("unknown role"))?;
    let id = path.into_inner();
    if id == admin.id {
        return Err(AppError::Forbidden);
    }
    let now = state.config.clock.now();
    let actor = admin.id;
    let outcome = state
        .db
        .write_with(move |conn| -> Result<(), Refusal> {
            // Locks the admins' rows on PostgreSQL, so two admins demoting
            // each other at once cannot leave the site with none.
            let admins = lock_admins(conn)?;
            let person = find_person(conn, id)?.ok_or(Refusal::NotFound)?;
            let was = person.role;
            if was == role {
                return Ok(());
            }
            if was == Role::Admin && admins.contains(&id) && admins.len() <= 1 {
                return Err(Refusal::Conflict(
                    "This is the last admin; make someone else admin first.",
                ));
            }
            db::set_role(conn, id, role)?;
            let entry = LogEntry {
                actor,
                action: Action::RoleChanged,
                target_kind: EntryTarget::Member,
                target_id: Some(id.0),
                summary: format!(
                    "Made {} {} (was {}).",
                    person.display_name,
                    role.with_article(),
                    was.as_str()
                ),
                reason: String::new(),
                subject: Some(id),
            };
            record(conn, &entry, now).map(drop).map_err(Refusal::from)
        })
        .await?;
    match outcome {
        Ok(()) => Ok(redirect_with_flash(
            &req,
            &format!("/moderation/people/{}", id.0),
            Flash::RoleChanged,
        )),
        Err(Refusal::Conflict(why)) => {
            person_page(&state, ctx, admin.id, id, Some(why), StatusCode::CONFLICT).await
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /admin/people/{id}/sessions`: logs the person out everywhere.
pub async fn end_sessions(
    req: HttpRequest,
    state: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<UserId>,
    _form: CsrfForm<crate::web::extract::NoFields>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let now = state.config.clock.now();
    let actor = admin.id;
    let found = state
        .db
        .write(move |conn| {
            let Some(person) = find_person(conn, id)? else {
                return Ok(false);
            };
            crate::web::db::end_all_sessions(conn, id)?;
            let entry = LogEntry {
                actor,
                action: Action::SessionsEnded,
                target_kind: EntryTarget::Member,
                target_id: Some(id.0),
                summary: format!("Logged {} out everywhere.", person.display_name),
                reason: String::new(),
                subject: Some(id),
            };
            record(conn, &entry, now)?;
            Ok(true)
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(redirect_with_flash(
        &req,
        &format!("/moderation/people/{}", id.0),
        Flash::SessionsEnded,
    ))
}
