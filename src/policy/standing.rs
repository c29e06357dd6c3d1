//! Standing: whether a member may use the site fully, only read it, or
//! only see where their application stands. The gate runs once per
//! request, in the session middleware, so no handler can forget it.

use actix_web::http::Method;

use crate::error::AppError;
use crate::kernel::identity::SessionUser;

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
