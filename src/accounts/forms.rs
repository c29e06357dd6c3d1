//! Parsing what people type into account values: each parser returns the
//! value or the sentence to show next to the field.

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

/// Longest display name, in characters.
pub const NAME_MAX: usize = 60;

/// A display name: trimmed, 1 to 60 characters of any script, without
/// control characters or the invisible direction overrides that can make a
/// name read as someone else's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// Reads a name.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let name = input.trim();
        if name.is_empty() {
            return Err("Enter the name your neighbours will know you by.");
        }
        if name.chars().count() > NAME_MAX {
            return Err("Use at most 60 characters.");
        }
        let hidden = |c: char| {
            c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        };
        if name.chars().any(hidden) {
            return Err("Use letters, numbers, spaces and punctuation only.");
        }
        Ok(Self(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn names_in_any_script_are_kept_trimmed() {
        assert_eq!(
            DisplayName::parse("  Zoë Ōtsuka ").map(DisplayName::into_string),
            Ok("Zoë Ōtsuka".into())
        );
        assert!(DisplayName::parse("Фатима").is_ok());
        assert!(DisplayName::parse("李小龍").is_ok());
    }

    #[test]
    fn empty_long_and_hidden_character_names_are_refused() {
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"a".repeat(61)).is_err());
        assert!(DisplayName::parse(&"é".repeat(60)).is_ok());
        assert!(DisplayName::parse("Ann\u{7}").is_err());
        assert!(DisplayName::parse("Ann\u{202E}htims").is_err());
    }
}
