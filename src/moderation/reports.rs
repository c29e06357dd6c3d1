//! Reports: a member reports a need, a message or a member they can see,
//! with a reason; moderators work through the open ones, grouped by what
//! was reported, oldest first (`queue`), and act or dismiss them
//! (`actions`, `dismiss`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::db::reports::{self as db, NewReport, ReportTarget};
use super::{ReportStatus, Target, TargetKind};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::SessionUser;
use crate::kernel::text::clean_multiline;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser, query_pairs};
use crate::web::ratelimit::REPORTS_PER_ACCOUNT;

use crate::web::fields::FormErrors;
use crate::web::render;

/// Longest note with a report, in characters.
pub const NOTE_MAX: usize = 1_000;
/// Longest reason for a moderation action, in characters.
pub const REASON_MAX: usize = 500;
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
            let stored = db::insert_report(conn, &report)?;
            if stored {
                crate::notifications::tell_staff(
                    conn,
                    crate::notifications::Kind::NewReport,
                    None,
                    now,
                )?;
            }
            Ok(stored)
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
