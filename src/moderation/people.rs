//! `GET /admin/people`: finding members, changing roles, ending sessions.
//! Only an admin changes roles; nobody changes their own; the last admin
//! cannot be demoted.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::db::{self, PersonRow};
use super::log::{Action, LogEntry, record};
use crate::AppState;
use crate::accounts::{Role, UserId};
use crate::error::AppError;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{Admin, CsrfForm, query_pairs};
use crate::web::render;

/// People listed per search.
pub const SEARCH_LIMIT: i64 = 50;

/// The people page.
#[derive(Template)]
#[template(path = "admin/people.html")]
pub struct PeoplePage {
    ctx: PageContext,
    q: String,
    people: Vec<(PersonRow, String)>,
}

/// `GET /admin/people?q=`: members whose name or email contains the words.
pub async fn list(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    _admin: Admin,
) -> Result<HttpResponse, AppError> {
    let pairs = query_pairs(&req)?;
    let q: String = pairs
        .get("q")
        .map(|q| q.trim().chars().take(100).collect())
        .unwrap_or_default();
    let search = q.clone();
    let people = state
        .db
        .run(move |conn| Ok(db::find_people(conn, &search, SEARCH_LIMIT)?))
        .await?
        .into_iter()
        .map(|p| {
            let since = crate::clock::local(p.created_at)
                .format("%-d %B %Y")
                .to_string();
            (p, since)
        })
        .collect();
    render(StatusCode::OK, &PeoplePage { ctx, q, people })
}

/// One person, for the admin.
#[derive(Template)]
#[template(path = "admin/person.html")]
pub struct PersonPage {
    ctx: PageContext,
    person: PersonRow,
    since: String,
    is_me: bool,
    notice: Option<&'static str>,
}

async fn person_page(
    state: &AppState,
    ctx: PageContext,
    me: UserId,
    id: UserId,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let person = state
        .db
        .run(move |conn| Ok(db::find_person(conn, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let since = crate::clock::local(person.created_at)
        .format("%-d %B %Y")
        .to_string();
    render(
        status,
        &PersonPage {
            ctx,
            person,
            since,
            is_me: id == me,
            notice,
        },
    )
}

/// `GET /admin/people/{id}`.
pub async fn show(
    ctx: PageContext,
    state: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    person_page(
        &state,
        ctx,
        admin.id,
        UserId(path.into_inner()),
        None,
        StatusCode::OK,
    )
    .await
}

/// What the role form sends.
#[derive(Debug, Deserialize)]
pub struct RoleInput {
    role: String,
}

/// Why a role change was refused.
enum Refused {
    Missing,
    LastAdmin,
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for Refused {
    fn from(e: diesel::result::Error) -> Self {
        Self::Db(e)
    }
}

/// `POST /admin/people/{id}/role`.
pub async fn change_role(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<i64>,
    CsrfForm(input): CsrfForm<RoleInput>,
) -> Result<HttpResponse, AppError> {
    let role = match input.role.as_str() {
        "member" => Role::Member,
        "moderator" => Role::Moderator,
        "admin" => Role::Admin,
        _ => return Err(AppError::BadRequest("unknown role")),
    };
    let id = UserId(path.into_inner());
    if id == admin.id {
        return Err(AppError::Forbidden);
    }
    let now = state.config.clock.now();
    let actor = admin.id;
    let outcome = state
        .db
        .write_with(move |conn| {
            // Locks the admins' rows on PostgreSQL, so two admins demoting
            // each other at once cannot leave the site with none.
            let admins = db::lock_admins(conn)?;
            let person = db::find_person(conn, id)?.ok_or(Refused::Missing)?;
            let was = Role::from_db(&person.role);
            if was == role {
                return Ok(());
            }
            if was == Role::Admin && admins.len() <= 1 {
                return Err(Refused::LastAdmin);
            }
            db::set_role(conn, id, role)?;
            let entry = LogEntry {
                actor,
                action: Action::RoleChanged,
                target_kind: "member",
                target_id: Some(id.0),
                summary: format!(
                    "Made {} {} (was {}).",
                    person.display_name,
                    role.with_article(),
                    was.as_str()
                ),
                reason: String::new(),
            };
            record(conn, &entry, now).map_err(Refused::from)
        })
        .await?;
    match outcome {
        Ok(()) => Ok(redirect_with_flash(
            &req,
            &format!("/admin/people/{}", id.0),
            Flash::RoleChanged,
        )),
        Err(Refused::Missing) => Err(AppError::NotFound),
        Err(Refused::LastAdmin) => {
            person_page(
                &state,
                ctx,
                admin.id,
                id,
                Some("This is the last admin; make someone else admin first."),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(Refused::Db(e)) => Err(e.into()),
    }
}

/// `POST /admin/people/{id}/sessions`: logs the person out everywhere.
pub async fn end_sessions(
    req: HttpRequest,
    state: web::Data<AppState>,
    Admin(admin): Admin,
    path: web::Path<i64>,
    _form: CsrfForm<crate::web::extract::NoFields>,
) -> Result<HttpResponse, AppError> {
    let id = UserId(path.into_inner());
    let now = state.config.clock.now();
    let actor = admin.id;
    let found = state
        .db
        .write(move |conn| {
            let Some(person) = db::find_person(conn, id)? else {
                return Ok(false);
            };
            crate::accounts::db::end_all_sessions(conn, id)?;
            let entry = LogEntry {
                actor,
                action: Action::SessionsEnded,
                target_kind: "member",
                target_id: Some(id.0),
                summary: format!("Logged {} out everywhere.", person.display_name),
                reason: String::new(),
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
        &format!("/admin/people/{}", id.0),
        Flash::SessionsEnded,
    ))
}
