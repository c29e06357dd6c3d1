//! The invites page: the codes one made (an admin sees everyone's), the
//! form for a new one, and revoking one.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::codes::{MAX_DAYS, MAX_USES, new_code};
use super::db;
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::{Role, SessionUser, UserId};
use crate::kernel::ids::InviteId;
use crate::modlog::{Action, EntryTarget, LogEntry, record};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::fields::FormErrors;
use crate::web::render;

/// Codes listed at most.
const LIST_MAX: i64 = 200;

/// A code as listed, with who joined with it.
pub struct InviteView {
    row: db::InviteRow,
    joined: Vec<(UserId, String, Role)>,
    state: &'static str,
    /// Whether the code can still be used to sign up.
    live: bool,
    expires: String,
}

/// The invites page.
#[derive(Template)]
#[template(path = "invites/list.html")]
pub struct InvitesPage {
    ctx: PageContext,
    invites: Vec<InviteView>,
    all: bool,
    max_uses: String,
    days: String,
    errors: FormErrors,
}

/// `GET /invites`: my codes (an admin sees everyone's) and a form for a new one.
pub async fn list(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, AppError> {
    if !ctx.may_invite() {
        return Err(AppError::Forbidden);
    }
    page(
        &state,
        ctx,
        &user,
        "1",
        "7",
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn page(
    state: &AppState,
    ctx: PageContext,
    user: &SessionUser,
    max_uses: &str,
    days: &str,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let all = user.role == Role::Admin;
    let by = (!all).then_some(user.id);
    let (now, zone) = (state.config.clock.now(), state.config.clock.zone());
    let (rows, joined) = state
        .db
        .run(move |conn| {
            let rows = db::list_invites(conn, by, LIST_MAX)?;
            let ids: Vec<InviteId> = rows.iter().map(|r| r.id).collect();
            let joined = db::joined_with(conn, &ids)?;
            Ok((rows, joined))
        })
        .await?;
    let invites = rows
        .into_iter()
        .map(|row| {
            let (state, live) = if row.revoked_at.is_some() {
                ("Revoked", false)
            } else if row.expires_at <= now {
                ("Expired", false)
            } else if row.uses >= row.max_uses {
                ("Used up", false)
            } else {
                ("Live", true)
            };
            InviteView {
                joined: joined
                    .iter()
                    .filter(|(invite, _, _, _)| *invite == row.id)
                    .map(|(_, id, name, role)| (*id, name.clone(), *role))
                    .collect(),
                state,
                live,
                expires: crate::kernel::words::stamp(row.expires_at, zone),
                row,
            }
        })
        .collect();
    let page = InvitesPage {
        ctx,
        invites,
        all,
        max_uses: max_uses.to_owned(),
        days: days.to_owned(),
        errors,
    };
    render(status, &page)
}

/// What the new-code form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewInviteInput {
    max_uses: String,
    days: String,
}

/// `POST /invites`: makes a code.
pub async fn create(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(input): CsrfForm<NewInviteInput>,
) -> Result<HttpResponse, AppError> {
    if !ctx.may_invite() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FormErrors::default();
    let max_uses = match input.max_uses.trim().parse::<i32>() {
        Ok(n) if (1..=MAX_USES).contains(&n) => n,
        _ => {
            errors.add("max_uses", "Give a whole number of uses from 1 to 50.");
            0
        }
    };
    let days = match input.days.trim().parse::<i64>() {
        Ok(n) if (1..=MAX_DAYS).contains(&n) => n,
        _ => {
            errors.add("days", "Give a whole number of days from 1 to 30.");
            0
        }
    };
    if !errors.is_empty() {
        return page(
            &state,
            ctx,
            &user,
            &input.max_uses,
            &input.days,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let now = state.config.clock.now();
    let by = user.id;
    state
        .db
        .write(move |conn| {
            // A clash among 2^60 codes is next to impossible; try again if so.
            for _ in 0..3 {
                if let Some(id) = db::insert_invite(
                    conn,
                    &new_code(),
                    by,
                    max_uses,
                    now.plus(days * 86_400),
                    now,
                )? {
                    return Ok(Some(id));
                }
            }
            Ok(None)
        })
        .await?
        .ok_or_else(|| AppError::internal("no free invite code"))?;
    Ok(redirect_with_flash(&req, "/invites", Flash::InviteCreated))
}

/// `POST /invites/{id}/revoke`: by whoever made the code, or an admin.
pub async fn revoke(
    req: HttpRequest,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<i64>,
    _form: CsrfForm<crate::web::extract::NoFields>,
) -> Result<HttpResponse, AppError> {
    let id = InviteId(path.into_inner());
    let now = state.config.clock.now();
    let (actor, is_admin) = (user.id, user.role == Role::Admin);
    let revoked = state
        .db
        .write_with(move |conn| -> Result<bool, AppError> {
            let Some((code, maker)) = db::find_invite(conn, id)? else {
                return Err(AppError::NotFound);
            };
            if maker != actor && !is_admin {
                return Err(AppError::NotFound);
            }
            if !db::revoke_invite(conn, id, now)? {
                return Ok(false);
            }
            let entry = LogEntry {
                actor,
                action: Action::InviteRevoked,
                target_kind: EntryTarget::Invite,
                target_id: Some(id.0),
                summary: format!("Revoked the invite code {code}."),
                reason: String::new(),
                subject: Some(maker),
            };
            record(conn, &entry, now)?;
            Ok(true)
        })
        .await??;
    let _ = revoked;
    Ok(redirect_with_flash(&req, "/invites", Flash::InviteRevoked))
}
