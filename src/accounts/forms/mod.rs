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
    /// Reads an address: a bare `local@domain`, trimmed and lower-cased,
    /// that the mail library parses as one address. Only sending mail can
    /// prove an address is real, but every other form a mail program
    /// understands is refused here: a name with the address in angle
    /// brackets (`x<victim@example.org>`), a list (`a@b.example,c@d.example`),
    /// a comment (`(c)victim@example.org`), a quoted local part or an IP
    /// address for a domain. Each of those would let one mailbox hold many
    /// accounts, or make an account whose mail can never be sent.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err("Enter your email address.");
        }
        if email.contains(['<', '>', '"', ',', ';', '(', ')']) {
            return Err(
                "Enter the address on its own, like name@example.org, without a name, \
                 brackets or a second address.",
            );
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err("Enter an email address like name@example.org.");
        };
        let local_ok = !local.is_empty()
            && local.chars().count() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
        let domain_ok = domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-')
            // A name, not an IP address: the last label holds a letter.
            && domain
                .rsplit('.')
                .next()
                .is_some_and(|tld| tld.chars().any(char::is_alphabetic));
        let well_formed = local_ok
            && domain_ok
            && email.chars().count() <= 254
            && email.parse::<lettre::Address>().is_ok();
        if well_formed {
            Ok(Self(email))
        } else {
            Err("Enter an email address like name@example.org.")
        }
    }

    /// The mailbox the address reaches, as a key for limits on mail sent
    /// to it: the domain as mail servers look it up (IDNA: `bücher.example`
    /// and `xn--bcher-kva.example`, full-width letters and the like are one
    /// domain), the local part without a `+tag` (`ann+1@example.org` and
    /// `ann@example.org` reach one mailbox), and for Gmail, under either of
    /// its names, without dots.
    pub fn mailbox_key(&self) -> String {
        let (local, domain) = self.0.split_once('@').unwrap_or((&self.0, ""));
        let domain = idna::domain_to_ascii(domain).unwrap_or_else(|_| domain.to_owned());
        let local = local.split_once('+').map_or(local, |(base, _)| base);
        let (local, domain) = match domain.as_str() {
            "gmail.com" | "googlemail.com" => (local.replace('.', ""), "gmail.com".to_owned()),
            _ => (local.to_owned(), domain),
        };
        format!("{local}@{domain}")
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
            "ann@@example.org",
            "ann@example.org@evil.example",
            "ann..smith@example.org",
            ".ann@example.org",
            "ann@[127.0.0.1]",
            "ann@127.0.0.1",
            "ann@-example.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn an_address_with_a_name_or_a_second_address_is_refused_with_words_that_say_so() {
        for bad in [
            "x<victim@target.example>",
            "<victim@target.example>",
            "\"x\"<victim@target.example>",
            "\"victim\"@target.example",
            "Victim <victim@target.example>",
            "a@b.example,victim@target.example",
            "a@b.example;victim@target.example",
            "(c)victim@target.example",
            "victim@target.example(c)",
        ] {
            let refused = Email::parse(bad).expect_err(bad);
            assert!(
                refused.contains("on its own") || refused.contains("like name@example.org"),
                "{bad:?}: {refused}"
            );
        }
        assert!(
            Email::parse("x<victim@target.example>")
                .expect_err("a name")
                .contains("without a name")
        );
    }

    #[test]
    fn ordinary_addresses_are_kept_as_typed_but_lower_case() {
        for (typed, kept) in [
            ("ann@example.org", "ann@example.org"),
            (
                "Ann.Smith+kith@Mail.Example.ORG",
                "ann.smith+kith@mail.example.org",
            ),
            ("o'neill@example.ie", "o'neill@example.ie"),
            ("émile@exemple.fr", "émile@exemple.fr"),
            ("ann@bücher.example", "ann@bücher.example"),
            ("x_y-z@sub.example.co.uk", "x_y-z@sub.example.co.uk"),
        ] {
            assert_eq!(
                Email::parse(typed).map(Email::into_string),
                Ok(kept.to_owned())
            );
        }
    }

    #[test]
    fn tagged_and_dotted_forms_of_one_mailbox_share_its_key() {
        let key = |typed: &str| Email::parse(typed).expect(typed).mailbox_key();
        assert_eq!(key("victim+1@target.example"), "victim@target.example");
        assert_eq!(key("Victim+spam+2@Target.Example"), "victim@target.example");
        assert_eq!(key("v.ic.tim+x@gmail.com"), "victim@gmail.com");
        assert_eq!(key("v.ictim@target.example"), "v.ictim@target.example");
        assert_eq!(key("victim@googlemail.com"), "victim@gmail.com");
        assert_eq!(key("ann@bücher.example"), key("ann@xn--bcher-kva.example"));
        assert_eq!(key("ann@ｔａｒｇｅｔ.example"), "ann@target.example");
    }
}
