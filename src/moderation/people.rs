//! `GET /moderation/people`: finding members and seeing their standing,
//! reports and history (moderators); changing roles and ending sessions
//! (admins).
//! Only an admin changes roles; nobody changes their own; the last admin
//! cannot be demoted.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::db::{self, PersonRow};
use super::log::{Action, LogEntry, record};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::{Role, UserId};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{Admin, CsrfForm, Moderator, query_pairs};
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
    now: i64,
}

impl PeoplePage {
    fn is_suspended(&self, until: &Option<i64>) -> bool {
        until.is_some_and(|u| u > self.now)
    }
}

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

/// `GET /moderation/people?q=`: members whose name or email contains the words.
pub async fn list(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    _moderator: Moderator,
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
    let now = state.config.clock.now();
    render(
        StatusCode::OK,
        &PeoplePage {
            ctx,
            q,
            people,
            now,
        },
    )
}

/// One person, for moderators and admins.
#[derive(Template)]
#[template(path = "admin/person.html")]
pub struct PersonPage {
    ctx: PageContext,
    person: PersonRow,
    since: String,
    is_me: bool,
    is_admin: bool,
    may_act: bool,
    suspended_until: Option<String>,
    notice: Option<&'static str>,
    history: PersonHistory,
}

impl PersonPage {
    fn act_path(&self, kind: &str, act: &str) -> String {
        format!("/moderation/{kind}/{}/{act}", self.person.id)
    }

    fn lift_words(&self) -> &'static str {
        if self.person.standing == "banned" {
            "Lift the ban"
        } else {
            "Lift the suspension"
        }
    }

    fn back(&self) -> String {
        format!("/moderation/people/{}", self.person.id)
    }
}

/// What moderators should know about a member.
pub struct PersonHistory {
    /// Reports about them, their needs or their messages: (what, reason, note, status, when).
    pub reports: Vec<(String, String, String, String, String)>,
    /// Moderation entries about them: (label, summary, reason, when).
    pub actions: Vec<(&'static str, String, String, String)>,
    /// Who invited them: (id, name, role).
    pub invited_by: Option<(i64, String, Role)>,
    /// Whom they invited: (id, name, role).
    pub invited: Vec<(i64, String, Role)>,
}

async fn person_page(
    state: &AppState,
    ctx: PageContext,
    me: UserId,
    id: UserId,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (person, history) = state
        .db
        .run(move |conn| {
            let Some(person) = db::find_person(conn, id)? else {
                return Ok(None);
            };
            let history = db::person_history(conn, id, HISTORY_MAX)?;
            Ok(Some((person, history)))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let day = |t: i64| crate::clock::local(t).format("%-d %B %Y").to_string();
    let since = day(person.created_at);
    let now = state.config.clock.now();
    let suspended_until = person.suspended_until.filter(|u| *u > now).map(|u| {
        crate::clock::local(u)
            .format("%-d %B %Y, %H:%M")
            .to_string()
    });
    let is_admin = ctx.user.as_ref().is_some_and(|u| u.role == Role::Admin);
    let may_act = ctx.user.as_ref().is_some_and(|viewer| {
        crate::policy::acting::may_act(me, viewer.role, id, Role::from_db(&person.role)).is_ok()
    });
    let history = PersonHistory {
        reports: history
            .reports
            .into_iter()
            .map(|(what, reason, note, status, when)| (what, reason, note, status, day(when)))
            .collect(),
        actions: history
            .actions
            .into_iter()
            .map(|e| {
                let label = super::log::Action::from_db(&e.action).map_or("Action", |a| a.label());
                (label, e.summary, e.reason, day(e.created_at))
            })
            .collect(),
        invited_by: history.invited_by,
        invited: history.invited,
    };
    render(
        status,
        &PersonPage {
            ctx,
            person,
            since,
            is_me: id == me,
            is_admin,
            may_act,
            suspended_until,
            notice,
            history,
        },
    )
}

/// Entries of each kind shown on a person's page.
const HISTORY_MAX: i64 = 50;

/// `GET /moderation/people/{id}`.
pub async fn show(
    ctx: PageContext,
    state: web::Data<AppState>,
    Moderator(moderator): Moderator,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    person_page(
        &state,
        ctx,
        moderator.id,
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
            if was == Role::Admin && admins.contains(&id.0) && admins.len() <= 1 {
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
                subject: Some(id),
            };
            record(conn, &entry, now).map(drop).map_err(Refused::from)
        })
        .await?;
    match outcome {
        Ok(()) => Ok(redirect_with_flash(
            &req,
            &format!("/moderation/people/{}", id.0),
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
            crate::web::db::end_all_sessions(conn, id)?;
            let entry = LogEntry {
                actor,
                action: Action::SessionsEnded,
                target_kind: "member",
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
