//! Standing: whether a member may use the site fully, only read it, or
//! only see where their application stands. The gate runs once per
//! request, in the session middleware, so no handler can forget it.

use actix_web::http::Method;

use crate::clock::Zone;
use crate::error::AppError;
use crate::kernel::identity::{SessionUser, Standing, Suspension};

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

/// What every account may use, whatever its standing: leaving, and
/// confirming its address (the link, and asking for it again) or a new
/// one (the link: whoever holds it may use it, logged in as anyone or not).
const ALWAYS_OPEN: [&str; 4] = [
    "/logout",
    "/signup/confirm",
    "/account/confirm",
    "/account/email/confirm",
];

/// What an applicant whose address is not confirmed may use besides the
/// waiting page: the account page and its address form, to fix an address
/// mistyped at sign-up (the page shows them nothing else).
const UNCONFIRMED_APPLICANT_MAY_USE: [(&str, bool); 2] =
    [("/account", true), ("/account/email", false)];

/// Posts a member whose address is not confirmed may still make: their
/// account (to fix a mistyped address), a warning and an appeal.
const UNCONFIRMED_MAY_POST: [&str; 3] = ["/account", "/warning", "/appeals"];

fn under(path: &str, prefixes: &[&str]) -> bool {
    prefixes
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

/// Decides what `user` may do with `method` on `path`; a refusal tells
/// times in `zone`.
pub fn gate(user: &SessionUser, method: &Method, path: &str, zone: Zone) -> Gate {
    let reads = method == Method::GET || method == Method::HEAD;
    if under(path, &ALWAYS_OPEN) {
        return Gate::Pass;
    }
    if user.standing.is_applicant() {
        if path == WAITING_PAGE {
            return Gate::Pass;
        }
        if !user.email_confirmed && UNCONFIRMED_APPLICANT_MAY_USE.contains(&(path, reads)) {
            return Gate::Pass;
        }
        if reads {
            return Gate::ToWaitingPage;
        }
        return Gate::Refuse(waiting_for_approval());
    }
    if !user.email_confirmed && !reads && !under(path, &UNCONFIRMED_MAY_POST) {
        return Gate::Refuse(AppError::Restricted(
            "Confirm your email address first",
            format!(
                "We sent a link to {} when you signed up. Until you open it you can read, \
                 but not post, volunteer or send messages. Your account page can send the \
                 link again, or change the address if it was mistyped.",
                user.email
            ),
        ));
    }
    if let Some(suspension) = &user.suspension
        && !reads
        && !under(path, &SUSPENDED_MAY_POST)
    {
        return Gate::Refuse(suspended(suspension, zone));
    }
    Gate::Pass
}

/// What an applicant is told when they try to change something.
fn waiting_for_approval() -> AppError {
    AppError::Restricted(
        "Waiting for approval",
        "Your application has not been approved yet, so your account cannot do this.".into(),
    )
}

/// What a suspended member is told when they try to change something.
fn suspended(suspension: &Suspension, zone: Zone) -> AppError {
    AppError::Restricted(
        "Your account is suspended",
        format!(
            "Until {}, you can read but not post, volunteer or send messages. \
             The reason given: {}",
            suspension.until_words(&zone),
            suspension.reason
        ),
    )
}

/// Why a link mailed to a member, which acts without a session ("still
/// needed?", a confirmation), may not act for them, if it may not: a ban,
/// a suspension in force or an application not yet approved refuse it with
/// the same words the site gives, so a mailbox is never a way around a
/// moderator's decision. `suspension` is one in force now.
pub fn mailed_link_refusal(
    standing: Standing,
    suspension: Option<&Suspension>,
    zone: Zone,
) -> Option<AppError> {
    match standing {
        Standing::Banned => Some(banned()),
        Standing::Pending | Standing::Rejected => Some(waiting_for_approval()),
        Standing::Active => suspension.map(|s| suspended(s, zone)),
    }
}

/// Why a link that works whatever the member's standing (confirming an
/// address, sign-up's or a new one's) may not act, if it may not: only a
/// ban, since a banned account has nothing left to confirm.
pub fn banned_link_refusal(standing: Standing) -> Option<AppError> {
    (standing == Standing::Banned).then(banned)
}

/// What a banned member's mailed link says.
fn banned() -> AppError {
    AppError::Restricted(
        "This account is banned",
        "A moderator banned this account, so it can no longer post or change anything. \
         Log in to read why and, if you think it was a mistake, to appeal."
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::identity::{Role, UserId};

    fn member(standing: Standing, confirmed: bool) -> SessionUser {
        SessionUser {
            id: UserId(1),
            display_name: "Alice".into(),
            email: "alice@example.org".into(),
            role: Role::Member,
            csrf_token: String::new(),
            session_hash: String::new(),
            unread_notifications: 0,
            waiting_for_staff: 0,
            mail_bounced: false,
            kept_apart: Vec::new(),
            standing,
            suspension: None,
            warning: None,
            email_confirmed: confirmed,
        }
    }

    #[test]
    fn an_unconfirmed_address_reads_and_confirms_but_does_not_write() {
        use Standing::{Active, Pending};
        // (standing, confirmed, method, path, passes)
        let table = [
            (Active, true, Method::POST, "/needs", true),
            (Active, false, Method::POST, "/needs", false),
            (Active, false, Method::POST, "/needs/3/offers", false),
            (Active, false, Method::GET, "/needs/3", true),
            (Active, false, Method::POST, "/account/confirm", true),
            (Active, false, Method::POST, "/account/email", true),
            (Active, false, Method::POST, "/signup/confirm/abc", true),
            (Active, false, Method::POST, "/logout", true),
            (Pending, false, Method::GET, "/signup/confirm/abc", true),
            (Pending, false, Method::POST, "/account/confirm", true),
            (Pending, false, Method::GET, "/needs", false),
            (Pending, true, Method::GET, WAITING_PAGE, true),
            (Pending, true, Method::POST, "/needs", false),
            // Fixing a mistyped address, and using the link mailed to the
            // right one.
            (
                Active,
                false,
                Method::GET,
                "/account/email/confirm/abc",
                true,
            ),
            (
                Active,
                true,
                Method::POST,
                "/account/email/confirm/abc",
                true,
            ),
            (Pending, false, Method::GET, "/account", true),
            (Pending, false, Method::POST, "/account/email", true),
            (
                Pending,
                false,
                Method::POST,
                "/account/email/confirm/abc",
                true,
            ),
            (
                Pending,
                false,
                Method::GET,
                "/account/email/confirm/abc",
                true,
            ),
            (Pending, false, Method::POST, "/account/name", false),
            (Pending, false, Method::POST, "/account/password", false),
            (Pending, false, Method::POST, "/account", false),
            (Pending, true, Method::GET, "/account", false),
            (Pending, true, Method::POST, "/account/email", false),
        ];
        for (standing, confirmed, method, path, passes) in table {
            let gate = gate(&member(standing, confirmed), &method, path, Zone::UTC);
            assert_eq!(
                matches!(gate, Gate::Pass),
                passes,
                "{standing:?} confirmed={confirmed} {method} {path}"
            );
        }
    }

    #[test]
    fn a_mailed_link_acts_only_for_a_member_the_site_would_let_act() {
        let suspension = Suspension {
            until: crate::clock::Timestamp(1_800_000_000),
            reason: "Rude messages".into(),
        };
        // (standing, suspended now, refused with this title)
        let table = [
            (Standing::Active, false, None),
            (Standing::Active, true, Some("Your account is suspended")),
            (Standing::Banned, false, Some("This account is banned")),
            (Standing::Banned, true, Some("This account is banned")),
            (Standing::Pending, false, Some("Waiting for approval")),
            (Standing::Rejected, false, Some("Waiting for approval")),
        ];
        for (standing, is_suspended, refused) in table {
            let in_force = is_suspended.then_some(&suspension);
            let title = match mailed_link_refusal(standing, in_force, Zone::default()) {
                None => None,
                Some(AppError::Restricted(title, _)) => Some(title),
                Some(other) => panic!("{other:?}"),
            };
            assert_eq!(title, refused, "{standing:?}, suspended: {is_suspended}");
        }
    }
}
