//! The one error type. Every failure a request can meet becomes an
//! [`AppError`]; the page it shows is rendered in the site's layout by
//! [`crate::web::errors`], and nothing internal ever reaches it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

/// What went wrong, in terms of what the visitor should be told.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request was malformed (for example a repeated form field).
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// The page needs a logged-in member.
    #[error("login required")]
    LoginRequired,
    /// The visitor may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The form's CSRF token or origin did not check out; the page the form
    /// was sent from, if it was this site's, to offer a fresh copy of it.
    #[error("form expired or came from another site")]
    CsrfFailed(Option<String>),
    /// The member's standing does not allow this (waiting for approval,
    /// suspended): a heading and the words that say why and until when.
    #[error("refused: {0}")]
    Restricted(&'static str, String),
    /// Nothing here, or nothing this visitor may see.
    #[error("not found")]
    NotFound,
    /// The request clashes with how things stand now (already taken, no
    /// longer possible, a limit reached): the words say what.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Too many attempts; try again after this many seconds.
    #[error("rate limited for {0} s")]
    RateLimited(u64),
    /// Too much password hashing is queued right now.
    #[error("too busy hashing passwords")]
    Busy,
    /// No database connection could be had in time.
    #[error("database unavailable: {0}")]
    DatabaseUnavailable(#[source] diesel::r2d2::PoolError),
    /// A bug or an outage; logged with a reference id, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// An internal error with a description for the log.
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::Internal(detail.into())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Internal(format!("database: {e}"))
    }
}

/// Why a feature did not do what it was asked. A feature's domain
/// functions return it; its handler matches the refusals it answers with a
/// message beside a field (re-rendering the form) and passes the rest up
/// with `?`, which maps each once to an [`AppError`].
///
/// `W` says why in the feature's own terms: an enum the handler matches to
/// put the right message beside the right field, or plain words (the
/// default) when the words are all the handler needs.
#[derive(Debug)]
pub enum Refusal<W = &'static str> {
    /// No such thing, or nothing this person may see.
    NotFound,
    /// This person may not do this.
    Forbidden(W),
    /// It clashes with how things stand now.
    Conflict(W),
    /// A limit was reached: how many are allowed.
    OverLimit(i64),
    /// The database failed.
    Database(diesel::result::Error),
}

impl<W> From<diesel::result::Error> for Refusal<W> {
    fn from(e: diesel::result::Error) -> Self {
        Self::Database(e)
    }
}

impl<W: std::fmt::Display> From<Refusal<W>> for AppError {
    fn from(refusal: Refusal<W>) -> Self {
        match refusal {
            Refusal::NotFound => Self::NotFound,
            Refusal::Forbidden(why) => Self::Restricted("Not allowed", why.to_string()),
            Refusal::Conflict(why) => Self::Conflict(why.to_string()),
            Refusal::OverLimit(allowed) => Self::Conflict(format!(
                "You have reached the limit of {allowed} for now. Please try again later."
            )),
            Refusal::Database(e) => e.into(),
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::Internal(format!("blocking task: {e}"))
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(format!("template: {e}"))
    }
}

/// What the error page says; attached to the response for the renderer.
#[derive(Clone, Debug)]
pub struct ErrorPage {
    /// The page's heading.
    pub title: &'static str,
    /// One or two sentences for the visitor.
    pub message: String,
    /// Set on 500s: the id under which the details were logged.
    pub reference: Option<String>,
    /// Where the visitor may go next, if not the home page.
    pub retry_url: Option<String>,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::LoginRequired => StatusCode::SEE_OTHER,
            Self::Forbidden | Self::CsrfFailed(_) | Self::Restricted(..) => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Busy | Self::DatabaseUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status_code());
        if let Self::LoginRequired = self {
            return builder
                .insert_header((actix_web::http::header::LOCATION, "/login"))
                .finish();
        }
        if let Self::RateLimited(seconds) = self {
            builder.insert_header((actix_web::http::header::RETRY_AFTER, seconds.to_string()));
        }
        let page = match self {
            Self::BadRequest(why) => ErrorPage::new(
                "That request could not be read",
                format!(
                    "Something in it was not as expected ({why}). Please go back and try again."
                ),
            ),
            Self::LoginRequired | Self::Forbidden => ErrorPage::new(
                "Not allowed",
                "Your account cannot open this page or take this action.".into(),
            ),
            Self::Restricted(title, message) => ErrorPage::new(title, message.clone()),
            Self::CsrfFailed(retry) => ErrorPage {
                retry_url: retry.clone(),
                ..ErrorPage::new(
                    "This form has expired",
                    "Nothing was changed. The page you sent it from was too old, or it came \
                     from another site. Open the page again and send the form once more."
                        .into(),
                )
            },
            Self::NotFound => ErrorPage::new(
                "Page not found",
                "There is nothing here, or it is not yours to see.".into(),
            ),
            Self::Conflict(message) => ErrorPage::new("That could not be done", message.clone()),
            Self::RateLimited(seconds) => ErrorPage::new(
                "Too many attempts",
                format!(
                    "Please wait {} and try again.",
                    crate::kernel::words::format_wait(*seconds)
                ),
            ),
            Self::Busy | Self::DatabaseUnavailable(_) => {
                if let Self::DatabaseUnavailable(e) = self {
                    tracing::error!(error = %e, "no database connection");
                }
                ErrorPage::new(
                    "Busy right now",
                    "The site is very busy at this moment. Please try again in a minute.".into(),
                )
            }
            Self::Internal(detail) => {
                let reference = crate::kernel::secret::random_token(6);
                tracing::error!(reference = %reference, error = %detail, "internal error");
                ErrorPage {
                    reference: Some(reference),
                    ..ErrorPage::new(
                        "Something went wrong",
                        "Sorry, that did not work because of a fault on our side. Nothing you \
                         did caused it. If it keeps happening, tell the moderators the reference \
                         below."
                            .into(),
                    )
                }
            }
        };
        let mut response = builder.finish();
        response.extensions_mut().insert(page);
        response
    }
}

impl ErrorPage {
    fn new(title: &'static str, message: String) -> Self {
        Self {
            title,
            message,
            reference: None,
            retry_url: None,
        }
    }
}
