//! Offering to help and withdrawing the offer; the author's answers are in
//! [`super::answers`].

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::db::offers as offer_db;
use super::db::volunteering::{self, Volunteered, Withdrawn};
use super::load::load_need_to_act;
use super::show::{NeedPageErrors, need_page};
use super::{NeedId, limits};
use crate::AppState;
use crate::error::{AppError, Refusal};
use crate::kernel::text::clean_multiline;
use crate::notifications::{Kind, Notice, notify};
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser, NoFields};
use crate::web::ratelimit::OFFERS_PER_ACCOUNT;

/// Longest message with an offer, in characters.
pub const OFFER_MESSAGE_MAX: usize = 1_000;

/// What the volunteer form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VolunteerInput {
    message: String,
}

/// `POST /needs/{id}/volunteer`.
pub async fn volunteer(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<NeedId>,
    CsrfForm(input): CsrfForm<VolunteerInput>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let view = load_need_to_act(&state, id, user.id).await?;
    // A block keeps each out of sight of the other's needs.
    if !crate::policy::seeing::may_see_need(&user, super::load::facts(&view)) {
        return Err(AppError::NotFound);
    }
    let message = clean_multiline(&input.message);
    if message.chars().count() > OFFER_MESSAGE_MAX {
        let mut errors = NeedPageErrors {
            volunteer_message: input.message,
            ..NeedPageErrors::default()
        };
        errors
            .volunteer
            .add("message", "Keep your message to 1,000 characters or fewer.");
        return need_page(&state, ctx, user, view, errors, Again::Invalid).await;
    }
    if let Err(why) = state
        .limiter
        .member_write(user.id, OFFERS_PER_ACCOUNT)
        .await?
    {
        let errors = NeedPageErrors {
            volunteer_message: input.message,
            ..NeedPageErrors::notice(why)
        };
        return need_page(&state, ctx, user, view, errors, Again::TooMany).await;
    }
    let now = state.config.clock.now();
    let today = state.config.clock.today().to_string();
    let (volunteer, author) = (user.id, view.need.author());
    let limits = ctx.site.limits;
    let outcome = state
        .db
        .write_with(move |conn| -> Result<_, Refusal> {
            if crate::people::db::blocked_either_way(conn, author, volunteer)? {
                return Ok(Volunteered::NotAllowed);
            }
            if let Some(allowed) = limits::offers_allowed_today(conn, volunteer, limits, now)?
                && offer_db::offers_made_since(conn, volunteer, now.minus(limits::DAY))? >= allowed
            {
                return Err(Refusal::OverLimit(allowed));
            }
            let outcome = volunteering::volunteer(conn, id, volunteer, &message, now, &today)?;
            if let Volunteered::Offered(offer) = outcome {
                let notice = Notice {
                    to: author,
                    kind: Kind::NewOffer,
                    need: Some(id),
                    offer: Some(offer),
                    actor: Some(volunteer),
                };
                notify(conn, &[notice], now)?;
            }
            Ok(outcome)
        })
        .await?;
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(Refusal::OverLimit(allowed)) => {
            let errors = NeedPageErrors::notice(limits::offers_message(allowed));
            return need_page(&state, ctx, user, view, errors, Again::TooMany).await;
        }
        Err(other) => return Err(other.into()),
    };
    match outcome {
        Volunteered::Offered(_) => Ok(redirect_with_flash(
            &req,
            &format!("/needs/{}", id.0),
            Flash::Volunteered,
        )),
        Volunteered::AlreadyOffered => {
            let errors = NeedPageErrors::notice("You have already offered to help with this need.");
            need_page(&state, ctx, user, view, errors, Again::Clash).await
        }
        Volunteered::NotAllowed => Err(AppError::Forbidden),
    }
}

/// `POST /needs/{id}/withdraw`: a volunteer takes back their offer.
pub async fn withdraw(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<NeedId>,
    _form: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let view = load_need_to_act(&state, id, user.id).await?;
    if let Err(why) = state
        .limiter
        .member_write(user.id, OFFERS_PER_ACCOUNT)
        .await?
    {
        let errors = NeedPageErrors::notice(why);
        return need_page(&state, ctx, user, view, errors, Again::TooMany).await;
    }
    let now = state.config.clock.now();
    let (volunteer, author) = (user.id, view.need.author());
    let outcome = state
        .db
        .write(move |conn| {
            let outcome = volunteering::withdraw(conn, id, volunteer, now)?;
            if let Withdrawn::Pending(offer) | Withdrawn::Accepted(offer) = outcome {
                let notice = Notice {
                    to: author,
                    kind: Kind::VolunteerWithdrew,
                    need: Some(id),
                    offer: Some(offer),
                    actor: Some(volunteer),
                };
                notify(conn, &[notice], now)?;
            }
            Ok(outcome)
        })
        .await?;
    match outcome {
        Withdrawn::Nothing => Err(AppError::Forbidden),
        _ => Ok(redirect_with_flash(
            &req,
            &format!("/needs/{}", id.0),
            Flash::Withdrawn,
        )),
    }
}
