//! The sender's loop, and clearing out old messages.

use std::time::Duration;

use super::{KEEP_FOR, Mailer, deliver_due};
use crate::AppState;
use crate::clock::Timestamp;
use crate::error::AppError;
use crate::mail::db;

/// Deletes messages sent or given up more than [`KEEP_FOR`] ago; returns
/// how many.
pub async fn clear_old(state: &AppState) -> Result<usize, AppError> {
    let before = state.config.clock.now().minus(KEEP_FOR);
    state.db.run(move |conn| Ok(db::purge(conn, before)?)).await
}

/// Delivers due mail whenever something is queued or every
/// `MailConfig::sender_every`, and clears out old messages once an hour,
/// for as long as the server runs.
pub async fn run_forever(state: actix_web::web::Data<AppState>, every: Duration) {
    let bell = state.part::<Mailer>().bell.clone();
    let mut last_purge: Option<Timestamp> = None;
    loop {
        let outcome = match deliver_due(&state).await {
            Ok(done) if done.failed + done.retrying > 0 => "failed",
            Ok(_) => "ok",
            Err(e) => {
                tracing::error!(error = %e, "delivering mail failed");
                "failed"
            }
        };
        state.metrics.job_ran("mail", outcome);
        let now = state.config.clock.now();
        if last_purge.is_none_or(|at| now.seconds_since(at) >= 3600) {
            last_purge = Some(now);
            match clear_old(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "old mail cleared from the outbox"),
                Err(e) => tracing::error!(error = %e, "clearing the outbox failed"),
            }
        }
        let _ = tokio::time::timeout(every, bell.notified()).await;
    }
}
