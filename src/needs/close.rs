//! Closing a need as done: how it turned out, and a thank-you note to each
//! accepted volunteer, which they may choose to show on their profile.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::db::offers::{self as offer_db, OfferView};
use super::db::{self, NeedView};
use super::lifecycle::Transition;
use super::load::load_need_to_act;
use super::tell::live_volunteers;
use super::{NeedId, OfferId, Outcome};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::text::clean_multiline;
use crate::notifications::{Kind, Notice, notify};
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::fields::FormErrors;
use crate::web::render;

/// Longest thank-you note, in characters.
pub const THANKS_MAX: usize = 1_000;

/// The "mark as done" page.
#[derive(Template)]
#[template(path = "needs/done.html")]
pub struct DonePage {
    ctx: PageContext,
    view: NeedView,
    accepted: Vec<OfferView>,
    /// The outcome chosen, if any.
    outcome: Option<Outcome>,
    notes: HashMap<String, String>,
    errors: FormErrors,
}

impl DonePage {
    fn note_for(&self, offer: &OfferId) -> &str {
        self.notes
            .get(&format!("thanks_{offer}"))
            .map_or("", String::as_str)
    }

    fn note_error(&self, offer: &OfferId) -> Option<&str> {
        self.errors.get(&format!("thanks_{offer}"))
    }

    fn chose(&self, outcome: Outcome) -> bool {
        self.outcome == Some(outcome)
    }
}

/// The need and its accepted volunteers, if `user` may close it.
async fn closable(
    state: &AppState,
    id: NeedId,
    user: crate::kernel::identity::UserId,
) -> Result<(NeedView, Vec<OfferView>), AppError> {
    let view = load_need_to_act(state, id, user).await?;
    if view.need.author() != user || view.need.status.apply(Transition::MarkDone).is_err() {
        return Err(AppError::Forbidden);
    }
    let accepted = state
        .db
        .run(move |conn| Ok(offer_db::offers_on(conn, id)?))
        .await?
        .into_iter()
        .filter(|o| o.status.is_accepted())
        .collect();
    Ok((view, accepted))
}

/// The "mark as done" page for the need and its accepted volunteers, at
/// `status`: the outcome and notes as `typed` (fields `outcome` and
/// `thanks_{offer}`), and their errors.
fn done_page(
    ctx: PageContext,
    (view, accepted): (NeedView, Vec<OfferView>),
    typed: HashMap<String, String>,
    errors: FormErrors,
    status: impl Into<StatusCode>,
) -> Result<HttpResponse, AppError> {
    let outcome = typed.get("outcome").and_then(|word| Outcome::parse(word));
    let notes = typed
        .into_iter()
        .filter(|(k, _)| k.starts_with("thanks_"))
        .collect();
    let page = DonePage {
        ctx,
        view,
        accepted,
        outcome,
        notes,
        errors,
    };
    render(status.into(), &page)
}

/// `GET /needs/{id}/done`: "helped" is chosen if anyone was accepted.
pub async fn done_form(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<NeedId>,
) -> Result<HttpResponse, AppError> {
    let (view, accepted) = closable(&state, path.into_inner(), user.id).await?;
    let helped = ("outcome".to_owned(), Outcome::Helped.as_str().to_owned());
    let typed = (!accepted.is_empty())
        .then_some(helped)
        .into_iter()
        .collect();
    let errors = FormErrors::default();
    done_page(ctx, (view, accepted), typed, errors, StatusCode::OK)
}

/// `POST /needs/{id}/done`: fields `outcome` and `thanks_{offer}` for each
/// accepted volunteer; notes for anyone else are ignored.
pub async fn mark_done(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<NeedId>,
    CsrfForm(input): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (view, accepted) = closable(&state, id, user.id).await?;
    let mut errors = FormErrors::default();
    let outcome = input.get("outcome").and_then(|word| Outcome::parse(word));
    let outcome = errors.check("outcome", outcome.ok_or("Say how it turned out."));
    // Notes by offer id; which offers are still accepted is read again
    // inside the transaction, so a volunteer who withdrew meanwhile is not
    // thanked.
    let mut thanks: Vec<(OfferId, String)> = Vec::new();
    for offer in &accepted {
        let field = format!("thanks_{}", offer.id);
        let note = clean_multiline(input.get(&field).map_or("", String::as_str));
        if note.chars().count() > THANKS_MAX {
            errors.add(field, "Keep the note to 1,000 characters or fewer.");
        } else if !note.is_empty() {
            thanks.push((offer.id, note));
        }
    }
    let Some(outcome) = outcome.filter(|_| errors.is_empty()) else {
        return done_page(ctx, (view, accepted), input, errors, Again::Invalid);
    };
    let now = state.config.clock.now();
    let author = user.id;
    let done = state
        .db
        .write(move |conn| {
            if !db::mark_done(conn, id, author, outcome, now)? {
                return Ok(false);
            }
            if outcome == Outcome::Helped {
                crate::people::db::record_help(conn, id, author)?;
            }
            let mut notices = live_volunteers(conn, id, Kind::NeedDone, author)?;
            let accepted_now: Vec<_> = offer_db::offers_on(conn, id)?
                .into_iter()
                .filter(|o| o.status.is_accepted())
                .collect();
            for (offer_id, note) in &thanks {
                let Some(offer) = accepted_now.iter().find(|o| o.id == *offer_id) else {
                    continue;
                };
                db::insert_thanks(conn, id, offer.volunteer(), author, note, now)?;
                notices.push(Notice {
                    to: offer.volunteer(),
                    kind: Kind::Thanked,
                    need: Some(id),
                    offer: Some(offer.id),
                    actor: Some(author),
                });
            }
            notify(conn, &notices, now)?;
            Ok(true)
        })
        .await?;
    if !done {
        return Err(AppError::Forbidden);
    }
    Ok(redirect_with_flash(
        &req,
        &format!("/needs/{}", id.0),
        Flash::NeedDone,
    ))
}
