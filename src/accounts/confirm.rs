//! Confirming an address: the link mailed at sign-up, and asking for it
//! again.
//!
//! The link opens a page with a button; the button confirms and logs the
//! person in. The page names the account ("n***@example.org for Nadia"),
//! so nobody sent someone else's link presses it unknowingly and types
//! their own door code into a stranger's account. Mail scanners follow
//! links but do not press buttons, so a scanner can neither confirm an
//! address nor walk off with a session.
//!
//! Pressing the button is as good as a password: the link is single use,
//! works for 48 hours and reaches only the mailbox's owner, just as a
//! password-reset link does. So the browser that pressed it is logged in
//! with a fresh session (a new session id and CSRF token) and goes on to
//! the next step, the home page or, for an applicant, the waiting page,
//! without typing the password again. A browser already logged in as that
//! person simply goes on. A browser logged in as someone else (a shared
//! family computer) is not switched: the address is confirmed, the person
//! logged in stays so, and the flash says so.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::db;
use super::letters::{self, Site};
use super::links::{self, Purpose};
use super::reset::dead_link_page;
use crate::AppState;
use crate::error::AppError;
use crate::policy::standing::{WAITING_PAGE, banned_link_refusal};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::{CsrfForm, CurrentUser, NoFields};
use crate::web::ratelimit::CONFIRM_RESEND_PER_ACCOUNT;
use crate::web::{render, sessions};

/// "Confirm your address" with its one button.
#[derive(Template)]
#[template(path = "accounts/confirm.html")]
pub struct ConfirmPage {
    ctx: PageContext,
    token: String,
    /// Whether the browser is logged in as someone other than the
    /// address's owner (who will then stay logged in).
    someone_else: bool,
    /// The address being confirmed, shown in part (`n***@example.org`).
    masked_email: String,
    /// The name of the account it belongs to.
    account_name: String,
}

/// `GET /signup/confirm/{token}`.
pub async fn show(
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let link = match links::check_now(&state, &token, Purpose::Confirm).await? {
        Ok(link) => link,
        Err(why) => return dead_link_page(ctx, why, Purpose::Confirm),
    };
    let owner = link.user;
    let Some(account) = state
        .db
        .run(move |conn| Ok(db::find_user(conn, owner)?))
        .await?
    else {
        return dead_link_page(ctx, links::Dead::Unknown, Purpose::Confirm);
    };
    if let Some(refusal) = banned_link_refusal(account.standing) {
        return Err(refusal);
    }
    let someone_else = ctx.user.as_ref().is_some_and(|u| u.id != link.user);
    let page = ConfirmPage {
        ctx,
        token,
        someone_else,
        masked_email: super::forms::mask_address(&account.email),
        account_name: account.display_name,
    };
    render(StatusCode::OK, &page)
}

/// `POST /signup/confirm/{token}`: confirms the address and logs its
/// owner in on this browser, unless someone else is logged in on it (see
/// the module's documentation), then goes on to the next step.
pub async fn confirm(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let now = state.config.clock.now();
    let redeemed = state
        .db
        .write_with(move |conn| -> Result<_, AppError> {
            Ok(match links::redeem(conn, &token, Purpose::Confirm, now)? {
                Ok(link) => {
                    let standing = db::find_user(conn, link.user)?.map(|u| u.standing);
                    if let Some(refusal) = standing.and_then(banned_link_refusal) {
                        return Err(refusal);
                    }
                    let (was_confirmed, _) = db::confirmed_and_waiting(conn, link.user)?;
                    db::confirm_email(conn, link.user)?;
                    application_reached_queue(conn, link.user, was_confirmed, now)?;
                    let (_, waiting) = db::confirmed_and_waiting(conn, link.user)?;
                    Ok((link.user, waiting))
                }
                Err(why) => Err(why),
            })
        })
        .await??;
    let (user, waiting) = match redeemed {
        Ok(confirmed) => confirmed,
        Err(why) => return dead_link_page(ctx, why, Purpose::Confirm),
    };
    match &ctx.user {
        Some(me) if me.id != user => {
            return Ok(redirect_with_flash(
                &req,
                "/",
                Flash::EmailConfirmedForSomeoneElse,
            ));
        }
        Some(_) => {}
        None => sessions::start(&state, &req, user, None).await?,
    }
    let next = if waiting { WAITING_PAGE } else { "/" };
    Ok(redirect_with_flash(&req, next, Flash::EmailConfirmed))
}

/// `POST /account/confirm`: mails a new link (the old one stops working).
pub async fn send_again(
    req: HttpRequest,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    if user.email_confirmed {
        return Ok(redirect_with_flash(&req, "/account", Flash::EmailConfirmed));
    }
    if let Err(wait) = state
        .limiter
        .member_take(user.id, CONFIRM_RESEND_PER_ACCOUNT)
        .await?
    {
        return Err(AppError::RateLimited(wait));
    }
    if let Err(wait) = links::may_mail_link(&state, &user.email).await? {
        return Err(AppError::RateLimited(wait));
    }
    let site = Site::of(&state);
    let token = links::new_token();
    let applying = user.standing.is_applicant();
    let mut letter = letters::confirm_link(&site, &user.email, &token, applying)?;
    letter.to_user = Some(user.id);
    let now = state.config.clock.now();
    let id = user.id;
    state
        .db
        .write(move |conn| {
            links::issue(conn, &token, id, Purpose::Confirm, "", now)?;
            crate::mail::queue(conn, &letter, now)
        })
        .await?;
    let back = if applying { "/waiting" } else { "/" };
    Ok(redirect_with_flash(&req, back, Flash::ConfirmationSent))
}

/// Once an applicant's address is confirmed (it was not before), their
/// application is in the review queue: every moderator and admin is told,
/// in the caller's transaction.
pub fn application_reached_queue(
    conn: &mut crate::db::DbConnection,
    user: crate::kernel::identity::UserId,
    was_confirmed: bool,
    now: crate::clock::Timestamp,
) -> diesel::QueryResult<()> {
    let (confirmed, waiting) = db::confirmed_and_waiting(conn, user)?;
    if confirmed && waiting && !was_confirmed {
        crate::notifications::tell_staff(
            conn,
            crate::notifications::Kind::NewApplication,
            Some(user),
            now,
        )?;
    }
    Ok(())
}

/// "Check your e-mail": where every accepted sign-up ends.
#[derive(Template)]
#[template(path = "accounts/check_email.html")]
pub struct CheckEmailPage {
    ctx: PageContext,
    applying: bool,
}

/// `GET /signup/check-email`.
pub async fn check_email(ctx: PageContext) -> Result<HttpResponse, AppError> {
    let applying = ctx.site.joining.mode == crate::site::RegistrationMode::Approval;
    render(StatusCode::OK, &CheckEmailPage { ctx, applying })
}
