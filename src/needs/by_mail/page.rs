//! The page a still-needed link opens, at each step.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use super::super::forms::NeedInput;
use super::super::{NeedId, WhenKind};
use crate::error::AppError;
use crate::web::context::PageContext;
use crate::web::fields::FormErrors;
use crate::web::render;

/// Where the page stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The form for renewing.
    Renew,
    /// The form for closing.
    Close,
    /// Renewed: back on the board.
    Renewed,
    /// Closed.
    Closed,
    /// The need is no longer waiting for an answer.
    Answered,
    /// The link is not one of ours.
    Invalid,
    /// The link is too old.
    Expired,
}

/// The page.
#[derive(Template)]
#[template(path = "needs/by_mail.html")]
pub struct ByMailPage {
    ctx: PageContext,
    step: Step,
    token: String,
    need: Option<NeedId>,
    title: String,
    errors: FormErrors,
    typed: NeedInput,
    outcome: String,
}

/// What the page shows.
pub(super) struct Shown {
    pub(super) step: Step,
    pub(super) token: String,
    pub(super) need: Option<(NeedId, String)>,
    pub(super) errors: FormErrors,
    pub(super) typed: NeedInput,
    pub(super) outcome: String,
}

impl Shown {
    /// Just `step`, with nothing else to show.
    pub(super) fn step(step: Step) -> Self {
        Self {
            step,
            token: String::new(),
            need: None,
            errors: FormErrors::default(),
            typed: NeedInput::default(),
            outcome: String::new(),
        }
    }
}

/// The page at `status`.
pub(super) fn page(
    ctx: PageContext,
    shown: Shown,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (need, title) = shown
        .need
        .map_or((None, String::new()), |(id, t)| (Some(id), t));
    let page = ByMailPage {
        ctx,
        step: shown.step,
        token: shown.token,
        need,
        title,
        errors: shown.errors,
        typed: shown.typed,
        outcome: shown.outcome,
    };
    render(status, &page)
}

/// The page for a link that cannot act, at its status.
pub(super) fn refused(ctx: PageContext, step: Step) -> Result<HttpResponse, AppError> {
    let status = match step {
        Step::Expired => StatusCode::GONE,
        Step::Answered => StatusCode::CONFLICT,
        _ => StatusCode::NOT_FOUND,
    };
    page(ctx, Shown::step(step), status)
}

/// Whether the renew form's "flexible" choice was made (for the template).
impl ByMailPage {
    fn flexible(&self) -> bool {
        self.typed.when_is(WhenKind::Flexible)
    }
}
