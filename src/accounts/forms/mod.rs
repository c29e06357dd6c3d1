//! Parsing what people type into account values: each parser returns the
//! value or the sentence to show next to the field.
//!
//! E-mail addresses are here; display names, with the Unicode rules that
//! keep them visible and tell look-alikes apart, in `name` and `characters`.

mod characters;
mod name;

pub use name::{DisplayName, LOOKS_LIKE_STAFF, MARKS_IN_A_ROW_MAX, NAME_MAX};

/// A normalised e-mail address: trimmed and lower-case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Reads an address; the check is deliberately loose (one `@`, a dot in
    /// the domain, no spaces) since only sending mail can prove an address.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err("Enter your email address.");
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err("Enter an email address like name@example.org.");
        };
        let well_formed = !local.is_empty()
            && local.chars().count() <= 64
            && email.chars().count() <= 254
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if well_formed {
            Ok(Self(email))
        } else {
            Err("Enter an email address like name@example.org.")
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// An address shown only in part, as a notice to another address names
/// it: the first character of the part before the `@`, then `***`, then
/// the domain (`n***@example.org`). Enough for its owner to know it, not
/// enough for a stranger who reads the notice to write to it.
pub fn mask_address(address: &str) -> String {
    let (local, domain) = address.rsplit_once('@').unwrap_or((address, ""));
    let first: String = local.chars().take(1).collect();
    if domain.is_empty() {
        format!("{first}***")
    } else {
        format!("{first}***@{domain}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_masked_to_its_first_character_and_domain() {
        assert_eq!(mask_address("nadia.ortiz@example.org"), "n***@example.org");
        assert_eq!(mask_address("n@example.org"), "n***@example.org");
        assert_eq!(mask_address("émile@example.fr"), "é***@example.fr");
        assert_eq!(mask_address("nonsense"), "n***");
    }

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        let email = Email::parse("  Ann.Smith@Example.ORG ").expect("valid");
        assert_eq!(email.as_str(), "ann.smith@example.org");
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "",
            "ann",
            "ann@",
            "@example.org",
            "ann@example",
            "ann smith@example.org",
            "ann@.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
