//! A closed need's action pages. Editing, cancelling, closing or answering
//! offers on a need that is done, cancelled or past its date shows "This
//! need is already closed" to its author, with what can still be done:
//! thank the helpers not yet thanked (`POST /needs/{id}/thanks`, on a done
//! need), give an expired need a new date or mark it done, or ask again.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::close::{accepted_offers, read_notes, thank};
use super::db::offers::OfferView;
use super::db::{self, NeedView};
use super::load::own_need;
use super::{NeedId, NeedStatus, OfferId};
use crate::AppState;
use crate::error::AppError;
use crate::notifications::notify;
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::fields::FormErrors;
use crate::web::render;

/// What was typed in the thanks form, and its errors.
#[derive(Debug, Default)]
pub struct Typed {
    notes: HashMap<String, String>,
    errors: FormErrors,
}

/// "This need is already closed".
#[derive(Template)]
#[template(path = "needs/closed.html")]
pub struct ClosedPage {
    ctx: PageContext,
    view: NeedView,
    /// Accepted helpers of a done need not yet thanked.
    unthanked: Vec<OfferView>,
    /// Whether anyone was accepted at all.
    had_helpers: bool,
    typed: Typed,
}

impl ClosedPage {
    fn note_for(&self, offer: &OfferId) -> &str {
        self.typed
            .notes
            .get(&format!("thanks_{offer}"))
            .map_or("", String::as_str)
    }

    fn note_error(&self, offer: &OfferId) -> Option<&str> {
        self.typed.errors.get(&format!("thanks_{offer}"))
    }

    fn is(&self, status: NeedStatus) -> bool {
        self.view.need.status == status
    }
}

/// Renders the page for the author of a closed need at `status`.
pub async fn page(
    state: &AppState,
    ctx: PageContext,
    view: NeedView,
    typed: Typed,
    status: impl Into<StatusCode>,
) -> Result<HttpResponse, AppError> {
    let id = view.need.id;
    let accepted = accepted_offers(state, id).await?;
    let thanked = state
        .db
        .run(move |conn| Ok(db::thanked_on(conn, id)?))
        .await?;
    let had_helpers = !accepted.is_empty();
    let unthanked = if view.need.status == NeedStatus::Done {
        accepted
            .into_iter()
            .filter(|o| !thanked.contains(&o.volunteer()))
            .collect()
    } else {
        Vec::new()
    };
    let page = ClosedPage {
        ctx,
        view,
        unthanked,
        had_helpers,
        typed,
    };
    render(status.into(), &page)
}

/// `POST /needs/{id}/thanks`: the author of a done need thanks helpers
/// who were not thanked when it closed (fields `thanks_{offer}`).
pub async fn thank_later(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<NeedId>,
    CsrfForm(input): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let view = own_need(&state, id, user.id).await?;
    if view.need.status != NeedStatus::Done {
        return Err(AppError::Conflict(
            "Thank-you notes come with marking the need as done, on its page.".into(),
        ));
    }
    let thanked = state
        .db
        .run(move |conn| Ok(db::thanked_on(conn, id)?))
        .await?;
    let unthanked: Vec<OfferView> = accepted_offers(&state, id)
        .await?
        .into_iter()
        .filter(|o| !thanked.contains(&o.volunteer()))
        .collect();
    let mut errors = FormErrors::default();
    let notes = read_notes(&input, &unthanked, &mut errors);
    if errors.is_empty() && notes.is_empty() {
        errors.summary = Some("Write a note to at least one helper.".into());
    }
    if !errors.is_empty() {
        let typed = Typed {
            notes: input,
            errors,
        };
        return page(&state, ctx, view, typed, Again::Invalid).await;
    }
    let now = state.config.clock.now();
    let author = user.id;
    state
        .db
        .write(move |conn| {
            let notices = thank(conn, id, author, &notes, now)?;
            notify(conn, &notices, now)?;
            Ok(())
        })
        .await?;
    Ok(redirect_with_flash(
        &req,
        &format!("/needs/{}", id.0),
        Flash::ThanksSent,
    ))
}
