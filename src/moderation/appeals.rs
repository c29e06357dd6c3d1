//! Appeals: the member an action was about (a hidden need or message, a
//! warning, a suspension or a ban) may appeal it once, within
//! [`APPEAL_DAYS`] days, with a message. A moderator other than the one who
//! acted decides, with a reason; the member is told and the log records it.
//!
//! A banned member cannot log in, so they appeal from the page the log-in
//! form shows them, confirming who they are with their password again.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::actions::Refusal;
use super::db::actions::{self as db, Entry};
use super::reports::REASON_MAX;
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::{Role, SessionUser, Standing, UserId};
use crate::kernel::text::clean_multiline;
use crate::modlog::{Action, LogEntry, record};
use crate::notifications::Kind;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser, Moderator, query_pairs};
use crate::web::fields::FormErrors;
use crate::web::render;

/// For how many days after an action it may be appealed.
pub const APPEAL_DAYS: i64 = 14;
/// Longest appeal message, in characters.
pub const MESSAGE_MAX: usize = 2_000;

/// Whether `entry` may still be appealed by `member` at `now`; the words
/// say why not.
pub fn appealable(entry: &Entry, member: UserId, now: i64) -> Result<(), &'static str> {
    let action = Action::from_db(&entry.action);
    if entry.subject_id != Some(member.0) || !action.is_some_and(Action::is_appealable) {
        return Err("This action cannot be appealed.");
    }
    if now >= entry.created_at + APPEAL_DAYS * 86_400 {
        return Err("The 14 days for appealing this action have passed.");
    }
    Ok(())
}

/// The appeal form.
#[derive(Template)]
#[template(path = "moderation/appeal.html")]
pub struct AppealPage {
    ctx: PageContext,
    entry: Entry,
    closed: Option<&'static str>,
    message: String,
    errors: FormErrors,
}

async fn my_entry(
    state: &AppState,
    user: &SessionUser,
    id: i64,
) -> Result<(Entry, bool), AppError> {
    let me = user.id.0;
    state
        .db
        .run(move |conn| {
            let entry = db::entry(conn, id)?.filter(|e| e.subject_id == Some(me));
            Ok(match entry {
                Some(entry) => {
                    let appealed = !db::appealed(conn, &[entry.id])?.is_empty();
                    Some((entry, appealed))
                }
                None => None,
            })
        })
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /appeals/new?entry=N`: an action about me, and the form to appeal it.
pub async fn form(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, AppError> {
    let id = query_pairs(&req)?
        .get("entry")
        .and_then(|v| v.parse().ok())
        .ok_or(AppError::NotFound)?;
    let (entry, appealed) = my_entry(&state, &user, id).await?;
    let now = state.config.clock.now();
    let closed = if appealed {
        Some("You have appealed this action already; you will be told the decision.")
    } else {
        appealable(&entry, user.id, now).err()
    };
    let page = AppealPage {
        ctx,
        entry,
        closed,
        message: String::new(),
        errors: FormErrors::default(),
    };
    render(StatusCode::OK, &page)
}

/// What the appeal form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AppealInput {
    entry: String,
    message: String,
}

/// `POST /appeals`.
pub async fn submit(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(input): CsrfForm<AppealInput>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = input.entry.parse().map_err(|_| AppError::NotFound)?;
    let (entry, appealed) = my_entry(&state, &user, id).await?;
    let now = state.config.clock.now();
    let mut errors = FormErrors::default();
    let message = clean_multiline(&input.message);
    if message.is_empty() {
        errors.add("message", "Say why you think the decision was wrong.");
    } else if message.chars().count() > MESSAGE_MAX {
        errors.add("message", "Keep your appeal to 2,000 characters or fewer.");
    }
    let closed = if appealed {
        Some("You have appealed this action already; you will be told the decision.")
    } else {
        appealable(&entry, user.id, now).err()
    };
    if closed.is_some() || !errors.is_empty() {
        let status = if closed.is_some() {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let page = AppealPage {
            ctx,
            entry,
            closed,
            message: input.message,
            errors,
        };
        return render(status, &page);
    }
    let me = user.id;
    let stored = state
        .db
        .write(move |conn| db::insert_appeal(conn, id, me, &message, now))
        .await?;
    if !stored {
        let page = AppealPage {
            ctx,
            entry,
            closed: Some("You have appealed this action already; you will be told the decision."),
            message: input.message,
            errors,
        };
        return render(StatusCode::CONFLICT, &page);
    }
    Ok(redirect_with_flash(&req, "/", Flash::AppealSent))
}

/// What a banned member is shown instead of being logged in.
#[derive(Template)]
#[template(path = "accounts/banned.html")]
pub struct BannedPage {
    ctx: PageContext,
    reason: String,
    since: String,
    email: String,
    /// Why no appeal can be made, if it cannot.
    closed: Option<&'static str>,
    /// Why the ban was upheld, once an appeal against it was decided so.
    upheld: Option<String>,
    message: String,
    errors: FormErrors,
}

/// What a banned member is told: the reason, since when, why no appeal
/// can be made (if it cannot) and why an appeal was turned down (if it was).
struct Ban {
    reason: String,
    since: String,
    closed: Option<&'static str>,
    upheld: Option<String>,
    entry: Option<Entry>,
}

/// The ban on `member`, and whether it may still be appealed.
async fn ban_of(state: &AppState, member: UserId) -> Result<Ban, AppError> {
    let now = state.config.clock.now();
    let (reason, entry, appeal) = state
        .db
        .run(move |conn| {
            let (_, reason, _) = db::application_of(conn, member)?;
            let entry = db::latest_entry(conn, member, Action::MemberBanned.as_str())?;
            let appeal = match &entry {
                Some(e) => db::appeal_against(conn, e.id)?,
                None => None,
            };
            Ok((reason, entry, appeal))
        })
        .await?;
    let since = entry
        .as_ref()
        .map(|e| {
            crate::clock::local(e.created_at)
                .format("%-d %B %Y")
                .to_string()
        })
        .unwrap_or_default();
    let closed = match (&entry, &appeal) {
        (None, _) => Some("This ban cannot be appealed."),
        (Some(_), Some((status, _))) if status == "pending" => {
            Some("Your appeal has been received; a moderator will decide it.")
        }
        (Some(_), Some(_)) => Some("Your appeal was decided: the ban stands."),
        (Some(e), None) => appealable(e, member, now).err(),
    };
    let upheld = appeal
        .filter(|(status, _)| status == "upheld")
        .map(|(_, why)| why);
    Ok(Ban {
        reason,
        since,
        closed,
        upheld,
        entry,
    })
}

/// The page a banned member sees after giving the right password.
pub async fn banned_page(
    state: &AppState,
    ctx: PageContext,
    member: UserId,
    email: String,
) -> Result<HttpResponse, AppError> {
    let Ban {
        reason,
        since,
        closed,
        upheld,
        ..
    } = ban_of(state, member).await?;
    let page = BannedPage {
        ctx,
        reason,
        since,
        email,
        closed,
        upheld,
        message: String::new(),
        errors: FormErrors::default(),
    };
    render(StatusCode::FORBIDDEN, &page)
}

/// What the banned member's appeal form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BanAppealInput {
    email: String,
    password: String,
    message: String,
}

/// `POST /appeals/ban`: a banned member's appeal, with their password.
pub async fn submit_ban(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CsrfForm(input): CsrfForm<BanAppealInput>,
) -> Result<HttpResponse, AppError> {
    let member =
        crate::accounts::login::check_password(&req, &state, &input.email, &input.password)
            .await?
            .filter(|(_, standing)| *standing == crate::kernel::identity::Standing::Banned)
            .map(|(id, _)| id);
    let Some(member) = member else {
        // Whatever was wrong (no such account, a wrong password, an account
        // that is not banned), the answer is the same, and reveals no
        // account; what was typed is kept.
        let mut errors = FormErrors::default();
        errors.add(
            "password",
            "That email and password do not match a banned account. Check the password and try again.",
        );
        let page = BannedPage {
            ctx,
            reason: String::new(),
            since: String::new(),
            email: input.email,
            closed: None,
            upheld: None,
            message: input.message,
            errors,
        };
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let Ban {
        reason,
        since,
        closed,
        upheld,
        entry,
    } = ban_of(&state, member).await?;
    let mut errors = FormErrors::default();
    let message = clean_multiline(&input.message);
    if message.is_empty() {
        errors.add("message", "Say why you think the ban was wrong.");
    } else if message.chars().count() > MESSAGE_MAX {
        errors.add("message", "Keep your appeal to 2,000 characters or fewer.");
    }
    let mut sent = false;
    if let (None, Some(entry), true) = (closed, &entry, errors.is_empty()) {
        let (id, now) = (entry.id, state.config.clock.now());
        sent = state
            .db
            .write(move |conn| db::insert_appeal(conn, id, member, &message, now))
            .await?;
    }
    let page = BannedPage {
        ctx,
        reason,
        since,
        email: input.email,
        closed: if sent {
            Some("Your appeal has been received; a moderator will decide it.")
        } else {
            closed
        },
        upheld,
        message: if sent { String::new() } else { input.message },
        errors,
    };
    render(StatusCode::FORBIDDEN, &page)
}

/// What the decision form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecideInput {
    decision: String,
    reason: String,
}

/// `POST /moderation/appeals/{id}/decide`: uphold the action or undo it.
pub async fn decide(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    Moderator(moderator): Moderator,
    path: web::Path<i64>,
    CsrfForm(input): CsrfForm<DecideInput>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let overturn = match input.decision.as_str() {
        "overturn" => true,
        "uphold" => false,
        _ => {
            let problem = (
                "appeal".to_owned(),
                id,
                "Choose whether the action stands or is undone.",
            );
            return super::queue::queue_page_typed(
                &state,
                ctx,
                problem,
                typed(&input),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let reason = clean_multiline(&input.reason);
    if reason.is_empty() || reason.chars().count() > REASON_MAX {
        let problem = (
            "appeal".to_owned(),
            id,
            "Give a reason of 1 to 500 characters; the member and the log will see it.",
        );
        return super::queue::queue_page_typed(
            &state,
            ctx,
            problem,
            typed(&input),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let now = state.config.clock.now();
    let actor = moderator.clone();
    let outcome = state
        .db
        .write_with(move |conn| decide_in(conn, &actor, id, overturn, &reason, now))
        .await?;
    match outcome {
        Ok(()) => Ok(redirect_with_flash(
            &req,
            "/moderation",
            Flash::AppealDecided,
        )),
        Err(Refusal::NotFound) => Err(AppError::NotFound),
        Err(Refusal::Refused(why)) => {
            super::queue::queue_page_typed(
                &state,
                ctx,
                ("appeal".to_owned(), id, why),
                typed(&input),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(Refusal::Db(e)) => Err(e.into()),
    }
}

/// What the decision form had in it, to show again.
fn typed(input: &DecideInput) -> super::queue::Typed {
    super::queue::Typed {
        reason: input.reason.clone(),
        decision: input.decision.clone(),
    }
}

fn decide_in(
    conn: &mut crate::db::DbConnection,
    actor: &SessionUser,
    id: i64,
    overturn: bool,
    reason: &str,
    now: i64,
) -> Result<(), Refusal> {
    let (log_id, appellant) = db::lock_pending_appeal(conn, id)?.ok_or(Refusal::NotFound)?;
    let entry = db::entry(conn, log_id)?.ok_or(Refusal::NotFound)?;
    let subject = db::lock_subject(conn, appellant)?.ok_or(Refusal::NotFound)?;
    crate::policy::appeals::may_decide(
        actor.id,
        actor.role,
        UserId(entry.actor_id),
        UserId(subject.id),
        Role::from_db(&subject.role),
    )
    .map_err(|no| Refusal::Refused(no.message()))?;
    if overturn {
        undo(conn, &entry, &subject, appellant)?;
    }
    if !db::decide_appeal(conn, id, overturn, actor.id, reason, now)? {
        return Err(Refusal::Refused("This appeal has been decided already."));
    }
    let (action, outcome) = if overturn {
        (Action::AppealGranted, "The action was undone.")
    } else {
        (Action::AppealUpheld, "The action stands.")
    };
    let entry = LogEntry {
        actor: actor.id,
        action,
        target_kind: "appeal",
        target_id: Some(id),
        summary: format!(
            "Decided {}'s appeal against: {} {outcome}",
            subject.display_name,
            entry.summary.trim_end_matches('.').to_owned() + "."
        ),
        reason: reason.to_owned(),
        subject: Some(UserId(appellant)),
    };
    let log = record(conn, &entry, now)?;
    crate::notifications::notify_of_entry(
        conn,
        UserId(appellant),
        Kind::AppealDecided,
        crate::kernel::ids::LogEntryId(log),
        None,
        now,
    )?;
    Ok(())
}

/// Undoes the action an appeal was granted against, if it is still the
/// one in force: a newer action of the same kind on the same member or
/// target was decided on its own, and an older appeal must not lift it.
fn undo(
    conn: &mut crate::db::DbConnection,
    entry: &Entry,
    subject: &db::Subject,
    appellant: i64,
) -> Result<(), Refusal> {
    let action = Action::from_db(&entry.action)
        .filter(|a| a.is_appealable())
        .ok_or(Refusal::Refused(
            "This action cannot be undone by an appeal.",
        ))?;
    let target = entry.target_id.unwrap_or(0);
    let latest = db::latest_on_target(conn, &entry.target_kind, target, &entry.action)?;
    if latest != Some(entry.id) {
        // Superseded: nothing of this entry is still in force.
        return Ok(());
    }
    match action {
        Action::NeedHidden
            if db::need_for_action(conn, target)?
                .is_some_and(|(_, _, h)| h.as_deref() == Some("moderator")) =>
        {
            // A banned author's need stays hidden with the ban, and comes
            // back when the ban is lifted.
            let now_hidden = (Standing::from_db(&subject.standing) == Standing::Banned)
                .then_some(("ban", "Its author was banned."));
            db::set_need_hidden(conn, target, Some("moderator"), now_hidden)?;
        }
        Action::MessageHidden => {
            db::set_message_hidden(conn, target, None)?;
        }
        Action::MemberWarned => db::set_warning(conn, appellant, None)?,
        Action::MemberSuspended => db::set_suspension(conn, appellant, None)?,
        Action::MemberBanned if subject.standing == "banned" => {
            db::lift_ban(conn, appellant)?;
        }
        _ => {}
    }
    Ok(())
}
