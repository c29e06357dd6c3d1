//! Closing a need as done: how it turned out, and a thank-you note to each
//! accepted volunteer, which they may choose to show on their profile.
//! Nothing is chosen for the author: a need closes only when they say how
//! it turned out. Helpers left unthanked can be thanked later
//! ([`super::closed`]).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::db::offers::{self as offer_db, OfferView};
use super::db::{self, NeedView};
use super::lifecycle::Transition;
use super::load::own_need;
use super::tell::live_volunteers;
use super::{NeedId, NeedStatus, OfferId, Outcome, closed, ending};
use crate::AppState;
use crate::clock::Timestamp;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::kernel::identity::UserId;
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

/// What a request to close a need finds.
enum Closable {
    /// The need and its accepted volunteers: it may be closed.
    Yes(NeedView, Vec<OfferView>),
    /// It is already closed for good (done or cancelled).
    Closed(NeedView),
}

/// The need and its accepted volunteers, if `user` wrote it and may close
/// it; 403 for anyone else.
async fn closable(state: &AppState, id: NeedId, user: UserId) -> Result<Closable, AppError> {
    let view = own_need(state, id, user).await?;
    if view.need.status.apply(Transition::MarkDone).is_err() {
        return Ok(Closable::Closed(view));
    }
    let accepted = accepted_offers(state, id).await?;
    Ok(Closable::Yes(view, accepted))
}

/// The need's accepted volunteers, oldest offer first.
pub async fn accepted_offers(state: &AppState, id: NeedId) -> Result<Vec<OfferView>, AppError> {
    Ok(state
        .db
        .run(move |conn| Ok(offer_db::offers_on(conn, id)?))
        .await?
        .into_iter()
        .filter(|o| o.status.is_accepted())
        .collect())
}

/// The thank-you notes typed for `offers` (fields `thanks_{offer}`),
/// cleaned; a note too long is an error beside its field.
pub fn read_notes(
    input: &HashMap<String, String>,
    offers: &[OfferView],
    errors: &mut FormErrors,
) -> Vec<(OfferId, String)> {
    let mut notes = Vec::new();
    for offer in offers {
        let field = format!("thanks_{}", offer.id);
        let note = clean_multiline(input.get(&field).map_or("", String::as_str));
        if note.chars().count() > THANKS_MAX {
            errors.add(field, "Keep the note to 1,000 characters or fewer.");
        } else if !note.is_empty() {
            notes.push((offer.id, note));
        }
    }
    notes
}

/// Records `notes` for the volunteers still accepted on `need` and not yet
/// thanked for it, in the caller's transaction; returns the notices that
/// tell them. Which offers are still accepted is read here, so a volunteer
/// who withdrew meanwhile is not thanked, and nobody is thanked twice.
pub fn thank(
    conn: &mut DbConnection,
    need: NeedId,
    author: UserId,
    notes: &[(OfferId, String)],
    now: Timestamp,
) -> diesel::QueryResult<Vec<Notice>> {
    let thanked = db::thanked_on(conn, need)?;
    let accepted: Vec<_> = offer_db::offers_on(conn, need)?
        .into_iter()
        .filter(|o| o.status.is_accepted() && !thanked.contains(&o.volunteer()))
        .collect();
    let mut notices = Vec::new();
    for (offer_id, note) in notes {
        let Some(offer) = accepted.iter().find(|o| o.id == *offer_id) else {
            continue;
        };
        db::insert_thanks(conn, need, offer.volunteer(), author, note, now)?;
        notices.push(Notice {
            to: offer.volunteer(),
            kind: Kind::Thanked,
            need: Some(need),
            offer: Some(offer.id),
            actor: Some(author),
        });
    }
    Ok(notices)
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

/// `GET /needs/{id}/done`: no outcome is chosen for the author. On a need
/// already done it is where helpers are thanked later.
pub async fn done_form(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<NeedId>,
) -> Result<HttpResponse, AppError> {
    let (view, accepted) = match closable(&state, path.into_inner(), user.id).await? {
        Closable::Yes(view, accepted) => (view, accepted),
        Closable::Closed(view) => {
            let status = if view.need.status == NeedStatus::Done {
                StatusCode::OK
            } else {
                StatusCode::CONFLICT
            };
            return closed::page(&state, ctx, view, closed::Typed::default(), status).await;
        }
    };
    let errors = FormErrors::default();
    done_page(
        ctx,
        (view, accepted),
        HashMap::new(),
        errors,
        StatusCode::OK,
    )
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
    let (view, accepted) = match closable(&state, id, user.id).await? {
        Closable::Yes(view, accepted) => (view, accepted),
        Closable::Closed(view) => {
            let typed = closed::Typed::default();
            return closed::page(&state, ctx, view, typed, Again::Clash).await;
        }
    };
    let mut errors = FormErrors::default();
    let outcome = input.get("outcome").and_then(|word| Outcome::parse(word));
    let outcome = errors.check(
        "outcome",
        outcome.ok_or("Choose how it turned out: nothing is chosen for you."),
    );
    let thanks = read_notes(&input, &accepted, &mut errors);
    let Some(outcome) = outcome.filter(|_| errors.is_empty()) else {
        return done_page(ctx, (view, accepted), input, errors, Again::Invalid);
    };
    let now = state.config.clock.now();
    let author = user.id;
    let done = state
        .db
        .write(move |conn| {
            // Offers still waiting end first, and hear so in their own words.
            if !ending::mark_done(conn, id, author, outcome, now)? {
                return Ok(false);
            }
            let mut notices = live_volunteers(conn, id, Kind::NeedDone, author)?;
            notices.extend(thank(conn, id, author, &thanks, now)?);
            notify(conn, &notices, now)?;
            Ok(true)
        })
        .await?;
    if !done {
        // Closed meanwhile (the page says so), or hidden (its own page).
        let view = own_need(&state, id, user.id).await?;
        if !view.need.status.is_closed() {
            return Err(AppError::Forbidden);
        }
        return closed::page(&state, ctx, view, closed::Typed::default(), Again::Clash).await;
    }
    Ok(redirect_with_flash(
        &req,
        &format!("/needs/{}", id.0),
        Flash::NeedDone,
    ))
}
