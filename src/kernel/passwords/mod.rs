//! Password hashing: argon2id at OWASP's minimum (19 MiB, 2 passes,
//! 1 lane), on a few threads of its own so that a flood of log-ins cannot
//! take the server's memory or its request threads. `argon` holds the
//! hashing itself, `threads` the [`Passwords`] threads it runs on. What a
//! new password may be is the accounts feature's policy.

mod argon;
mod threads;

use std::time::Duration;

pub use argon::hash_now;
pub use threads::{IDLE, Passwords};

/// How long a request waits for a hashing thread before "busy, try again".
pub const HASH_WAIT: Duration = Duration::from_secs(5);
/// argon2 memory per hash, in KiB (19 MiB).
pub const MEMORY_KIB: u32 = 19 * 1024;
