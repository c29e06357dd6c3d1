//! Password hashing (argon2id, OWASP's minimum: 19 MiB, 2 passes, 1 lane)
//! and the password policy.
//!
//! Hashing is slow on purpose, so it runs on blocking threads behind a
//! semaphore of one permit per core: a flood of log-ins waits its turn
//! instead of starving page rendering, and after [`HASH_WAIT`] it is told
//! the site is busy rather than queueing without end.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::error::AppError;

/// Shortest password accepted, in characters.
pub const MIN_LENGTH: usize = 8;
/// Longest password accepted, in characters.
pub const MAX_LENGTH: usize = 256;
/// How long a request waits for a hashing slot before "busy, try again".
pub const HASH_WAIT: Duration = Duration::from_secs(5);

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common-passwords.txt")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .collect()
});

/// How many passwords the bundled list refuses.
pub fn common_password_count() -> usize {
    COMMON.len()
}

fn argon2() -> Argon2<'static> {
    // 19 MiB, 2 iterations, 1 lane: valid constants, so this cannot fail.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Checks a new password exactly as typed (no trimming, no rules about
/// character classes); the error is the sentence shown next to the field.
pub fn check_new_password(password: &str, email: &str, name: &str) -> Result<(), &'static str> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err("Use at least 8 characters. A short sentence is easy to remember.");
    }
    if length > MAX_LENGTH {
        return Err("Use at most 256 characters.");
    }
    let lower = password.to_lowercase();
    if COMMON.contains(lower.as_str()) {
        return Err("This password is one of the most common and easily guessed. Choose another.");
    }
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    let name = name.trim().to_lowercase();
    if lower == email
        || (!local.is_empty() && lower == local)
        || (!name.is_empty() && lower == name)
    {
        return Err("Do not use your email address or name as your password.");
    }
    Ok(())
}

/// Hashes and verifies passwords, one per core at a time.
#[derive(Clone, Debug)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    // Verified against when the email is unknown, so that answer takes as
    // long as a wrong password for a real account.
    dummy_hash: Arc<str>,
}

impl Passwords {
    /// Prepares the hasher (hashing one random password for the dummy).
    pub fn new() -> Result<Self, AppError> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let dummy = hash_now(&crate::web::random_token(16))?;
        Ok(Self {
            permits: Arc::new(Semaphore::new(cores)),
            dummy_hash: dummy.into(),
        })
    }

    /// The PHC string of `password`.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let permit = self.permit().await?;
        actix_web::web::block(move || {
            let _permit = permit;
            hash_now(&password)
        })
        .await?
    }

    /// Whether `password` matches `stored`; with no stored hash (an unknown
    /// account) a dummy is checked and the answer is always no.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        let permit = self.permit().await?;
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy_hash.to_string());
        let matches = actix_web::web::block(move || {
            let _permit = permit;
            let parsed = PasswordHash::new(&hash)
                .map_err(|e| AppError::internal(format!("stored hash unreadable: {e}")))?;
            Ok::<_, AppError>(
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok(),
            )
        })
        .await??;
        Ok(known && matches)
    }

    async fn permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, AppError> {
        match tokio::time::timeout(HASH_WAIT, self.permits.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_)) => Err(AppError::internal("password semaphore closed")),
            Err(_) => Err(AppError::Busy),
        }
    }
}

/// Hashes on the calling thread; for the command line and start-up.
pub fn hash_now(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(format!("hashing failed: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_refuses_at_least_ten_thousand_passwords() {
        assert!(common_password_count() >= 10_000);
    }

    #[test]
    fn short_common_and_personal_passwords_are_refused() {
        assert!(check_new_password("short", "a@b.org", "Ann").is_err());
        assert!(check_new_password("password1", "a@b.org", "Ann").is_err());
        assert!(check_new_password("PASSWORD1", "a@b.org", "Ann").is_err());
        assert!(check_new_password("ann@example.org", "Ann@example.org", "Ann").is_err());
        assert!(check_new_password("annabelle", "annabelle@example.org", "Ann").is_err());
        assert!(check_new_password("Ann Smith", "x@example.org", "ann smith").is_err());
    }

    #[test]
    fn long_unusual_passwords_are_accepted_exactly_as_typed() {
        assert!(check_new_password("  kettle on the windowsill  ", "a@b.org", "Ann").is_ok());
        assert!(check_new_password(&"x".repeat(128), "a@b.org", "Ann").is_ok());
        assert!(check_new_password(&"x".repeat(257), "a@b.org", "Ann").is_err());
        assert!(check_new_password("ключ от двери", "a@b.org", "Ann").is_ok());
    }

    #[test]
    fn hashes_are_argon2id_with_the_owasp_parameters() {
        let hash = hash_now("kettle on the windowsill").expect("hashes");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
    }
}
