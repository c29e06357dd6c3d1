//! Token buckets in memory, keyed by what is being limited (an address, an
//! account, a browser). One process keeps one set of buckets: a deployment
//! that runs several processes behind one proxy multiplies the limits.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::clock::Clock;

/// How many attempts may come at once, and how fast they come back.
#[derive(Clone, Copy, Debug)]
pub struct Quota {
    /// Attempts available at once.
    pub burst: u32,
    /// Seconds for one attempt to come back.
    pub refill_seconds: u32,
}

/// Log-ins per client address (attempts that succeed are given back).
pub const LOGIN_PER_ADDRESS: Quota = Quota {
    burst: 30,
    refill_seconds: 20,
};
/// Failed log-ins per account from browsers that never logged in to it.
pub const LOGIN_PER_ACCOUNT: Quota = Quota {
    burst: 10,
    refill_seconds: 180,
};
/// Failed log-ins per account from one browser that logged in to it before.
pub const LOGIN_PER_DEVICE: Quota = Quota {
    burst: 10,
    refill_seconds: 180,
};
/// Sign-ups per client address.
pub const SIGNUP_PER_ADDRESS: Quota = Quota {
    burst: 10,
    refill_seconds: 360,
};
/// Wrong current passwords per account when changing it.
pub const PASSWORD_CHANGE_PER_ACCOUNT: Quota = Quota {
    burst: 5,
    refill_seconds: 180,
};
/// Password changes per client address.
pub const PASSWORD_CHANGE_PER_ADDRESS: Quota = Quota {
    burst: 20,
    refill_seconds: 60,
};
/// First-admin setup attempts per client address.
pub const SETUP_PER_ADDRESS: Quota = Quota {
    burst: 10,
    refill_seconds: 60,
};

/// With more buckets than this, full ones are swept away and, if that is not
/// enough, the least recently used half; so memory stays bounded whatever
/// keys an attacker invents, and sweeping costs O(1) per request on average.
const SWEEP_ABOVE: usize = 50_000;

#[derive(Clone, Copy, Debug)]
struct Bucket {
    // Thousandths of an attempt, so refills need no floating point.
    milli_tokens: i64,
    updated_ms: i64,
    quota: Quota,
}

impl Bucket {
    fn refilled(mut self, now_ms: i64) -> Self {
        let capacity = i64::from(self.quota.burst) * 1000;
        let elapsed = (now_ms - self.updated_ms).max(0);
        let gained = elapsed / i64::from(self.quota.refill_seconds.max(1));
        self.milli_tokens = (self.milli_tokens + gained).min(capacity);
        self.updated_ms = now_ms;
        self
    }

    fn seconds_until_one(&self) -> u64 {
        let missing = (1000 - self.milli_tokens).max(0);
        let seconds = missing * i64::from(self.quota.refill_seconds) / 1000;
        u64::try_from(seconds.max(1)).unwrap_or(1)
    }
}

/// The buckets, shared by every worker.
#[derive(Debug)]
pub struct RateLimiter {
    clock: Clock,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    /// An empty set of buckets reading time from `clock`.
    pub fn new(clock: Clock) -> Self {
        Self {
            clock,
            buckets: Mutex::new(HashMap::new()),
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
            bucket.milli_tokens = (bucket.milli_tokens + 1000).min(i64::from(quota.burst) * 1000);
        });
    }

    fn with_bucket<T>(&self, key: &str, quota: Quota, f: impl FnOnce(&mut Bucket) -> T) -> T {
        let now = self.clock.now_millis();
        // A poisoned lock only means another request panicked mid-update;
        // the buckets are still usable numbers.
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > SWEEP_ABOVE {
            sweep(&mut buckets, now);
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            milli_tokens: i64::from(quota.burst) * 1000,
            updated_ms: now,
            quota,
        });
        *bucket = bucket.refilled(now);
        f(bucket)
    }
}

fn sweep(buckets: &mut HashMap<String, Bucket>, now: i64) {
    buckets.retain(|_, b| {
        let b = b.refilled(now);
        b.milli_tokens < i64::from(b.quota.burst) * 1000
    });
    if buckets.len() > SWEEP_ABOVE / 2 {
        let mut times: Vec<i64> = buckets.values().map(|b| b.updated_ms).collect();
        let middle = times.len() / 2;
        let (_, median, _) = times.select_nth_unstable(middle);
        let median = *median;
        buckets.retain(|_, b| b.updated_ms > median);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUOTA: Quota = Quota {
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
    fn memory_stays_bounded_when_every_request_invents_a_new_key() {
        let clock = Clock::manual(0);
        let limiter = RateLimiter::new(clock.clone());
        for i in 0..(SWEEP_ABOVE * 2) {
            let _ = limiter.take(&format!("key-{i}"), QUOTA);
            if i % 1000 == 0 {
                clock.advance(1);
            }
        }
        let held = limiter
            .buckets
            .lock()
            .map(|b| b.len())
            .unwrap_or(usize::MAX);
        assert!(held <= SWEEP_ABOVE + 1, "{held} buckets held");
        // The most recent keys are still limited.
        let last = format!("key-{}", SWEEP_ABOVE * 2 - 1);
        assert!(limiter.take(&last, QUOTA).is_ok());
        assert!(limiter.take(&last, QUOTA).is_ok());
        assert!(limiter.take(&last, QUOTA).is_err());
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
