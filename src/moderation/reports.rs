//! Reports: a member reports a need, a message or a member they can see,
//! with a reason; moderators work through the open ones, grouped by what
//! was reported, oldest first.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::actions::{Refusal, may_act};
use super::db::reports::{self as db, NewReport, ReportTarget};
use super::db::{actions as actions_db, hiding};
use super::{ReportStatus, Target, TargetKind};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::SessionUser;
use crate::kernel::text::clean_multiline;
use crate::modlog::{Action, EntryTarget, LogEntry, record};
use crate::notifications::{Kind, Notice, notify};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser, Moderator, query_pairs};
use crate::web::ratelimit::REPORTS_PER_ACCOUNT;

use crate::web::fields::FormErrors;
use crate::web::render;

/// Longest note with a report, in characters.
pub const NOTE_MAX: usize = 1_000;
/// Open reports the queue shows at most.
pub const QUEUE_MAX: i64 = 500;

/// The reasons a member may give, with how they read.
pub const REASONS: [(&str, &str); 5] = [
    ("spam", "Spam or advertising"),
    ("scam", "A scam, or asking for money"),
    ("unsafe", "Unsafe, or puts someone at risk"),
    ("harassment", "Harassment or abuse"),
    ("other", "Something else"),
];

/// The target, if `user` may see it: a need not hidden from them by a
/// block, a message in their own conversation, another member. Anything
/// else is 404, so a report never tells whether something exists.
async fn target(
    state: &AppState,
    user: &SessionUser,
    on: Target,
) -> Result<ReportTarget, AppError> {
    let viewer = user.id;
    let found = match on {
        Target::Need(id) => state
            .db
            .run(move |conn| Ok(db::need_target(conn, id)?))
            .await?
            .filter(|(author, _)| !user.kept_apart_from(*author))
            .map(|(_, target)| target),
        Target::Message(id) => {
            state
                .db
                .run(move |conn| Ok(db::message_target(conn, id, viewer)?))
                .await?
        }
        Target::Member(id) if id == viewer => None,
        Target::Member(id) => {
            state
                .db
                .run(move |conn| Ok(db::member_target(conn, id)?))
                .await?
        }
    };
    found.ok_or(AppError::NotFound)
}

/// The report form.
#[derive(Template)]
#[template(path = "moderation/report.html")]
pub struct ReportPage {
    ctx: PageContext,
    on: Target,
    target: ReportTarget,
    reason: String,
    rule: String,
    note: String,
    errors: FormErrors,
}

/// `GET /report?kind=need|message|member&id=N`.
pub async fn form(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, AppError> {
    let pairs = query_pairs(&req)?;
    let kind = pairs
        .get("kind")
        .and_then(|k| TargetKind::from_db(k))
        .ok_or(AppError::NotFound)?;
    let number = pairs
        .get("id")
        .and_then(|i| i.parse().ok())
        .ok_or(AppError::NotFound)?;
    let on = Target::new(kind, number);
    let target = target(&state, &user, on).await?;
    let page = ReportPage {
        ctx,
        on,
        target,
        reason: String::new(),
        rule: String::new(),
        note: String::new(),
        errors: FormErrors::default(),
    };
    render(StatusCode::OK, &page)
}

/// What the report form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportInput {
    kind: String,
    id: String,
    reason: String,
    rule: String,
    note: String,
}

/// `POST /report`.
pub async fn submit(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(input): CsrfForm<ReportInput>,
) -> Result<HttpResponse, AppError> {
    let kind = TargetKind::from_db(&input.kind).ok_or(AppError::NotFound)?;
    let number: i64 = input.id.parse().map_err(|_| AppError::NotFound)?;
    let on = Target::new(kind, number);
    let target = target(&state, &user, on).await?;
    let mut errors = FormErrors::default();
    if !REASONS.iter().any(|(word, _)| *word == input.reason) {
        errors.add("reason", "Choose the reason that fits best.");
    }
    let mut note = clean_multiline(&input.note);
    if note.chars().count() > NOTE_MAX {
        errors.add("note", "Keep the note to 1,000 characters or fewer.");
    }
    // A cited rule goes at the head of the note the moderators read.
    if let Ok(n) = input.rule.parse::<usize>()
        && let Some(rule) = n.checked_sub(1).and_then(|i| ctx.site.rules.get(i))
    {
        note = format!("Rule {n}, “{rule}”. {note}").trim_end().to_owned();
    }
    if !errors.is_empty() {
        let page = ReportPage {
            ctx,
            on,
            target,
            reason: input.reason,
            rule: input.rule,
            note: input.note,
            errors,
        };
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    if let Err(why) = state
        .limiter
        .member_write(user.id, REPORTS_PER_ACCOUNT)
        .await?
    {
        errors.summary = Some(why);
        let page = ReportPage {
            ctx,
            on,
            target,
            reason: input.reason,
            rule: input.rule,
            note: input.note,
            errors,
        };
        return render(StatusCode::TOO_MANY_REQUESTS, &page);
    }
    let now = state.config.clock.now();
    let (reporter, reason, snapshot) = (user.id, input.reason.clone(), target.snapshot.clone());
    let stored = state
        .db
        .write(move |conn| {
            let report = NewReport {
                reporter_id: reporter,
                target_kind: on.kind(),
                target_id: on.number(),
                reason: &reason,
                note: &note,
                snapshot: &snapshot,
                status: ReportStatus::Open,
                created_at: now,
            };
            db::insert_report(conn, &report)
        })
        .await?;
    if !stored {
        let mut errors = FormErrors::default();
        errors.summary =
            Some("You have already reported this. A moderator will look at it soon.".into());
        let page = ReportPage {
            ctx,
            on,
            target,
            reason: input.reason,
            rule: input.rule,
            note: input.note,
            errors,
        };
        return render(StatusCode::CONFLICT, &page);
    }
    Ok(redirect_with_flash(&req, &target.back, Flash::ReportSent))
}

/// What the dismiss form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DismissInput {
    reason: String,
}

/// Longest reason for a moderation action, in characters.
pub const REASON_MAX: usize = 500;

/// `POST /moderation/reports/{kind}/{id}/dismiss`: closes every open report
/// on the target with a reason; each reporter is told, without names.
pub async fn dismiss(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    Moderator(moderator): Moderator,
    path: web::Path<(String, i64)>,
    CsrfForm(input): CsrfForm<DismissInput>,
) -> Result<HttpResponse, AppError> {
    let (kind, number) = path.into_inner();
    let kind = TargetKind::from_db(&kind).ok_or(AppError::NotFound)?;
    let on = Target::new(kind, number);
    let reason = clean_multiline(&input.reason);
    if reason.is_empty() || reason.chars().count() > REASON_MAX {
        let problem = (
            super::queue::QueueForm::Dismiss(on),
            "Give a reason of 1 to 500 characters; the reporters and the log will see it.",
        );
        let typed = super::queue::Typed {
            reason: input.reason,
            decision: String::new(),
        };
        return super::queue::queue_page_typed(
            &state,
            ctx,
            problem,
            typed,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let now = state.config.clock.now();
    let mover = moderator.clone();
    let dismissed = state
        .db
        .write_with(move |conn| -> Result<usize, Refusal> {
            // Dismissing is an action on whoever the reports are about:
            // nobody decides reports about themselves, and a moderator
            // does not decide those about another moderator or an admin.
            let owner = match on {
                Target::Need(id) => hiding::need_for_action(conn, id)?.map(|(a, _, _)| a),
                Target::Message(id) => hiding::message_for_action(conn, id)?.map(|m| m.author_id),
                Target::Member(id) => Some(id),
            };
            if let Some(owner) = owner
                .map(|o| actions_db::subject(conn, o))
                .transpose()?
                .flatten()
            {
                may_act(&mover, &owner)?;
            }
            let reporters = db::dismiss_reports(conn, on, now)?;
            if reporters.is_empty() {
                return Ok(0);
            }
            let need = match on {
                Target::Need(id) => Some(id),
                _ => None,
            };
            let notices: Vec<Notice> = reporters
                .iter()
                .map(|reporter| Notice {
                    to: *reporter,
                    kind: Kind::ReportDismissed,
                    need,
                    offer: None,
                    actor: None,
                })
                .collect();
            notify(conn, &notices, now)?;
            let entry = LogEntry {
                actor: mover.id,
                action: Action::ReportsDismissed,
                target_kind: EntryTarget::from(kind).as_str(),
                target_id: Some(on.number()),
                summary: format!(
                    "Looked into {} about a {} and took no action.",
                    if reporters.len() == 1 {
                        "a report".to_owned()
                    } else {
                        format!("{} reports", reporters.len())
                    },
                    kind.as_str()
                ),
                reason: reason.clone(),
                subject: None,
            };
            record(conn, &entry, now)?;
            Ok(reporters.len())
        })
        .await?;
    let dismissed = match dismissed {
        Ok(n) => n,
        Err(Refusal::NotFound) => return Err(AppError::NotFound),
        Err(Refusal::Refused(why)) => {
            let problem = (super::queue::QueueForm::Dismiss(on), why);
            return super::queue::queue_page(&state, ctx, Some(problem), StatusCode::CONFLICT)
                .await;
        }
        Err(Refusal::Db(e)) => return Err(e.into()),
    };
    if dismissed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(redirect_with_flash(
        &req,
        "/moderation",
        Flash::ReportsDismissed,
    ))
}
