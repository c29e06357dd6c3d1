//! The in-memory buckets used on SQLite, where one process serves the
//! database: a fixed table of slots that never grows.

use std::hash::BuildHasher;
use std::sync::Mutex;

use super::Quota;
use crate::clock::Clock;

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
