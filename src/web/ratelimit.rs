//! Token buckets keyed by what is being limited (an address, an account, a
//! browser). On SQLite, where one process serves the database, they live in
//! that process's memory ([`RateLimiter`]); on PostgreSQL every process
//! shares one set, kept in an unlogged table and updated in one statement
//! ([`Limiter`]), so running several processes never multiplies a limit.

use std::hash::BuildHasher;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};

use crate::clock::Clock;
use crate::db::{Db, DbConnection};
use crate::error::AppError;

/// How many attempts may come at once, and how fast they come back.
#[derive(Clone, Copy, Debug)]
pub struct Quota {
    /// What is limited, for the metrics (`login_per_address`).
    pub name: &'static str,
    /// Attempts available at once.
    pub burst: u32,
    /// Seconds for one attempt to come back.
    pub refill_seconds: u32,
}

/// Log-ins per client address (attempts that succeed are given back).
pub const LOGIN_PER_ADDRESS: Quota = Quota {
    name: "login_per_address",
    burst: 30,
    refill_seconds: 20,
};
/// Failed log-ins per account and client address, from browsers that
/// never logged in to the account.
pub const LOGIN_PER_ACCOUNT_AND_ADDRESS: Quota = Quota {
    name: "login_per_account_and_address",
    burst: 10,
    refill_seconds: 180,
};
/// Failed log-ins per account from all addresses together, from browsers
/// that never logged in to it.
pub const LOGIN_PER_ACCOUNT: Quota = Quota {
    name: "login_per_account",
    burst: 50,
    refill_seconds: 120,
};
/// Failed log-ins per account from one browser that logged in to it before.
pub const LOGIN_PER_DEVICE: Quota = Quota {
    name: "login_per_device",
    burst: 10,
    refill_seconds: 180,
};
/// Sign-ups per client address.
pub const SIGNUP_PER_ADDRESS: Quota = Quota {
    name: "signup_per_address",
    burst: 10,
    refill_seconds: 360,
};
/// Wrong current passwords per account when changing it.
pub const PASSWORD_CHANGE_PER_ACCOUNT: Quota = Quota {
    name: "password_change_per_account",
    burst: 5,
    refill_seconds: 180,
};
/// Password changes per client address.
pub const PASSWORD_CHANGE_PER_ADDRESS: Quota = Quota {
    name: "password_change_per_address",
    burst: 20,
    refill_seconds: 60,
};
/// First-admin setup attempts per client address.
pub const SETUP_PER_ADDRESS: Quota = Quota {
    name: "setup_per_address",
    burst: 10,
    refill_seconds: 60,
};

/// Messages in conversations per account.
pub const MESSAGES_PER_ACCOUNT: Quota = Quota {
    name: "messages_per_account",
    burst: 30,
    refill_seconds: 20,
};
/// Offers, withdrawals and renewed offers per account.
pub const OFFERS_PER_ACCOUNT: Quota = Quota {
    name: "offers_per_account",
    burst: 20,
    refill_seconds: 180,
};
/// Reports per account.
pub const REPORTS_PER_ACCOUNT: Quota = Quota {
    name: "reports_per_account",
    burst: 10,
    refill_seconds: 600,
};
/// Blocks and unblocks per account.
pub const BLOCKS_PER_ACCOUNT: Quota = Quota {
    name: "blocks_per_account",
    burst: 10,
    refill_seconds: 600,
};
/// Changes to one's name and profile per account.
pub const PROFILE_EDITS_PER_ACCOUNT: Quota = Quota {
    name: "profile_edits_per_account",
    burst: 10,
    refill_seconds: 600,
};
/// Edits, renewals, cancellations and closings of needs per account.
pub const NEED_EDITS_PER_ACCOUNT: Quota = Quota {
    name: "need_edits_per_account",
    burst: 20,
    refill_seconds: 180,
};
/// Every form a member sends, whatever it does (moderators and admins
/// excepted): the ceiling for writes no narrower limit names.
pub const WRITES_PER_ACCOUNT: Quota = Quota {
    name: "writes_per_account",
    burst: 120,
    refill_seconds: 5,
};

/// Slots in the table of buckets: a fixed size, so memory never grows
/// (about 2 MiB), whatever keys an attacker invents.
const SLOTS: usize = 1 << 16;
/// Slots tried for a key before it shares one.
const PROBES: usize = 4;

#[derive(Clone, Copy, Debug)]
struct Bucket {
    // Thousandths of an attempt, so refills need no floating point.
    milli_tokens: i64,
    updated_ms: i64,
    quota: Quota,
}

impl Bucket {
    fn full(quota: Quota, now_ms: i64) -> Self {
        Self {
            milli_tokens: i64::from(quota.burst) * 1000,
            updated_ms: now_ms,
            quota,
        }
    }

    fn refilled(mut self, now_ms: i64) -> Self {
        let capacity = i64::from(self.quota.burst) * 1000;
        let elapsed = (now_ms - self.updated_ms).max(0);
        let gained = elapsed / i64::from(self.quota.refill_seconds.max(1));
        self.milli_tokens = (self.milli_tokens + gained).min(capacity);
        self.updated_ms = now_ms;
        self
    }

    fn is_full(&self) -> bool {
        self.milli_tokens >= i64::from(self.quota.burst) * 1000
    }

    fn seconds_until_one(&self) -> u64 {
        let missing = (1000 - self.milli_tokens).max(0);
        let seconds = missing * i64::from(self.quota.refill_seconds) / 1000;
        u64::try_from(seconds.max(1)).unwrap_or(1)
    }
}

#[derive(Clone, Copy, Debug)]
struct Slot {
    // A keyed hash of the bucket's key; 0 marks an empty slot.
    key: u64,
    bucket: Bucket,
}

/// The buckets, shared by every worker: a fixed table indexed by a keyed
/// hash (SipHash with a random key per process, so nobody can aim keys at
/// a slot). A key takes an empty slot, its own, or one whose bucket has
/// refilled completely; a live bucket is never thrown away to make room, so
/// a flood of made-up keys cannot reset the bucket of an account under
/// attack. When every probed slot is live, the key shares the first one:
/// under such a flood some strangers are limited early, never late.
#[derive(Debug)]
pub struct RateLimiter {
    clock: Clock,
    hasher: std::hash::RandomState,
    slots: Mutex<Vec<Slot>>,
}

impl RateLimiter {
    /// An empty set of buckets reading time from `clock`.
    pub fn new(clock: Clock) -> Self {
        let empty = Slot {
            key: 0,
            bucket: Bucket::full(
                Quota {
                    name: "empty",
                    burst: 1,
                    refill_seconds: 1,
                },
                0,
            ),
        };
        Self {
            clock,
            hasher: std::hash::RandomState::new(),
            slots: Mutex::new(vec![empty; SLOTS]),
        }
    }

    /// Takes one attempt from the bucket, or says how many seconds to wait.
    pub fn take(&self, key: &str, quota: Quota) -> Result<(), u64> {
        self.with_bucket(key, quota, |bucket| {
            if bucket.milli_tokens >= 1000 {
                bucket.milli_tokens -= 1000;
                Ok(())
            } else {
                Err(bucket.seconds_until_one())
            }
        })
    }

    /// Gives back an attempt taken by [`RateLimiter::take`] (a log-in that succeeded).
    pub fn give_back(&self, key: &str, quota: Quota) {
        self.with_bucket(key, quota, |bucket| {
            let capacity = i64::from(bucket.quota.burst) * 1000;
            bucket.milli_tokens = (bucket.milli_tokens + 1000).min(capacity);
        });
    }

    fn with_bucket<T>(&self, key: &str, quota: Quota, f: impl FnOnce(&mut Bucket) -> T) -> T {
        let now = self.clock.now_millis();
        let hash = self.hasher.hash_one(key) | 1;
        // A poisoned lock only means another request panicked mid-update;
        // the buckets are still usable numbers.
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        let first = usize::try_from(hash).unwrap_or_default() % SLOTS;
        let probed = (0..PROBES).map(|i| (first + i) % SLOTS);
        let mut chosen = None;
        for index in probed {
            let slot = &mut slots[index];
            slot.bucket = slot.bucket.refilled(now);
            if slot.key == hash {
                chosen = Some(index);
                break;
            }
            if chosen.is_none() && (slot.key == 0 || slot.bucket.is_full()) {
                chosen = Some(index);
            }
        }
        let index = chosen.unwrap_or(first);
        let slot = &mut slots[index];
        if slot.key != hash && (slot.key == 0 || slot.bucket.is_full()) {
            *slot = Slot {
                key: hash,
                bucket: Bucket::full(quota, now),
            };
        }
        f(&mut slot.bucket)
    }
}

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

#[derive(QueryableByName)]
struct Taken {
    #[diesel(sql_type = Bool)]
    granted: bool,
    #[diesel(sql_type = BigInt)]
    milli_tokens: i64,
}

/// One attempt from a bucket, in one statement: the bucket is made full if
/// it is new, refilled for the time passed, and an attempt taken if one is
/// there. `$1` key, `$2` capacity in thousandths, `$3` now in ms, `$4`
/// seconds per attempt (so ms per thousandth).
const TAKE_SQL: &str = "
INSERT INTO rate_limits AS b (key, milli_tokens, updated_ms, full_at_ms, granted)
VALUES ($1, $2 - 1000, $3, $3 + 1000 * $4, TRUE)
ON CONFLICT (key) DO UPDATE SET
    granted = LEAST($2, b.milli_tokens + GREATEST(0, $3 - b.updated_ms) / $4) >= 1000,
    milli_tokens = LEAST($2, b.milli_tokens + GREATEST(0, $3 - b.updated_ms) / $4)
        - CASE WHEN LEAST($2, b.milli_tokens + GREATEST(0, $3 - b.updated_ms) / $4) >= 1000
          THEN 1000 ELSE 0 END,
    updated_ms = $3,
    full_at_ms = $3 + ($2 - LEAST($2, b.milli_tokens + GREATEST(0, $3 - b.updated_ms) / $4)
        + CASE WHEN LEAST($2, b.milli_tokens + GREATEST(0, $3 - b.updated_ms) / $4) >= 1000
          THEN 1000 ELSE 0 END) * $4
RETURNING granted, milli_tokens";

/// Gives an attempt back, never beyond the bucket's capacity.
const GIVE_BACK_SQL: &str = "
UPDATE rate_limits SET
    milli_tokens = LEAST($2, milli_tokens + 1000),
    full_at_ms = GREATEST($3, full_at_ms - 1000 * $4)
WHERE key = $1";

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
                let (key, now) = (shared_key(key), self.clock.now_millis());
                db.run(move |conn| Ok(take_shared(conn, key, quota, now)?))
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
                let (key, now) = (shared_key(key), self.clock.now_millis());
                db.run(move |conn| {
                    if let DbConnection::Pg(pg) = conn {
                        diesel::sql_query(GIVE_BACK_SQL)
                            .bind::<BigInt, _>(key)
                            .bind::<BigInt, _>(capacity(quota))
                            .bind::<BigInt, _>(now)
                            .bind::<BigInt, _>(i64::from(quota.refill_seconds.max(1)))
                            .execute(pg)?;
                    }
                    Ok(())
                })
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
        db.run(move |conn| {
            Ok(match conn {
                DbConnection::Pg(pg) => {
                    diesel::sql_query("DELETE FROM rate_limits WHERE full_at_ms < $1")
                        .bind::<BigInt, _>(now)
                        .execute(pg)?
                }
                DbConnection::Sqlite(_) => 0,
            })
        })
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

/// What a member who reached a write limit is told: what they did too
/// often, and how long to wait. What they typed is kept.
pub fn too_often(quota: Quota, wait: u64) -> String {
    let what = match quota.name {
        "messages_per_account" => "sent a lot of messages",
        "offers_per_account" => "offered and withdrawn help a lot",
        "reports_per_account" => "sent a lot of reports",
        "blocks_per_account" => "blocked and unblocked a lot",
        "profile_edits_per_account" => "changed your name or profile a lot",
        "need_edits_per_account" => "changed your needs a lot",
        _ => "sent a lot of forms",
    };
    format!(
        "You have {what} in a short time. Please wait {} and try again.",
        crate::kernel::words::format_wait(wait)
    )
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

fn capacity(quota: Quota) -> i64 {
    i64::from(quota.burst) * 1000
}

/// The first 8 bytes of the key's SHA-256: shared by every process (unlike
/// the in-memory table's per-process key), and the key itself never stored.
fn shared_key(key: &str) -> i64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

fn take_shared(
    conn: &mut DbConnection,
    key: i64,
    quota: Quota,
    now_ms: i64,
) -> QueryResult<Result<(), u64>> {
    let DbConnection::Pg(pg) = conn else {
        return Err(diesel::result::Error::QueryBuilderError(
            "shared rate limits need PostgreSQL".into(),
        ));
    };
    let refill = i64::from(quota.refill_seconds.max(1));
    let taken: Taken = diesel::sql_query(TAKE_SQL)
        .bind::<BigInt, _>(key)
        .bind::<BigInt, _>(capacity(quota))
        .bind::<BigInt, _>(now_ms)
        .bind::<BigInt, _>(refill)
        .get_result(pg)?;
    if taken.granted {
        return Ok(Ok(()));
    }
    let missing = (1000 - taken.milli_tokens).max(0);
    let seconds = (missing * refill / 1000).max(1);
    Ok(Err(u64::try_from(seconds).unwrap_or(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUOTA: Quota = Quota {
        name: "test",
        burst: 3,
        refill_seconds: 60,
    };

    #[test]
    fn a_bucket_allows_its_burst_then_refuses_with_a_wait() {
        let limiter = RateLimiter::new(Clock::manual(0));
        for _ in 0..3 {
            assert!(limiter.take("k", QUOTA).is_ok());
        }
        assert_eq!(limiter.take("k", QUOTA), Err(60));
        assert!(limiter.take("other", QUOTA).is_ok());
    }

    #[test]
    fn attempts_come_back_with_time() {
        let clock = Clock::manual(0);
        let limiter = RateLimiter::new(clock.clone());
        for _ in 0..3 {
            assert!(limiter.take("k", QUOTA).is_ok());
        }
        clock.advance(30);
        assert_eq!(limiter.take("k", QUOTA), Err(30));
        clock.advance(30);
        assert!(limiter.take("k", QUOTA).is_ok());
        assert!(limiter.take("k", QUOTA).is_err());
    }

    #[test]
    fn a_flood_of_made_up_keys_never_resets_a_drained_bucket() {
        let limiter = RateLimiter::new(Clock::manual(0));
        for _ in 0..3 {
            assert!(
                limiter
                    .take("login-account:member@example.org", QUOTA)
                    .is_ok()
            );
        }
        for i in 0..(SLOTS * 3) {
            let _ = limiter.take(&format!("login-account:fake{i}@example.org"), QUOTA);
        }
        assert!(
            limiter
                .take("login-account:member@example.org", QUOTA)
                .is_err()
        );
    }

    #[test]
    fn keys_are_not_stored_so_long_keys_cost_nothing() {
        let limiter = RateLimiter::new(Clock::manual(0));
        let long = "x".repeat(1 << 20);
        assert!(limiter.take(&long, QUOTA).is_ok());
        let held = limiter.slots.lock().map(|s| s.len()).unwrap_or_default();
        assert_eq!(held, SLOTS);
    }

    #[test]
    fn giving_back_restores_an_attempt_but_never_beyond_the_burst() {
        let limiter = RateLimiter::new(Clock::manual(0));
        assert!(limiter.take("k", QUOTA).is_ok());
        limiter.give_back("k", QUOTA);
        limiter.give_back("k", QUOTA);
        for _ in 0..3 {
            assert!(limiter.take("k", QUOTA).is_ok());
        }
        assert!(limiter.take("k", QUOTA).is_err());
    }
}
