//! `GET /moderation/people`: finding members and seeing their standing,
//! reports and history. Changing roles and ending sessions are the admin's
//! (`admin::people`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::db::{self, PersonRow};
use crate::AppState;
use crate::clock::Timestamp;
use crate::error::AppError;
use crate::kernel::identity::{Role, Standing, UserId};
use crate::web::context::PageContext;
use crate::web::extract::{Moderator, query_pairs};
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
    now: Timestamp,
}

impl PeoplePage {
    fn is_suspended(&self, until: &Option<Timestamp>) -> bool {
        until.is_some_and(|u| u > self.now)
    }
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
            let since = state
                .config
                .clock
                .local(p.created_at)
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
    warning: Warning,
    notice: Option<&'static str>,
    history: PersonHistory,
}

/// Where a member stands with warnings. A warning does not expire: it
/// shows on every page they open until they mark it read, and stays in
/// the log.
pub enum Warning {
    /// Never warned.
    None,
    /// Warned on this day, for this reason, and not yet marked read.
    Unread(String, String),
    /// Last warned on this day; they have marked it read.
    Read(String),
}

impl PersonPage {
    fn act_path(&self, kind: &str, act: &str) -> String {
        format!("/moderation/{kind}/{}/{act}", self.person.id)
    }

    fn lift_words(&self) -> &'static str {
        if self.person.standing == Standing::Banned {
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
    pub invited_by: Option<(UserId, String, Role)>,
    /// Whom they invited: (id, name, role).
    pub invited: Vec<(UserId, String, Role)>,
}

/// A member's page as a moderator sees it, with `notice` (a refusal to
/// explain) at `status`.
pub async fn person_page(
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
            let history = db::history::person_history(conn, id, HISTORY_MAX)?;
            Ok(Some((person, history)))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let zone = state.config.clock.zone();
    let day = |t: Timestamp| t.in_zone(zone).format("%-d %B %Y").to_string();
    let since = day(person.created_at);
    let now = state.config.clock.now();
    let suspended_until = person
        .suspended_until
        .filter(|u| *u > now)
        .map(|u| crate::kernel::words::stamp(u, zone));
    let is_admin = ctx.user.as_ref().is_some_and(|u| u.role == Role::Admin);
    let may_act = ctx.user.as_ref().is_some_and(|viewer| {
        crate::policy::acting::may_act(me, viewer.role, id, person.role).is_ok()
    });
    let last_warned = history
        .actions
        .iter()
        .find(|e| e.action == crate::modlog::Action::MemberWarned)
        .map(|e| day(e.created_at));
    let warning = match (person.warning.clone(), last_warned) {
        (Some(reason), when) => Warning::Unread(when.unwrap_or_default(), reason),
        (None, Some(when)) => Warning::Read(when),
        (None, None) => Warning::None,
    };
    let history = PersonHistory {
        reports: history
            .reports
            .into_iter()
            .map(|(what, reason, note, status, when)| (what, reason, note, status, day(when)))
            .collect(),
        actions: history
            .actions
            .into_iter()
            .map(|e| (e.action.label(), e.summary, e.reason, day(e.created_at)))
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
            warning,
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
