//! The day before a need's date, its author and each accepted helper get
//! one reminder (in the app, and by mail as they chose). Each need is
//! reminded once, in a guarded update, so two processes can never remind
//! twice.

use super::OfferStatus;
use super::db;
use crate::AppState;
use crate::db::DbConnection;
use crate::db::jobs::{Job, exclusively};
use crate::error::AppError;
use crate::kernel::ids::NeedId;
use crate::notifications::{Kind, Notice, notify};

/// Reminds the author and accepted helpers of every live need dated
/// tomorrow not yet reminded; returns how many needs, or `None` when
/// another process was doing it.
pub async fn remind_due(state: &AppState) -> Result<Option<usize>, AppError> {
    let tomorrow = state
        .config
        .clock
        .today()
        .succ_opt()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let now = state.config.clock.now();
    let reminded = state
        .db
        .run(move |conn| {
            exclusively(conn, Job::Reminders, |conn| {
                let due = db::closing::needs_to_remind(conn, &tomorrow)?;
                let mut reminded = 0;
                for need in due {
                    let done = crate::db::write_tx(conn, |conn| remind_one(conn, need, now))?;
                    reminded += usize::from(done);
                }
                Ok::<_, AppError>(reminded)
            })
        })
        .await?;
    if reminded.is_some_and(|n| n > 0) {
        state.db.changed();
    }
    Ok(reminded)
}

fn remind_one(
    conn: &mut DbConnection,
    need: NeedId,
    now: crate::clock::Timestamp,
) -> diesel::QueryResult<bool> {
    let Some(author) = db::closing::mark_reminded(conn, need)? else {
        return Ok(false);
    };
    let mut notices = vec![Notice {
        to: author,
        kind: Kind::Reminder,
        need: Some(need),
        offer: None,
        actor: None,
    }];
    notices.extend(
        db::offers::offers_on(conn, need)?
            .into_iter()
            .filter(|o| o.status == OfferStatus::Accepted)
            .map(|o| Notice {
                to: o.volunteer(),
                kind: Kind::Reminder,
                need: Some(need),
                offer: Some(o.id),
                actor: None,
            }),
    );
    notify(conn, &notices, now)?;
    Ok(true)
}
