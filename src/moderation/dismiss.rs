//! `POST /moderation/reports/{kind}/{id}/dismiss`: a moderator looks into
//! the open reports about something and takes no action.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::actions::may_act;
use super::db::{actions as actions_db, hiding, reports as db};
use super::queue::{self, QueueForm, Typed};
use super::reports::REASON_MAX;
use super::{Target, TargetKind};
use crate::AppState;
use crate::error::{AppError, Refusal};
use crate::kernel::text::clean_multiline;
use crate::modlog::{Action, EntryTarget, LogEntry, record};
use crate::notifications::{Kind, Notice, notify};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, Moderator};

/// What the dismiss form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DismissInput {
    reason: String,
}

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
            QueueForm::Dismiss(on),
            "Give a reason of 1 to 500 characters; the reporters and the log will see it.",
        );
        let typed = Typed {
            reason: input.reason,
            decision: String::new(),
        };
        return queue::queue_page_typed(
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
                target_kind: EntryTarget::from(kind),
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
        Err(Refusal::Forbidden(why) | Refusal::Conflict(why)) => {
            let problem = (QueueForm::Dismiss(on), why);
            return queue::queue_page(&state, ctx, Some(problem), StatusCode::CONFLICT).await;
        }
        Err(other) => return Err(other.into()),
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
