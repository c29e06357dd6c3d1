//! The private conversation that goes with each offer: between the need's
//! author and that volunteer, and nobody else, whatever ids are tried.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::db::NeedView;
use super::db::messages::{self as message_db, MessageView};
use super::db::offers::{self as offer_db, OfferView};
use super::load::{facts, load_need};
use super::show::PRIVATE_AFTER_CLOSE;
use super::{NeedId, OfferId};
use crate::AppState;
use crate::clock::Timestamp;
use crate::error::AppError;
use crate::kernel::identity::{Role, SessionUser, UserId};
use crate::kernel::text::{clean_multiline, linkify};
use crate::notifications::{Kind, Notice, notify};
use crate::policy::seeing;
use crate::web::again::Again;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser};
use crate::web::fields::FormErrors;
use crate::web::ratelimit::MESSAGES_PER_ACCOUNT;
use crate::web::render;

/// Longest message, in characters.
pub const MESSAGE_MAX: usize = 2_000;

/// The conversation page.
#[derive(Template)]
#[template(path = "needs/messages.html")]
pub struct ThreadPage {
    ctx: PageContext,
    view: NeedView,
    offer: OfferView,
    other_name: String,
    other_role: Role,
    messages: Vec<(MessageView, String)>,
    can_write: bool,
    body: String,
    errors: FormErrors,
}

impl ThreadPage {
    fn suspended(&self) -> bool {
        self.ctx
            .user
            .as_ref()
            .is_some_and(|u| u.suspension.is_some())
    }

    fn is_mine(&self, author_id: &UserId) -> bool {
        self.ctx.user.as_ref().is_some_and(|u| u.id == *author_id)
    }
}

/// Whether the two may still write: while the offer stands, and the need
/// is under way or closed less than [`PRIVATE_AFTER_CLOSE`] ago (long
/// enough to return a key or say thank you).
pub fn open_for_messages(view: &NeedView, offer: &OfferView, now: Timestamp) -> bool {
    offer.status.is_live()
        && view
            .need
            .closed_at
            .is_none_or(|closed| now.seconds_since(closed) < PRIVATE_AFTER_CLOSE)
}

/// The need and offer, if `user` is one of the two people in the
/// conversation; otherwise 404, so nothing tells whether it exists.
async fn conversation(
    state: &AppState,
    user: &SessionUser,
    id: NeedId,
    offer: OfferId,
) -> Result<(NeedView, OfferView), AppError> {
    let view = load_need(state, id, user).await?;
    let found = state
        .db
        .run(move |conn| Ok(offer_db::find_offer(conn, id, offer)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if !seeing::may_see_conversation(user, facts(&view), found.volunteer()) {
        return Err(AppError::NotFound);
    }
    Ok((view, found))
}

/// The conversation page at `status`, with what was typed in the message
/// form and its errors.
async fn thread_page(
    state: &AppState,
    ctx: PageContext,
    user: &SessionUser,
    (view, offer): (NeedView, OfferView),
    body: String,
    errors: FormErrors,
    status: impl Into<StatusCode>,
) -> Result<HttpResponse, AppError> {
    let offer_id = offer.id;
    let messages = state
        .db
        .run(move |conn| Ok(message_db::messages_of(conn, offer_id)?))
        .await?
        .into_iter()
        .map(|mut m| {
            if !seeing::may_read_message(user.id, m.author_id, m.hidden_reason.is_some()) {
                m.body.clear();
            }
            let html = linkify(&m.body);
            (m, html)
        })
        .collect();
    let (other_name, other_role) = if view.need.author() == user.id {
        (offer.volunteer_name.clone(), offer.volunteer_role)
    } else {
        (view.author_name.clone(), view.author_role)
    };
    let can_write = open_for_messages(&view, &offer, state.config.clock.now())
        && seeing::may_act_on_need(user.id, facts(&view)).is_ok()
        && user.suspension.is_none();
    let page = ThreadPage {
        ctx,
        view,
        offer,
        other_name,
        other_role,
        messages,
        can_write,
        body,
        errors,
    };
    render(status.into(), &page)
}

/// `GET /needs/{id}/offers/{offer}/messages`.
pub async fn thread(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<(NeedId, OfferId)>,
) -> Result<HttpResponse, AppError> {
    let (need, offer) = path.into_inner();
    let found = conversation(&state, &user, need, offer).await?;
    thread_page(
        &state,
        ctx,
        &user,
        found,
        String::new(),
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// What the message form sends.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MessageInput {
    body: String,
}

/// `POST /needs/{id}/offers/{offer}/messages`.
pub async fn send(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<(NeedId, OfferId)>,
    CsrfForm(input): CsrfForm<MessageInput>,
) -> Result<HttpResponse, AppError> {
    let (id, offer_id) = path.into_inner();
    let (view, found) = conversation(&state, &user, id, offer_id).await?;
    if !open_for_messages(&view, &found, state.config.clock.now()) {
        return Err(AppError::Forbidden);
    }
    // Nobody writes about a hidden need, its author included.
    if seeing::may_act_on_need(user.id, facts(&view)).is_err() {
        return Err(AppError::NotFound);
    }
    let body = clean_multiline(&input.body);
    let mut errors = FormErrors::default();
    if body.is_empty() {
        errors.add("body", "Write a message first.");
    } else if body.chars().count() > MESSAGE_MAX {
        errors.add("body", "Keep the message to 2,000 characters or fewer.");
    }
    if !errors.is_empty() {
        return thread_page(
            &state,
            ctx,
            &user,
            (view, found),
            input.body,
            errors,
            Again::Invalid,
        )
        .await;
    }
    if let Err(why) = state
        .limiter
        .member_write(user.id, MESSAGES_PER_ACCOUNT)
        .await?
    {
        errors.add("body", why);
        return thread_page(
            &state,
            ctx,
            &user,
            (view, found),
            input.body,
            errors,
            Again::TooMany,
        )
        .await;
    }
    let to = if view.need.author() == user.id {
        found.volunteer()
    } else {
        view.need.author()
    };
    let now = state.config.clock.now();
    let author = user.id;
    let sent = state
        .db
        .write(move |conn| {
            if crate::people::db::blocked_either_way(conn, author, to)? {
                return Ok(false);
            }
            message_db::insert_message(conn, offer_id, author, &body, now)?;
            let notice = Notice {
                to,
                kind: Kind::NewMessage,
                need: Some(id),
                offer: Some(offer_id),
                actor: Some(author),
            };
            notify(conn, &[notice], now)?;
            Ok(true)
        })
        .await?;
    if !sent {
        return Err(AppError::Forbidden);
    }
    Ok(redirect_with_flash(
        &req,
        &format!("/needs/{id}/offers/{offer_id}/messages#latest"),
        Flash::MessageSent,
    ))
}
