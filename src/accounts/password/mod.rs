//! The password policy: what a new password may be. The hashing itself
//! (argon2id on threads of its own) is [`crate::kernel::passwords`].

pub use crate::kernel::passwords::{HASH_WAIT, IDLE, MEMORY_KIB, Passwords, hash_now};

use std::collections::HashSet;
use std::sync::LazyLock;

/// Shortest password accepted, in characters.
pub const MIN_LENGTH: usize = 8;
/// Longest password accepted, in characters.
pub const MAX_LENGTH: usize = 256;

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
}
