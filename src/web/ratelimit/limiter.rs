//! The rate limits of this server, in memory or shared through PostgreSQL,
//! the refusals counted for the metrics, and the sweep that forgets full
//! shared buckets.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::memory::RateLimiter;
use super::{Quota, shared, too_often};
use crate::clock::Clock;
use crate::db::Db;
use crate::error::AppError;

/// The rate limits of this server: [`RateLimiter`] in memory on SQLite, one
/// shared set in PostgreSQL when the database is PostgreSQL.
#[derive(Debug)]
pub struct Limiter {
    store: Store,
    clock: Clock,
    refusals: Mutex<Vec<(&'static str, u64)>>,
    shared_failures: AtomicU64,
}

#[derive(Debug)]
enum Store {
    Memory(RateLimiter),
    Shared(Db),
}

impl Limiter {
    /// Buckets in this process's memory (SQLite: one process).
    pub fn in_memory(clock: Clock) -> Self {
        Self::with_store(Store::Memory(RateLimiter::new(clock.clone())), clock)
    }

    /// Buckets in the database, shared by every process using it.
    pub fn shared(db: Db, clock: Clock) -> Self {
        Self::with_store(Store::Shared(db), clock)
    }

    fn with_store(store: Store, clock: Clock) -> Self {
        Self {
            store,
            clock,
            refusals: Mutex::new(Vec::new()),
            shared_failures: AtomicU64::new(0),
        }
    }

    /// Whether the buckets are shared through the database.
    pub fn is_shared(&self) -> bool {
        matches!(self.store, Store::Shared(_))
    }

    /// Takes one attempt from the bucket: `Ok(Ok(()))`, or `Ok(Err(seconds))`
    /// to wait. Only a database failure is an error.
    pub async fn take(&self, key: &str, quota: Quota) -> Result<Result<(), u64>, AppError> {
        let outcome = match &self.store {
            Store::Memory(buckets) => buckets.take(key, quota),
            Store::Shared(db) => {
                let (key, now) = (shared::key(key), self.clock.now_millis());
                db.run(move |conn| Ok(shared::take(conn, key, quota, now)?))
                    .await
                    .inspect_err(|_| {
                        self.shared_failures.fetch_add(1, Ordering::Relaxed);
                    })?
            }
        };
        if outcome.is_err() {
            let mut refusals = self.refusals.lock().unwrap_or_else(|e| e.into_inner());
            match refusals.iter_mut().find(|(name, _)| *name == quota.name) {
                Some((_, n)) => *n += 1,
                None => refusals.push((quota.name, 1)),
            }
        }
        Ok(outcome)
    }

    /// Gives back an attempt taken by [`Limiter::take`] (a log-in that succeeded).
    pub async fn give_back(&self, key: &str, quota: Quota) -> Result<(), AppError> {
        match &self.store {
            Store::Memory(buckets) => {
                buckets.give_back(key, quota);
                Ok(())
            }
            Store::Shared(db) => {
                let (key, now) = (shared::key(key), self.clock.now_millis());
                db.run(move |conn| Ok(shared::give_back(conn, key, quota, now)?))
                    .await
            }
        }
    }

    /// Forgets buckets that have refilled completely (shared buckets only;
    /// the in-memory table reuses their slots by itself). Returns how many.
    pub async fn forget_full(&self) -> Result<usize, AppError> {
        let Store::Shared(db) = &self.store else {
            return Ok(0);
        };
        let now = self.clock.now_millis();
        db.run(move |conn| Ok(shared::forget_full(conn, now)?))
            .await
    }

    /// Takes one of `member`'s writes counted by `quota`: `Ok(Ok(()))`, or
    /// `Ok(Err(words))` saying how long to wait, to show beside the form.
    pub async fn member_write(
        &self,
        member: crate::kernel::identity::UserId,
        quota: Quota,
    ) -> Result<Result<(), String>, AppError> {
        Ok(self
            .member_take(member, quota)
            .await?
            .map_err(|wait| too_often(quota, wait)))
    }

    /// Like [`Limiter::member_write`], with the seconds to wait.
    pub async fn member_take(
        &self,
        member: crate::kernel::identity::UserId,
        quota: Quota,
    ) -> Result<Result<(), u64>, AppError> {
        self.take(&format!("write:{}:{}", quota.name, member.0), quota)
            .await
    }

    /// Refusals so far, by quota name.
    pub fn refusals(&self) -> Vec<(&'static str, u64)> {
        self.refusals
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// How often buckets that refilled completely are forgotten.
pub const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs [`Limiter::forget_full`] every [`SWEEP_EVERY`] for as long as the
/// server runs.
pub async fn sweep_forever(state: actix_web::web::Data<crate::AppState>) {
    let mut ticks = tokio::time::interval(SWEEP_EVERY);
    loop {
        ticks.tick().await;
        let outcome = match state.limiter.forget_full().await {
            Ok(_) => "ok",
            Err(e) => {
                tracing::error!(error = %e, "forgetting full rate-limit buckets failed");
                "failed"
            }
        };
        if state.limiter.is_shared() {
            state.metrics.job_ran("rate_limit_sweep", outcome);
        }
    }
}
