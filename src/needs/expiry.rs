//! Needs whose date has passed expire, and their authors are asked
//! whether they are still needed. The board never shows a past date in any
//! case; this job makes the status say so and sends the question.

use std::time::Duration;

use super::NeedId;
use super::db;
use crate::AppState;
use crate::error::AppError;
use crate::notifications::{Kind, Notice, notify};

/// How often the server looks for needs past their date.
pub const EVERY: Duration = Duration::from_secs(10 * 60);

/// Expires every live need dated before today; returns how many.
pub async fn expire_due(state: &AppState) -> Result<usize, AppError> {
    let today = state.config.clock.today().to_string();
    let now = state.config.clock.now();
    state
        .db
        .run(move |conn| {
            let due = db::needs_past_their_date(conn, &today)?;
            let mut expired = 0;
            for (need, author) in due {
                // One short transaction per need keeps the write lock brief.
                let done =
                    crate::db::write_tx(conn, |conn| expire_one(conn, need, author, &today, now))?;
                expired += usize::from(done);
            }
            Ok(expired)
        })
        .await
        .inspect(|expired| {
            if *expired > 0 {
                state.db.changed();
            }
        })
}

fn expire_one(
    conn: &mut crate::db::DbConnection,
    need: NeedId,
    author: crate::accounts::UserId,
    today: &str,
    now: i64,
) -> diesel::QueryResult<bool> {
    if !db::expire_need(conn, need, today, now)? {
        return Ok(false);
    }
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

/// Runs [`expire_due`] now and then every [`EVERY`], for as long as the
/// server runs.
pub async fn run_forever(state: actix_web::web::Data<AppState>) {
    let mut ticks = tokio::time::interval(EVERY);
    loop {
        ticks.tick().await;
        match expire_due(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "needs past their date expired"),
            Err(e) => tracing::error!(error = %e, "expiring needs failed"),
        }
    }
}
