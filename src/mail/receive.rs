//! `kith mail receive`: what Kith does with a message a mail server hands
//! it, and the exit status that tells the server how it went.
//!
//! Kith's mail leaves with an envelope sender naming the message
//! (`bounce+CODE@` the mail domain, VERP), so a delivery status report
//! (RFC 3464) that comes back says which message, and so which member's
//! address, did not get it. A permanent failure (`5.x.x`) marks that
//! address as failing, exactly as a refusal at sending does: the member
//! sees the banner, and an asker sees that an accepted helper may not have
//! been told. A delay (`4.x.x`) changes nothing.

use diesel::prelude::*;

use super::inbound::Inbound;
use crate::db::DbConnection;
use crate::db::schema::outbox;
use crate::kernel::identity::UserId;

/// The local part that starts the envelope sender of every message:
/// `bounce+CODE@`.
pub const BOUNCE_PREFIX: &str = "bounce+";

/// The local part that starts a conversation's reply address.
pub const REPLY_PREFIX: &str = "reply+";

/// What came of a message, as the mail server is told by the exit status
/// (the `sysexits.h` codes mail servers understand).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Received {
    /// Taken (whether or not it changed anything): 0.
    Taken,
    /// No such address here: 67 (`EX_NOUSER`), and the server bounces it.
    UnknownRecipient,
    /// Not now (the database did not answer): 75 (`EX_TEMPFAIL`), and the
    /// server tries again later.
    TryLater,
}

impl Received {
    /// The exit status for the mail server.
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Taken => 0,
            Self::UnknownRecipient => 67,
            Self::TryLater => 75,
        }
    }
}

/// Which of Kith's addresses a message is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Addressed {
    /// A report about the message with this code.
    Bounce(String),
    /// A reply through the reply address with this code.
    Reply(String),
}

/// Which of Kith's addresses `recipient` (the one the mail server names,
/// or else the ones the headers give) is.
pub fn addressed(recipient: Option<&str>, inbound: &Inbound) -> Option<Addressed> {
    let named = recipient.map(str::to_ascii_lowercase);
    named
        .iter()
        .chain(inbound.recipients.iter())
        .find_map(|address| {
            let (local, _) = address.trim_matches(['<', '>']).rsplit_once('@')?;
            let code = |prefix: &str| {
                local
                    .strip_prefix(prefix)
                    .filter(|c| !c.is_empty() && c.chars().all(|c| c.is_ascii_alphanumeric()))
                    .map(str::to_ascii_lowercase)
            };
            code(BOUNCE_PREFIX)
                .map(Addressed::Bounce)
                .or_else(|| code(REPLY_PREFIX).map(Addressed::Reply))
        })
}

/// Takes a report sent back to the bounce address of message `code`:
/// `None` if no such message is known; `Some(true)` if it said the
/// message failed for good, and the member's address is now marked as
/// failing.
pub fn bounce(conn: &mut DbConnection, code: &str, inbound: &Inbound) -> QueryResult<Option<bool>> {
    let found: Option<(Option<i64>, String)> = crate::db::one(
        outbox::table
            .filter(outbox::message_id.eq(code))
            .select((outbox::to_user, outbox::to_address))
            .load(conn),
    )?;
    let Some((to_user, address)) = found else {
        return Ok(None);
    };
    let failed_for_good = inbound
        .report
        .as_ref()
        .is_some_and(|report| report.recipients.iter().any(|d| d.is_permanent_failure()));
    if failed_for_good && let Some(user) = to_user {
        // The member's row belongs to accounts.
        crate::accounts::db::set_mail_failing(conn, UserId(user), &address, true)?;
    }
    Ok(Some(failed_for_good))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(addresses: &[&str]) -> Inbound {
        Inbound {
            recipients: addresses.iter().map(|a| (*a).to_owned()).collect(),
            ..Inbound::default()
        }
    }

    #[test]
    fn the_address_the_server_names_comes_first_then_the_headers() {
        let inbound = to(&["someone@example.org", "bounce+abc234@kith.example.org"]);
        assert_eq!(
            addressed(None, &inbound),
            Some(Addressed::Bounce("abc234".into()))
        );
        assert_eq!(
            addressed(Some("Reply+XYZ@kith.example.org"), &inbound),
            Some(Addressed::Reply("xyz".into()))
        );
        assert_eq!(addressed(None, &to(&["kith@kith.example.org"])), None);
        assert_eq!(addressed(None, &to(&["bounce+@kith.example.org"])), None);
        assert_eq!(
            addressed(None, &to(&["bounce+a'b@kith.example.org"])),
            None,
            "a code is letters and digits"
        );
    }

    #[test]
    fn exit_codes_are_the_ones_mail_servers_understand() {
        assert_eq!(Received::Taken.exit_code(), 0);
        assert_eq!(Received::UnknownRecipient.exit_code(), 67);
        assert_eq!(Received::TryLater.exit_code(), 75);
    }
}
