//! Deciding an appeal: a moderator other than the one who acted upholds
//! the action or undoes it, with a reason; the member is told and the log
//! records it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::AppState;
use crate::clock::Timestamp;
use crate::error::{AppError, Refusal};
use crate::kernel::identity::{SessionUser, Standing, UserId};
use crate::kernel::ids::{AppealId, MessageId, NeedId};
use crate::kernel::text::clean_multiline;
use crate::moderation::HiddenBy;
use crate::moderation::db::{self, entries::Entry};
use crate::moderation::queue;
use crate::moderation::reports::REASON_MAX;
use crate::modlog::{Action, EntryTarget, LogEntry, record};
use crate::notifications::Kind;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, Moderator};

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
    path: web::Path<AppealId>,
    CsrfForm(input): CsrfForm<DecideInput>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let overturn = match input.decision.as_str() {
        "overturn" => true,
        "uphold" => false,
        _ => {
            let problem = (
                queue::QueueForm::Decide(id),
                "Choose whether the action stands or is undone.",
            );
            return queue::queue_page_typed(
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
            queue::QueueForm::Decide(id),
            "Give a reason of 1 to 500 characters; the member and the log will see it.",
        );
        return queue::queue_page_typed(
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
        Err(Refusal::Forbidden(why) | Refusal::Conflict(why)) => {
            queue::queue_page_typed(
                &state,
                ctx,
                (queue::QueueForm::Decide(id), why),
                typed(&input),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

/// What the decision form had in it, to show again.
fn typed(input: &DecideInput) -> queue::Typed {
    queue::Typed {
        reason: input.reason.clone(),
        decision: input.decision.clone(),
    }
}

fn decide_in(
    conn: &mut crate::db::DbConnection,
    actor: &SessionUser,
    id: AppealId,
    overturn: bool,
    reason: &str,
    now: Timestamp,
) -> Result<(), Refusal> {
    let (log_id, appellant) =
        db::appeals::lock_pending_appeal(conn, id)?.ok_or(Refusal::NotFound)?;
    let entry = db::entries::entry(conn, log_id)?.ok_or(Refusal::NotFound)?;
    let subject = db::actions::lock_subject(conn, appellant)?.ok_or(Refusal::NotFound)?;
    crate::policy::appeals::may_decide(
        actor.id,
        actor.role,
        entry.actor_id,
        subject.id,
        subject.role,
    )
    .map_err(|no| Refusal::Forbidden(no.message()))?;
    if overturn {
        undo(conn, &entry, &subject, appellant)?;
    }
    if !db::appeals::decide_appeal(conn, id, overturn, actor.id, reason, now)? {
        return Err(Refusal::Conflict("This appeal has been decided already."));
    }
    let (action, outcome) = if overturn {
        (Action::AppealGranted, "The action was undone.")
    } else {
        (Action::AppealUpheld, "The action stands.")
    };
    let entry = LogEntry {
        actor: actor.id,
        action,
        target_kind: EntryTarget::Appeal,
        target_id: Some(id.0),
        summary: format!(
            "Decided {}'s appeal against: {} {outcome}",
            subject.display_name,
            entry.summary.trim_end_matches('.').to_owned() + "."
        ),
        reason: reason.to_owned(),
        subject: Some(appellant),
    };
    let log = record(conn, &entry, now)?;
    crate::notifications::notify_of_entry(conn, appellant, Kind::AppealDecided, log, None, now)?;
    Ok(())
}

/// Undoes the action an appeal was granted against, if it is still the
/// one in force: a newer action of the same kind on the same member or
/// target was decided on its own, and an older appeal must not lift it.
fn undo(
    conn: &mut crate::db::DbConnection,
    entry: &Entry,
    subject: &db::actions::Subject,
    appellant: UserId,
) -> Result<(), Refusal> {
    let action = Some(entry.action)
        .filter(|a| a.is_appealable())
        .ok_or(Refusal::Conflict(
            "This action cannot be undone by an appeal.",
        ))?;
    let latest = db::entries::latest_like(conn, entry)?;
    if latest != Some(entry.id) {
        // Superseded: nothing of this entry is still in force.
        return Ok(());
    }
    // The entry's target is a need or a message as its action says.
    let target = entry.target_id.unwrap_or(0);
    match action {
        Action::NeedHidden
            if db::hiding::need_for_action(conn, NeedId(target))?
                .is_some_and(|(_, _, h)| h == Some(HiddenBy::Moderator)) =>
        {
            // A banned author's need stays hidden with the ban, and comes
            // back when the ban is lifted.
            let now_hidden = (subject.standing == Standing::Banned)
                .then_some((HiddenBy::Ban, "Its author was banned."));
            db::hiding::set_need_hidden(
                conn,
                NeedId(target),
                Some(HiddenBy::Moderator),
                now_hidden,
            )?;
        }
        Action::MessageHidden => {
            db::hiding::set_message_hidden(conn, MessageId(target), None)?;
        }
        Action::MemberWarned => db::actions::set_warning(conn, appellant, None)?,
        Action::MemberSuspended => db::actions::set_suspension(conn, appellant, None)?,
        Action::MemberBanned if subject.standing == Standing::Banned => {
            db::actions::lift_ban(conn, appellant)?;
        }
        _ => {}
    }
    Ok(())
}
