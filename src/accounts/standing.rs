//! A member's standing: whether they may use the site fully, only read it,
//! or only see where their application stands. The gate here runs once
//! per request, in the session middleware, so no handler can forget it.

use actix_web::http::Method;

use super::SessionUser;
use crate::error::AppError;

/// Whether an account may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Applied in approval mode; waiting for a moderator.
    Pending,
    /// A member in good standing (possibly suspended for a while).
    Active,
    /// The application was turned down.
    Rejected,
    /// Banned by a moderator: no session works.
    Banned,
}

impl Standing {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Rejected => "rejected",
            Self::Banned => "banned",
        }
    }

    /// Reads the stored word; anything unknown is treated as banned, the
    /// least privileged standing.
    pub fn from_db(word: &str) -> Self {
        match word {
            "pending" => Self::Pending,
            "active" => Self::Active,
            "rejected" => Self::Rejected,
            _ => Self::Banned,
        }
    }

    /// Whether the account is still an application (pending or rejected).
    pub fn is_applicant(self) -> bool {
        matches!(self, Self::Pending | Self::Rejected)
    }
}

/// A suspension in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suspension {
    /// Unix seconds when it ends.
    pub until: i64,
    /// Why.
    pub reason: String,
}

impl Suspension {
    /// The end, in words: "Tuesday 3 December 2026, 14:00".
    pub fn until_words(&self) -> String {
        crate::clock::local(self.until)
            .format("%A %-d %B %Y, %H:%M")
            .to_string()
    }
}

/// The one page an applicant may see.
pub const WAITING_PAGE: &str = "/waiting";

/// What a request by `user` may do, given their standing.
pub enum Gate {
    /// Go ahead.
    Pass,
    /// An applicant asked for a page: show them the waiting page instead.
    ToWaitingPage,
    /// Refused, with the reason.
    Refuse(AppError),
}

/// Posts a suspended member may still make: leaving, keeping their
/// account secure, acknowledging a warning and appealing.
const SUSPENDED_MAY_POST: [&str; 4] = ["/logout", "/account/password", "/warning", "/appeals"];

/// Decides what `user` may do with `method` on `path`.
pub fn gate(user: &SessionUser, method: &Method, path: &str) -> Gate {
    let reads = method == Method::GET || method == Method::HEAD;
    if user.standing.is_applicant() {
        if path == WAITING_PAGE || (path == "/logout" && !reads) {
            return Gate::Pass;
        }
        if reads {
            return Gate::ToWaitingPage;
        }
        return Gate::Refuse(AppError::Restricted(
            "Waiting for approval",
            "Your application has not been approved yet, so your account cannot do this.".into(),
        ));
    }
    if let Some(suspension) = &user.suspension {
        let allowed = SUSPENDED_MAY_POST
            .iter()
            .any(|p| path == *p || path.starts_with(&format!("{p}/")));
        if !reads && !allowed {
            return Gate::Refuse(AppError::Restricted(
                "Your account is suspended",
                format!(
                    "Until {}, you can read but not post, volunteer or send messages. \
                     The reason given: {}",
                    suspension.until_words(),
                    suspension.reason
                ),
            ));
        }
    }
    Gate::Pass
}

#[cfg(test)]
mod tests {
    use super::{Standing, Suspension};

    #[test]
    fn standings_round_trip_and_unknown_words_are_banned() {
        for standing in [
            Standing::Pending,
            Standing::Active,
            Standing::Rejected,
            Standing::Banned,
        ] {
            assert_eq!(Standing::from_db(standing.as_str()), standing);
        }
        assert_eq!(Standing::from_db("superuser"), Standing::Banned);
    }

    #[test]
    fn a_suspension_end_reads_as_a_date() {
        let s = Suspension {
            until: 1_800_000_000,
            reason: "x".into(),
        };
        assert!(s.until_words().contains("2027"));
    }
}
