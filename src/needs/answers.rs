//! The author answers an offer of help: `POST
//! /needs/{id}/offers/{offer}/accept` and `…/decline`.

use actix_web::{HttpRequest, HttpResponse, web};

use super::closed::{self, Typed};
use super::db::offers as offer_db;
use super::db::volunteering::{self, Accepted};
use super::ending::{Ending, end_waiting_offers};
use super::load::{load_need_to_act, own_need};
use super::show::{NeedPageErrors, need_page};
use super::{NeedId, OfferId};
use crate::AppState;
use crate::error::{AppError, Refusal};
use crate::notifications::{Kind, Notice, notify};
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser, NoFields};

/// `POST /needs/{id}/offers/{offer}/accept`: the author accepts a volunteer.
pub async fn accept(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<(NeedId, OfferId)>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let (id, offer) = path.into_inner();
    let view = own_need(&state, id, user.id).await?;
    if view.need.status.is_closed() {
        return closed::page(&state, ctx, view, Typed::default(), Again::Clash).await;
    }
    let now = state.config.clock.now();
    let today = state.config.clock.today().to_string();
    let author = user.id;
    let outcome = state
        .db
        .write_with(move |conn| -> Result<(), Refusal> {
            let Some(target) = offer_db::find_offer(conn, id, offer)? else {
                return Err(Refusal::NotFound);
            };
            match volunteering::accept(conn, id, author, offer, now, &today)? {
                Accepted::Yes { filled } => {
                    let notice = Notice {
                        to: target.volunteer(),
                        kind: Kind::OfferAccepted,
                        need: Some(id),
                        offer: Some(offer),
                        actor: Some(author),
                    };
                    notify(conn, &[notice], now)?;
                    if filled {
                        // Those still waiting can stop waiting.
                        end_waiting_offers(conn, id, Ending::Filled, author, now)?;
                    }
                    Ok(())
                }
                Accepted::NoSlot => Err(Refusal::Conflict(
                    "Every helper slot is already taken, or the need is no longer open. Nobody new was accepted.",
                )),
                Accepted::NotPending => Err(Refusal::Conflict(
                    "That offer is no longer waiting for an answer.",
                )),
            }
        })
        .await?;
    match outcome {
        Ok(()) => Ok(redirect_with_flash(
            &req,
            &format!("/needs/{}", id.0),
            Flash::OfferAccepted,
        )),
        Err(Refusal::Conflict(why)) => {
            let view = load_need_to_act(&state, id, user.id).await?;
            let errors = NeedPageErrors::notice(why);
            need_page(&state, ctx, user, view, errors, Again::Clash).await
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /needs/{id}/offers/{offer}/decline`: the author turns down an
/// offer still waiting, whether the need is open or already filled.
pub async fn decline(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<(NeedId, OfferId)>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let (id, offer) = path.into_inner();
    let view = own_need(&state, id, user.id).await?;
    if view.need.status.is_closed() {
        return closed::page(&state, ctx, view, Typed::default(), Again::Clash).await;
    }
    let now = state.config.clock.now();
    let author = user.id;
    let declined = state
        .db
        .write_with(move |conn| -> Result<(), Refusal> {
            let Some(target) = offer_db::find_offer(conn, id, offer)? else {
                return Err(Refusal::NotFound);
            };
            if !volunteering::decline(conn, id, author, offer, now)? {
                return Err(Refusal::Conflict(
                    "That offer is no longer waiting for an answer.",
                ));
            }
            let notice = Notice {
                to: target.volunteer(),
                kind: Kind::OfferDeclined,
                need: Some(id),
                offer: Some(offer),
                actor: Some(author),
            };
            notify(conn, &[notice], now)?;
            Ok(())
        })
        .await?;
    match declined {
        Ok(()) => Ok(redirect_with_flash(
            &req,
            &format!("/needs/{}", id.0),
            Flash::OfferDeclined,
        )),
        Err(Refusal::Conflict(why)) => {
            let errors = NeedPageErrors::notice(why);
            need_page(&state, ctx, user, view, errors, Again::Clash).await
        }
        Err(other) => Err(other.into()),
    }
}
