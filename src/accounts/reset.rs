//! Forgotten passwords.
//!
//! `POST /password/forgot` answers the same page for an address with an
//! account and one without, after one write transaction either way, and
//! never sooner than [`super::signup::MIN_DURATION`] after the request
//! arrived: a known address commits a link and a letter that an unknown
//! one does not, and on a slow disk that commit alone would tell them
//! apart. So the form tells nobody who is a member. A known address gets a
//! link that works once, within an hour; only its hash is stored. Choosing
//! a new password through it ends every session and forgets every
//! remembered browser, logs this browser in, and tells the address.
//! Requests are limited per client address and per address asked about.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::letters::{Site, To};
use super::links::{self, Dead, Purpose};
use super::{db, forms, letters, password};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::secret::hash_token;
use crate::kernel::words::format_wait;
use crate::web::again::Again;
use crate::web::client::{address_key, client_addr};
use crate::web::context::{Flash, PageContext, redirect_with_flash};
use crate::web::extract::CsrfForm;
use crate::web::fields::FormErrors;
use crate::web::ratelimit::{RESET_PER_ACCOUNT, RESET_PER_ADDRESS};
use crate::web::{render, sessions};

/// What the request form sends.
#[derive(Debug, Default, Deserialize)]
pub struct ForgotInput {
    #[serde(default)]
    email: String,
}

/// "Forgot your password?"
#[derive(Template)]
#[template(path = "accounts/forgot.html")]
pub struct ForgotPage {
    ctx: PageContext,
    email: String,
    errors: FormErrors,
}

/// "Check your e-mail", whether or not the address has an account.
#[derive(Template)]
#[template(path = "accounts/forgot_sent.html")]
pub struct ForgotSentPage {
    ctx: PageContext,
    email: String,
}

fn forgot_page(
    ctx: PageContext,
    email: &str,
    errors: FormErrors,
    status: impl Into<StatusCode>,
) -> Result<HttpResponse, AppError> {
    let page = ForgotPage {
        ctx,
        email: email.to_owned(),
        errors,
    };
    render(status.into(), &page)
}

/// `GET /password/forgot`.
pub async fn show_forgot(ctx: PageContext) -> Result<HttpResponse, AppError> {
    forgot_page(ctx, "", FormErrors::default(), StatusCode::OK)
}

/// `POST /password/forgot`.
pub async fn submit_forgot(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    CsrfForm(input): CsrfForm<ForgotInput>,
) -> Result<HttpResponse, AppError> {
    let started = std::time::Instant::now();
    let email = match forms::Email::parse(&input.email) {
        Ok(email) => email,
        Err(why) => {
            let mut errors = FormErrors::default();
            errors.add("email", why);
            return forgot_page(ctx, &input.email, errors, Again::Invalid);
        }
    };
    let address = address_key(client_addr(&req, &state.config.trusted_proxies));
    for (key, quota) in [
        (format!("reset-addr:{address}"), RESET_PER_ADDRESS),
        (
            format!("reset-account:{}", hash_token(email.as_str())),
            RESET_PER_ACCOUNT,
        ),
    ] {
        if let Err(wait) = state.limiter.take(&key, quota).await? {
            let mut errors = FormErrors::default();
            errors.summary = Some(format!(
                "Too many requests to reset a password. Please wait {} and try again.",
                format_wait(wait)
            ));
            return forgot_page(ctx, &input.email, errors, Again::TooMany);
        }
    }
    let site = Site::of(&state);
    let now = state.config.clock.now();
    let asked = email.as_str().to_owned();
    let token = links::new_token();
    state
        .db
        .write_with(move |conn| -> Result<(), AppError> {
            let Some(user) = db::find_user_by_email(conn, &asked)? else {
                // The same transaction, without the link: old links go
                // either way.
                super::db::links::delete_expired(conn, now)?;
                return Ok(());
            };
            links::issue(conn, &token, user.user_id(), Purpose::Reset, "", now)?;
            let to = To {
                id: user.user_id(),
                name: &user.display_name,
                address: &user.email,
            };
            crate::mail::queue(conn, &letters::reset_link(&site, &to, &token)?, now)?;
            Ok(())
        })
        .await??;
    let floor = super::signup::MIN_DURATION;
    actix_web::rt::time::sleep(floor.saturating_sub(started.elapsed())).await;
    let page = ForgotSentPage {
        ctx,
        email: email.as_str().to_owned(),
    };
    render(StatusCode::OK, &page)
}

/// What the new-password form sends.
#[derive(Debug, Default, Deserialize)]
pub struct NewPasswordInput {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// "Choose a new password".
#[derive(Template)]
#[template(path = "accounts/reset.html")]
pub struct ResetPage {
    ctx: PageContext,
    token: String,
    errors: FormErrors,
}

/// A link that does not work, and what to do instead.
#[derive(Template)]
#[template(path = "accounts/dead_link.html")]
pub struct DeadLinkPage {
    ctx: PageContext,
    why: Dead,
    purpose: Purpose,
}

/// The page for a link that does not work: `404` for an unknown link,
/// `410` for a used or expired one.
pub fn dead_link_page(
    ctx: PageContext,
    why: Dead,
    purpose: Purpose,
) -> Result<HttpResponse, AppError> {
    let status = match why {
        Dead::Unknown => StatusCode::NOT_FOUND,
        Dead::Used | Dead::Expired => StatusCode::GONE,
    };
    render(status, &DeadLinkPage { ctx, why, purpose })
}

/// `GET /password/reset/{token}`.
pub async fn show_reset(
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    match links::check_now(&state, &token, Purpose::Reset).await? {
        Ok(_) => render(
            StatusCode::OK,
            &ResetPage {
                ctx,
                token,
                errors: FormErrors::default(),
            },
        ),
        Err(why) => dead_link_page(ctx, why, Purpose::Reset),
    }
}

/// `POST /password/reset/{token}`.
pub async fn submit_reset(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(input): CsrfForm<NewPasswordInput>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let now = state.config.clock.now();
    let user = {
        let token = token.clone();
        state
            .db
            .run(move |conn| {
                Ok(match links::check(conn, &token, Purpose::Reset, now)? {
                    Ok(link) => db::find_user(conn, link.user)?.ok_or(Dead::Unknown),
                    Err(why) => Err(why),
                })
            })
            .await?
    };
    let user = match user {
        Ok(user) => user,
        Err(why) => return dead_link_page(ctx, why, Purpose::Reset),
    };
    let mut errors = FormErrors::default();
    errors.check(
        "password",
        password::check_new_password(&input.password, &user.email, &user.display_name),
    );
    if errors.get("password").is_none() && input.password != input.password_confirm {
        errors.add("password_confirm", "The two passwords are not the same.");
    }
    if !errors.is_empty() {
        let page = ResetPage { ctx, token, errors };
        return render(Again::Invalid.into(), &page);
    }
    let hash = state.passwords.hash(input.password).await?;
    let site = Site::of(&state);
    let redeemed = state
        .db
        .write_with(move |conn| -> Result<Result<_, Dead>, AppError> {
            let link = match links::redeem(conn, &token, Purpose::Reset, now)? {
                Ok(link) => link,
                Err(why) => return Ok(Err(why)),
            };
            db::set_password_ending_sessions(conn, link.user, &hash)?;
            // A change of address asked for with the old password stops.
            links::cancel(conn, link.user, Purpose::NewEmail, now)?;
            let to = To {
                id: user.user_id(),
                name: &user.display_name,
                address: &user.email,
            };
            crate::mail::queue(conn, &letters::password_changed(&site, &to)?, now)?;
            Ok(Ok(link.user))
        })
        .await??;
    let user = match redeemed {
        Ok(user) => user,
        Err(why) => return dead_link_page(ctx, why, Purpose::Reset),
    };
    // Every session ended with the old password; this browser starts anew.
    sessions::start(&state, &req, user, None).await?;
    Ok(redirect_with_flash(&req, "/", Flash::PasswordReset))
}
