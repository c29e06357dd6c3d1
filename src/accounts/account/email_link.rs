//! `GET/POST /account/email/confirm/{token}`: the link mailed to a new
//! address.
//!
//! The link opens a page with a button, and the button makes the change:
//! mail scanners follow links but do not press buttons. The button works
//! without logging in (people open mail on their phone), since the link is
//! the proof that the new address is the member's. Using it gives the
//! account the new address, confirmed (so a member who mistyped their
//! address at sign-up is confirmed by it), stops every other link of the
//! account (they were mailed to the old address), and, if the old address
//! had been confirmed, tells it what happened. If the new address has
//! gone to another account in the meantime, nothing changes and a page
//! says so.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::AppState;
use crate::accounts::Clash;
use crate::accounts::db;
use crate::accounts::letters::{self, Site, To};
use crate::accounts::links::{self, Dead, Purpose};
use crate::accounts::reset::dead_link_page;
use crate::error::AppError;
use crate::kernel::identity::UserId;
use crate::policy::standing::banned_link_refusal;
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, NoFields};
use crate::web::render;

/// "Use this address?" with its one button.
#[derive(Template)]
#[template(path = "accounts/new_email.html")]
pub struct NewEmailPage {
    ctx: PageContext,
    token: String,
    new_email: String,
}

/// The address in the link belongs to another account now.
#[derive(Template)]
#[template(path = "accounts/email_taken.html")]
pub struct EmailTakenPage {
    ctx: PageContext,
    new_email: String,
}

/// What pressing the button did.
enum Used {
    /// The account has the new address.
    Changed(UserId),
    /// The link does not work.
    Dead(Dead),
    /// The new address belongs to another account now.
    Taken(String),
}

/// `GET /account/email/confirm/{token}`.
pub async fn show_link(
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    match links::check_now(&state, &token, Purpose::NewEmail).await? {
        Ok(link) => {
            let page = NewEmailPage {
                ctx,
                token,
                new_email: link.new_email,
            };
            render(StatusCode::OK, &page)
        }
        Err(why) => dead_link_page(ctx, why, Purpose::NewEmail),
    }
}

/// `POST /account/email/confirm/{token}`: makes the change.
pub async fn use_link(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let now = state.config.clock.now();
    let site = Site::of(&state);
    let used = state
        .db
        .write_with(move |conn| -> Result<Used, AppError> {
            let link = match links::check(conn, &token, Purpose::NewEmail, now)? {
                Ok(link) => link,
                Err(why) => return Ok(Used::Dead(why)),
            };
            let Some(user) = db::find_user(conn, link.user)? else {
                return Ok(Used::Dead(Dead::Unknown));
            };
            if let Some(refusal) = banned_link_refusal(user.standing) {
                return Err(refusal);
            }
            let id = user.user_id();
            if db::find_user_by_email(conn, &link.new_email)?
                .is_some_and(|owner| owner.user_id() != id)
            {
                // Nothing written: the link stays as it was.
                return Ok(Used::Taken(link.new_email));
            }
            if let Err(why) = links::redeem(conn, &token, Purpose::NewEmail, now)? {
                return Ok(Used::Dead(why));
            }
            // Taken between the check and now (another process): the
            // error rolls the spent link back.
            if !db::address::change_email(conn, id, &link.new_email)? {
                return Err(AppError::Conflict(Clash::EmailTaken.to_string()));
            }
            crate::accounts::confirm::application_reached_queue(
                conn,
                id,
                user.email_confirmed,
                now,
            )?;
            for purpose in [Purpose::Confirm, Purpose::Reset, Purpose::NewEmail] {
                links::cancel(conn, id, purpose, now)?;
            }
            if user.email_confirmed && user.email != link.new_email {
                let old = To {
                    id,
                    name: &user.display_name,
                    address: &user.email,
                };
                let notice = letters::address_changed(&site, &old, &link.new_email)?;
                crate::mail::queue(conn, &notice, now)?;
            }
            Ok(Used::Changed(id))
        })
        .await??;
    let user = match used {
        Used::Changed(user) => user,
        Used::Dead(why) => return dead_link_page(ctx, why, Purpose::NewEmail),
        Used::Taken(new_email) => {
            let page = EmailTakenPage { ctx, new_email };
            return render(StatusCode::CONFLICT, &page);
        }
    };
    let here = ctx.user.as_ref().is_some_and(|u| u.id == user);
    let next = if here { "/account" } else { "/login" };
    Ok(redirect_with_flash(&req, next, Flash::EmailChanged))
}
