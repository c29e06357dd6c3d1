//! Needs whose date has passed expire, and their authors are asked
//! whether they are still needed. The board never shows a past date in any
//! case; this job makes the status say so and sends the question.

use std::time::Duration;

use super::NeedId;
use super::db;
use crate::AppState;
use crate::clock::Timestamp;
use crate::db::jobs::{Job, exclusively};
use crate::error::AppError;
use crate::notifications::{Kind, Notice, notify};

/// How often the server looks for needs past their date.
pub const EVERY: Duration = Duration::from_secs(10 * 60);

/// Expires every live need dated before today; returns how many, or `None`
/// when another process was doing it at that moment. Each need expires in
/// a guarded update (`WHERE status IN (open, filled)`), so even two runs
/// at once could never tell an author twice; the job lock only spares the
/// duplicate work.
pub async fn expire_due(state: &AppState) -> Result<Option<usize>, AppError> {
    let today = state.config.clock.today().to_string();
    let now = state.config.clock.now();
    state
        .db
        .run(move |conn| {
            exclusively(conn, Job::Expiry, |conn| {
                let due = db::needs_past_their_date(conn, &today)?;
                let mut expired = 0;
                for (need, author) in due {
                    // One short transaction per need keeps the write lock brief.
                    let done = crate::db::write_tx(conn, |conn| {
                        expire_one(conn, need, author, &today, now)
                    })?;
                    expired += usize::from(done);
                }
                crate::db::optimize(conn)?;
                Ok::<_, AppError>(expired)
            })
        })
        .await
        .inspect(|expired| {
            if expired.is_some_and(|n| n > 0) {
                state.db.changed();
            }
        })
}

fn expire_one(
    conn: &mut crate::db::DbConnection,
    need: NeedId,
    author: crate::kernel::identity::UserId,
    today: &str,
    now: Timestamp,
) -> diesel::QueryResult<bool> {
    if !db::expire_need(conn, need, today, now)? {
        return Ok(false);
    }
    super::ending::end_waiting_offers(conn, need, super::ending::Ending::Expired, author, now)?;
    let notice = Notice {
        to: author,
        kind: Kind::StillNeeded,
        need: Some(need),
        offer: None,
        actor: None,
    };
    notify(conn, &[notice], now)?;
    Ok(true)
}

/// Runs [`expire_due`], then the reminders for tomorrow's needs
/// ([`super::reminders::remind_due`]), now and then every [`EVERY`], for as
/// long as the server runs.
pub async fn run_forever(state: actix_web::web::Data<AppState>) {
    let mut ticks = tokio::time::interval(EVERY);
    loop {
        ticks.tick().await;
        let outcome = match expire_due(&state).await {
            Ok(None) => "skipped",
            Ok(Some(0)) => "ok",
            Ok(Some(n)) => {
                tracing::info!(expired = n, "needs past their date expired");
                "ok"
            }
            Err(e) => {
                tracing::error!(error = %e, "expiring needs failed");
                "failed"
            }
        };
        state.metrics.job_ran(Job::Expiry.name(), outcome);
        let outcome = match super::reminders::remind_due(&state).await {
            Ok(None) => "skipped",
            Ok(Some(_)) => "ok",
            Err(e) => {
                tracing::error!(error = %e, "sending reminders failed");
                "failed"
            }
        };
        state.metrics.job_ran(Job::Reminders.name(), outcome);
    }
}
