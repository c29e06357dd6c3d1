//! Showing a form's page again when what was sent cannot be used: the
//! errors beside their fields and what was typed kept, at a status that
//! says why.
//!
//! Each page with a form has one function that builds it from the page
//! context, what was typed and the errors, and renders it at the status it
//! is given: `StatusCode::OK` for the blank form, an [`Again`] for a form
//! sent back. A handler then reads: extract, call the feature, and either
//! redirect or show the page again.

use actix_web::http::StatusCode;

/// Why a form's page is shown again; each reason has its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Again {
    /// What was typed cannot be used: 422 Unprocessable Entity.
    Invalid,
    /// It clashes with how things stand now: 409 Conflict.
    Clash,
    /// Too many attempts just now: 429 Too Many Requests.
    TooMany,
}

impl From<Again> for StatusCode {
    fn from(why: Again) -> Self {
        match why {
            Again::Invalid => Self::UNPROCESSABLE_ENTITY,
            Again::Clash => Self::CONFLICT,
            Again::TooMany => Self::TOO_MANY_REQUESTS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reason_to_show_a_form_again_has_its_status() {
        assert_eq!(StatusCode::from(Again::Invalid).as_u16(), 422);
        assert_eq!(StatusCode::from(Again::Clash).as_u16(), 409);
        assert_eq!(StatusCode::from(Again::TooMany).as_u16(), 429);
    }
}
